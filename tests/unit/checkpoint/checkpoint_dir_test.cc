#include "sluice/checkpoint/checkpoint_dir.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "sluice/checkpoint/atomic_file.h"
#include "temp_dir.h"
#include "test_util.h"

namespace sluice::checkpoint {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

TEST(CheckpointDirTest, OpenCreatesSparksLayoutAndKeepsTheQueryId) {
  TempDir tmp;
  const std::string path = tmp.Sub("ckpt/nested");
  ASSERT_OK_AND_ASSIGN(CheckpointDir dir, CheckpointDir::Open(path, "q1"));
  EXPECT_TRUE(fs::is_directory(path + "/offsets"));
  EXPECT_TRUE(fs::is_directory(path + "/commits"));
  ASSERT_OK_AND_ASSIGN(std::string metadata, ReadFile(path + "/metadata"));
  EXPECT_EQ(metadata, "{\"id\":\"" + dir.metadata().id() + "\"}");
  EXPECT_EQ(dir.metadata().id().size(), 36u);
  EXPECT_EQ(dir.offsets().dir(), path + "/offsets");
  EXPECT_EQ(dir.commits().dir(), path + "/commits");
  EXPECT_FALSE(dir.query_info().has_value());

  ASSERT_OK_AND_ASSIGN(CheckpointDir reopened, CheckpointDir::Open(path, ""));
  EXPECT_EQ(reopened.metadata().id(), dir.metadata().id());
}

TEST(CheckpointDirTest, ReadsSparksMetadataFile) {
  TempDir tmp;
  ASSERT_OK(WriteFileAtomic(tmp.Sub("metadata"), "{\"id\":\"8c5b1f7e-0c5a-4d7b-9a53-4f0d1d2b6e11\"}\n"));
  ASSERT_OK_AND_ASSIGN(CheckpointDir dir, CheckpointDir::Open(tmp.path(), ""));
  EXPECT_EQ(dir.metadata().id(), "8c5b1f7e-0c5a-4d7b-9a53-4f0d1d2b6e11");
}

TEST(CheckpointDirTest, CorruptMetadataIsNamed) {
  TempDir tmp;
  ASSERT_OK(WriteFileAtomic(tmp.Sub("metadata"), "{\"id\":12}"));
  Result<CheckpointDir> r = CheckpointDir::Open(tmp.path(), "");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
  EXPECT_NE(r.status().message().find("checkpoint file " + tmp.Sub("metadata") + " is corrupt"), std::string::npos)
      << r.status().message();
  ASSERT_OK(WriteFileAtomic(tmp.Sub("metadata"), "not json"));
  r = CheckpointDir::Open(tmp.path(), "");
  EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
}

TEST(CheckpointDirTest, RejectsEmptyPathAndFiles) {
  Result<CheckpointDir> r = CheckpointDir::Open("", "");
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("checkpointLocation"), std::string::npos);
  TempDir tmp;
  ASSERT_OK(WriteFileAtomic(tmp.Sub("file"), "x"));
  r = CheckpointDir::Open(tmp.Sub("file"), "");
  EXPECT_EQ(r.status().code(), StatusCode::kIOError);
  EXPECT_NE(r.status().message().find("is not a directory"), std::string::npos) << r.status().message();
}

TEST(CheckpointDirTest, StateAndSourceDirectories) {
  TempDir tmp;
  ASSERT_OK_AND_ASSIGN(CheckpointDir dir, CheckpointDir::Open(tmp.path(), ""));
  EXPECT_EQ(dir.StateDir(2, 7), tmp.path() + "/state/2/7");
  EXPECT_EQ(dir.SourceDir(0), tmp.path() + "/sources/0");
  EXPECT_FALSE(fs::exists(dir.SourceDir(1)));
  ASSERT_OK_AND_ASSIGN(std::string source_dir, dir.CreateSourceDir(1));
  EXPECT_EQ(source_dir, tmp.path() + "/sources/1");
  EXPECT_TRUE(fs::is_directory(source_dir));
}

TEST(CheckpointDirTest, RefusesACheckpointOfADifferentQuery) {
  TempDir tmp;
  {
    ASSERT_OK_AND_ASSIGN(CheckpointDir dir, CheckpointDir::Open(tmp.path(), "counts"));
    EXPECT_OK(dir.CheckCompatible("aggregate(count) <- memory(events)"));
    ASSERT_OK(dir.SaveQueryInfo(QueryInfo{"", "aggregate(count) <- memory(events)", 4, "min"}));
    ASSERT_OK_AND_ASSIGN(std::string bytes, ReadFile(tmp.Sub("sluice-query.json")));
    EXPECT_EQ(bytes,
              "{\"version\":1,\"queryName\":\"counts\",\"plan\":\"aggregate(count) <- memory(events)\","
              "\"numShufflePartitions\":4,\"watermarkPolicy\":\"min\"}");
  }
  ASSERT_OK_AND_ASSIGN(CheckpointDir dir, CheckpointDir::Open(tmp.path(), "counts"));
  ASSERT_TRUE(dir.query_info().has_value());
  EXPECT_EQ(*dir.query_info(), (QueryInfo{"counts", "aggregate(count) <- memory(events)", 4, "min"}));
  EXPECT_OK(dir.CheckCompatible("aggregate(count) <- memory(events)"));
  Status st = dir.CheckCompatible("dedup(user) <- memory(events)");
  EXPECT_EQ(st.code(), StatusCode::kAnalysisError);
  EXPECT_EQ(st.message(), "checkpoint location '" + tmp.path() +
                              "' belongs to a different query (its plan fingerprint 'aggregate(count) <- "
                              "memory(events)' differs from this query's 'dedup(user) <- memory(events)'); use a "
                              "new checkpointLocation or delete the old one");
}

