// Behaviour specific to the in-memory provider; the shared contract is in
// state_store_test.cc.

#include "sluice/state/memory_state_store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "sluice/state/state_file_format.h"
#include "sluice/state/state_file_io.h"
#include "temp_dir.h"
#include "test_util.h"

namespace sluice::state {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

TEST(MemoryStateStoreTest, MemoryBytesIsDataPlusPerEntryOverhead) {
  TempDir tmp;
  MemoryStateStoreProvider provider;
  ASSERT_OK_AND_ASSIGN(auto store, provider.Load(tmp.path(), 0));
  EXPECT_EQ(store->MemoryBytes(), 0);
  store->Put("key1", "value");
  EXPECT_EQ(store->MemoryBytes(), 9 + kMemoryStateEntryOverheadBytes);
  store->Put("k2", std::string(100, 'x'));
  EXPECT_EQ(store->MemoryBytes(), 9 + 102 + 2 * kMemoryStateEntryOverheadBytes);
  store->Put("key1", "v");
  EXPECT_EQ(store->MemoryBytes(), 5 + 102 + 2 * kMemoryStateEntryOverheadBytes);
  ASSERT_OK(store->Commit());
  store->Remove("k2");
  EXPECT_EQ(store->MemoryBytes(), 5 + kMemoryStateEntryOverheadBytes);
  store->Abort();
  EXPECT_EQ(store->MemoryBytes(), 5 + 102 + 2 * kMemoryStateEntryOverheadBytes);
  store.reset();
  // Loading from files computes the same estimate.
  MemoryStateStoreProvider fresh;
  ASSERT_OK_AND_ASSIGN(auto reloaded, fresh.Load(tmp.path(), 1));
  EXPECT_EQ(reloaded->MemoryBytes(), 5 + 102 + 2 * kMemoryStateEntryOverheadBytes);
}

// A key removed and put again in one version has two undo records; the delta must
// still hold its net change once, also when a failed commit is retried, and an abort
// must restore the version's starting values.
TEST(MemoryStateStoreTest, RemovedAndPutAgainInOneVersion) {
  TempDir tmp;
  MemoryStateStoreProvider provider;
  ASSERT_OK_AND_ASSIGN(auto store, provider.Load(tmp.path(), 0));
  store->Put("a", "1");
  store->Put("b", "2");
  store->Put("gone", "x");
  ASSERT_OK(store->Commit());
  auto change = [&] {
    store->Remove("a");
    store->Put("a", "3");
    store->Remove("b");
    store->Put("b", "4");
    store->Remove("b");
    store->Put("c", "5");
    store->Remove("c");
    store->Put("c", "6");
    store->Put("gone", "y");
    store->Remove("gone");
  };
  change();
  store->Abort();
  std::map<std::string, std::string> contents;
  store->ForEach([&](std::string_view k, std::string_view v) { contents[std::string(k)] = std::string(v); });
  EXPECT_EQ(contents, (std::map<std::string, std::string>{{"a", "1"}, {"b", "2"}, {"gone", "x"}}));

  change();
  TEST_FailNthStateFileWrite(1);
  EXPECT_FALSE(store->Commit().ok());
  ASSERT_OK(store->Commit());
  store.reset();
  // One record per key: puts of a and c, removes of b and gone.
  const std::string delta_path = StateFilePath(tmp.path(), 2, StateFileKind::kDelta);
  ASSERT_OK_AND_ASSIGN(std::optional<std::string> delta, ReadStateFile(delta_path));
  ASSERT_TRUE(delta.has_value());
  ASSERT_OK_AND_ASSIGN(StateFileReader reader, StateFileReader::Open(*delta, delta_path, StateFileKind::kDelta, 2));
  EXPECT_EQ(reader.num_records(), 4);
  MemoryStateStoreProvider fresh;
  ASSERT_OK_AND_ASSIGN(auto reloaded, fresh.Load(tmp.path(), 2));
  contents.clear();
  reloaded->ForEach([&](std::string_view k, std::string_view v) { contents[std::string(k)] = std::string(v); });
  EXPECT_EQ(contents, (std::map<std::string, std::string>{{"a", "3"}, {"c", "6"}}));
}

TEST(MemoryStateStoreTest, ReusesTheCachedMapForTheVersionJustCommitted) {
  TempDir tmp;
  MemoryStateStoreProvider provider;
  for (int64_t v = 0; v < 5; ++v) {
    ASSERT_OK_AND_ASSIGN(auto store, provider.Load(tmp.path(), v));
    store->Put("k", std::to_string(v));
    ASSERT_OK(store->Commit());
  }
  EXPECT_EQ(provider.TEST_NumLoadsFromFiles(), 1);  // only the first load
  {
    ASSERT_OK_AND_ASSIGN(auto older, provider.Load(tmp.path(), 3));  // not cached: files
    EXPECT_EQ(older->Get("k"), std::optional<std::string_view>("2"));
  }
  EXPECT_EQ(provider.TEST_NumLoadsFromFiles(), 2);
  provider.Unload(tmp.path());
  ASSERT_OK_AND_ASSIGN(auto store, provider.Load(tmp.path(), 3));
  EXPECT_EQ(provider.TEST_NumLoadsFromFiles(), 3);
}

TEST(MemoryStateStoreTest, LoadingFromFilesRemovesStrayTempFiles) {
  TempDir tmp;
  MemoryStateStoreProvider provider;
  ASSERT_OK_AND_ASSIGN(auto store, provider.Load(tmp.path(), 0));
  store->Put("a", "1");
  ASSERT_OK(store->Commit());
  store->Put("b", "2");
  TEST_FailNthStateFileWrite(1);
  EXPECT_FALSE(store->Commit().ok());
  store.reset();
  int temp_files = 0;
  for (const auto& entry : fs::directory_iterator(tmp.path())) temp_files += IsStateTempFileName(entry.path().filename().string());
  EXPECT_EQ(temp_files, 1);

  MemoryStateStoreProvider fresh;
  ASSERT_OK_AND_ASSIGN(auto reloaded, fresh.Load(tmp.path(), 1));
  temp_files = 0;
  for (const auto& entry : fs::directory_iterator(tmp.path())) temp_files += IsStateTempFileName(entry.path().filename().string());
  EXPECT_EQ(temp_files, 0);
}

// Background maintenance (snapshots, cleanup) runs off the commit. Version v puts
// "k<v>" and removes "k<v-3>"; Expected(v) is what loading v must give.
std::map<std::string, std::string> Expected(int64_t v) {
  std::map<std::string, std::string> out;
  for (int64_t k = std::max<int64_t>(1, v - 2); k <= v; ++k) out["k" + std::to_string(k)] = "v" + std::to_string(k);
  return out;
}

void CommitUpTo(StateStore* store, int64_t version) {
  while (store->version() < version) {
    const int64_t v = store->version() + 1;
    store->Put("k" + std::to_string(v), "v" + std::to_string(v));
    store->Remove("k" + std::to_string(v - 3));
    ASSERT_OK(store->Commit());
  }
}

std::map<std::string, std::string> Contents(const StateStore& store) {
  std::map<std::string, std::string> out;
  store.ForEach([&](std::string_view k, std::string_view v) { out[std::string(k)] = std::string(v); });
  return out;
}

std::set<std::string> Snapshots(const std::string& dir) {
  std::set<std::string> out;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.ends_with(".snapshot")) out.insert(name);
  }
  return out;
}

