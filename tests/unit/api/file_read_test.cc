#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "sluice/api/sluice.h"
#include "sluice/checkpoint/uuid.h"

namespace sluice {
namespace {

class FileReadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = (std::filesystem::temp_directory_path() / ("sluice-read-" + checkpoint::NewUuid())).string();
    std::filesystem::create_directories(dir_);
    std::ofstream(dir_ + "/a.json") << "{\"user\":\"a\",\"n\":1}\n{\"user\":\"b\",\"n\":2}\n";
    std::ofstream(dir_ + "/b.json") << "{\"user\":\"a\",\"n\":5}\n";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string dir_;
};

TEST_F(FileReadTest, BatchReadOfJsonFilesRunsTheSameQueries) {
  auto session = Session::Create();
  DataFrame df = session->read().format("json").schema("user STRING, n BIGINT").load(dir_);
  auto rows = df.groupBy("user").agg(functions::sum("n").alias("total")).orderBy("user").collect();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][0], types::Value::String("a"));
  EXPECT_EQ(rows[0][1], types::Value::Int(6));
  EXPECT_EQ(rows[1][1], types::Value::Int(2));
}

TEST_F(FileReadTest, MissingDirectoryIsAClearError) {
  auto session = Session::Create();
  try {
    session->read().format("json").schema("user STRING").load(dir_ + "/nope");
    FAIL() << "expected an exception";
  } catch (const SluiceException& e) {
    EXPECT_NE(std::string(e.what()).find("nope"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace sluice
