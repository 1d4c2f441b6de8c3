// One suite run against every StateStoreProvider (STYLE.md §7); add a provider to
// kProviders to cover it.

#include "sluice/state/state_store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <ostream>
#include <random>
#include <set>
#include <thread>

#include "sluice/state/memory_state_store.h"
#include "sluice/state/state_file_format.h"
#include "sluice/state/state_file_io.h"
#include "temp_dir.h"
#include "test_util.h"

namespace sluice::state {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;
using Contents = std::map<std::string, std::string>;

struct ProviderFactory {
  const char* name;
  std::function<std::unique_ptr<StateStoreProvider>(StateStoreOptions)> make;
};

void PrintTo(const ProviderFactory& factory, std::ostream* os) { *os << factory.name; }

const ProviderFactory kProviders[] = {
    {"memory", [](StateStoreOptions options) { return std::make_unique<MemoryStateStoreProvider>(options); }},
};

Contents Dump(const StateStore& store) {
  Contents out;
  store.ForEach([&](std::string_view key, std::string_view value) { out.emplace(key, value); });
  return out;
}

std::set<std::string> FileNames(const std::string& dir) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.insert(entry.path().filename().string());
  return names;
}

class StateStoreTest : public ::testing::TestWithParam<ProviderFactory> {
 protected:
  std::unique_ptr<StateStoreProvider> NewProvider(StateStoreOptions options = {}) { return GetParam().make(options); }

  // Commits `versions` versions to `dir`; version v puts "k<v>" -> "v<v>" and removes "k<v-2>".
  // Waits for background maintenance after each commit, so that every due snapshot
  // and cleanup happens and the files on disk are deterministic.
  void CommitVersions(StateStoreProvider* provider, const std::string& dir, int64_t from, int64_t versions) {
    ASSERT_OK_AND_ASSIGN(auto store, provider->Load(dir, from));
    for (int64_t i = 0; i < versions; ++i) {
      const int64_t v = store->version() + 1;
      store->Put("k" + std::to_string(v), "v" + std::to_string(v));
      store->Remove("k" + std::to_string(v - 2));
      ASSERT_OK(store->Commit());
      ASSERT_EQ(store->version(), v);
      provider->WaitForMaintenance();
    }
  }

  TempDir tmp_;
  std::string dir_ = tmp_.Sub("state/0/0");
};

TEST_P(StateStoreTest, VersionZeroIsEmptyAndNeedsNoFiles) {
  auto provider = NewProvider();
  ASSERT_OK_AND_ASSIGN(auto store, provider->Load(dir_, 0));
  EXPECT_EQ(store->version(), 0);
  EXPECT_EQ(store->NumKeys(), 0);
  EXPECT_FALSE(store->Get("a").has_value());
  EXPECT_EQ(store->dir(), dir_);
  EXPECT_FALSE(fs::exists(dir_));
  ASSERT_OK_AND_ASSIGN(int64_t latest, provider->LatestVersion(dir_));
  EXPECT_EQ(latest, 0);
  EXPECT_EQ(provider->Load(dir_, -1).status().code(), StatusCode::kInvalidArgument);
}

TEST_P(StateStoreTest, ReadsOwnWritesAndCommitsTheNextVersion) {
  auto provider = NewProvider();
  ASSERT_OK_AND_ASSIGN(auto store, provider->Load(dir_, 0));
  store->Put("a", "1");
  store->Put("b", "2");
  store->Put("a", "3");
  store->Remove("b");
  store->Remove("never-there");
  EXPECT_EQ(store->Get("a"), std::optional<std::string_view>("3"));
  EXPECT_FALSE(store->Get("b").has_value());
  EXPECT_EQ(store->NumKeys(), 1);
  EXPECT_EQ(store->version(), 0);
  ASSERT_OK(store->Commit());
  EXPECT_EQ(store->version(), 1);
  EXPECT_TRUE(fs::exists(dir_ + "/1.delta"));
  EXPECT_EQ(Dump(*store), (Contents{{"a", "3"}}));
  ASSERT_OK_AND_ASSIGN(int64_t latest, provider->LatestVersion(dir_));
  EXPECT_EQ(latest, 1);
}

