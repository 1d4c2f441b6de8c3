#include "sluice/checkpoint/offset_log.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "sluice/checkpoint/atomic_file.h"
#include "temp_dir.h"
#include "test_util.h"

namespace sluice::checkpoint {
namespace {

using nlohmann::json;
using testing::TempDir;

OffsetSeq SampleSeq() {
  OffsetSeq seq;
  seq.batch_watermark_ms = 0;
  seq.batch_timestamp_ms = 1700000000123;
  seq.conf = {{"spark.sql.shuffle.partitions", "4"},
              {"spark.sql.streaming.multipleWatermarkPolicy", "min"}};
  seq.offsets = {json{{"logOffset", 0}}, nullptr, json(5)};
  return seq;
}

std::string ReadBytes(const std::string& path) {
  Result<std::string> r = ReadFile(path);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : "";
}

void WriteBytes(const std::string& path, const std::string& bytes) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  ASSERT_OK(WriteFileAtomic(path, bytes));
}

TEST(OffsetLogTest, WritesSparksExactTextFormat) {
  TempDir dir;
  OffsetLog log(dir.Sub("offsets"));
  ASSERT_OK(log.Add(0, SampleSeq()));
  EXPECT_EQ(ReadBytes(dir.Sub("offsets/0")),
            "v1\n"
            "{\"batchWatermarkMs\":0,\"batchTimestampMs\":1700000000123,\"conf\":{\"spark.sql.shuffle.partitions\":"
            "\"4\",\"spark.sql.streaming.multipleWatermarkPolicy\":\"min\"}}\n"
            "{\"logOffset\":0}\n"
            "-\n"
            "5");
}

TEST(OffsetLogTest, MergesExtraMetadataIntoTheMetadataLine) {
  OffsetSeq seq;
  seq.batch_watermark_ms = 7000;
  seq.batch_timestamp_ms = 9;
  seq.offsets = {json(3)};
  seq.extra = json{{"operatorWatermarks", json{{"0", 7000}, {"2", 6000}}}, {"sluiceVersion", "0.1.0"}};
  ASSERT_OK_AND_ASSIGN(std::string bytes, SerializeOffsetSeq(seq));
  EXPECT_EQ(bytes,
            "v1\n"
            "{\"batchWatermarkMs\":7000,\"batchTimestampMs\":9,\"conf\":{},"
            "\"operatorWatermarks\":{\"0\":7000,\"2\":6000},\"sluiceVersion\":\"0.1.0\"}\n"
            "3");
  ASSERT_OK_AND_ASSIGN(OffsetSeq parsed, ParseOffsetSeq(bytes, "mem"));
  EXPECT_EQ(parsed, seq);
}

TEST(OffsetLogTest, ExtraMayNotShadowSparkFields) {
  OffsetSeq seq;
  seq.extra = json{{"batchWatermarkMs", 1}};
  Result<std::string> r = SerializeOffsetSeq(seq);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("reserved key 'batchWatermarkMs'"), std::string::npos);
  seq.extra = json::array({1});
  EXPECT_FALSE(SerializeOffsetSeq(seq).ok());
}

TEST(OffsetLogTest, RoundTripsAndGetsMissingBatchAsNullopt) {
  TempDir dir;
  OffsetLog log(dir.Sub("offsets"));
  OffsetSeq seq = SampleSeq();
  seq.offsets.push_back(json{{"topic", {{"0", 17}, {"1", 4}}}});
  seq.offsets.push_back(json("a string with\nnewline"));
  ASSERT_OK(log.Add(4, seq));
  ASSERT_OK_AND_ASSIGN(std::optional<OffsetSeq> got, log.Get(4));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(*got, seq);
  ASSERT_OK_AND_ASSIGN(std::optional<OffsetSeq> missing, log.Get(3));
  EXPECT_FALSE(missing.has_value());
}