StateStoreOptions SnapshotEvery(int64_t deltas, int64_t retain = 0) {
  StateStoreOptions options;
  options.min_deltas_for_snapshot = deltas;
  options.min_versions_to_retain = retain;
  return options;
}

TEST(MemoryStateStoreTest, CommitDoesNotWaitForTheSnapshot) {
  TempDir tmp;
  MemoryStateStoreProvider provider(SnapshotEvery(5));
  provider.TEST_PauseMaintenance(true);
  ASSERT_OK_AND_ASSIGN(auto store, provider.Load(tmp.path(), 0));
  CommitUpTo(store.get(), 12);  // snapshots of 5 and 10 are due, the second replaces the first
  EXPECT_TRUE(Snapshots(tmp.path()).empty());
  EXPECT_EQ(provider.TEST_NumMaintenanceTasksRun(), 0);
  provider.TEST_PauseMaintenance(false);
  provider.WaitForMaintenance();
  EXPECT_EQ(Snapshots(tmp.path()), (std::set<std::string>{"10.snapshot"}));
  EXPECT_EQ(provider.TEST_NumMaintenanceTasksRun(), 1);
  EXPECT_OK(provider.TEST_LastMaintenanceError());
}

// A large state with small changes is not rewritten every min_deltas_for_snapshot
// versions: the snapshot waits until the deltas since the last one are as large as
// the state, and loading still returns every version.
TEST(MemoryStateStoreTest, SnapshotWaitsUntilTheDeltasAreAsLargeAsTheState) {
  TempDir tmp;
  MemoryStateStoreProvider provider(SnapshotEvery(2));
  ASSERT_OK_AND_ASSIGN(auto store, provider.Load(tmp.path(), 0));
  const std::string value(100, 'v');
  for (int k = 0; k < 50; ++k) store->Put("key" + std::to_string(k), value);  // ~5 KB of state
  ASSERT_OK(store->Commit());                                                  // version 1
  // Commits one-key changes from version `v` on until `n` snapshots exist; returns
  // the version that made the n-th one (0 if none by version 80).
  int64_t v = 2;
  auto commit_until_snapshots = [&](size_t n) -> int64_t {
    for (; v <= 80; ++v) {
      store->Put("key0", value + std::to_string(v));  // ~110 bytes of delta per version
      EXPECT_OK(store->Commit());
      provider.WaitForMaintenance();
      if (Snapshots(tmp.path()).size() >= n) return v++;
    }
    return 0;
  };
  // Version 1's delta alone is the whole state: due at version 2 (min 2 deltas).
  EXPECT_EQ(commit_until_snapshots(1), 2);
  // From there, ~5 KB of state needs dozens more one-key deltas, not 2.
  const int64_t second_snapshot = commit_until_snapshots(2);
  EXPECT_GT(second_snapshot, 20);
  EXPECT_LT(second_snapshot, 60);
  for (int64_t version : {second_snapshot, second_snapshot - 1, int64_t{2}}) {
    MemoryStateStoreProvider fresh(SnapshotEvery(2));
    ASSERT_OK_AND_ASSIGN(auto loaded, fresh.Load(tmp.path(), version));
    auto contents = Contents(*loaded);
    EXPECT_EQ(contents.size(), 50u) << "version " << version;
    EXPECT_EQ(contents["key0"], value + std::to_string(version)) << "version " << version;
  }
}

