#include "sluice/api/statement_executor.h"

#include <algorithm>
#include <cctype>

#include "sluice/api/query_starter.h"
#include "sluice/api/session.h"
#include "sluice/common/output_mode.h"
#include "sluice/common/strings.h"
#include "sluice/plan/logical_plan.h"
#include "sluice/runtime/catalog.h"
#include "sluice/runtime/pipeline.h"
#include "sluice/runtime/query_planner.h"
#include "sluice/runtime/trigger.h"
#include "sluice/sql/parser.h"

namespace sluice::api {

namespace {

std::map<std::string, std::string> OptionMap(const std::vector<std::pair<std::string, std::string>>& options) {
  std::map<std::string, std::string> out;
  for (const auto& [k, v] : options) out[k] = v;
  return out;
}

// A static DataFrame of string rows (SET and EXPLAIN results).
Result<DataFrame> StringTable(const std::shared_ptr<Session>& session, const std::vector<std::string>& names,
                              const std::vector<std::vector<std::string>>& rows) {
  std::vector<types::StructField> fields;
  for (const auto& n : names) fields.push_back({n, types::DataType::String(), false});
  auto schema = std::make_shared<const types::Schema>(std::move(fields));
  std::vector<types::Row> values;
  for (const auto& r : rows) {
    types::Row row;
    for (const auto& v : r) row.push_back(types::Value::String(v));
    values.push_back(std::move(row));
  }
  SLUICE_ASSIGN_OR_RETURN(std::string name, session->AddAnonymousTable(schema, {types::Batch::FromRows(schema, values)}));
  return session->AnonymousDataFrame(name);
}

// Declarations return a DataFrame with no columns and no rows; all share one table.
Result<DataFrame> EmptyResult(const std::shared_ptr<Session>& session) {
  const std::string name = "__sluice_empty_result";
  SLUICE_RETURN_IF_ERROR(
      session->catalog()->AddTable(name, std::make_shared<const types::Schema>(), {}, /*or_replace=*/true));
  return session->AnonymousDataFrame(name);
}

Status StartQueryStatement(const std::shared_ptr<Session>& session, const sql::Statement& stmt) {
  const sql::StartQuery& start = stmt.start;
  SLUICE_ASSIGN_OR_RETURN(runtime::SinkDeclaration sink, session->catalog()->FindSink(start.sink));
  SLUICE_ASSIGN_OR_RETURN(plan::LogicalPlanPtr plan, plan::QueryToLogicalPlan(*start.query));
  StartRequest request;
  request.plan = plan;
  request.query_name = start.name;
  request.format = sink.format;
  request.sink_name = sink.name;
  // The sink's declared options, then the query's (checkpointLocation ...).
  request.options = sink.options;
  for (const auto& [k, v] : start.options) {
    if (AsciiLower(k) != "laterowssink") {
      request.options[k] = v;
      continue;
    }
    // Beyond Spark: rows dropped behind the watermark go to another declared sink.
    SLUICE_ASSIGN_OR_RETURN(runtime::SinkDeclaration late, session->catalog()->FindSink(v));
    request.late_rows_format = late.format;
    request.late_rows_name = late.name;
    request.late_rows_options = late.options;
  }
  if (!start.output_mode.empty()) {
    SLUICE_ASSIGN_OR_RETURN(request.output_mode, ParseOutputMode(start.output_mode));
  }
  if (!start.trigger.empty()) {
    std::string trigger = start.trigger == "processingTime" ? "processingTime=" + start.trigger_interval : start.trigger;
    SLUICE_ASSIGN_OR_RETURN(request.trigger, runtime::Trigger::Parse(trigger));
  }
  return StartStreamingQuery(session, std::move(request)).status();
}

Result<DataFrame> ExecuteStatement(const std::shared_ptr<Session>& session, const sql::Statement& stmt) {
  switch (stmt.kind) {
    case sql::StatementKind::kQuery: {
      SLUICE_ASSIGN_OR_RETURN(plan::LogicalPlanPtr plan, plan::QueryToLogicalPlan(*stmt.query));
      return DataFrame::FromPlan(session, plan);
    }
    case sql::StatementKind::kExplain: {
      SLUICE_ASSIGN_OR_RETURN(plan::LogicalPlanPtr plan, plan::QueryToLogicalPlan(*stmt.query));
      Config conf = session->ConfSnapshot();
      SLUICE_ASSIGN_OR_RETURN(runtime::PreparedQuery prepared,
                              runtime::PrepareQuery(*plan, *session->catalog(), conf, std::nullopt));
      return StringTable(session, {"plan"}, {{runtime::ExplainString(prepared, stmt.extended)}});
    }
    case sql::StatementKind::kSet:
      session->SetConf(stmt.set_key, stmt.set_value);
      return StringTable(session, {"key", "value"}, {{stmt.set_key, stmt.set_value}});
    case sql::StatementKind::kCreateSource: {
      types::SchemaPtr schema = stmt.schema ? std::make_shared<const types::Schema>(*stmt.schema) : nullptr;
      SLUICE_RETURN_IF_ERROR(session->catalog()->AddSource(stmt.name, stmt.format, OptionMap(stmt.options), schema,
                                                           stmt.or_replace, session->ConfSnapshot()));
      return EmptyResult(session);
    }
    case sql::StatementKind::kCreateSink: {
      runtime::SinkDeclaration sink{stmt.name, stmt.format, OptionMap(stmt.options)};
      SLUICE_RETURN_IF_ERROR(session->catalog()->AddSink(std::move(sink), stmt.or_replace));
      return EmptyResult(session);
    }
    case sql::StatementKind::kCreateView: {
      SLUICE_RETURN_IF_ERROR(session->catalog()->AddView(stmt.name, stmt.query, stmt.or_replace));
      return EmptyResult(session);
    }
    case sql::StatementKind::kCreateTable: {
      SLUICE_RETURN_IF_ERROR(runtime::CreateTable(*session->catalog(), session->ConfSnapshot(), stmt));
      return EmptyResult(session);
    }
    case sql::StatementKind::kStartQuery:
      SLUICE_RETURN_IF_ERROR(StartQueryStatement(session, stmt));
      return EmptyResult(session);
  }
  return Status::Internal("unknown statement kind");
}

}  // namespace

Result<DataFrame> ExecuteSql(const std::shared_ptr<Session>& session, const std::string& text) {
  SLUICE_ASSIGN_OR_RETURN(std::vector<sql::StatementPtr> statements, sql::ParseScript(text));
  if (statements.empty()) return Status::ParseError("sql(): no statement in '" + text + "'");
  std::optional<DataFrame> last;
  for (const auto& stmt : statements) {
    SLUICE_ASSIGN_OR_RETURN(DataFrame df, ExecuteStatement(session, *stmt));
    last = std::move(df);
  }
  return *last;
}

}  // namespace sluice::api