TEST_P(StateStoreTest, BinaryKeysAndValuesAndEmptyCommits) {
  auto provider = NewProvider();
  const std::string key("\0k\xff", 3);
  const std::string value(1 << 20, '\0');
  {
    ASSERT_OK_AND_ASSIGN(auto store, provider->Load(dir_, 0));
    store->Put(key, value);
    store->Put("", "empty key");
    ASSERT_OK(store->Commit());
    ASSERT_OK(store->Commit());  // nothing changed: still a new version
    EXPECT_EQ(store->version(), 2);
  }
  auto fresh = NewProvider();
  ASSERT_OK_AND_ASSIGN(auto store, fresh->Load(dir_, 2));
  EXPECT_EQ(Dump(*store), (Contents{{key, value}, {"", "empty key"}}));
}

TEST_P(StateStoreTest, CommittedVersionsSurviveARestart) {
  {
    auto provider = NewProvider();
    CommitVersions(provider.get(), dir_, 0, 5);
  }
  auto provider = NewProvider();
  ASSERT_OK_AND_ASSIGN(auto store, provider->Load(dir_, 5));
  EXPECT_EQ(Dump(*store), (Contents{{"k4", "v4"}, {"k5", "v5"}}));
  ASSERT_OK_AND_ASSIGN(auto older, provider->Load(tmp_.Sub("state/0/0"), 2));
  EXPECT_EQ(older->version(), 2);
}

TEST_P(StateStoreTest, ManyVersionsWithSnapshotsMatchAReferenceModel) {
  StateStoreOptions options;
  options.min_deltas_for_snapshot = 3;
  options.min_versions_to_retain = 0;
  std::vector<Contents> expected(1);  // expected[v] = contents of version v
  std::mt19937 rng(42);
  {
    auto provider = NewProvider(options);
    Contents model;
    for (int64_t v = 1; v <= 40; ++v) {
      // Alternate between reusing one store and reloading (from the cache or files).
      ASSERT_OK_AND_ASSIGN(auto store, provider->Load(dir_, v - 1));
      ASSERT_EQ(Dump(*store), model) << "version " << v - 1;
      for (int op = 0; op < 30; ++op) {
        std::string key = "key" + std::to_string(rng() % 50);
        if (rng() % 3 == 0) {
          store->Remove(key);
          model.erase(key);
        } else {
          std::string value(rng() % 40, static_cast<char>('a' + rng() % 26));
          store->Put(key, value);
          model[key] = value;
        }
      }
      ASSERT_OK(store->Commit());
      provider->WaitForMaintenance();
      expected.push_back(model);
      if (v % 7 == 0) provider->Unload(dir_);
    }
  }
  std::set<std::string> names = FileNames(dir_);
  for (int64_t v = 1; v <= 40; ++v) EXPECT_TRUE(names.count(std::to_string(v) + ".delta")) << v;
  for (int64_t v : {3, 6, 9, 39}) EXPECT_TRUE(names.count(std::to_string(v) + ".snapshot")) << v;
  EXPECT_FALSE(names.count("4.snapshot"));

  auto provider = NewProvider(options);
  for (int64_t v = 0; v <= 40; ++v) {
    provider->Unload(dir_);
    ASSERT_OK_AND_ASSIGN(auto store, provider->Load(dir_, v));
    EXPECT_EQ(Dump(*store), expected[v]) << "version " << v;
    EXPECT_EQ(store->NumKeys(), static_cast<int64_t>(expected[v].size()));
  }
}

TEST_P(StateStoreTest, AbortAndDestroyDiscardUncommittedChanges) {
  auto provider = NewProvider();
  ASSERT_OK_AND_ASSIGN(auto store, provider->Load(dir_, 0));
  store->Put("keep", "1");
  store->Put("change", "old");
  store->Put("drop", "x");
  ASSERT_OK(store->Commit());
  const int64_t memory = store->MemoryBytes();

  store->Put("change", "new value that is longer");
  store->Remove("drop");
  store->Put("added", "y");
  store->Put("added2", "z");
  store->Remove("added2");
  EXPECT_EQ(Dump(*store), (Contents{{"keep", "1"}, {"change", "new value that is longer"}, {"added", "y"}}));
  store->Abort();
  EXPECT_EQ(Dump(*store), (Contents{{"keep", "1"}, {"change", "old"}, {"drop", "x"}}));
  EXPECT_EQ(store->MemoryBytes(), memory);
  EXPECT_EQ(store->NumUpdatedSinceCommit(), 0);
  EXPECT_EQ(store->version(), 1);

  // An abort does not end the store: it can still commit.
  store->Put("after-abort", "1");
  ASSERT_OK(store->Commit());
  store->Put("uncommitted", "1");
  store.reset();  // destroying discards "uncommitted"
  ASSERT_OK_AND_ASSIGN(store, provider->Load(dir_, 2));
  EXPECT_EQ(Dump(*store), (Contents{{"keep", "1"}, {"change", "old"}, {"drop", "x"}, {"after-abort", "1"}}));
  auto fresh = NewProvider();
  ASSERT_OK_AND_ASSIGN(auto from_files, fresh->Load(dir_, 2));
  EXPECT_EQ(Dump(*from_files), Dump(*store));
}