// Stopping (Close, or destroying the provider) drops snapshots not yet written; as
// after a crash before the background task ran, the deltas alone load every version.
TEST(MemoryStateStoreTest, RecoversFromDeltasWhenTheBackgroundSnapshotDidNotHappen) {
  TempDir tmp;
  {
    MemoryStateStoreProvider provider(SnapshotEvery(4, 2));
    provider.TEST_PauseMaintenance(true);
    ASSERT_OK_AND_ASSIGN(auto store, provider.Load(tmp.path(), 0));
    CommitUpTo(store.get(), 14);
    provider.Close();
    EXPECT_EQ(provider.TEST_NumMaintenanceTasksRun(), 0);
  }
  EXPECT_TRUE(Snapshots(tmp.path()).empty());
  for (int64_t v : {14, 13, 1}) {
    MemoryStateStoreProvider fresh(SnapshotEvery(4, 2));
    ASSERT_OK_AND_ASSIGN(auto store, fresh.Load(tmp.path(), v));
    EXPECT_EQ(Contents(*store), Expected(v)) << "version " << v;
  }
  // Loaded from deltas only, the store schedules a snapshot at its next commit, and
  // the cleanup after the next one relies on it.
  MemoryStateStoreProvider provider(SnapshotEvery(4, 2));
  ASSERT_OK_AND_ASSIGN(auto store, provider.Load(tmp.path(), 14));
  for (int64_t v = 15; v <= 19; ++v) {
    CommitUpTo(store.get(), v);
    provider.WaitForMaintenance();
  }
  EXPECT_EQ(Snapshots(tmp.path()), (std::set<std::string>{"15.snapshot", "19.snapshot"}));
  EXPECT_FALSE(fs::exists(StateFilePath(tmp.path(), 14, StateFileKind::kDelta)));
  EXPECT_TRUE(fs::exists(StateFilePath(tmp.path(), 15, StateFileKind::kDelta)));
  for (int64_t v : {19, 17}) {
    MemoryStateStoreProvider fresh(SnapshotEvery(4, 2));
    ASSERT_OK_AND_ASSIGN(auto reloaded, fresh.Load(tmp.path(), v));
    EXPECT_EQ(Contents(*reloaded), Expected(v)) << "version " << v;
  }
}

// A crash while the background task writes the snapshot leaves its temp file (the
// injected fault stops right before the rename); loading ignores and deletes it.
TEST(MemoryStateStoreTest, RecoversFromDeltasWhenTheSnapshotWriteCrashed) {
  TempDir tmp;
  {
    MemoryStateStoreProvider provider(SnapshotEvery(3));
    ASSERT_OK_AND_ASSIGN(auto store, provider.Load(tmp.path(), 0));
    CommitUpTo(store.get(), 2);
    provider.WaitForMaintenance();
    TEST_FailNthStateFileWrite(2);  // 3.delta succeeds, then the snapshot fails
    CommitUpTo(store.get(), 3);
    provider.WaitForMaintenance();
    EXPECT_EQ(provider.TEST_LastMaintenanceError().code(), StatusCode::kIOError);
  }
  EXPECT_TRUE(Snapshots(tmp.path()).empty());
  MemoryStateStoreProvider fresh(SnapshotEvery(3));
  ASSERT_OK_AND_ASSIGN(auto store, fresh.Load(tmp.path(), 3));
  EXPECT_EQ(Contents(*store), Expected(3));
  for (const auto& entry : fs::directory_iterator(tmp.path())) {
    EXPECT_FALSE(IsStateTempFileName(entry.path().filename().string())) << entry.path();
  }
}