TEST(OffsetLogTest, ReadsAFileWrittenBySpark) {
  // As written by Spark 3.5 for a file source and a rate source (no final newline).
  const std::string spark =
      "v1\n"
      "{\"batchWatermarkMs\":1598369722000,\"batchTimestampMs\":1598369732960,\"conf\":{\"spark.sql.streaming."
      "stateStore.providerClass\":\"org.apache.spark.sql.execution.streaming.state.HDFSBackedStateStoreProvider\","
      "\"spark.sql.streaming.join.stateFormatVersion\":\"2\",\"spark.sql.streaming.stateStore.compression.codec\":"
      "\"lz4\",\"spark.sql.streaming.multipleWatermarkPolicy\":\"min\",\"spark.sql.shuffle.partitions\":\"200\"}}\n"
      "{\"logOffset\":2}\n"
      "-";
  ASSERT_OK_AND_ASSIGN(OffsetSeq seq, ParseOffsetSeq(spark, "offsets/2"));
  EXPECT_EQ(seq.batch_watermark_ms, 1598369722000);
  EXPECT_EQ(seq.batch_timestamp_ms, 1598369732960);
  EXPECT_EQ(seq.conf.size(), 5u);
  EXPECT_EQ(seq.conf.at("spark.sql.shuffle.partitions"), "200");
  ASSERT_EQ(seq.offsets.size(), 2u);
  EXPECT_EQ(seq.offsets[0], (json{{"logOffset", 2}}));
  EXPECT_TRUE(seq.offsets[1].is_null());
  EXPECT_TRUE(seq.extra.empty());
}

TEST(OffsetLogTest, ToleratesEmptyMetadataLineMissingFieldsAndTrailingNewline) {
  ASSERT_OK_AND_ASSIGN(OffsetSeq seq, ParseOffsetSeq("v1\n\n7\n", "f"));
  EXPECT_EQ(seq.batch_watermark_ms, 0);
  EXPECT_EQ(seq.batch_timestamp_ms, 0);
  EXPECT_TRUE(seq.conf.empty());
  ASSERT_EQ(seq.offsets.size(), 1u);
  EXPECT_EQ(seq.offsets[0], json(7));
  ASSERT_OK_AND_ASSIGN(seq, ParseOffsetSeq("v1\r\n{\"batchTimestampMs\":5}\r\n-", "f"));
  EXPECT_EQ(seq.batch_timestamp_ms, 5);
  ASSERT_EQ(seq.offsets.size(), 1u);
  EXPECT_TRUE(seq.offsets[0].is_null());
}

TEST(OffsetLogTest, GetLatestSkipsGapsTempFilesAndNonNumericNames) {
  TempDir dir;
  OffsetLog log(dir.Sub("offsets"));
  ASSERT_OK_AND_ASSIGN(auto empty, log.GetLatest());
  EXPECT_FALSE(empty.has_value());

  OffsetSeq seq = SampleSeq();
  for (int64_t id : {0, 1, 5}) {
    seq.batch_timestamp_ms = 1000 + id;
    ASSERT_OK(log.Add(id, seq));
  }
  // A crash while writing batch 9 leaves only a temp file behind.
  TEST_FailNthAtomicWrite(1);
  EXPECT_FALSE(log.Add(9, seq).ok());
  // Other strays: editor backups, Hadoop checksum files, non-canonical numbers.
  WriteBytes(dir.Sub("offsets/12.crc"), "x");
  WriteBytes(dir.Sub("offsets/abc"), "x");
  WriteBytes(dir.Sub("offsets/0077"), "x");
  WriteBytes(dir.Sub("offsets/-3"), "x");
  std::filesystem::create_directories(dir.Sub("offsets/99"));

  ASSERT_OK_AND_ASSIGN(auto latest, log.GetLatest());
  ASSERT_TRUE(latest.has_value());
  EXPECT_EQ(latest->first, 5);
  EXPECT_EQ(latest->second.batch_timestamp_ms, 1005);
  ASSERT_OK_AND_ASSIGN(std::vector<int64_t> ids, log.ListBatchIds());
  EXPECT_EQ(ids, (std::vector<int64_t>{0, 1, 5}));
}

TEST(OffsetLogTest, ReAddingIdenticalBatchIsNoOpButDifferentContentsConflict) {
  TempDir dir;
  OffsetLog log(dir.Sub("offsets"));
  ASSERT_OK(log.Add(2, SampleSeq()));
  ASSERT_OK(log.Add(2, SampleSeq()));
  OffsetSeq other = SampleSeq();
  other.offsets[2] = json(6);
  Status st = log.Add(2, other);
  EXPECT_EQ(st.code(), StatusCode::kExecutionError) << st.ToString();
  EXPECT_NE(st.message().find("Concurrent update to the log"), std::string::npos) << st.message();
  EXPECT_NE(st.message().find(dir.Sub("offsets/2")), std::string::npos) << st.message();
  ASSERT_OK_AND_ASSIGN(auto got, log.Get(2));
  EXPECT_EQ(got->offsets[2], json(5));
  EXPECT_EQ(log.Add(-1, SampleSeq()).code(), StatusCode::kInvalidArgument);
}