TEST_P(StateStoreTest, CountsUpdatesAndRemovalsSinceCommit) {
  auto provider = NewProvider();
  ASSERT_OK_AND_ASSIGN(auto store, provider->Load(dir_, 0));
  store->Put("a", "1");
  store->Put("a", "2");
  store->Put("b", "1");
  store->Remove("b");
  store->Remove("b");        // already gone
  store->Remove("missing");  // never there
  EXPECT_EQ(store->NumUpdatedSinceCommit(), 3);
  EXPECT_EQ(store->NumRemovedSinceCommit(), 1);
  ASSERT_OK(store->Commit());
  EXPECT_EQ(store->NumUpdatedSinceCommit(), 0);
  EXPECT_EQ(store->NumRemovedSinceCommit(), 0);
}

TEST_P(StateStoreTest, MemoryEstimateFollowsContents) {
  auto provider = NewProvider();
  ASSERT_OK_AND_ASSIGN(auto store, provider->Load(dir_, 0));
  const int64_t empty = store->MemoryBytes();
  store->Put("key", std::string(1000, 'v'));
  const int64_t one = store->MemoryBytes();
  EXPECT_GE(one - empty, 1003);
  store->Put("key", std::string(5000, 'v'));
  EXPECT_GE(store->MemoryBytes() - one, 4000);
  store->Remove("key");
  EXPECT_EQ(store->MemoryBytes(), empty);
}

// Batch N loads version N and commits N+1 before commits/N is written. A crash in
// between leaves N+1's delta on disk; the restart replays batch N from version N,
// must not see the crashed attempt's changes, and its commit replaces them.
TEST_P(StateStoreTest, ReplayAfterCrashIgnoresAndOverwritesTheNewerDelta) {
  {
    auto provider = NewProvider();
    CommitVersions(provider.get(), dir_, 0, 4);
    ASSERT_OK_AND_ASSIGN(auto store, provider->Load(dir_, 4));
    store->Put("crashed-attempt", "x");
    store->Remove("k4");
    ASSERT_OK(store->Commit());  // version 5 written, then the process "crashes"
  }
  auto provider = NewProvider();
  ASSERT_OK_AND_ASSIGN(auto store, provider->Load(dir_, 4));
  EXPECT_EQ(Dump(*store), (Contents{{"k3", "v3"}, {"k4", "v4"}}));
  store->Put("replayed", "y");
  ASSERT_OK(store->Commit());
  EXPECT_EQ(store->version(), 5);
  store.reset();

  auto restarted = NewProvider();
  ASSERT_OK_AND_ASSIGN(auto reloaded, restarted->Load(dir_, 5));
  EXPECT_EQ(Dump(*reloaded), (Contents{{"k3", "v3"}, {"k4", "v4"}, {"replayed", "y"}}));
}

// The same in one process: the provider's cached copy of the first attempt's
// version 5 must not be served after the replay rewrote version 5.
TEST_P(StateStoreTest, ReplayInTheSameProcessNeverServesStaleState) {
  auto provider = NewProvider();
  CommitVersions(provider.get(), dir_, 0, 5);
  {
    ASSERT_OK_AND_ASSIGN(auto replay, provider->Load(dir_, 4));
    EXPECT_FALSE(replay->Get("k5").has_value());
    replay->Put("k5", "replayed");
    ASSERT_OK(replay->Commit());
  }
  ASSERT_OK_AND_ASSIGN(auto store, provider->Load(dir_, 5));
  EXPECT_EQ(store->Get("k5"), std::optional<std::string_view>("replayed"));

  // A first attempt's store that is still alive when the replay rewrites the same
  // version does not put its outdated state back into the cache when it goes away.
  store.reset();
  ASSERT_OK_AND_ASSIGN(auto first_attempt, provider->Load(dir_, 5));
  first_attempt->Put("k6", "first attempt");
  ASSERT_OK(first_attempt->Commit());  // version 6, first attempt
  {
    ASSERT_OK_AND_ASSIGN(auto replay, provider->Load(dir_, 5));
    replay->Put("k6", "replay");
    ASSERT_OK(replay->Commit());  // version 6 again, replacing the files
  }
  first_attempt.reset();
  ASSERT_OK_AND_ASSIGN(auto six, provider->Load(dir_, 6));
  EXPECT_EQ(six->Get("k6"), std::optional<std::string_view>("replay"));
}

