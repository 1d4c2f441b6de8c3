// Streaming queries through the public API: memory streams into memory sinks, stateful
// aggregation in update and complete modes, the rate source, foreachBatch, progress and
// query errors.

#include <gtest/gtest.h>

#include <mutex>

#include "api_test_util.h"
#include "sluice/connectors/memory/memory_sink.h"
#include "sluice/connectors/memory/memory_table_registry.h"
#include "sluice/expr/function_registry.h"

namespace sluice {
namespace {

using namespace sluice::functions;  // NOLINT: the API is meant to be used this way
using api_testing::RowsText;
using api_testing::Sorted;
using api_testing::TempDir;
using api_testing::ThrowsWith;
using api_testing::UniqueName;
using api_testing::WaitFor;

std::shared_ptr<connectors::MemorySink> SinkOf(const std::string& query_name) {
  return connectors::MemoryTableRegistry::Global().Find(query_name);
}

TEST(StreamingQueryTest, MemoryStreamThroughStatelessOpsToMemorySink) {
  auto session = Session::Create();
  auto events = session->memoryStream(UniqueName("events"), "value INT, name STRING");
  std::string name = UniqueName("evens");
  StreamingQuery query = events.toDF()
                             .where(col("value") % 2 == 0)
                             .select(col("value"), upper("name").alias("upper_name"))
                             .withColumn("doubled", col("value") * 2)
                             .writeStream()
                             .format("memory")
                             .queryName(name)
                             .start();
  EXPECT_TRUE(query.isActive());
  EXPECT_EQ(query.name(), name);
  EXPECT_FALSE(query.id().empty());
  EXPECT_NE(query.id(), query.runId());

  events.addData({MakeRow(1, "a"), MakeRow(2, "b"), MakeRow(4, "d")});
  query.processAllAvailable();
  auto rows = session->sql("SELECT * FROM " + name).collect();
  std::vector<types::Row> expected = {MakeRow(2, "B", 4), MakeRow(4, "D", 8)};
  EXPECT_EQ(Sorted(rows), expected) << RowsText(rows);

  events.addData({MakeRow(6, "f"), MakeRow(7, "g")});
  query.processAllAvailable();
  rows = SinkOf(name)->AllRows();
  expected.push_back(MakeRow(6, "F", 12));
  EXPECT_EQ(Sorted(rows), expected) << RowsText(rows);

  query.stop();
  EXPECT_FALSE(query.isActive());
  EXPECT_TRUE(query.awaitTermination(0));
  EXPECT_FALSE(query.exception().has_value());
}

TEST(StreamingQueryTest, GroupByAggInCompleteMode) {
  auto session = Session::Create();
  auto events = session->memoryStream(UniqueName("clicks"), "user STRING, n INT");
  std::string name = UniqueName("totals_complete");
  auto query = events.toDF()
                   .groupBy("user")
                   .agg(count("*").alias("events"), sum("n").alias("total"))
                   .writeStream()
                   .format("memory")
                   .queryName(name)
                   .outputMode("complete")
                   .start();
  events.addData({MakeRow("a", 1), MakeRow("b", 2), MakeRow("a", 3)});
  query.processAllAvailable();
  auto rows = session->sql("SELECT * FROM " + name).collect();
  EXPECT_EQ(Sorted(rows), (std::vector<types::Row>{MakeRow("a", 2, 4), MakeRow("b", 1, 2)})) << RowsText(rows);

  events.addData({MakeRow("b", 5)});
  query.processAllAvailable();
  rows = session->sql("SELECT * FROM " + name).collect();
  // Complete mode: the whole result table replaces the previous one.
  EXPECT_EQ(Sorted(rows), (std::vector<types::Row>{MakeRow("a", 2, 4), MakeRow("b", 2, 7)})) << RowsText(rows);
  query.stop();
}

TEST(StreamingQueryTest, GroupByAggInUpdateModeEmitsChangedGroups) {
  auto session = Session::Create();
  auto events = session->memoryStream(UniqueName("clicks"), "user STRING, n INT");
  std::string name = UniqueName("totals_update");
  auto query = events.toDF()
                   .groupBy("user")
                   .agg(count("*").alias("events"), sum("n").alias("total"))
                   .writeStream()
                   .format("memory")
                   .queryName(name)
                   .outputMode("update")
                   .start();
  events.addData({MakeRow("a", 1), MakeRow("b", 2), MakeRow("a", 3)});
  query.processAllAvailable();
  events.addData({MakeRow("b", 5)});
  query.processAllAvailable();
  auto sink = SinkOf(name);
  ASSERT_NE(sink, nullptr);
  auto latest = sink->LatestBatchId();
  ASSERT_TRUE(latest.has_value());
  // Only group b changed in the last batch.
  auto last_rows = sink->RowsOfBatch(*latest);
  EXPECT_EQ(last_rows, (std::vector<types::Row>{MakeRow("b", 2, 7)})) << RowsText(last_rows);
  EXPECT_EQ(Sorted(sink->AllRows()),
            (std::vector<types::Row>{MakeRow("a", 2, 4), MakeRow("b", 1, 2), MakeRow("b", 2, 7)}));
  query.stop();
}

TEST(StreamingQueryTest, ProgressJsonReportsInputRows) {
  auto session = Session::Create();
  auto events = session->memoryStream(UniqueName("progress"), "value INT");
  auto query = events.toDF().writeStream().format("memory").queryName(UniqueName("progress_q")).start();
  EXPECT_TRUE(query.lastProgressJson().is_null() || query.lastProgressJson().contains("numInputRows"));
  events.addData({MakeRow(1), MakeRow(2), MakeRow(3)});
  query.processAllAvailable();
  auto last = query.lastProgressJson();
  ASSERT_TRUE(last.is_object()) << last.dump();
  EXPECT_TRUE(last.contains("numInputRows")) << last.dump(2);
  EXPECT_TRUE(last.contains("batchId")) << last.dump(2);
  EXPECT_EQ(last["id"], query.id());
  std::string text = query.lastProgress();
  EXPECT_NE(text.find("\"numInputRows\""), std::string::npos) << text;
  int64_t total = 0;
  for (const auto& p : query.recentProgress()) total += p["numInputRows"].get<int64_t>();
  EXPECT_EQ(total, 3);
  auto status = query.statusJson();
  EXPECT_TRUE(status.contains("message")) << status.dump();
  EXPECT_TRUE(status.contains("isTriggerActive")) << status.dump();
  EXPECT_NE(query.explainString().find("== Physical Plan =="), std::string::npos);
  query.stop();
}

TEST(StreamingQueryTest, ForeachBatchReceivesBatchIdsInOrder) {
  auto session = Session::Create();
  auto events = session->memoryStream(UniqueName("fb"), "value INT");
  TempDir checkpoint;
  std::mutex mu;
  std::vector<int64_t> ids;
  std::vector<std::vector<types::Row>> batches;
  auto query = events.toDF()
                   .withColumn("tenfold", col("value") * 10)
                   .writeStream()
                   .foreachBatch([&](const DataFrame& batch, int64_t batch_id) {
                     auto rows = batch.orderBy("value").collect();
                     std::lock_guard<std::mutex> lock(mu);
                     ids.push_back(batch_id);
                     batches.push_back(rows);
                   })
                   .option("checkpointLocation", checkpoint.path())
                   .start();
  events.addData({MakeRow(2), MakeRow(1)});
  query.processAllAvailable();
  events.addData({MakeRow(3)});
  query.processAllAvailable();
  query.stop();
  std::lock_guard<std::mutex> lock(mu);
  ASSERT_GE(ids.size(), 2u);
  // Batches that carried data, in order; a no-data batch would come with no rows.
  std::vector<int64_t> data_ids;
  std::vector<std::vector<types::Row>> data_batches;
  for (size_t i = 0; i < ids.size(); ++i) {
    EXPECT_EQ(ids[i], static_cast<int64_t>(i));
    if (!batches[i].empty()) data_batches.push_back(batches[i]);
  }
  ASSERT_EQ(data_batches.size(), 2u);
  EXPECT_EQ(data_batches[0], (std::vector<types::Row>{MakeRow(1, 10), MakeRow(2, 20)}));
  EXPECT_EQ(data_batches[1], (std::vector<types::Row>{MakeRow(3, 30)}));
}

// Spark's ForeachWriter: open/process/close per partition and epoch; a failure in
// process() closes with the error and fails the query.
class RecordingWriter : public ForeachWriter {
 public:
  bool open(int64_t partition_id, int64_t epoch_id) override {
    std::lock_guard<std::mutex> lock(mu);
    events.push_back("open " + std::to_string(epoch_id));
    return true;
  }
  void process(const types::Row& row) override {
    std::lock_guard<std::mutex> lock(mu);
    if (row[0] == types::Value::Int(13)) throw std::runtime_error("unlucky row");
    rows.push_back(row);
  }
  void close(const std::optional<std::string>& error) override {
    std::lock_guard<std::mutex> lock(mu);
    events.push_back(error ? "close error" : "close");
  }
  std::mutex mu;
  std::vector<std::string> events;
  std::vector<types::Row> rows;
};

TEST(StreamingQueryTest, ForeachWriterOpensProcessesAndCloses) {
  auto session = Session::Create();
  auto events = session->memoryStream(UniqueName("fw"), "value INT");
  TempDir checkpoint;
  auto writer = std::make_shared<RecordingWriter>();
  auto query = events.toDF().writeStream().foreach(writer).option("checkpointLocation", checkpoint.path()).start();
  events.addData({MakeRow(1), MakeRow(2)});
  query.processAllAvailable();
  {
    std::lock_guard<std::mutex> lock(writer->mu);
    EXPECT_EQ(writer->rows, (std::vector<types::Row>{MakeRow(1), MakeRow(2)}));
    ASSERT_GE(writer->events.size(), 2u);
    EXPECT_EQ(writer->events.front(), "open 0");
    EXPECT_EQ(writer->events.back(), "close");
  }
  events.addData({MakeRow(13)});
  EXPECT_THROW(query.processAllAvailable(), StreamingQueryException);
  std::lock_guard<std::mutex> lock(writer->mu);
  EXPECT_EQ(writer->events.back(), "close error");
}

TEST(StreamingQueryTest, ForeachBatchNeedsCheckpointAndFailuresEndTheQuery) {
  auto session = Session::Create();
  auto events = session->memoryStream(UniqueName("fb_err"), "value INT");
  auto noop = [](const DataFrame&, int64_t) {};
  EXPECT_TRUE(ThrowsWith<AnalysisException>([&] { events.toDF().writeStream().foreachBatch(noop).start(); },
                                            "checkpointLocation must be specified"));

  TempDir checkpoint;
  auto query = events.toDF()
                   .writeStream()
                   .foreachBatch([](const DataFrame& batch, int64_t) {
                     if (batch.count() > 0) throw std::runtime_error("boom in user code");
                   })
                   .option("checkpointLocation", checkpoint.path())
                   .start();
  events.addData({MakeRow(1)});
  EXPECT_TRUE(ThrowsWith<StreamingQueryException>([&] { query.processAllAvailable(); }, "boom in user code"));
  // awaitTermination rethrows the query's failure, as Spark's does.
  EXPECT_TRUE(ThrowsWith<StreamingQueryException>([&] { query.awaitTermination(5000); }, "boom in user code"));
  ASSERT_TRUE(query.exception().has_value());
  std::string message = query.exception()->what();
  EXPECT_NE(message.find("[STREAM_FAILED] Query [id = " + query.id()), std::string::npos) << message;
  EXPECT_FALSE(query.isActive());
  EXPECT_TRUE(ThrowsWith<StreamingQueryException>([&] { query.awaitTermination(); }, "boom in user code"));
}

TEST(StreamingQueryTest, RateSourceExampleChainRuns) {
  auto session = Session::Create();
  std::string name = UniqueName("rate_evens");
  auto query = session->readStream()
                   .format("rate")
                   .option("rowsPerSecond", 50)
                   .load()
                   .where("value % 2 = 0")
                   .writeStream()
                   .format("memory")
                   .queryName(name)
                   .start();
  EXPECT_FALSE(query.awaitTermination(100));  // still running
  ASSERT_TRUE(WaitFor([&] { auto s = SinkOf(name); return s != nullptr && s->num_rows() >= 3; }, 10000))
      << query.lastProgress();
  query.stop();
  EXPECT_FALSE(query.isActive());
  auto rows = session->sql("SELECT value FROM " + name).collect();
  ASSERT_FALSE(rows.empty());
  for (const auto& r : rows) EXPECT_EQ(r[0].int_value() % 2, 0) << RowsText(rows);
}

// The chain from the design brief and docs/cpp-api.md, verbatim.
TEST(StreamingQueryTest, ReadmeExampleRuns) {
  testing::internal::CaptureStdout();
  auto session = sluice::Session::Create();
  auto query = session->readStream().format("rate").option("rowsPerSecond", 5).load()
                   .where("value % 2 = 0").writeStream().format("console").start();
  EXPECT_FALSE(query.awaitTermination(1500));
  bool saw_rows = WaitFor([&] {
    for (const auto& p : query.recentProgress()) {
      if (p["numInputRows"].get<int64_t>() > 0) return true;
    }
    return false;
  }, 10000);
  query.stop();
  std::string out = testing::internal::GetCapturedStdout();
  EXPECT_TRUE(saw_rows);
  EXPECT_FALSE(query.isActive());
  EXPECT_NE(out.find("Batch: "), std::string::npos) << out;
  EXPECT_NE(out.find("|timestamp|value|"), std::string::npos) << out;
}

TEST(StreamingQueryTest, ConsoleSinkPrintsBatches) {
  auto session = Session::Create();
  auto events = session->memoryStream(UniqueName("console"), "value INT");
  testing::internal::CaptureStdout();
  auto query = events.toDF().where("value % 2 = 0").writeStream().format("console").start();
  events.addData({MakeRow(1), MakeRow(2)});
  query.processAllAvailable();
  query.stop();
  std::string out = testing::internal::GetCapturedStdout();
  EXPECT_NE(out.find("Batch: 0"), std::string::npos) << out;
  EXPECT_NE(out.find("|value|"), std::string::npos) << out;
}

TEST(StreamingQueryTest, AvailableNowTriggerStopsByItself) {
  auto session = Session::Create();
  auto events = session->memoryStream(UniqueName("avail"), "value INT");
  events.addData({MakeRow(1), MakeRow(2)});
  std::string name = UniqueName("avail_q");
  auto query =
      events.toDF().writeStream().format("memory").queryName(name).trigger(Trigger::AvailableNow()).start();
  EXPECT_TRUE(query.awaitTermination(10000));
  EXPECT_FALSE(query.isActive());
  EXPECT_EQ(SinkOf(name)->num_rows(), 2);
}

TEST(StreamingQueryTest, StartErrors) {
  auto session = Session::Create();
  auto events = session->memoryStream(UniqueName("errs"), "value INT, ts TIMESTAMP");
  DataFrame df = events.toDF();
  // Unknown column: thrown where the DataFrame is built, with Spark's suggestion.
  EXPECT_TRUE(ThrowsWith<AnalysisException>([&] { df.select(col("vaule")); },
                                            "[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function "
                                            "parameter with name `vaule` cannot be resolved. Did you mean one of the "
                                            "following? [`value`"));
  // Output mode checks happen at start().
  EXPECT_TRUE(ThrowsWith<AnalysisException>(
      [&] { df.writeStream().format("memory").queryName(UniqueName("c")).outputMode("complete").start(); },
      "Complete output mode not supported"));
  EXPECT_TRUE(ThrowsWith<IllegalArgumentException>([&] { df.writeStream().outputMode("sometimes"); },
                                                   "Unknown output mode sometimes"));
  EXPECT_TRUE(ThrowsWith<IllegalArgumentException>([&] { df.writeStream().format("memory").start(); },
                                                   "queryName must be specified for memory sink"));
  EXPECT_TRUE(ThrowsWith<AnalysisException>([&] { df.writeStream().format("nowhere").start(); },
                                            "Failed to find the data source: nowhere"));
  EXPECT_TRUE(ThrowsWith<IllegalArgumentException>([&] { df.writeStream().start(); }, "no sink format"));
  EXPECT_TRUE(ThrowsWith<IllegalArgumentException>([] { Trigger::ProcessingTime("soon"); }, "soon"));

  auto result = df.writeStream().format("memory").queryName(UniqueName("c")).outputMode("complete").tryStart();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kAnalysisError);

