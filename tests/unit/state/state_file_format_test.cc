#include "sluice/state/state_file_format.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace sluice::state {
namespace {

std::string SampleDelta() {
  StateFileWriter writer(StateFileKind::kDelta, 7);
  writer.AddPut("k1", "v1");
  writer.AddRemove("gone");
  writer.AddPut(std::string("bin\0key", 7), "");
  EXPECT_EQ(writer.num_records(), 3);
  return writer.Finish();
}

TEST(StateFileFormatTest, RoundTripsRecords) {
  std::string bytes = SampleDelta();
  ASSERT_OK_AND_ASSIGN(StateFileReader reader, StateFileReader::Open(bytes, "d/7.delta", StateFileKind::kDelta, 7));
  EXPECT_EQ(reader.num_records(), 3);
  StateRecord record;
  ASSERT_OK_AND_ASSIGN(bool has, reader.Next(&record));
  ASSERT_TRUE(has);
  EXPECT_EQ(record.type, StateRecordType::kPut);
  EXPECT_EQ(record.key, "k1");
  EXPECT_EQ(record.value, "v1");
  ASSERT_OK_AND_ASSIGN(has, reader.Next(&record));
  ASSERT_TRUE(has);
  EXPECT_EQ(record.type, StateRecordType::kRemove);
  EXPECT_EQ(record.key, "gone");
  ASSERT_OK_AND_ASSIGN(has, reader.Next(&record));
  ASSERT_TRUE(has);
  EXPECT_EQ(record.key, std::string_view("bin\0key", 7));
  EXPECT_EQ(record.value, "");
  ASSERT_OK_AND_ASSIGN(has, reader.Next(&record));
  EXPECT_FALSE(has);
}

TEST(StateFileFormatTest, HeaderLayoutIsStable) {
  StateFileWriter writer(StateFileKind::kSnapshot, 258);
  writer.AddPut("a", "bc");
  std::string bytes = writer.Finish();
  // magic, format version 1, state version 258, 1 record, 6 body bytes, crc, body.
  ASSERT_EQ(bytes.size(), kStateFileHeaderSize + 6);
  EXPECT_EQ(bytes.substr(0, 4), "SLSS");
  EXPECT_EQ(bytes.substr(4, 4), std::string("\x01\x00\x00\x00", 4));
  EXPECT_EQ(bytes.substr(8, 8), std::string("\x02\x01\x00\x00\x00\x00\x00\x00", 8));
  EXPECT_EQ(bytes.substr(16, 8), std::string("\x01\x00\x00\x00\x00\x00\x00\x00", 8));
  EXPECT_EQ(bytes.substr(24, 8), std::string("\x06\x00\x00\x00\x00\x00\x00\x00", 8));
  EXPECT_EQ(bytes.substr(36), std::string("\x01\x01" "a" "\x02" "bc", 6));
}

Status OpenStatus(std::string_view bytes, StateFileKind kind = StateFileKind::kDelta, int64_t version = 7) {
  return StateFileReader::Open(bytes, "/s/7.delta", kind, version).status();
}

Status ReadAll(std::string_view bytes) {
  SLUICE_ASSIGN_OR_RETURN(StateFileReader reader, StateFileReader::Open(bytes, "/s/7.delta", StateFileKind::kDelta, 7));
  StateRecord record;
  while (true) {
    SLUICE_ASSIGN_OR_RETURN(bool has, reader.Next(&record));
    if (!has) return Status::OK();
  }
}

void ExpectCorruption(const Status& st, const std::string& problem) {
  EXPECT_EQ(st.code(), StatusCode::kCorruption) << st.ToString();
  EXPECT_EQ(st.message().rfind("state file /s/7.delta is corrupt: ", 0), 0u) << st.message();
  EXPECT_NE(st.message().find(problem), std::string::npos) << st.message();
}

TEST(StateFileFormatTest, DetectsCorruption) {
  const std::string good = SampleDelta();
  ASSERT_OK(ReadAll(good));

  ExpectCorruption(OpenStatus(good.substr(0, 10)), "truncated header (10 bytes");
  ExpectCorruption(OpenStatus(good.substr(0, good.size() - 3)), "truncated: the header promises");
  ExpectCorruption(OpenStatus(good + "xx"), "2 unexpected bytes after the body");

  std::string flipped = good;
  flipped[kStateFileHeaderSize + 3] ^= 0x20;
  ExpectCorruption(OpenStatus(flipped), "checksum mismatch (stored 0x");

  std::string magic = good;
  magic[0] = 'X';
  ExpectCorruption(OpenStatus(magic), "not a sluice state delta file (bad magic number)");
  ExpectCorruption(OpenStatus(good, StateFileKind::kSnapshot), "it is a delta file, expected a snapshot");
  ExpectCorruption(OpenStatus(good, StateFileKind::kDelta, 8), "it holds state version 7, but its name says 8");

  std::string future = good;
  future[4] = 2;
  Status st = OpenStatus(future);
  EXPECT_EQ(st.code(), StatusCode::kNotSupported);
  EXPECT_NE(st.message().find("format version 2"), std::string::npos) << st.message();
}

TEST(StateFileFormatTest, DetectsBadRecordsBehindAValidChecksum) {
  // A writer bug or tampering with a recomputed checksum still cannot crash the reader.
  StateFileWriter too_few(StateFileKind::kDelta, 7);
  too_few.AddPut("k", "v");
  std::string bytes = too_few.Finish();
  bytes[16] = 2;  // claim two records
  ExpectCorruption(ReadAll(bytes), "the body ends after 1 of 2 records");

  StateFileWriter remove_in_snapshot(StateFileKind::kDelta, 7);
  remove_in_snapshot.AddRemove("k");
  std::string delta = remove_in_snapshot.Finish();
  delta.replace(0, 4, "SLSS");  // a remove record inside a "snapshot"
  ASSERT_OK_AND_ASSIGN(StateFileReader reader, StateFileReader::Open(delta, "/s/7.snapshot", StateFileKind::kSnapshot, 7));
  StateRecord record;
  Result<bool> next = reader.Next(&record);
  ASSERT_FALSE(next.ok());
  EXPECT_NE(next.status().message().find("record 0 has unknown type 2"), std::string::npos) << next.status().message();
}

TEST(StateFileFormatTest, ParsesFileNames) {
  auto parsed = ParseStateFileName("12.delta");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->version, 12);
  EXPECT_EQ(parsed->kind, StateFileKind::kDelta);
  parsed = ParseStateFileName("3.snapshot");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->kind, StateFileKind::kSnapshot);
  for (const char* bad : {"0.delta", "012.delta", ".delta", "x.delta", "12", "12.delta.tmp", "-1.snapshot", "1.zip"}) {
    EXPECT_FALSE(ParseStateFileName(bad).has_value()) << bad;
  }
  EXPECT_EQ(StateFilePath("/a/b", 5, StateFileKind::kSnapshot), "/a/b/5.snapshot");
}

}  // namespace
}  // namespace sluice::state
