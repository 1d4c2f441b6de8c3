#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "sluice/checkpoint/uuid.h"
#include "sluice/connectors/memory/memory_sink.h"
#include "sluice/connectors/memory/memory_stream_registry.h"
#include "sluice/connectors/memory/memory_table_registry.h"
#include "sluice/runtime/pipeline.h"
#include "test_util.h"

namespace sluice::runtime {
namespace {

class PipelineTest : public ::testing::Test {
 protected:
  std::shared_ptr<SessionCatalog> catalog_ = std::make_shared<SessionCatalog>();
  std::ostringstream out_;
  Pipeline pipeline_{catalog_, Config(), out_};
};

TEST_F(PipelineTest, SyntaxErrorNamesLineAndColumn) {
  Status s = pipeline_.ExecuteScript("CREATE SINK out USING console;\nSELECT , FROM x;");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kParseError);
  EXPECT_NE(s.message().find("line 2, column 8"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("^"), std::string::npos) << s.message();
}

TEST_F(PipelineTest, UnknownFormatListsKnownFormats) {
  Status s = pipeline_.ExecuteScript("CREATE SOURCE e USING rat OPTIONS (rowsPerSecond 5);");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("rat"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("rate"), std::string::npos) << s.message();
}

TEST_F(PipelineTest, UnknownOptionListsValidOptions) {
  Status s = pipeline_.ExecuteScript("CREATE SOURCE e USING rate OPTIONS (rowsPerSecnd 5);");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("unknown option 'rowsPerSecnd'"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("rowsPerSecond"), std::string::npos) << s.message();
}

TEST_F(PipelineTest, UnknownSinkIsAnAnalysisError) {
  ASSERT_OK(pipeline_.ExecuteScript("CREATE SOURCE e USING rate;"));
  Status s = pipeline_.ExecuteScript("CREATE STREAMING QUERY q AS INSERT INTO nowhere SELECT * FROM e;");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("unknown sink 'nowhere'"), std::string::npos) << s.message();
  EXPECT_TRUE(pipeline_.queries().empty());
}

TEST_F(PipelineTest, MemorySinkTableIsQueryableWhileRunning) {
  connectors::MemoryStreamRegistry::Global().Remove("clicks");
  ASSERT_OK(pipeline_.ExecuteScript(
      "CREATE SOURCE clicks (page STRING, ms BIGINT) USING memory;"
      "CREATE SINK mem USING memory;"
      "CREATE STREAMING QUERY per_page OUTPUT MODE complete AS INSERT INTO mem "
      "SELECT page, count(*) AS n FROM clicks GROUP BY page;"));
  auto stream = connectors::MemoryStreamRegistry::Global().Find("clicks");
  ASSERT_TRUE(stream);
  ASSERT_OK(stream->AddData({{types::Value::String("/a"), types::Value::Int(1)},
                             {types::Value::String("/b"), types::Value::Int(2)},
                             {types::Value::String("/a"), types::Value::Int(3)}})
                .status());
  ASSERT_OK(pipeline_.queries()[0]->ProcessAllAvailable());
  ASSERT_OK(pipeline_.ExecuteScript("SELECT page, n FROM per_page ORDER BY n DESC;"));
  EXPECT_NE(out_.str().find("|  /a|  2|"), std::string::npos) << out_.str();
  pipeline_.StopAll();
}

TEST_F(PipelineTest, NonMemorySinkNeedsCheckpointLocation) {
  EXPECT_TRUE(SinkNeedsCheckpoint("kafka"));
  EXPECT_FALSE(SinkNeedsCheckpoint("console"));
  EXPECT_FALSE(SinkNeedsCheckpoint("memory"));
}

}  // namespace
}  // namespace sluice::runtime

namespace sluice::runtime {
namespace {

// Beyond Spark: rows dropped behind the watermark reach a declared side sink.
TEST_F(PipelineTest, LateRowsGoToTheLateRowsSink) {
  connectors::MemoryStreamRegistry::Global().Remove("ticks");
  ASSERT_OK(pipeline_.ExecuteScript(
      "CREATE SOURCE ticks (value INT) USING memory;"
      "CREATE SINK counts USING memory;"
      "CREATE SINK late_ticks USING memory;"
      "CREATE STREAMING QUERY windowed OUTPUT MODE append OPTIONS (lateRowsSink 'late_ticks') "
      "AS INSERT INTO counts "
      "SELECT CAST(window.start AS BIGINT) AS start, count(*) AS n "
      "FROM ticks WATERMARK timestamp_seconds(value) AS ts DELAY OF INTERVAL 10 SECONDS "
      "GROUP BY window(ts, '5 seconds');"));
  auto stream = connectors::MemoryStreamRegistry::Global().Find("ticks");
  auto& query = *pipeline_.queries()[0];
  ASSERT_OK(stream->AddData({{types::Value::Int(10)}, {types::Value::Int(11)}, {types::Value::Int(25)}}).status());
  ASSERT_OK(query.ProcessAllAvailable());
  // The watermark is now 15 s: 3 is late, 21 is not.
  ASSERT_OK(stream->AddData({{types::Value::Int(3)}, {types::Value::Int(21)}}).status());
  ASSERT_OK(query.ProcessAllAvailable());
  auto late = connectors::MemoryTableRegistry::Global().Find("late_ticks");
  ASSERT_TRUE(late);
  auto rows = late->AllRows();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0], types::Value::Int(3));
  auto progress = query.LastProgressWithData();
  ASSERT_TRUE(progress);
  EXPECT_EQ((*progress)["stateOperators"][0]["numRowsDroppedByWatermark"], 1);
  pipeline_.StopAll();
}

}  // namespace
}  // namespace sluice::runtime

namespace sluice::runtime {
namespace {

// CREATE TABLE ... USING json reads a static table that batch SQL and stream-static
// joins use ("unified batch and stream").
TEST_F(PipelineTest, CreateTableUsingJsonReadsFiles) {
  std::string dir = (std::filesystem::temp_directory_path() / ("sluice-table-" + checkpoint::NewUuid())).string();
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/users.json") << "{\"user\":\"a\",\"country\":\"NL\"}\n{\"user\":\"b\",\"country\":\"DE\"}\n";
  ASSERT_OK(pipeline_.ExecuteScript("CREATE TABLE users (user STRING, country STRING) USING json OPTIONS (path '" +
                                    dir + "');"
                                    "SELECT country FROM users WHERE user = 'b';"));
  EXPECT_NE(out_.str().find("|     DE|"), std::string::npos) << out_.str();
  Status missing = pipeline_.ExecuteScript("CREATE TABLE t (x INT) USING json OPTIONS (path '" + dir + "/nope');");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.message().find("nope"), std::string::npos) << missing.message();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace sluice::runtime
