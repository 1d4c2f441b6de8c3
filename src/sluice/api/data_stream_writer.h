#pragma once

#include "sluice/api/foreach_writer.h"

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <type_traits>
#include <utility>

#include "sluice/api/data_frame.h"
#include "sluice/api/option_text.h"
#include "sluice/api/streaming_query.h"
#include "sluice/api/trigger.h"
#include "sluice/common/output_mode.h"

namespace sluice {

// Starts a streaming query that writes a streaming DataFrame to a sink (Spark's
// DataStreamWriter), from df.writeStream():
//   df.writeStream().format("memory").queryName("counts").outputMode("complete").start()
//   df.writeStream().format("console").trigger(Trigger::ProcessingTime("2 seconds")).start()
//   df.writeStream().foreachBatch([](const DataFrame& batch, int64_t id) { ... })
//       .option("checkpointLocation", "/tmp/cp").start()
// Formats: every sink of the connector registry (console, memory, ...). Like Spark,
// every sink except memory and console needs option("checkpointLocation", dir) or
// the setting spark.sql.streaming.checkpointLocation.
// Setters change this writer and return it, so calls chain.
class DataStreamWriter {
 public:
  explicit DataStreamWriter(DataFrame df) : df_(std::move(df)) {}

  DataStreamWriter& format(const std::string& sink);
  DataStreamWriter& option(const std::string& key, const std::string& value);
  DataStreamWriter& option(const std::string& key, const char* value) { return option(key, std::string(value)); }
  template <typename T>
    requires std::is_arithmetic_v<T>
  DataStreamWriter& option(const std::string& key, T value) {
    return option(key, api::OptionText(value));
  }
  DataStreamWriter& options(const std::map<std::string, std::string>& options);
  // "append" (default), "update" or "complete", any case. Throws
  // IllegalArgumentException for anything else.
  DataStreamWriter& outputMode(const std::string& mode);
  DataStreamWriter& outputMode(OutputMode mode);
  DataStreamWriter& trigger(const Trigger& trigger);
  // The query's name: shown in progress, and the table name of the memory sink.
  DataStreamWriter& queryName(const std::string& name);
  // Calls `fn` on the driver thread with each micro-batch as a static DataFrame and its
  // batch id (0, 1, ...). The DataFrame is valid during the call. An exception thrown by
  // `fn` fails the query (StreamingQueryException). At-least-once: after a restart the
  // last batch may come again with the same id.
  DataStreamWriter& foreachBatch(std::function<void(const DataFrame& batch, int64_t batch_id)> fn);
  // Writes rows one by one through `writer` (Spark's foreach); see ForeachWriter.
  DataStreamWriter& foreach(std::shared_ptr<ForeachWriter> writer);
  // Beyond Spark: the input rows the query drops behind the watermark go to a second
  // sink instead of vanishing (numRowsDroppedByWatermark still counts them). The rows
  // are those reaching the most upstream stateful operator, written in append mode with
  // the id of the batch that dropped them. `format` is any sink format; the memory
  // sink's table is named by option "queryName":
  //   .lateRowsSink("memory", {{"queryName", "late_clicks"}})
  //   .lateRowsSink("json", {{"path", "/data/late"}})
  DataStreamWriter& lateRowsSink(const std::string& format, const std::map<std::string, std::string>& options = {});

  // Analyzes the query against the output mode and starts it on its own thread.
  // Throws AnalysisException (the query cannot run, e.g. an aggregation in append mode
  // without a watermark), IllegalArgumentException (bad options).
  StreamingQuery start() const;
  // start() with option "path" set.
  StreamingQuery start(const std::string& path) const;
  // start() that returns the error instead of throwing.
  Result<StreamingQuery> tryStart() const;

 private:
  DataFrame df_;
  std::string format_;
  std::map<std::string, std::pair<std::string, std::string>> options_;  // lower-case key -> (key, value)
  OutputMode output_mode_ = OutputMode::kAppend;
  Trigger trigger_;
  std::string query_name_;
  std::function<void(const DataFrame&, int64_t)> foreach_batch_;
  std::shared_ptr<ForeachWriter> foreach_writer_;
  std::string late_rows_format_;
  std::map<std::string, std::string> late_rows_options_;
};

}  // namespace sluice
