#include <chrono>
#include <filesystem>
#include <set>
#include <thread>

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

  Result<std::shared_ptr<StreamingQuery>> Start(const std::string& sql, OutputMode mode, Config conf = {}) {
    SLUICE_ASSIGN_OR_RETURN(sql::QueryPtr q, sql::ParseQuery(sql));
    SLUICE_ASSIGN_OR_RETURN(plan::LogicalPlanPtr logical, plan::QueryToLogicalPlan(*q));
    QueryOptions options;
    options.output_mode = mode;
    options.checkpoint_location = dir_;
    options.sink = sink_;
    options.clock = &clock_;
    options.conf = std::move(conf);
    return StreamingQuery::Create(logical, catalog_, options);
  }

  // Waits up to `seconds` for the sink to hold `n` rows.
  bool WaitForRows(size_t n, int seconds) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (sink_->AllRows().size() < n) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return true;
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

// Old offsets and commits are purged on a background thread; files of the retained
// batches stay, and a restart resumes after the last batch.
TEST_F(StreamingQueryTest, PurgesOldLogFilesInTheBackground) {
  Config conf;
  conf.Set("spark.sql.streaming.minBatchesToRetain", "3");
  const std::string sql = "SELECT value, count(*) AS n FROM events GROUP BY value";
  ASSERT_OK_AND_ASSIGN(auto q, Start(sql, OutputMode::kUpdate, conf));
  for (int i = 0; i < 25; ++i) {
    ASSERT_OK(stream_->AddData({{Value::Int(i % 3)}}).status());
    ASSERT_OK(q->RunUntilIdle());
  }
  q->Stop();  // waits for a running purge
  auto ids = [&](const std::string& log) {
    std::set<int64_t> out;
    for (const auto& e : std::filesystem::directory_iterator(dir_ + "/" + log)) {
      const std::string name = e.path().filename().string();
      if (!name.empty() && std::isdigit(static_cast<unsigned char>(name[0]))) out.insert(std::stoll(name));
    }
    return out;
  };
  for (const char* log : {"offsets", "commits"}) {
    std::set<int64_t> present = ids(log);
    // The purge after batch 10 (the first) always runs; the one after batch 20 may be
    // skipped only if the first were still running then.
    EXPECT_EQ(present.count(6), 0u) << log;
    for (int64_t id = 17; id <= 24; ++id) EXPECT_EQ(present.count(id), 1u) << log << " " << id;
  }
  ASSERT_OK_AND_ASSIGN(auto restarted, Start(sql, OutputMode::kUpdate, conf));
  ASSERT_OK(stream_->AddData({{Value::Int(0)}}).status());
  ASSERT_OK(restarted->RunUntilIdle());
  auto rows = sink_->RowsOfBatch(25);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][1], Value::Int(10));  // value 0 seen in batches 0, 3, ..., 24 and now
}

// The query thread waits pollingDelay between polls when idle, but a source that
// announces new data (the memory stream) ends the wait at once, and so does Stop().
TEST_F(StreamingQueryTest, NewDataWakesTheIdleQueryThread) {
  Config conf;
  conf.Set("spark.sql.streaming.pollingDelay", "3600s");  // polling alone would take an hour
  ASSERT_OK_AND_ASSIGN(auto q, Start("SELECT value FROM events", OutputMode::kAppend, conf));
  ASSERT_OK(q->Start());
  std::this_thread::sleep_for(std::chrono::milliseconds(20));  // let it go idle
  for (int i = 1; i <= 3; ++i) {
    ASSERT_OK(stream_->AddData({{Value::Int(i)}}).status());
    ASSERT_TRUE(WaitForRows(static_cast<size_t>(i), 30)) << "row " << i << " was not picked up";
  }
  auto before_stop = std::chrono::steady_clock::now();
  q->Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - before_stop, std::chrono::seconds(20));
  EXPECT_OK(q->exception());
}

// Sources without a data listener (here: rate) are still polled.
TEST_F(StreamingQueryTest, SourcesWithoutAListenerArePolled) {
  ASSERT_OK(catalog_->AddSource("ticks", "rate", {{"rowsPerSecond", "100"}}, nullptr, true, Config()));
  ASSERT_OK_AND_ASSIGN(sql::QueryPtr ast, sql::ParseQuery("SELECT value FROM ticks"));
  QueryOptions options;
  options.checkpoint_location = dir_;
  options.sink = sink_;
  options.conf.Set("spark.sql.streaming.pollingDelay", "5ms");
  ASSERT_OK_AND_ASSIGN(auto q, StreamingQuery::Create(plan::QueryToLogicalPlan(*ast).value(), catalog_, options));
  ASSERT_OK(q->Start());
  EXPECT_TRUE(WaitForRows(1, 30));
  q->Stop();
  EXPECT_OK(q->exception());
}

TEST_F(StreamingQueryTest, InvalidPollingDelayIsRejected) {
  Config conf;
  conf.Set("spark.sql.streaming.pollingDelay", "soon");
  auto q = Start("SELECT value FROM events", OutputMode::kAppend, conf);
  ASSERT_FALSE(q.ok());
  EXPECT_NE(q.status().message().find("spark.sql.streaming.pollingDelay must be a duration such as 10ms or 1s, got 'soon'"),
            std::string::npos)
      << q.status().message();
}

}  // namespace
}  // namespace sluice::runtime
