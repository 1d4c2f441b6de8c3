#include "sluice/runtime/pipeline.h"

#include <algorithm>
#include <ostream>

#include "sluice/common/strings.h"
#include "sluice/connectors/console/show_string.h"
#include "sluice/connectors/registry.h"
#include "sluice/sql/parser.h"

namespace sluice::runtime {

Status CreateTable(SessionCatalog& catalog, const Config& conf, const sql::Statement& s) {
  // A bounded table read once through the connector's batch reader (files), so SQL can
  // join streams with it and run batch queries over it.
  connectors::ConnectorContext ctx;
  ctx.name = s.name;
  ctx.options = std::map<std::string, std::string>(s.options.begin(), s.options.end());
  if (s.schema) ctx.user_schema = std::make_shared<types::Schema>(*s.schema);
  ctx.conf = &conf;
  auto batches = connectors::ReadBatch(s.format, ctx);
  if (!batches.ok()) return batches.status().WithContext("table '" + s.name + "'");
  types::SchemaPtr schema = !batches->empty() ? batches->front()->schema() : ctx.user_schema;
  if (!schema) return Status::AnalysisError("table '" + s.name + "': format '" + s.format + "' returned no schema");
  return catalog.AddTable(s.name, schema, std::move(batches).value(), s.or_replace);
}

bool SinkNeedsCheckpoint(const std::string& format) {
  std::string f = AsciiLower(format);
  return f != "memory" && f != "console" && f != "foreachbatch";
}

Pipeline::Pipeline(std::shared_ptr<SessionCatalog> catalog, Config conf, std::ostream& out)
    : catalog_(std::move(catalog)), conf_(std::move(conf)), out_(out) {}

Status Pipeline::ExecuteScript(const std::string& text) {
  SLUICE_ASSIGN_OR_RETURN(std::vector<sql::StatementPtr> statements, sql::ParseScript(text));
  for (const auto& s : statements) {
    Status st = Execute(*s);
    if (!st.ok()) {
      std::string where = s->pos.line > 0 ? "statement at line " + std::to_string(s->pos.line) : "statement";
      return st.WithContext(where);
    }
  }
  return Status::OK();
}

Status Pipeline::Execute(const sql::Statement& s) {
  switch (s.kind) {
    case sql::StatementKind::kCreateSource: {
      std::map<std::string, std::string> options(s.options.begin(), s.options.end());
      types::SchemaPtr schema = s.schema ? std::make_shared<types::Schema>(*s.schema) : nullptr;
      return catalog_->AddSource(s.name, s.format, std::move(options), schema, s.or_replace, conf_);
    }
    case sql::StatementKind::kCreateSink: {
      SinkDeclaration sink;
      sink.name = s.name;
      sink.format = s.format;
      sink.options = std::map<std::string, std::string>(s.options.begin(), s.options.end());
      return catalog_->AddSink(std::move(sink), s.or_replace);
    }
    case sql::StatementKind::kCreateTable: return CreateTable(*catalog_, conf_, s);
    case sql::StatementKind::kCreateView: return catalog_->AddView(s.name, s.query, s.or_replace);
    case sql::StatementKind::kSet: {
      conf_.Set(s.set_key, s.set_value);
      return Status::OK();
    }
    case sql::StatementKind::kStartQuery: return StartQuery(s);
    case sql::StatementKind::kQuery: {
      SLUICE_ASSIGN_OR_RETURN(plan::LogicalPlanPtr logical, plan::QueryToLogicalPlan(*s.query));
      types::SchemaPtr schema;
      SLUICE_ASSIGN_OR_RETURN(std::vector<types::BatchPtr> rows, RunBatchQuery(*logical, *catalog_, conf_, &schema));
      SLUICE_ASSIGN_OR_RETURN(TimeZone tz, TimeZone::Parse(conf_.GetString(conf::kSessionTimeZone, "UTC")));
      out_ << connectors::ShowString(*schema, rows, 20, 20, tz);
      return Status::OK();
    }
    case sql::StatementKind::kExplain: {
      SLUICE_ASSIGN_OR_RETURN(plan::LogicalPlanPtr logical, plan::QueryToLogicalPlan(*s.query));
      SLUICE_ASSIGN_OR_RETURN(PreparedQuery q, PrepareQuery(*logical, *catalog_, conf_, std::nullopt));
      out_ << ExplainString(q, s.extended);
      return Status::OK();
    }
  }
  return Status::Internal("unknown statement kind");
}

Status Pipeline::StartQuery(const sql::Statement& s) {
  const sql::StartQuery& start = s.start;
  SLUICE_ASSIGN_OR_RETURN(SinkDeclaration decl, catalog_->FindSink(start.sink));
  QueryOptions options;
  options.name = start.name;
  if (!start.output_mode.empty()) {
    SLUICE_ASSIGN_OR_RETURN(options.output_mode, ParseOutputMode(start.output_mode));
  }
  if (!start.trigger.empty()) {
    std::string text = start.trigger == "processingTime" ? start.trigger_interval : start.trigger;
    SLUICE_ASSIGN_OR_RETURN(options.trigger, Trigger::Parse(text));
  }
  options.conf = conf_;
  std::map<std::string, std::string> sink_options = decl.options;
  std::string late_sink_name;
  for (const auto& [k, v] : start.options) {
    if (AsciiLower(k) == "checkpointlocation") {
      options.checkpoint_location = v;
    } else if (AsciiLower(k) == "laterowssink") {
      late_sink_name = v;
    } else {
      sink_options[k] = v;
    }
  }
  for (const auto& [k, v] : decl.options) {
    if (AsciiLower(k) == "checkpointlocation" && options.checkpoint_location.empty()) options.checkpoint_location = v;
  }
  if (AsciiLower(decl.format) == "memory" && !options.name.empty()) sink_options["queryName"] = options.name;
  connectors::ConnectorContext ctx;
  ctx.name = decl.name;
  ctx.options = sink_options;
  ctx.conf = &options.conf;
  SLUICE_ASSIGN_OR_RETURN(std::unique_ptr<connectors::Sink> sink, connectors::CreateSink(decl.format, ctx));
  options.sink = std::move(sink);
  options.sink_requires_checkpoint = SinkNeedsCheckpoint(decl.format);
  if (!late_sink_name.empty()) {
    // Beyond Spark: rows dropped behind the watermark go to another declared sink.
    SLUICE_ASSIGN_OR_RETURN(SinkDeclaration late_decl, catalog_->FindSink(late_sink_name));
    connectors::ConnectorContext late_ctx;
    late_ctx.name = late_decl.name;
    late_ctx.options = late_decl.options;
    if (AsciiLower(late_decl.format) == "memory" && !late_ctx.options.count("queryName")) {
      late_ctx.options["queryName"] = late_decl.name;
    }
    late_ctx.conf = &options.conf;
    SLUICE_ASSIGN_OR_RETURN(std::unique_ptr<connectors::Sink> late_sink, connectors::CreateSink(late_decl.format, late_ctx));
    options.late_rows_sink = std::move(late_sink);
  }
  SLUICE_ASSIGN_OR_RETURN(plan::LogicalPlanPtr logical, plan::QueryToLogicalPlan(*start.query));
  SLUICE_ASSIGN_OR_RETURN(std::shared_ptr<StreamingQuery> query, StreamingQuery::Create(logical, catalog_, options));
  if (progress_listener_) {
    StreamingQuery* raw = query.get();
    auto listener = progress_listener_;
    query->SetProgressListener([raw, listener](const ProgressJson& p) { listener(*raw, p); });
  }
  SLUICE_RETURN_IF_ERROR(query->Start());
  queries_.push_back(query);
  return Status::OK();
}

bool Pipeline::AnyActive() const {
  return std::any_of(queries_.begin(), queries_.end(), [](const auto& q) { return q->IsActive(); });
}

void Pipeline::StopAll() {
  for (auto& q : queries_) q->Stop();
}

Status Pipeline::FirstQueryError() const {
  for (const auto& q : queries_) {
    Status s = q->exception();
    if (!s.ok()) return s.WithContext("query " + (q->name().empty() ? q->id() : q->name()));
  }
  return Status::OK();
}

}  // namespace sluice::runtime
