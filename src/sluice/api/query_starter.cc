#include "sluice/api/query_starter.h"

#include <algorithm>
#include <cctype>

#include "sluice/api/session.h"
#include "sluice/common/strings.h"
#include "sluice/connectors/registry.h"
#include "sluice/plan/analyzer.h"
#include "sluice/runtime/catalog.h"

namespace sluice::api {

namespace {


// Spark keeps a temporary checkpoint only for sinks whose output is not meant to be
// recovered: memory and console.
bool AllowsTemporaryCheckpoint(const std::string& format) {
  std::string f = AsciiLower(format);
  return f == "memory" || f == "console";
}

}  // namespace

Result<std::shared_ptr<runtime::StreamingQuery>> StartStreamingQuery(const std::shared_ptr<Session>& session,
                                                                     StartRequest request) {
  Config conf = session->ConfSnapshot();

  // The output schema, for the sink (the memory sink's table is queryable before its
  // first batch; the console sink prints headers of empty batches).
  plan::Analyzer analyzer(*session->catalog(), conf);
  SLUICE_ASSIGN_OR_RETURN(plan::PlanPtr analyzed, analyzer.Analyze(*request.plan));
  if (!analyzed->streaming) {
    return Status::AnalysisError("'writeStream' can be called only on streaming Dataset/DataFrame");
  }
  types::SchemaPtr output_schema = analyzed->OutputSchema();

  // Spark: only one active query per name in a session.
  if (!request.query_name.empty()) {
    for (const auto& q : session->ActiveQueries()) {
      if (AsciiLower(q->name()) == AsciiLower(request.query_name)) {
        return Status::InvalidArgument("Cannot start query with name " + request.query_name +
                                       " as a query with that name is already active in this SparkSession");
      }
    }
  }

  runtime::QueryOptions options;
  options.name = request.query_name;
  options.output_mode = request.output_mode;
  options.trigger = request.trigger;
  options.conf = conf;
  for (const auto& [key, value] : request.options) {
    if (AsciiLower(key) == "checkpointlocation") options.checkpoint_location = value;
  }

  if (request.make_sink) {
    SLUICE_ASSIGN_OR_RETURN(options.sink, request.make_sink(output_schema));
    options.sink_requires_checkpoint = true;
  } else {
    if (request.format.empty()) {
      return Status::InvalidArgument(
          "writeStream(): no sink format given; use format(\"console\"), format(\"memory\") or foreachBatch(...)");
    }
    connectors::ConnectorContext ctx;
    // The memory sink registers its table under this name (Spark: the queryName).
    ctx.name = request.sink_name.empty() ? request.query_name : request.sink_name;
    ctx.options = request.options;
    ctx.user_schema = output_schema;
    ctx.conf = &conf;
    SLUICE_ASSIGN_OR_RETURN(std::unique_ptr<connectors::Sink> sink, connectors::CreateSink(request.format, ctx));
    options.sink = std::move(sink);
    options.sink_requires_checkpoint = !AllowsTemporaryCheckpoint(request.format);
  }

  if (!request.late_rows_format.empty()) {
    connectors::ConnectorContext ctx;
    ctx.name = request.late_rows_name;
    ctx.options = request.late_rows_options;
    ctx.conf = &conf;
    SLUICE_ASSIGN_OR_RETURN(std::unique_ptr<connectors::Sink> late_sink,
                            connectors::CreateSink(request.late_rows_format, ctx));
    options.late_rows_sink = std::move(late_sink);
  }

  SLUICE_ASSIGN_OR_RETURN(std::shared_ptr<runtime::StreamingQuery> query,
                          runtime::StreamingQuery::Create(request.plan, session->catalog(), std::move(options)));
  SLUICE_RETURN_IF_ERROR(query->Start());
  session->AddQuery(query);
  return query;
}

}  // namespace sluice::api
