#include "sluice/checkpoint/commit_log.h"

#include <gtest/gtest.h>

#include "sluice/checkpoint/atomic_file.h"
#include "temp_dir.h"
#include "test_util.h"

namespace sluice::checkpoint {
namespace {

using nlohmann::json;
using testing::TempDir;

TEST(CommitLogTest, WritesSparksExactTextFormat) {
  TempDir dir;
  CommitLog log(dir.Sub("commits"));
  ASSERT_OK(log.Add(0, 0));
  ASSERT_OK(log.Add(1, 5000));
  ASSERT_OK_AND_ASSIGN(std::string zero, ReadFile(dir.Sub("commits/0")));
  EXPECT_EQ(zero, "v1\n{\"nextBatchWatermarkMs\":0}");
  ASSERT_OK_AND_ASSIGN(std::string one, ReadFile(dir.Sub("commits/1")));
  EXPECT_EQ(one, "v1\n{\"nextBatchWatermarkMs\":5000}");
}

TEST(CommitLogTest, RoundTripsWithExtraMetadata) {
  TempDir dir;
  CommitLog log(dir.Sub("commits"));
  CommitMetadata metadata{-17, json{{"operatorWatermarks", json::array({1, 2})}}};
  ASSERT_OK(log.Add(3, metadata));
  ASSERT_OK_AND_ASSIGN(std::string bytes, ReadFile(log.BatchPath(3)));
  EXPECT_EQ(bytes, "v1\n{\"nextBatchWatermarkMs\":-17,\"operatorWatermarks\":[1,2]}");
  ASSERT_OK_AND_ASSIGN(std::optional<CommitMetadata> got, log.Get(3));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(*got, metadata);
  ASSERT_OK_AND_ASSIGN(got, log.Get(4));
  EXPECT_FALSE(got.has_value());
  EXPECT_EQ(log.Add(5, CommitMetadata{0, json{{"nextBatchWatermarkMs", 1}}}).code(), StatusCode::kInvalidArgument);
}

TEST(CommitLogTest, GetLatestAndPurge) {
  TempDir dir;
  CommitLog log(dir.Sub("commits"));
  ASSERT_OK_AND_ASSIGN(auto none, log.GetLatest());
  EXPECT_FALSE(none.has_value());
  for (int64_t id : {0, 1, 2, 6}) ASSERT_OK(log.Add(id, id * 1000));
  TEST_FailNthAtomicWrite(1);
  EXPECT_FALSE(log.Add(7, 7000).ok());
  ASSERT_OK_AND_ASSIGN(auto latest, log.GetLatest());
  ASSERT_TRUE(latest.has_value());
  EXPECT_EQ(latest->first, 6);
  EXPECT_EQ(latest->second.next_batch_watermark_ms, 6000);
  ASSERT_OK(log.Purge(2));
  ASSERT_OK_AND_ASSIGN(std::vector<int64_t> ids, log.ListBatchIds());
  EXPECT_EQ(ids, (std::vector<int64_t>{2, 6}));
}

TEST(CommitLogTest, ReadsSparkFilesAndMissingMetadataLine) {
  ASSERT_OK_AND_ASSIGN(CommitMetadata m, ParseCommitMetadata("v1\n{\"nextBatchWatermarkMs\":1598369722000}", "f"));
  EXPECT_EQ(m.next_batch_watermark_ms, 1598369722000);
  ASSERT_OK_AND_ASSIGN(m, ParseCommitMetadata("v1\n", "f"));
  EXPECT_EQ(m.next_batch_watermark_ms, 0);
  ASSERT_OK_AND_ASSIGN(m, ParseCommitMetadata("v1\n{}", "f"));
  EXPECT_EQ(m.next_batch_watermark_ms, 0);
}

TEST(CommitLogTest, MalformedFilesAreNamedErrors) {
  auto message = [](std::string_view bytes) { return ParseCommitMetadata(bytes, "/c/commits/4").status(); };
  Status st = message("");
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
  EXPECT_EQ(st.message(), "checkpoint file /c/commits/4 is corrupt: the file is empty (expected version line 'v1')");
  st = message("v1\n{\"nextBatchWatermarkMs\":");
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
  EXPECT_NE(st.message().find("line 2 (commit metadata) is not valid JSON"), std::string::npos) << st.message();
  st = message("v1\n{\"nextBatchWatermarkMs\":1.5}");
  EXPECT_NE(st.message().find("'nextBatchWatermarkMs' must be an integer"), std::string::npos) << st.message();
  st = message("v1\n{\"nextBatchWatermarkMs\":99999999999999999999}");
  EXPECT_EQ(st.code(), StatusCode::kCorruption) << st.ToString();
  st = message("v1\n{}\nextra");
  EXPECT_NE(st.message().find("expected 2 lines, found 3"), std::string::npos) << st.message();
  st = message("v2\n{}");
  EXPECT_EQ(st.code(), StatusCode::kNotSupported);
  EXPECT_NE(st.message().find("v2"), std::string::npos);
}

}  // namespace
}  // namespace sluice::checkpoint