TEST_P(StateStoreTest, StaleSnapshotOfACrashedAttemptIsReplaced) {
  StateStoreOptions snapshot_every_2;
  snapshot_every_2.min_deltas_for_snapshot = 2;
  {
    auto provider = NewProvider(snapshot_every_2);
    CommitVersions(provider.get(), dir_, 0, 3);
    ASSERT_OK_AND_ASSIGN(auto store, provider->Load(dir_, 3));
    store->Put("crashed-attempt", "x");
    ASSERT_OK(store->Commit());  // writes 4.delta and, in the background, 4.snapshot
    provider->WaitForMaintenance();
  }
  ASSERT_TRUE(fs::exists(dir_ + "/4.snapshot"));
  // The restart runs with snapshots disabled, so version 4 gets only a delta.
  StateStoreOptions no_snapshots;
  no_snapshots.min_deltas_for_snapshot = 0;
  {
    auto provider = NewProvider(no_snapshots);
    ASSERT_OK_AND_ASSIGN(auto store, provider->Load(dir_, 3));
    store->Put("replayed", "y");
    ASSERT_OK(store->Commit());
  }
  EXPECT_FALSE(fs::exists(dir_ + "/4.snapshot"));
  auto provider = NewProvider();
  ASSERT_OK_AND_ASSIGN(auto store, provider->Load(dir_, 4));
  EXPECT_FALSE(store->Get("crashed-attempt").has_value());
  EXPECT_TRUE(store->Get("replayed").has_value());
}

TEST_P(StateStoreTest, LoadingAVersionThatDoesNotExistIsAClearError) {
  auto provider = NewProvider();
  Result<std::unique_ptr<StateStore>> r = provider->Load(dir_, 3);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
  EXPECT_EQ(r.status().message(), "cannot load state version 3 from '" + dir_ +
                                      "': the directory has no state files; the checkpoint's state files are "
                                      "missing or belong to a different query");
  CommitVersions(provider.get(), dir_, 0, 2);
  r = NewProvider()->Load(dir_, 7);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
  EXPECT_NE(r.status().message().find("cannot load state version 7 from '" + dir_ + "': the latest version there is 2"),
            std::string::npos)
      << r.status().message();
}

TEST_P(StateStoreTest, MissingOrCorruptFilesAreCorruptionNamingTheFile) {
  StateStoreOptions options;
  options.min_deltas_for_snapshot = 0;
  auto provider = NewProvider(options);
  CommitVersions(provider.get(), dir_, 0, 4);
  const std::string delta2 = dir_ + "/2.delta";
  ASSERT_OK_AND_ASSIGN(std::optional<std::string> original, ReadStateFile(delta2));

  auto load_status = [&](int64_t version) { return NewProvider(options)->Load(dir_, version).status(); };

  // Truncated.
  fs::resize_file(delta2, original->size() - 2);
  Status st = load_status(4);
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
  EXPECT_NE(st.message().find("state file " + delta2 + " is corrupt: truncated"), std::string::npos) << st.message();
  EXPECT_OK(load_status(1));  // versions before the damage still load

  // A flipped bit in the body.
  std::string flipped = *original;
  flipped[flipped.size() - 1] ^= 0x01;
  ASSERT_OK(WriteStateFileAtomic(delta2, flipped));
  st = load_status(3);
  EXPECT_NE(st.message().find("state file " + delta2 + " is corrupt: checksum mismatch"), std::string::npos)
      << st.message();

  // Not a state file at all.
  ASSERT_OK(WriteStateFileAtomic(delta2, "hello, I am a text file written by someone else"));
  st = load_status(2);
  EXPECT_NE(st.message().find("bad magic number"), std::string::npos) << st.message();

  // A file under the wrong name.
  ASSERT_OK(WriteStateFileAtomic(delta2, ReadStateFile(dir_ + "/3.delta")->value()));
  st = load_status(2);
  EXPECT_NE(st.message().find("it holds state version 3, but its name says 2"), std::string::npos) << st.message();

  // Missing in the middle.
  fs::remove(delta2);
  st = load_status(4);
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
  EXPECT_NE(st.message().find("file " + delta2 + " is missing (versions present: 1..4)"), std::string::npos)
      << st.message();
}