TEST(MemoryStateStoreTest, LoadsFromASnapshotWrittenInTheBackground) {
  TempDir tmp;
  {
    MemoryStateStoreProvider provider(SnapshotEvery(10));
    ASSERT_OK_AND_ASSIGN(auto store, provider.Load(tmp.path(), 0));
    CommitUpTo(store.get(), 13);
    provider.WaitForMaintenance();
    EXPECT_OK(provider.TEST_LastMaintenanceError());
  }
  ASSERT_EQ(Snapshots(tmp.path()), (std::set<std::string>{"10.snapshot"}));
  // Without the deltas up to 10, loading 10..13 can only work from the snapshot.
  for (int64_t v = 1; v <= 10; ++v) fs::remove(StateFilePath(tmp.path(), v, StateFileKind::kDelta));
  for (int64_t v = 10; v <= 13; ++v) {
    MemoryStateStoreProvider fresh(SnapshotEvery(10));
    ASSERT_OK_AND_ASSIGN(auto store, fresh.Load(tmp.path(), v));
    EXPECT_EQ(Contents(*store), Expected(v)) << "version " << v;
  }
}

// A snapshot only shortens loading: one that cannot be read is skipped for an older
// base when the deltas reach back to it, and is the error otherwise.
TEST(MemoryStateStoreTest, UnreadableSnapshotFallsBackToOlderFiles) {
  TempDir tmp;
  {
    MemoryStateStoreProvider provider(SnapshotEvery(4));
    ASSERT_OK_AND_ASSIGN(auto store, provider.Load(tmp.path(), 0));
    for (int64_t v = 1; v <= 9; ++v) {
      CommitUpTo(store.get(), v);
      provider.WaitForMaintenance();
    }
  }
  ASSERT_EQ(Snapshots(tmp.path()), (std::set<std::string>{"4.snapshot", "8.snapshot"}));
  const std::string snapshot8 = StateFilePath(tmp.path(), 8, StateFileKind::kSnapshot);
  fs::resize_file(snapshot8, fs::file_size(snapshot8) - 1);
  {
    MemoryStateStoreProvider fresh;
    ASSERT_OK_AND_ASSIGN(auto store, fresh.Load(tmp.path(), 9));  // 4.snapshot + deltas 5..9
    EXPECT_EQ(Contents(*store), Expected(9));
  }
  fs::remove(StateFilePath(tmp.path(), 4, StateFileKind::kSnapshot));
  {
    MemoryStateStoreProvider fresh;
    ASSERT_OK_AND_ASSIGN(auto store, fresh.Load(tmp.path(), 9));  // deltas 1..9
    EXPECT_EQ(Contents(*store), Expected(9));
  }
  fs::remove(StateFilePath(tmp.path(), 2, StateFileKind::kDelta));
  MemoryStateStoreProvider fresh;
  Status st = fresh.Load(tmp.path(), 9).status();
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
  EXPECT_NE(st.message().find("state file " + snapshot8 + " is corrupt"), std::string::npos) << st.message();
}

// The background snapshot starts from the previous one; when that cannot be read it
// is built from older files instead, and is still right.
TEST(MemoryStateStoreTest, BackgroundSnapshotOverAnUnreadableOneUsesOlderFiles) {
  TempDir tmp;
  MemoryStateStoreProvider provider(SnapshotEvery(3));
  ASSERT_OK_AND_ASSIGN(auto store, provider.Load(tmp.path(), 0));
  CommitUpTo(store.get(), 3);
  provider.WaitForMaintenance();
  const std::string snapshot3 = StateFilePath(tmp.path(), 3, StateFileKind::kSnapshot);
  ASSERT_TRUE(fs::exists(snapshot3));
  fs::resize_file(snapshot3, fs::file_size(snapshot3) - 1);
  CommitUpTo(store.get(), 6);
  provider.WaitForMaintenance();
  EXPECT_OK(provider.TEST_LastMaintenanceError());
  // Only 6.snapshot can serve version 6 without the deltas.
  for (int64_t v = 1; v <= 6; ++v) fs::remove(StateFilePath(tmp.path(), v, StateFileKind::kDelta));
  MemoryStateStoreProvider fresh;
  ASSERT_OK_AND_ASSIGN(auto reloaded, fresh.Load(tmp.path(), 6));
  EXPECT_EQ(Contents(*reloaded), Expected(6));
}