TEST(CheckpointDirTest, UnnamedQueryIsStoredAsNullAndBadQueryInfoIsCorruption) {
  TempDir tmp;
  {
    ASSERT_OK_AND_ASSIGN(CheckpointDir dir, CheckpointDir::Open(tmp.path(), ""));
    ASSERT_OK(dir.SaveQueryInfo(QueryInfo{"", "p", 2, "max"}));
    ASSERT_OK_AND_ASSIGN(std::string bytes, ReadFile(tmp.Sub("sluice-query.json")));
    EXPECT_NE(bytes.find("\"queryName\":null"), std::string::npos) << bytes;
  }
  ASSERT_OK_AND_ASSIGN(CheckpointDir dir, CheckpointDir::Open(tmp.path(), ""));
  EXPECT_EQ(*dir.query_info(), (QueryInfo{"", "p", 2, "max"}));

  ASSERT_OK(WriteFileAtomic(tmp.Sub("sluice-query.json"), "{\"version\":1,\"queryName\":null}"));
  Result<CheckpointDir> r = CheckpointDir::Open(tmp.path(), "");
  EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
  EXPECT_NE(r.status().message().find("missing field 'plan'"), std::string::npos) << r.status().message();
  ASSERT_OK(WriteFileAtomic(tmp.Sub("sluice-query.json"), "{\"version\":2,\"plan\":\"p\"}"));
  r = CheckpointDir::Open(tmp.path(), "");
  EXPECT_EQ(r.status().code(), StatusCode::kNotSupported);
}

TEST(CheckpointDirTest, PurgeKeepsTheLastBatchesLikeSpark) {
  TempDir tmp;
  ASSERT_OK_AND_ASSIGN(CheckpointDir dir, CheckpointDir::Open(tmp.path(), ""));
  for (int64_t id = 0; id < 10; ++id) {
    ASSERT_OK(dir.offsets().Add(id, OffsetSeq{0, id, {}, {nlohmann::json(id)}, nlohmann::json::object()}));
    ASSERT_OK(dir.commits().Add(id, 0));
  }
  ASSERT_OK(dir.PurgeOldBatches(9, 20));  // nothing is old enough yet
  ASSERT_OK_AND_ASSIGN(std::vector<int64_t> ids, dir.offsets().ListBatchIds());
  EXPECT_EQ(ids.size(), 10u);
  ASSERT_OK(dir.PurgeOldBatches(9, 3));
  ASSERT_OK_AND_ASSIGN(ids, dir.offsets().ListBatchIds());
  EXPECT_EQ(ids, (std::vector<int64_t>{6, 7, 8, 9}));
  ASSERT_OK_AND_ASSIGN(ids, dir.commits().ListBatchIds());
  EXPECT_EQ(ids, (std::vector<int64_t>{6, 7, 8, 9}));
  EXPECT_EQ(dir.PurgeOldBatches(9, 0).code(), StatusCode::kInvalidArgument);
}

// A crash after offsets/N is written but before commits/N: a restart sees batch N
// planned but not committed and replays it with the logged offsets.
TEST(CheckpointDirTest, CrashBetweenOffsetsAndCommitLeavesBatchToReplay) {
  TempDir tmp;
  {
    ASSERT_OK_AND_ASSIGN(CheckpointDir dir, CheckpointDir::Open(tmp.path(), ""));
    for (int64_t id = 0; id < 3; ++id) {
      ASSERT_OK(dir.offsets().Add(id, OffsetSeq{0, 100 + id, {}, {nlohmann::json(id * 10)}, nlohmann::json::object()}));
      if (id == 2) TEST_FailNthAtomicWrite(1);
      Status st = dir.commits().Add(id, 0);
      EXPECT_EQ(st.ok(), id != 2) << st.ToString();
    }
  }
  ASSERT_OK_AND_ASSIGN(CheckpointDir dir, CheckpointDir::Open(tmp.path(), ""));
  ASSERT_OK_AND_ASSIGN(auto offsets, dir.offsets().GetLatest());
  ASSERT_OK_AND_ASSIGN(auto commits, dir.commits().GetLatest());
  ASSERT_TRUE(offsets.has_value() && commits.has_value());
  EXPECT_EQ(offsets->first, 2);
  EXPECT_EQ(commits->first, 1);
  EXPECT_EQ(offsets->second.offsets[0], nlohmann::json(20));
  EXPECT_EQ(offsets->second.batch_timestamp_ms, 102);
  // The replayed batch then commits normally.
  ASSERT_OK(dir.commits().Add(2, 0));
}

}  // namespace
}  // namespace sluice::checkpoint
