#include "sluice/scenario/scenario_run.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <exception>
#include <filesystem>

#include "sluice/common/strings.h"
#include "sluice/connectors/memory/memory_stream_registry.h"
#include "sluice/scenario/plan_ops.h"
#include "sluice/scenario/progress_path.h"
#include "sluice/scenario/report.h"
#include "sluice/scenario/row_diff.h"
#include "sluice/scenario/values.h"
#include "sluice/sql/parser.h"

namespace sluice::scenario {

namespace {

bool ContainsIgnoreCase(const std::string& haystack, const std::string& needle) {
  return AsciiLower(haystack).find(AsciiLower(needle)) != std::string::npos;
}

// Beyond FORMAT.md: which sink answer checks read, "query" (default) or "lateRows"
// (the rows the watermark dropped, routed to a side sink as the lateRowsSink option does).
constexpr const char* kCheckedSink = "sluice.scenario.checkedSink";

Result<TimeZone> SessionTimeZone(const Config& conf) {
  std::string id = conf.GetString(conf::kSessionTimeZone, "UTC");
  auto tz = TimeZone::Parse(id);
  if (!tz.ok()) return Status::InvalidArgument("session time zone '" + id + "': " + tz.status().message());
  return tz;
}

// Parse and translation errors of the query count as errors of starting it.
Result<plan::LogicalPlanPtr> BuildQueryPlan(const Scenario& s) {
  if (!s.query.empty()) {
    SLUICE_ASSIGN_OR_RETURN(sql::QueryPtr query, sql::ParseQuery(s.query));
    return plan::QueryToLogicalPlan(*query);
  }
  return BuildLogicalPlan(s.plan);
}

// "query: SELECT ..." or the plan with one operation per line, for failure reports.
std::string DescribeQuery(const Scenario& s) {
  if (!s.query.empty()) return "query: " + s.query + "\n";
  std::string out = "plan:\n";
  for (const auto& op : s.plan) out += "  " + RenderJson(op) + "\n";
  return out;
}

// Creates a fresh folder under the system temp folder; "" when that fails.
std::string MakeTempDir() {
  std::error_code ec;
  std::string pattern = (std::filesystem::temp_directory_path(ec) / "sluice-scenario-XXXXXX").string();
  if (ec) pattern = "/tmp/sluice-scenario-XXXXXX";
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  return mkdtemp(buf.data()) != nullptr ? std::string(buf.data()) : std::string();
}

}  // namespace

ScenarioRun::~ScenarioRun() {
  if (query_) {
    query_->Stop();
    query_.reset();
  }
  for (const auto& [name, stream] : streams_) connectors::MemoryStreamRegistry::Global().Remove(name);
  if (!temp_dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(temp_dir_, ec);
  }
}

Status ScenarioRun::Setup() {
  SLUICE_ASSIGN_OR_RETURN(tz_, SessionTimeZone(conf_));
  temp_dir_ = MakeTempDir();
  if (temp_dir_.empty()) return Status::IOError("cannot create a temporary folder for the checkpoint");
  checkpoint_location_ = temp_dir_ + "/checkpoint";

  auto& registry = connectors::MemoryStreamRegistry::Global();
  for (const auto& source : s_.sources) {
    // A stream of this name may remain from an earlier scenario; start empty.
    registry.Remove(source.name);
    Status st = catalog_->AddSource(source.name, "memory", {}, source.schema, /*or_replace=*/true, conf_);
    if (!st.ok()) return st.WithContext("source '" + source.name + "'");
    auto stream = registry.Find(source.name);
    if (!stream) return Status::Internal("source '" + source.name + "': AddSource registered no memory stream");
    streams_.emplace_back(source.name, std::move(stream));
  }
  for (const auto& table : s_.tables) {
    auto rows = JsonToRows(table.rows, *table.schema, tz_);
    if (!rows.ok()) return rows.status().WithContext("table '" + table.name + "'");
    SLUICE_RETURN_IF_ERROR(connectors::ValidateRows(*table.schema, *rows).WithContext("table '" + table.name + "'"));
    types::BatchPtr batch = types::Batch::FromRows(table.schema, *rows);
    SLUICE_RETURN_IF_ERROR(catalog_->AddTable(table.name, table.schema, {batch}, /*or_replace=*/true)
                               .WithContext("table '" + table.name + "'"));
  }

  auto logical = BuildQueryPlan(s_);
  if (logical.ok()) {
    logical_ = *logical;
  } else {
    plan_error_ = logical.status();
  }
  StartQuery();
  return Status::OK();
}

void ScenarioRun::StartQuery() {
  if (!logical_) {
    start_error_ = plan_error_;
    return;
  }
  runtime::QueryOptions options;
  options.output_mode = output_mode_;
  options.trigger = s_.trigger;
  options.checkpoint_location = checkpoint_location_;
  options.conf = conf_;
  options.sink = sink_;
  if (EqualsIgnoreCase(conf_.GetString(kCheckedSink, "query"), "lateRows")) {
    options.sink = other_sink_;
    options.late_rows_sink = sink_;
  }
  options.clock = &clock_;
  auto query = runtime::StreamingQuery::Create(logical_, catalog_, std::move(options));
  if (query.ok()) {
    query_ = std::move(query).value();
    start_error_.reset();
  } else {
    start_error_ = query.status();
  }
}

bool ScenarioRun::Drive(std::string* details) {
  if (start_error_) {
    *details = "the query failed to start:\n" + Indent(start_error_->ToString(), 2) + "\n";
    return false;
  }
  if (!query_) {
    *details = "the query is stopped; a {\"start\": {}} step must come first\n";
    return false;
  }
  Status st = query_->RunUntilIdle();
  if (!st.ok()) {
    *details = "the query failed:\n" + Indent(st.ToString(), 2) + "\n";
    return false;
  }
  return true;
}

bool ScenarioRun::AddData(const Step& step, std::string* details) {
  // Convert every source's rows before adding any, so a bad row adds nothing.
  std::vector<std::pair<std::shared_ptr<connectors::MemoryStream>, std::vector<types::Row>>> additions;
  for (const auto& [name, rows_json] : step.arg.items()) {
    auto it = std::find_if(streams_.begin(), streams_.end(), [&](const auto& s) { return s.first == name; });
    if (it == streams_.end()) {
      *details = "unknown source '" + name + "'\n";
      return false;
    }
    auto rows = JsonToRows(rows_json, *it->second->schema(), tz_);
    if (!rows.ok()) {
      *details = "source '" + name + "': " + rows.status().message() + "\n";
      return false;
    }
    additions.emplace_back(it->second, std::move(rows).value());
  }
  for (const auto& [stream, rows] : additions) {
    auto offset = stream->AddData(rows);
    if (!offset.ok()) {
      *details = "source '" + stream->name() + "': " + offset.status().message() + "\n";
      return false;
    }
  }
  return true;
}

bool ScenarioRun::CheckAnswer(const Step& step, std::string* details) {
  if (!Drive(details)) return false;
  bool only_new = step.kind == StepKind::kCheckNewAnswer;
  std::vector<types::Row> rows = only_new ? sink_->RowsSinceBatch(last_checked_batch_id_) : sink_->AllRows();
  last_checked_batch_id_ = sink_->LatestBatchId().value_or(-1);

  types::SchemaPtr schema = sink_->schema();
  static const types::Schema kNoColumns;
  const types::Schema& result_schema = schema ? *schema : kNoColumns;
  std::vector<Json> actual, expected;
  actual.reserve(rows.size());
  for (const auto& row : rows) actual.push_back(RowToJson(row, result_schema, tz_));
  for (const auto& row : step.arg) expected.push_back(NormalizeExpectedRow(row, result_schema, tz_));

  RowDiff diff = DiffRows(expected, actual, step.ordered);
  if (diff.ok()) return true;
  std::string what = only_new ? "rows received since the previous answer check" : "all rows in the sink";
  if (!only_new && output_mode_ == OutputMode::kComplete) what = "the latest result table (complete mode)";
  *details = "compared: " + what + (step.ordered ? ", in order" : "") + "\n";
  if (schema) *details += "result columns: " + schema->ToString() + "\n";
  *details += FormatRowDiff(expected, actual, diff);
  return false;
}

bool ScenarioRun::CheckProgress(const Step& step, std::string* details) {
  if (!Drive(details)) return false;
  std::optional<runtime::ProgressJson> progress =
      step.of_last_with_data ? query_->LastProgressWithData() : query_->LastProgress();
  std::string which = step.of_last_with_data ? "last progress with data" : "last progress";
  if (!progress) {
    *details = "no " + which + " report yet: no batch has run since the query started\n";
    return false;
  }
  std::vector<ProgressMismatch> mismatches;
  for (const auto& [path, expected] : step.arg.items()) {
    auto found = LookupProgressPath(*progress, path);
    if (!found.ok()) {
      *details = found.status().message() + "\n";
      return false;
    }
    const std::optional<Json>& actual = *found;
    bool holds = expected == Json("<absent>") ? !actual.has_value() : actual && JsonValuesMatch(expected, *actual);
    if (!holds) mismatches.push_back({path, expected, actual});
  }
  if (mismatches.empty()) return true;
  *details = FormatProgressMismatches(mismatches, which, *progress);
  return false;
}

bool ScenarioRun::Stop(std::string* details) {
  if (start_error_) return Drive(details);
  if (!query_) {
    *details = "the query is already stopped\n";
    return false;
  }
  query_->Stop();
  query_.reset();
  return true;
}

bool ScenarioRun::Start(const Step& step, std::string* details) {
  if (query_ && query_->IsActive()) {
    *details = "the query is already running; a {\"stop\": true} step must come first\n";
    return false;
  }
  if (query_) {
    // A once / availableNow query that finished on its own.
    query_->Stop();
    query_.reset();
  }
  if (step.arg.contains("conf")) {
    for (const auto& [key, value] : step.arg["conf"].items()) {
      conf_.Set(key, value.is_string() ? value.get<std::string>() : value.dump());
    }
    auto tz = SessionTimeZone(conf_);
    if (!tz.ok()) {
      *details = tz.status().message() + "\n";
      return false;
    }
    tz_ = *tz;
  }
  if (step.arg.contains("outputMode")) {
    auto mode = ParseOutputMode(step.arg["outputMode"].get<std::string>());
    if (mode.ok()) output_mode_ = *mode;
  }
  StartQuery();
  return true;
}

bool ScenarioRun::ExpectError(const Step& step, std::string* details) {
  const std::string& text = step.arg.get_ref<const std::string&>();
  Status error;
  if (start_error_) {
    error = *start_error_;
  } else if (!query_) {
    *details = "the query is stopped; a {\"start\": {}} step must come first\n";
    return false;
  } else {
    error = query_->RunUntilIdle();
  }
  if (!error.ok() && ContainsIgnoreCase(error.ToString(), text)) return true;
  *details = FormatErrorMismatch(text, error.ok() ? std::nullopt : std::optional<std::string>(error.ToString()));
  return false;
}

bool ScenarioRun::RunStep(const Step& step, std::string* details) {
  switch (step.kind) {
    case StepKind::kAddData:
      return AddData(step, details);
    case StepKind::kProcessAllAvailable:
      return Drive(details);
    case StepKind::kCheckNewAnswer:
    case StepKind::kCheckAnswer:
      return CheckAnswer(step, details);
    case StepKind::kCheckProgress:
      return CheckProgress(step, details);
    case StepKind::kStop:
      return Stop(details);
    case StepKind::kStart:
      return Start(step, details);
    case StepKind::kAdvanceClock:
      clock_.Advance(step.advance_micros);
      return true;
    case StepKind::kExpectFailure:
    case StepKind::kExpectAnalysisError:
      return ExpectError(step, details);
  }
  *details = "unknown step kind\n";
  return false;
}

ScenarioResult ScenarioRun::Run() {
  ScenarioResult result;
  result.path = s_.path;
  result.name = s_.name;
  for (size_t i = 0; i < s_.steps.size(); ++i) {
    const Step& step = s_.steps[i];
    std::string details;
    bool held = false;
    // The engine's errors come back as Status; an exception escaping it is a bug that
    // should fail this scenario, not end the whole test run.
    try {
      held = RunStep(step, &details);
    } catch (const std::exception& e) {
      details = std::string("internal error: exception thrown by the engine: ") + e.what() + "\n";
    } catch (...) {
      details = "internal error: unknown exception thrown by the engine\n";
    }
    std::string label = "step " + std::to_string(i) + " (" + StepKindName(step.kind) + ")";
    if (held) {
      result.log.push_back(label + ": ok");
      continue;
    }
    result.log.push_back(label + ": FAILED");
    result.failed_step = static_cast<int>(i);
    result.failed_kind = StepKindName(step.kind);
    result.details = DescribeQuery(s_) + details;
    return result;
  }
  result.passed = true;
  return result;
}

}  // namespace sluice::scenario
