#include "sluice/checkpoint/atomic_file.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "sluice/checkpoint/uuid.h"
#include "temp_dir.h"
#include "test_util.h"

namespace sluice::checkpoint {
namespace {

using testing::TempDir;

std::vector<std::string> FileNames(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

TEST(AtomicFileTest, WritesReadsAndOverwritesWithoutLeavingTempFiles) {
  TempDir dir;
  const std::string path = dir.Sub("file");
  ASSERT_OK(WriteFileAtomic(path, "first"));
  ASSERT_OK_AND_ASSIGN(std::string bytes, ReadFile(path));
  EXPECT_EQ(bytes, "first");
  ASSERT_OK(WriteFileAtomic(path, std::string("second\0with nul", 15)));
  ASSERT_OK_AND_ASSIGN(bytes, ReadFile(path));
  EXPECT_EQ(bytes, std::string("second\0with nul", 15));
  EXPECT_EQ(FileNames(dir.path()), std::vector<std::string>{"file"});
}

TEST(AtomicFileTest, WritesEmptyAndLargeFiles) {
  TempDir dir;
  ASSERT_OK(WriteFileAtomic(dir.Sub("empty"), ""));
  ASSERT_OK_AND_ASSIGN(std::string empty, ReadFile(dir.Sub("empty")));
  EXPECT_EQ(empty, "");
  std::string large(300 * 1024, 'x');
  large[12345] = 'y';
  ASSERT_OK(WriteFileAtomic(dir.Sub("large"), large));
  ASSERT_OK_AND_ASSIGN(std::string read, ReadFile(dir.Sub("large")));
  EXPECT_EQ(read, large);
}

TEST(AtomicFileTest, MissingFileIsNulloptOrNamedError) {
  TempDir dir;
  ASSERT_OK_AND_ASSIGN(std::optional<std::string> missing, ReadFileIfExists(dir.Sub("nope")));
  EXPECT_FALSE(missing.has_value());
  Result<std::string> r = ReadFile(dir.Sub("nope"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kIOError);
  EXPECT_NE(r.status().message().find(dir.Sub("nope")), std::string::npos) << r.status().message();
}

TEST(AtomicFileTest, WriteIntoMissingDirectoryIsIOError) {
  TempDir dir;
  Status st = WriteFileAtomic(dir.Sub("no/such/dir/file"), "x");
  EXPECT_EQ(st.code(), StatusCode::kIOError) << st.ToString();
}

TEST(AtomicFileTest, InjectedFailureLeavesPreviousFileIntactAndAStrayTempFile) {
  TempDir dir;
  const std::string path = dir.Sub("3");
  ASSERT_OK(WriteFileAtomic(path, "old"));
  TEST_FailNthAtomicWrite(1);
  Status st = WriteFileAtomic(path, "new");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.code(), StatusCode::kIOError);
  EXPECT_NE(st.message().find("injected fault"), std::string::npos) << st.message();
  ASSERT_OK_AND_ASSIGN(std::string bytes, ReadFile(path));
  EXPECT_EQ(bytes, "old");
  std::vector<std::string> names = FileNames(dir.path());
  ASSERT_EQ(names.size(), 2u);
  EXPECT_TRUE(IsTempFileName(names[0])) << names[0];
  EXPECT_EQ(names[1], "3");
  // Only that one write fails.
  ASSERT_OK(WriteFileAtomic(path, "newer"));
  ASSERT_OK_AND_ASSIGN(bytes, ReadFile(path));
  EXPECT_EQ(bytes, "newer");
}

TEST(AtomicFileTest, InjectedFailureHitsTheNthWrite) {
  TempDir dir;
  TEST_FailNthAtomicWrite(3);
  EXPECT_OK(WriteFileAtomic(dir.Sub("a"), "1"));
  EXPECT_OK(WriteFileAtomic(dir.Sub("b"), "2"));
  EXPECT_FALSE(WriteFileAtomic(dir.Sub("c"), "3").ok());
  EXPECT_OK(WriteFileAtomic(dir.Sub("d"), "4"));
  ASSERT_OK_AND_ASSIGN(std::optional<std::string> c, ReadFileIfExists(dir.Sub("c")));
  EXPECT_FALSE(c.has_value());
  // Disarming works too.
  TEST_FailNthAtomicWrite(1);
  TEST_FailNthAtomicWrite(0);
  EXPECT_OK(WriteFileAtomic(dir.Sub("e"), "5"));
}

TEST(AtomicFileTest, RecognizesTempFileNames) {
  EXPECT_TRUE(IsTempFileName(".3.1234-0.tmp"));
  EXPECT_FALSE(IsTempFileName("3"));
  EXPECT_FALSE(IsTempFileName("3.tmp"));
  EXPECT_FALSE(IsTempFileName(".tmp"));
  EXPECT_FALSE(IsTempFileName(".hidden"));
}

TEST(UuidTest, IsRandomVersion4InCanonicalForm) {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    std::string id = NewUuid();
    ASSERT_EQ(id.size(), 36u) << id;
    for (size_t j = 0; j < id.size(); ++j) {
      if (j == 8 || j == 13 || j == 18 || j == 23) {
        ASSERT_EQ(id[j], '-') << id;
      } else {
        ASSERT_TRUE((id[j] >= '0' && id[j] <= '9') || (id[j] >= 'a' && id[j] <= 'f')) << id;
      }
    }
    EXPECT_EQ(id[14], '4') << id;
    EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos) << id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 200u);
}

}  // namespace
}  // namespace sluice::checkpoint
