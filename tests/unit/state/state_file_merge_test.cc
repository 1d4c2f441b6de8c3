#include "sluice/state/state_file_merge.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>

#include "sluice/state/state_file_format.h"
#include "test_util.h"

namespace sluice::state {
namespace {

using Contents = std::map<std::string, std::string>;

// What loading a snapshot file gives.
Contents Read(const std::string& bytes, int64_t version) {
  Contents out;
  auto reader = StateFileReader::Open(bytes, "merged", StateFileKind::kSnapshot, version);
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  if (!reader.ok()) return out;
  StateRecord record;
  while (true) {
    auto has = reader->Next(&record);
    EXPECT_TRUE(has.ok()) << has.status().ToString();
    if (!has.ok() || !*has) break;
    EXPECT_EQ(record.type, StateRecordType::kPut);
    EXPECT_TRUE(out.emplace(record.key, record.value).second) << "duplicate key " << record.key;
  }
  return out;
}

StateFileBytes SnapshotOf(const Contents& contents, int64_t version) {
  StateFileWriter writer(StateFileKind::kSnapshot, version);
  for (const auto& [k, v] : contents) writer.AddPut(k, v);
  return {"snapshot-" + std::to_string(version), writer.Finish(), version};
}

// Random versions of puts and removes (keys added and removed in one version leave
// no record, as in a real delta); the merge must equal the model at every version,
// from the empty state and from a snapshot in the middle.
TEST(StateFileMergeTest, EqualsReplayingTheDeltas) {
  std::mt19937 rng(3);
  Contents model;
  std::vector<Contents> expected(1);
  std::vector<StateFileBytes> deltas;
  for (int64_t v = 1; v <= 30; ++v) {
    Contents before = model;
    std::map<std::string, bool> touched;
    for (int op = 0; op < 25; ++op) {
      std::string key = "key" + std::to_string(rng() % 60);
      if (rng() % 3 == 0) {
        model.erase(key);
      } else {
        model[key] = std::string(rng() % 12, static_cast<char>('a' + rng() % 26));
      }
      touched[key] = true;
    }
    StateFileWriter writer(StateFileKind::kDelta, v);
    for (const auto& [key, unused] : touched) {
      if (model.count(key)) {
        writer.AddPut(key, model[key]);
      } else if (before.count(key)) {
        writer.AddRemove(key);
      }
    }
    deltas.push_back({"delta-" + std::to_string(v), writer.Finish(), v});
    expected.push_back(model);
  }
  for (int64_t v = 1; v <= 30; ++v) {
    std::vector<StateFileBytes> from_zero(deltas.begin(), deltas.begin() + v);
    ASSERT_OK_AND_ASSIGN(std::string merged, MergeIntoSnapshot(nullptr, from_zero, v));
    EXPECT_EQ(Read(merged, v), expected[v]) << "version " << v << " from version 0";
    if (v > 10) {
      StateFileBytes base = SnapshotOf(expected[10], 10);
      std::vector<StateFileBytes> after(deltas.begin() + 10, deltas.begin() + v);
      ASSERT_OK_AND_ASSIGN(std::string from_snapshot, MergeIntoSnapshot(&base, after, v));
      EXPECT_EQ(Read(from_snapshot, v), expected[v]) << "version " << v << " from snapshot 10";
    }
  }
  StateFileBytes base = SnapshotOf(expected[30], 30);
  ASSERT_OK_AND_ASSIGN(std::string unchanged, MergeIntoSnapshot(&base, {}, 30));
  EXPECT_EQ(Read(unchanged, 30), expected[30]);
}

TEST(StateFileMergeTest, DamagedInputIsCorruptionNamingTheFile) {
  StateFileBytes base = SnapshotOf({{"a", "1"}}, 4);
  base.bytes.back() ^= 0x01;
  Status st = MergeIntoSnapshot(&base, {}, 4).status();
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
  EXPECT_NE(st.message().find("snapshot-4"), std::string::npos) << st.message();
  StateFileWriter writer(StateFileKind::kDelta, 6);  // named 5: wrong version
  writer.AddPut("a", "2");
  st = MergeIntoSnapshot(nullptr, {{"delta-5", writer.Finish(), 5}}, 5).status();
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
  EXPECT_NE(st.message().find("delta-5"), std::string::npos) << st.message();
}

}  // namespace
}  // namespace sluice::state