TEST(OffsetLogTest, PurgeDeletesOlderBatchesOnly) {
  TempDir dir;
  OffsetLog log(dir.Sub("offsets"));
  for (int64_t id = 0; id <= 5; ++id) ASSERT_OK(log.Add(id, SampleSeq()));
  ASSERT_OK(log.Purge(3));
  ASSERT_OK_AND_ASSIGN(std::vector<int64_t> ids, log.ListBatchIds());
  EXPECT_EQ(ids, (std::vector<int64_t>{3, 4, 5}));
  ASSERT_OK(log.Purge(0));
  ASSERT_OK_AND_ASSIGN(ids, log.ListBatchIds());
  EXPECT_EQ(ids.size(), 3u);
}

struct CorruptCase {
  std::string bytes;
  StatusCode code;
  std::string message;  // expected substring after "checkpoint file <path> "
};

TEST(OffsetLogTest, MalformedFilesAreCorruptionNamingFileAndProblem) {
  const std::vector<CorruptCase> cases = {
      {"garbage\n{}\n1", StatusCode::kCorruption, "is corrupt: expected version line 'v1', found 'garbage'"},
      {"", StatusCode::kCorruption, "is corrupt: the file is empty"},
      {"v\n{}", StatusCode::kCorruption, "expected version line 'v1', found 'v'"},
      {"v0\n{}", StatusCode::kCorruption, "found 'v0'"},
      {"vx1\n{}", StatusCode::kCorruption, "found 'vx1'"},
      {"v9\n{}\n1", StatusCode::kNotSupported, "uses log version v9, but this version of sluice reads up to v1"},
      {"v1", StatusCode::kCorruption, "ends after the version line"},
      {"v1\n{\"batchWatermarkMs\":", StatusCode::kCorruption, "line 2 (batch metadata) is not valid JSON"},
      {"v1\n[1,2]", StatusCode::kCorruption, "line 2 (batch metadata) must be a JSON object"},
      {"v1\n{\"batchWatermarkMs\":\"soon\"}", StatusCode::kCorruption,
       "field 'batchWatermarkMs' must be an integer, found '\"soon\"'"},
      {"v1\n{\"conf\":{\"a\":1}}", StatusCode::kCorruption, "conf value of 'a' must be a string"},
      {"v1\n{}\n{\"logOffset\":", StatusCode::kCorruption, "line 3 (offset of source 0) is not valid JSON"},
      {"v1\n{}\n1\n\n2", StatusCode::kCorruption, "line 4 (offset of source 1) is empty"},
  };
  TempDir dir;
  OffsetLog log(dir.Sub("offsets"));
  for (const CorruptCase& c : cases) {
    WriteBytes(log.BatchPath(3), c.bytes);
    Result<std::optional<OffsetSeq>> r = log.Get(3);
    ASSERT_FALSE(r.ok()) << "accepted: " << c.bytes;
    EXPECT_EQ(r.status().code(), c.code) << r.status().ToString();
    const std::string expected_prefix = "checkpoint file " + log.BatchPath(3) + " ";
    EXPECT_EQ(r.status().message().rfind(expected_prefix, 0), 0u) << r.status().message();
    EXPECT_NE(r.status().message().find(c.message), std::string::npos)
        << "bytes: " << c.bytes << "\nmessage: " << r.status().message();
  }
}

TEST(OffsetLogTest, UnsupportedVersionSaysHowToRecover) {
  Result<OffsetSeq> r = ParseOffsetSeq("v9\n{}", "/x/offsets/3");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "checkpoint file /x/offsets/3 uses log version v9, but this version of sluice reads up to v1 "
            "(UnsupportedLogVersion): it was written by a newer version; upgrade sluice or use a new "
            "checkpointLocation");
  r = ParseOffsetSeq("garbage", "/x/offsets/3");
  EXPECT_EQ(r.status().message(),
            "checkpoint file /x/offsets/3 is corrupt: expected version line 'v1', found 'garbage'");
}

TEST(OffsetLogTest, CorruptLatestFileIsAnErrorNotSkipped) {
  TempDir dir;
  OffsetLog log(dir.Sub("offsets"));
  ASSERT_OK(log.Add(0, SampleSeq()));
  WriteBytes(log.BatchPath(1), "v1\n{trunc");
  Result<std::optional<std::pair<int64_t, OffsetSeq>>> r = log.GetLatest();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
  EXPECT_NE(r.status().message().find(log.BatchPath(1)), std::string::npos);
}

}  // namespace
}  // namespace sluice::checkpoint