TEST_P(StateStoreTest, CleanupKeepsWhatLoadingTheMinimumVersionNeeds) {
  StateStoreOptions options;
  options.min_deltas_for_snapshot = 5;
  options.min_versions_to_retain = 0;  // no automatic cleanup
  auto provider = NewProvider(options);
  CommitVersions(provider.get(), dir_, 0, 20);
  ASSERT_OK(provider->Cleanup(dir_, 12));
  std::set<std::string> names = FileNames(dir_);
  for (int64_t v = 1; v < 10; ++v) EXPECT_FALSE(names.count(std::to_string(v) + ".delta")) << v;
  EXPECT_FALSE(names.count("5.snapshot"));
  for (int64_t v = 10; v <= 20; ++v) EXPECT_TRUE(names.count(std::to_string(v) + ".delta")) << v;
  for (const char* name : {"10.snapshot", "15.snapshot", "20.snapshot"}) EXPECT_TRUE(names.count(name)) << name;

  for (int64_t v = 10; v <= 20; ++v) {
    ASSERT_OK_AND_ASSIGN(auto store, NewProvider(options)->Load(dir_, v));
    EXPECT_EQ(store->Get("k" + std::to_string(v)), std::optional<std::string_view>("v" + std::to_string(v)));
  }
  Status st = NewProvider(options)->Load(dir_, 9).status();
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
  EXPECT_NE(st.message().find("cannot load state version 9 from '" + dir_ + "': the oldest version there is 10; "
                             "older versions were cleaned up"),
            std::string::npos)
      << st.message();

  // Without a snapshot at or below the minimum, nothing can go.
  TempDir other;
  CommitVersions(provider.get(), other.path(), 0, 4);
  ASSERT_OK_AND_ASSIGN(auto store, provider->Load(other.path(), 4));
  ASSERT_OK(store->Cleanup(3));
  EXPECT_EQ(FileNames(other.path()).size(), 4u);
}

TEST_P(StateStoreTest, CleansUpAutomaticallyAfterSnapshots) {
  StateStoreOptions options;
  options.min_deltas_for_snapshot = 2;
  options.min_versions_to_retain = 3;
  auto provider = NewProvider(options);
  CommitVersions(provider.get(), dir_, 0, 10);
  // At version 10 the cleanup kept everything needed to load version 7: snapshot 6 on.
  std::set<std::string> names = FileNames(dir_);
  EXPECT_EQ(names, (std::set<std::string>{"6.delta", "6.snapshot", "7.delta", "8.delta", "8.snapshot", "9.delta",
                                          "10.delta", "10.snapshot"}));
  for (int64_t v = 7; v <= 10; ++v) EXPECT_OK(NewProvider(options)->Load(dir_, v).status());
}

TEST_P(StateStoreTest, FailedCommitKeepsChangesPendingUntilRetriedOrAborted) {
  auto provider = NewProvider();
  ASSERT_OK_AND_ASSIGN(auto store, provider->Load(dir_, 0));
  store->Put("a", "1");
  ASSERT_OK(store->Commit());
  store->Put("b", "2");
  TEST_FailNthStateFileWrite(1);
  Status st = store->Commit();
  EXPECT_EQ(st.code(), StatusCode::kIOError) << st.ToString();
  EXPECT_EQ(store->version(), 1);
  EXPECT_EQ(store->Get("b"), std::optional<std::string_view>("2"));
  EXPECT_FALSE(fs::exists(dir_ + "/2.delta"));
  ASSERT_OK(store->Commit());  // retry
  EXPECT_EQ(store->version(), 2);

  store->Put("c", "3");
  TEST_FailNthStateFileWrite(1);
  EXPECT_FALSE(store->Commit().ok());
  store->Abort();
  EXPECT_EQ(Dump(*store), (Contents{{"a", "1"}, {"b", "2"}}));
  store.reset();

  // A stray temp file from the failed write does not disturb loading.
  ASSERT_OK_AND_ASSIGN(auto reloaded, NewProvider()->Load(dir_, 2));
  EXPECT_EQ(Dump(*reloaded), (Contents{{"a", "1"}, {"b", "2"}}));
}