// Cleanup deletes the files before a snapshot only when that snapshot is whole: they
// are what loading falls back to otherwise.
TEST(MemoryStateStoreTest, CleanupKeepsOlderFilesWhenTheSnapshotIsDamaged) {
  TempDir tmp;
  MemoryStateStoreProvider provider(SnapshotEvery(3));
  ASSERT_OK_AND_ASSIGN(auto store, provider.Load(tmp.path(), 0));
  for (int64_t v = 1; v <= 7; ++v) {
    CommitUpTo(store.get(), v);
    provider.WaitForMaintenance();
  }
  const std::string snapshot6 = StateFilePath(tmp.path(), 6, StateFileKind::kSnapshot);
  ASSERT_TRUE(fs::exists(snapshot6));
  fs::resize_file(snapshot6, fs::file_size(snapshot6) - 1);
  Status st = provider.Cleanup(tmp.path(), 7);
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
  EXPECT_NE(st.message().find(snapshot6), std::string::npos) << st.message();
  EXPECT_TRUE(fs::exists(StateFilePath(tmp.path(), 1, StateFileKind::kDelta)));
  MemoryStateStoreProvider fresh;
  ASSERT_OK_AND_ASSIGN(auto reloaded, fresh.Load(tmp.path(), 7));  // 3.snapshot + deltas 4..7
  EXPECT_EQ(Contents(*reloaded), Expected(7));
  // With the snapshot whole again the cleanup proceeds.
  fs::remove(snapshot6);
  ASSERT_OK(provider.Cleanup(tmp.path(), 7));
  EXPECT_FALSE(fs::exists(StateFilePath(tmp.path(), 2, StateFileKind::kDelta)));
  EXPECT_TRUE(fs::exists(StateFilePath(tmp.path(), 3, StateFileKind::kSnapshot)));
}

// A replayed batch rewrites a version whose snapshot task of the first attempt is
// still queued: the task is dropped, and loading gives the replay's contents.
TEST(MemoryStateStoreTest, ReplayedVersionDropsTheFirstAttemptsSnapshotTask) {
  TempDir tmp;
  MemoryStateStoreProvider provider(SnapshotEvery(3));
  ASSERT_OK_AND_ASSIGN(auto first, provider.Load(tmp.path(), 0));
  CommitUpTo(first.get(), 2);
  provider.WaitForMaintenance();
  provider.TEST_PauseMaintenance(true);
  ASSERT_OK_AND_ASSIGN(auto replay, provider.Load(tmp.path(), 2));  // the first attempt still holds its map
  first->Put("first-attempt", "x");
  ASSERT_OK(first->Commit());  // version 3, snapshot queued
  replay->Put("replay", "y");
  ASSERT_OK(replay->Commit());  // version 3 again
  provider.TEST_PauseMaintenance(false);
  provider.WaitForMaintenance();
  first.reset();
  replay.reset();
  MemoryStateStoreProvider fresh;
  ASSERT_OK_AND_ASSIGN(auto store, fresh.Load(tmp.path(), 3));
  EXPECT_FALSE(store->Get("first-attempt").has_value());
  EXPECT_EQ(store->Get("replay"), std::optional<std::string_view>("y"));
}

TEST(MemoryStateStoreTest, OptionsComeFromSparkOrSluiceConfigKeys) {
  Config conf;
  ASSERT_OK_AND_ASSIGN(StateStoreOptions defaults, StateStoreOptions::FromConfig(conf));
  EXPECT_EQ(defaults.min_deltas_for_snapshot, 10);
  EXPECT_EQ(defaults.min_versions_to_retain, 100);
  conf.Set("spark.sql.streaming.stateStore.minDeltasForSnapshot", "4");
  conf.Set("sluice.sql.streaming.minBatchesToRetain", "7");
  ASSERT_OK_AND_ASSIGN(StateStoreOptions options, StateStoreOptions::FromConfig(conf));
  EXPECT_EQ(options.min_deltas_for_snapshot, 4);
  EXPECT_EQ(options.min_versions_to_retain, 7);
  conf.Set("spark.sql.streaming.minBatchesToRetain", "many");
  Result<StateStoreOptions> bad = StateStoreOptions::FromConfig(conf);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("minBatchesToRetain"), std::string::npos) << bad.status().message();
}

}  // namespace
}  // namespace sluice::state