  // One active query per name.
  std::string name = UniqueName("dup");
  auto first = df.writeStream().format("memory").queryName(name).start();
  EXPECT_TRUE(ThrowsWith<IllegalArgumentException>([&] { df.writeStream().format("memory").queryName(name).start(); },
                                                   "already active"));
  first.stop();
}

TEST(StreamingQueryTest, StreamsManagerTracksQueries) {
  auto session = Session::Create();
  auto events = session->memoryStream(UniqueName("mgr"), "value INT");
  auto a = events.toDF().writeStream().format("memory").queryName(UniqueName("mgr_a")).start();
  auto b = events.toDF().writeStream().format("memory").queryName(UniqueName("mgr_b")).start();
  EXPECT_EQ(session->streams().active().size(), 2u);
  ASSERT_TRUE(session->streams().get(a.id()).has_value());
  EXPECT_EQ(session->streams().get(a.id())->name(), a.name());
  EXPECT_FALSE(session->streams().awaitAnyTermination(50));
  a.stop();
  EXPECT_TRUE(session->streams().awaitAnyTermination(5000));
  EXPECT_EQ(session->streams().active().size(), 1u);
  session->streams().resetTerminated();
  EXPECT_FALSE(session->streams().get(a.id()).has_value());
  session->stop();
  EXPECT_FALSE(b.isActive());
}

TEST(StreamingQueryTest, WatermarkedWindowAggregationInAppendMode) {
  if (expr::FindFunction("window") == nullptr) GTEST_SKIP() << "window() is not in the function list yet";
  auto session = Session::Create();
  auto events = session->memoryStream(UniqueName("windows"), "ts TIMESTAMP, word STRING");
  std::string name = UniqueName("window_counts");
  auto query = events.toDF()
                   .withWatermark("ts", "10 seconds")
                   .groupBy(window("ts", "10 seconds"), "word")
                   .count()
                   .select(col("window.start").cast("STRING").alias("start"), col("word"), col("count"))
                   .writeStream()
                   .format("memory")
                   .queryName(name)
                   .outputMode("append")
                   .start();
  events.addData({MakeRow("2024-01-01 00:00:01", "a"), MakeRow("2024-01-01 00:00:05", "a")});
  query.processAllAvailable();
  EXPECT_EQ(SinkOf(name)->num_rows(), 0);  // the window is still open
  events.addData({MakeRow("2024-01-01 00:00:30", "b")});
  query.processAllAvailable();
  auto rows = SinkOf(name)->AllRows();
  EXPECT_EQ(rows, (std::vector<types::Row>{MakeRow("2024-01-01 00:00:00", "a", 2)})) << RowsText(rows);
  query.stop();
}

// A delay in months counts 31 days a month, as Spark's watermark delay does.
TEST(StreamingQueryTest, WatermarkDelayInMonthsCountsThirtyOneDays) {
  auto session = Session::Create();
  auto events = session->memoryStream(UniqueName("month_events"), "ts TIMESTAMP, word STRING");
  auto query = events.toDF()
                   .withWatermark("ts", "1 month")
                   .groupBy(window("ts", "10 seconds"), "word")
                   .count()
                   .writeStream()
                   .format("memory")
                   .queryName(UniqueName("month_counts"))
                   .outputMode("append")
                   .start();
  events.addData({MakeRow("2024-03-01 00:00:00", "a")});
  query.processAllAvailable();
  // 2024-03-01 minus 31 days (February 2024 has 29).
  EXPECT_EQ(query.lastProgressJson()["eventTime"]["watermark"], "2024-01-30T00:00:00.000Z") << query.lastProgress();
  query.stop();
}

// Beyond Spark: rows the watermark drops reach the writer's late-row sink.
TEST(StreamingQueryTest, LateRowsSinkReceivesDroppedRows) {
  auto session = Session::Create();
  auto events = session->memoryStream(UniqueName("late_events"), "ts TIMESTAMP, word STRING");
  std::string name = UniqueName("late_counts");
  std::string late = UniqueName("late_rows");
  auto query = events.toDF()
                   .withWatermark("ts", "10 seconds")
                   .groupBy(window("ts", "10 seconds"), "word")
                   .count()
                   .writeStream()
                   .format("memory")
                   .queryName(name)
                   .outputMode("update")
                   .lateRowsSink("memory", {{"queryName", late}})
                   .start();
  events.addData({MakeRow("2024-01-01 00:00:31", "a")});
  query.processAllAvailable();
  // The watermark is now 00:00:21: the first row is late, the second is not.
  events.addData({MakeRow("2024-01-01 00:00:05", "b"), MakeRow("2024-01-01 00:00:25", "c")});
  query.processAllAvailable();
  auto rows = SinkOf(late)->AllRows();
  ASSERT_EQ(rows.size(), 1u) << RowsText(rows);
  EXPECT_EQ(rows[0][1], types::Value::String("b")) << RowsText(rows);
  EXPECT_EQ(SinkOf(name)->num_rows(), 2);  // a and c counted, b not
  query.stop();
}

TEST(StreamingQueryTest, LateRowsSinkWithUnknownFormatFailsToStart) {
  auto session = Session::Create();
  auto events = session->memoryStream(UniqueName("late_bad"), "ts TIMESTAMP");
  auto started = events.toDF()
                     .withWatermark("ts", "10 seconds")
                     .groupBy(window("ts", "10 seconds"))
                     .count()
                     .writeStream()
                     .format("memory")
                     .queryName(UniqueName("late_bad_counts"))
                     .lateRowsSink("nosuchsink")
                     .tryStart();
  ASSERT_FALSE(started.ok());
  EXPECT_NE(started.status().message().find("nosuchsink"), std::string::npos) << started.status().message();
}

}  // namespace
}  // namespace sluice