// Snapshots and cleanup may run in the background; whenever they have run, every
// version the retention promises (the last min_versions_to_retain and the latest)
// loads from files, with the contents it had when committed. Also checked while
// maintenance may still be running: the latest version always loads.
TEST_P(StateStoreTest, CleanupNeverRemovesWhatRetainedVersionsNeed) {
  for (int64_t retain : {1, 2, 5}) {
    SCOPED_TRACE("min_versions_to_retain " + std::to_string(retain));
    TempDir tmp;
    const std::string dir = tmp.Sub("state/0/0");
    StateStoreOptions options;
    options.min_deltas_for_snapshot = 3;
    options.min_versions_to_retain = retain;
    auto provider = NewProvider(options);
    std::vector<Contents> expected(1);
    Contents model;
    std::mt19937 rng(7 + static_cast<unsigned>(retain));
    ASSERT_OK_AND_ASSIGN(auto store, provider->Load(dir, 0));
    for (int64_t v = 1; v <= 45; ++v) {
      for (int op = 0; op < 20; ++op) {
        std::string key = "key" + std::to_string(rng() % 40);
        if (rng() % 4 == 0) {
          store->Remove(key);
          model.erase(key);
        } else {
          std::string value = "v" + std::to_string(v) + "-" + std::to_string(op);
          store->Put(key, value);
          model[key] = value;
        }
      }
      ASSERT_OK(store->Commit());
      expected.push_back(model);
      {
        // Maintenance of this commit may be under way.
        ASSERT_OK_AND_ASSIGN(auto latest, NewProvider(options)->Load(dir, v));
        ASSERT_EQ(Dump(*latest), expected[v]) << "version " << v << " while maintenance may run";
      }
      provider->WaitForMaintenance();
      for (int64_t old = std::max<int64_t>(0, v - retain); old <= v; ++old) {
        ASSERT_OK_AND_ASSIGN(auto loaded, NewProvider(options)->Load(dir, old));
        ASSERT_EQ(Dump(*loaded), expected[old]) << "version " << old << " after committing " << v;
      }
    }
    // The cleanup did delete something: versions far behind are gone.
    EXPECT_FALSE(fs::exists(dir + "/1.delta"));
  }
}

TEST_P(StateStoreTest, StoresOfDifferentDirectoriesRunConcurrently) {
  StateStoreOptions options;
  options.min_deltas_for_snapshot = 4;
  options.min_versions_to_retain = 5;
  auto provider = NewProvider(options);
  constexpr int kThreads = 4;
  std::vector<std::thread> threads;
  std::vector<Status> results(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const std::string dir = tmp_.Sub("state/1/" + std::to_string(t));
      for (int64_t v = 0; v < 30; ++v) {
        auto store = provider->Load(dir, v);
        if (!store.ok()) {
          results[t] = store.status();
          return;
        }
        (*store)->Put("thread", std::to_string(t));
        (*store)->Put("v" + std::to_string(v), std::string(static_cast<size_t>(v), 'x'));
        Status st = (*store)->Commit();
        if (!st.ok()) {
          results[t] = st;
          return;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) {
    ASSERT_OK(results[t]);
    ASSERT_OK_AND_ASSIGN(auto store, NewProvider(options)->Load(tmp_.Sub("state/1/" + std::to_string(t)), 30));
    EXPECT_EQ(store->Get("thread"), std::optional<std::string_view>(std::to_string(t)));
    EXPECT_EQ(store->NumKeys(), 31);
  }
}

TEST_P(StateStoreTest, StoresMayOutliveTheirProvider) {
  auto provider = NewProvider();
  ASSERT_OK_AND_ASSIGN(auto store, provider->Load(dir_, 0));
  provider.reset();
  store->Put("a", "1");
  ASSERT_OK(store->Commit());
  store.reset();
  ASSERT_OK_AND_ASSIGN(auto reloaded, NewProvider()->Load(dir_, 1));
  EXPECT_EQ(reloaded->Get("a"), std::optional<std::string_view>("1"));
}

INSTANTIATE_TEST_SUITE_P(AllProviders, StateStoreTest, ::testing::ValuesIn(kProviders),
                         [](const ::testing::TestParamInfo<ProviderFactory>& info) { return info.param.name; });

}  // namespace
}  // namespace sluice::state
