// Behaviour specific to the in-memory provider; the shared contract is in
// state_store_test.cc.

#include "sluice/state/memory_state_store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
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
