#pragma once

#include <map>
#include <memory>
#include <string>

#include "sluice/common/output_mode.h"
#include "sluice/connectors/sink.h"
#include "sluice/plan/logical_plan.h"
#include "sluice/runtime/streaming_query.h"
#include "sluice/runtime/trigger.h"

namespace sluice {
class Session;
}  // namespace sluice

namespace sluice::api {

// What DataStreamWriter::start() and SQL's CREATE STREAMING QUERY both need to start
// a query.
struct StartRequest {
  plan::LogicalPlanPtr plan;
  std::string query_name;                     // "" = unnamed
  std::string format;                         // the sink format; ignored when `sink` is set
  std::string sink_name;                      // the declared sink's name (SQL), or ""
  std::map<std::string, std::string> options; // writer options, keys as written
  OutputMode output_mode = OutputMode::kAppend;
  runtime::Trigger trigger;
  // Beyond Spark: a sink for the input rows dropped behind the watermark (format ""
  // = none). `late_rows_name` names the memory sink's table.
  std::string late_rows_format;
  std::string late_rows_name;
  std::map<std::string, std::string> late_rows_options;
  // A sink made by the caller (foreachBatch): used instead of creating `format`.
  std::function<Result<std::shared_ptr<connectors::Sink>>(types::SchemaPtr output_schema)> make_sink;
};

// Analyzes the query, creates its sink through the connector registry (the memory sink
// registers its table under the query name, or the declared sink name), checks the
// query name is not used by an active query of the session (Spark's rule), creates the
// runtime query with the session's settings and starts it, and records it in the
// session. Checkpoints: option checkpointLocation, else the session setting
// spark.sql.streaming.checkpointLocation, else a temporary directory for memory and
// console sinks only (an AnalysisError for the others, as Spark).
Result<std::shared_ptr<runtime::StreamingQuery>> StartStreamingQuery(const std::shared_ptr<Session>& session,
                                                                     StartRequest request);

}  // namespace sluice::api
