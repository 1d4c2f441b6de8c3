#include <filesystem>

#include <gtest/gtest.h>

#include "sluice/checkpoint/uuid.h"
#include "sluice/connectors/memory/memory_sink.h"
#include "sluice/connectors/memory/memory_stream_registry.h"
#include "sluice/runtime/catalog.h"
#include "sluice/runtime/streaming_query.h"
#include "sluice/sql/parser.h"
#include "test_util.h"

namespace sluice::runtime {
namespace {

using types::Value;

class StreamingQueryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = (std::filesystem::temp_directory_path() / ("sluice-test-" + checkpoint::NewUuid())).string();
    connectors::MemoryStreamRegistry::Global().Remove("events");
    auto schema = std::make_shared<types::Schema>(types::Schema::Parse("value INT").value());
    ASSERT_OK(catalog_->AddSource("events", "memory", {}, schema, true, Config()));
    stream_ = connectors::MemoryStreamRegistry::Global().Find("events");
    sink_ = std::make_shared<connectors::MemorySink>();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  Result<std::shared_ptr<StreamingQuery>> Start(const std::string& sql, OutputMode mode) {
    SLUICE_ASSIGN_OR_RETURN(sql::QueryPtr q, sql::ParseQuery(sql));
    SLUICE_ASSIGN_OR_RETURN(plan::LogicalPlanPtr logical, plan::QueryToLogicalPlan(*q));
    QueryOptions options;
    options.output_mode = mode;
    options.checkpoint_location = dir_;
    options.sink = sink_;
    options.clock = &clock_;
    return StreamingQuery::Create(logical, catalog_, options);
  }

  std::string dir_;
  ManualClock clock_;
  std::shared_ptr<SessionCatalog> catalog_ = std::make_shared<SessionCatalog>();
  std::shared_ptr<connectors::MemoryStream> stream_;
  std::shared_ptr<connectors::MemorySink> sink_;
};

TEST_F(StreamingQueryTest, CheckpointOfAnotherQueryIsRefused) {
  ASSERT_OK_AND_ASSIGN(auto q1, Start("SELECT value, count(*) AS n FROM events GROUP BY value", OutputMode::kUpdate));
  ASSERT_OK(stream_->AddData({{Value::Int(1)}}).status());
  ASSERT_OK(q1->RunUntilIdle());
  q1->Stop();
  auto q2 = Start("SELECT value % 2 AS k, sum(value) AS s FROM events GROUP BY value % 2", OutputMode::kUpdate);
  ASSERT_FALSE(q2.ok());
  EXPECT_NE(q2.status().message().find("belongs to a different query"), std::string::npos) << q2.status().message();
  // The refused start changed nothing: the original query still resumes.
  ASSERT_OK_AND_ASSIGN(auto q3, Start("SELECT value, count(*) AS n FROM events GROUP BY value", OutputMode::kUpdate));
  ASSERT_OK(stream_->AddData({{Value::Int(1)}}).status());
  ASSERT_OK(q3->RunUntilIdle());
  auto rows = sink_->RowsOfBatch(1);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][1], Value::Int(2));
}

TEST_F(StreamingQueryTest, ProgressReportsSparkFields) {
  ASSERT_OK_AND_ASSIGN(auto q, Start("SELECT value FROM events WHERE value > 1", OutputMode::kAppend));
  ASSERT_OK(stream_->AddData({{Value::Int(1)}, {Value::Int(2)}, {Value::Int(3)}}).status());
  ASSERT_OK(q->RunUntilIdle());
  auto p = q->LastProgress();
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ((*p)["batchId"], 0);
  EXPECT_EQ((*p)["numInputRows"], 3);
  EXPECT_EQ((*p)["sink"]["numOutputRows"], 2);
  EXPECT_EQ((*p)["sources"][0]["endOffset"], 0);
  EXPECT_TRUE((*p)["sources"][0]["startOffset"].is_null());
  EXPECT_EQ((*p)["id"], q->id());
  EXPECT_TRUE(p->contains("durationMs"));
  EXPECT_FALSE(p->contains("eventTime"));
}

TEST_F(StreamingQueryTest, FailedBatchIsReplayedAfterRestart) {
  // 10 / (value - 2) fails on value 2 (ANSI division by zero): the batch is planned
  // (offsets written) but never committed.
  ASSERT_OK_AND_ASSIGN(auto q, Start("SELECT 10 / (value - 2) AS x FROM events", OutputMode::kAppend));
  ASSERT_OK(stream_->AddData({{Value::Int(1)}, {Value::Int(2)}}).status());
  Status s = q->RunUntilIdle();
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("DIVIDE_BY_ZERO"), std::string::npos) << s.message();
  EXPECT_TRUE(std::filesystem::exists(dir_ + "/offsets/0"));
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/commits/0"));
  q->Stop();
  // Restart with ANSI off: batch 0 runs again with the same rows.
  ASSERT_OK_AND_ASSIGN(sql::QueryPtr ast, sql::ParseQuery("SELECT 10 / (value - 2) AS x FROM events"));
  QueryOptions options;
  options.checkpoint_location = dir_;
  options.sink = sink_;
  options.conf.Set("spark.sql.ansi.enabled", "false");
  ASSERT_OK_AND_ASSIGN(auto q2, StreamingQuery::Create(plan::QueryToLogicalPlan(*ast).value(), catalog_, options));
  ASSERT_OK(q2->RunUntilIdle());
  EXPECT_EQ(sink_->AllRows().size(), 2u);
  EXPECT_TRUE(std::filesystem::exists(dir_ + "/commits/0"));
}

}  // namespace
}  // namespace sluice::runtime
