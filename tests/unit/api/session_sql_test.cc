// Session: settings, sql() statements, readers, and their errors.

#include <gtest/gtest.h>

#include "api_test_util.h"
#include "sluice/connectors/memory/memory_sink.h"
#include "sluice/connectors/memory/memory_stream_registry.h"
#include "sluice/connectors/memory/memory_table_registry.h"

namespace sluice {
namespace {

using namespace sluice::functions;  // NOLINT: the API is meant to be used this way
using api_testing::RowsText;
using api_testing::Sorted;
using api_testing::ThrowsWith;
using api_testing::UniqueName;

TEST(SessionConfTest, SparkAndSluiceKeysNameTheSameSetting) {
  auto session = Session::Create();
  session->conf().set("spark.sql.shuffle.partitions", 4);
  EXPECT_EQ(session->conf().get("sluice.sql.shuffle.partitions"), "4");
  EXPECT_EQ(session->conf().get("spark.sql.shuffle.partitions"), "4");
  session->conf().set("spark.sql.streaming.noDataMicroBatches.enabled", false);
  EXPECT_EQ(session->conf().get("sluice.sql.streaming.noDataMicroBatches.enabled"), "false");
  session->conf().set("my.setting", "x");
  EXPECT_EQ(session->conf().getOption("my.setting"), std::optional<std::string>("x"));
  session->conf().unset("my.setting");
  EXPECT_EQ(session->conf().getOption("my.setting"), std::nullopt);
  EXPECT_EQ(session->conf().get("my.setting", "default"), "default");
  EXPECT_TRUE(ThrowsWith<IllegalArgumentException>([&] { session->conf().get("my.setting"); }, "is not set"));

  Config initial;
  initial.Set("spark.sql.session.timeZone", "UTC");
  EXPECT_EQ(Session::Create(initial)->conf().get("spark.sql.session.timeZone"), "UTC");
}

TEST(SessionSqlTest, QueriesReturnDataFrames) {
  auto session = Session::Create();
  auto result = session->sql("SELECT 1 + 1 AS two");
  EXPECT_EQ(result.collect(), (std::vector<types::Row>{MakeRow(2)}));
  EXPECT_EQ(result.columns(), (std::vector<std::string>{"two"}));
}

TEST(SessionSqlTest, SetAndExplainStatements) {
  auto session = Session::Create();
  auto set = session->sql("SET spark.sql.shuffle.partitions = 3");
  EXPECT_EQ(set.collect(), (std::vector<types::Row>{MakeRow("spark.sql.shuffle.partitions", "3")}));
  EXPECT_EQ(session->conf().get("sluice.sql.shuffle.partitions"), "3");
  auto explained = session->sql("EXPLAIN SELECT 1 AS one").collect();
  ASSERT_EQ(explained.size(), 1u);
  EXPECT_NE(explained[0][0].string_value().find("== Physical Plan =="), std::string::npos);
}

TEST(SessionSqlTest, PipelineStatementsDeclareAndStartQueries) {
  auto session = Session::Create();
  std::string source = UniqueName("sql_events");
  std::string sink = UniqueName("sql_results");
  auto empty = session->sql("CREATE SOURCE " + source + " (user STRING, clicks INT) USING memory; " +
                            "CREATE SINK " + sink + " USING memory; " +
                            "CREATE VIEW busy AS SELECT user, clicks FROM " + source + " WHERE clicks > 1; " +
                            "CREATE STREAMING QUERY counter OUTPUT MODE complete AS INSERT INTO " + sink +
                            " SELECT user, sum(clicks) AS total FROM busy GROUP BY user");
  EXPECT_TRUE(empty.columns().empty());
  EXPECT_TRUE(empty.collect().empty());

  auto active = session->streams().active();
  ASSERT_EQ(active.size(), 1u);
  EXPECT_EQ(active[0].name(), "counter");

  // The declared memory source is a memory stream of that name.
  auto stream = session->table(source);
  EXPECT_TRUE(stream.isStreaming());
  auto registered = connectors::MemoryStreamRegistry::Global().Find(source);
  ASSERT_NE(registered, nullptr);
  ASSERT_TRUE(registered->AddData({MakeRow("ann", 2), MakeRow("bo", 1), MakeRow("ann", 3)}).ok());
  active[0].processAllAvailable();
  auto rows = session->sql("SELECT * FROM " + sink).collect();
  EXPECT_EQ(Sorted(rows), (std::vector<types::Row>{MakeRow("ann", 5)})) << RowsText(rows);
  active[0].stop();
  EXPECT_TRUE(session->streams().active().empty());
}

TEST(SessionSqlTest, StatementErrorsThrow) {
  auto session = Session::Create();
  EXPECT_TRUE(ThrowsWith<ParseException>([&] { session->sql("SELEC 1"); }, "syntax error"));
  EXPECT_TRUE(ThrowsWith<AnalysisException>([&] { session->sql("SELECT * FROM no_such_table"); }, "no_such_table"));
  EXPECT_TRUE(ThrowsWith<AnalysisException>([&] { session->sql("CREATE SOURCE s USING nosuchformat"); },
                                            "Failed to find the data source: nosuchformat"));
  auto result = session->trySql("SELECT nope");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kAnalysisError);
}

TEST(DataStreamReaderTest, RateSourceSchemaAndOptionErrors) {
  auto session = Session::Create();
  auto rate = session->readStream().format("rate").option("rowsPerSecond", 5).load();
  EXPECT_TRUE(rate.isStreaming());
  EXPECT_EQ(rate.columns(), (std::vector<std::string>{"timestamp", "value"}));
  EXPECT_TRUE(ThrowsWith<AnalysisException>([&] { session->readStream().format("rat").load(); },
                                            "Failed to find the data source: rat"));
  EXPECT_TRUE(ThrowsWith<IllegalArgumentException>(
      [&] { session->readStream().format("rate").option("rowsPerSecnd", 5).load(); }, "rowsPerSecond"));
  EXPECT_TRUE(ThrowsWith<IllegalArgumentException>(
      [&] { session->readStream().format("rate").option("rowsPerSecond", -1).load(); }, "rowsPerSecond"));
  // The anonymous source's internal name is not part of the message.
  try {
    session->readStream().format("rate").option("bogus", 1).load();
    FAIL() << "expected an exception";
  } catch (const SluiceException& e) {
    EXPECT_EQ(std::string(e.what()).find("__sluice"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(ThrowsWith<IllegalArgumentException>([&] { session->readStream().load(); }, "no source format"));
}

TEST(DataStreamReaderTest, MemoryFormatAndTable) {
  auto session = Session::Create();
  std::string name = UniqueName("reader_stream");
  auto stream = session->memoryStream(name, "value INT");
  auto by_option = session->readStream().format("memory").option("name", name).load();
  EXPECT_EQ(by_option.columns(), (std::vector<std::string>{"value"}));
  EXPECT_TRUE(session->readStream().table(name).isStreaming());
  EXPECT_TRUE(ThrowsWith<AnalysisException>([&] { session->read().table(name); }, "readStream().table"));
}

TEST(DataFrameReaderTest, MemorySnapshots) {
  auto session = Session::Create();
  std::string name = UniqueName("snapshot_stream");
  auto stream = session->memoryStream(name, "value INT");
  stream.addData({MakeRow(1), MakeRow(2)});
  stream.addData({MakeRow(3)});
  auto snapshot = session->read().format("memory").load(name);
  EXPECT_FALSE(snapshot.isStreaming());
  EXPECT_EQ(Sorted(snapshot.collect()), (std::vector<types::Row>{MakeRow(1), MakeRow(2), MakeRow(3)}));
  EXPECT_TRUE(ThrowsWith<AnalysisException>([&] { session->read().format("memory").load(UniqueName("none")); },
                                            "no memory table or memory stream"));
  EXPECT_TRUE(ThrowsWith<AnalysisException>([&] { session->read().format("parquet").load("/tmp/x"); },
                                            "Failed to find the data source: parquet"));
}

}  // namespace
}  // namespace sluice
