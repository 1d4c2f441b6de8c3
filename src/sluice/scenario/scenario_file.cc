#include "sluice/scenario/scenario_file.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "sluice/common/time.h"
#include "sluice/scenario/plan_ops.h"

namespace sluice::scenario {

namespace {

constexpr const char* kTopLevelKeys = "name, about, conf, sources, tables, query, plan, outputMode, trigger, steps";
constexpr const char* kStepKinds =
    "addData, processAllAvailable, checkNewAnswer, checkAnswer, checkProgress, stop, start, advanceClock, "
    "expectFailure, expectAnalysisError";

struct StepKindEntry {
  const char* name;
  StepKind kind;
};
constexpr StepKindEntry kStepKindTable[] = {
    {"addData", StepKind::kAddData},
    {"processAllAvailable", StepKind::kProcessAllAvailable},
    {"checkNewAnswer", StepKind::kCheckNewAnswer},
    {"checkAnswer", StepKind::kCheckAnswer},
    {"checkProgress", StepKind::kCheckProgress},
    {"stop", StepKind::kStop},
    {"start", StepKind::kStart},
    {"advanceClock", StepKind::kAdvanceClock},
    {"expectFailure", StepKind::kExpectFailure},
    {"expectAnalysisError", StepKind::kExpectAnalysisError},
};

bool FindStepKind(const std::string& name, StepKind* kind) {
  for (const auto& e : kStepKindTable) {
    if (name == e.name) {
      *kind = e.kind;
      return true;
    }
  }
  return false;
}

// Builds error messages that name the file and the place in it.
class Problem {
 public:
  explicit Problem(const std::string& path) : path_(path) {}
  Status operator()(const std::string& where, const std::string& what) const {
    return Status::InvalidArgument(path_ + ": " + where + ": " + what);
  }

 private:
  const std::string& path_;
};

// Conf values are strings in the format; numbers and booleans are taken as written.
Status ReadConf(const Json& conf, const std::string& where, const Problem& problem, Config* out) {
  if (!conf.is_object()) return problem(where, "must map setting names to string values");
  for (const auto& [key, value] : conf.items()) {
    if (value.is_string()) {
      out->Set(key, value.get<std::string>());
    } else if (value.is_number() || value.is_boolean()) {
      out->Set(key, value.dump());
    } else {
      return problem(where, "setting '" + key + "' must be a string, got " + value.dump());
    }
  }
  return Status::OK();
}

Status ReadSchema(const Json& def, const std::string& where, const Problem& problem, types::SchemaPtr* out) {
  if (!def.contains("schema") || !def["schema"].is_string()) {
    return problem(where, "needs \"schema\": \"col TYPE, ...\"");
  }
  auto schema = types::Schema::Parse(def["schema"].get<std::string>());
  if (!schema.ok()) return problem(where, "bad schema: " + schema.status().message());
  *out = std::make_shared<const types::Schema>(std::move(schema).value());
  return Status::OK();
}

Status ReadTrigger(const Json& trigger, const Problem& problem, runtime::Trigger* out) {
  constexpr const char* kForms = "{\"processingTime\": \"10 seconds\"}, {\"once\": true} or {\"availableNow\": true}";
  if (!trigger.is_object() || trigger.size() != 1) return problem("trigger", std::string("must be ") + kForms);
  const std::string& key = trigger.begin().key();
  const Json& value = trigger.begin().value();
  if (key == "processingTime" && value.is_string()) {
    auto micros = ParseIntervalMicros(value.get<std::string>());
    if (!micros.ok()) return problem("trigger", "processingTime: " + micros.status().message());
    *out = runtime::Trigger::ProcessingTime(*micros);
  } else if (key == "once" && value == Json(true)) {
    *out = runtime::Trigger::Once();
  } else if (key == "availableNow" && value == Json(true)) {
    *out = runtime::Trigger::AvailableNow();
  } else {
    return problem("trigger", "got " + trigger.dump() + "; expected " + kForms);
  }
  return Status::OK();
}

Status ReadOutputMode(const Json& mode, const std::string& where, const Problem& problem, OutputMode* out) {
  if (!mode.is_string()) return problem(where, "must be \"append\", \"update\" or \"complete\"");
  auto parsed = ParseOutputMode(mode.get<std::string>());
  if (!parsed.ok()) return problem(where, "'" + mode.get<std::string>() + "' is not append, update or complete");
  *out = *parsed;
  return Status::OK();
}

bool IsRowList(const Json& rows) {
  if (!rows.is_array()) return false;
  for (const auto& r : rows) {
    if (!r.is_array()) return false;
  }
  return true;
}

Status ReadStep(const Json& doc, size_t index, const Scenario& scenario, const Problem& problem, Step* out) {
  std::string where = "step " + std::to_string(index);
  if (!doc.is_object() || doc.empty()) return problem(where, "must be an object such as {\"checkAnswer\": [...]}");
  std::string kind_key;
  for (const auto& [key, value] : doc.items()) {
    StepKind kind;
    if (FindStepKind(key, &kind)) {
      if (!kind_key.empty()) {
        return problem(where, "has two step kinds, '" + kind_key + "' and '" + key + "'; use one per step");
      }
      kind_key = key;
      out->kind = kind;
      out->arg = value;
    }
  }
  if (kind_key.empty()) {
    return problem(where, "unknown step kind '" + doc.begin().key() + "' (known: " + kStepKinds + ")");
  }
  where += " (" + kind_key + ")";
  bool is_answer = out->kind == StepKind::kCheckAnswer || out->kind == StepKind::kCheckNewAnswer;
  for (const auto& [key, value] : doc.items()) {
    if (key == kind_key) continue;
    if (key == "ordered" && is_answer) {
      if (!value.is_boolean()) return problem(where, "ordered must be true or false");
      out->ordered = value.get<bool>();
    } else if (key == "of" && out->kind == StepKind::kCheckProgress) {
      if (value == Json("lastWithData")) {
        out->of_last_with_data = true;
      } else if (value != Json("last")) {
        return problem(where, "of must be \"lastWithData\" (or \"last\", the default)");
      }
    } else {
      return problem(where, "unexpected key '" + key + "'" +
                                (is_answer ? " (an answer check may carry \"ordered\")"
                                 : out->kind == StepKind::kCheckProgress ? " (checkProgress may carry \"of\")"
                                                                          : ""));
    }
  }
  const Json& v = out->arg;
  switch (out->kind) {
    case StepKind::kAddData:
      if (!v.is_object() || v.empty()) return problem(where, "must map source names to lists of rows");
      for (const auto& [source, rows] : v.items()) {
        bool known = std::any_of(scenario.sources.begin(), scenario.sources.end(),
                                 [&](const SourceSpec& s) { return s.name == source; });
        if (!known) return problem(where, "unknown source '" + source + "'");
        if (!IsRowList(rows)) return problem(where, "rows of '" + source + "' must be a list of JSON arrays");
      }
      break;
    case StepKind::kProcessAllAvailable:
    case StepKind::kStop:
      if (v != Json(true)) return problem(where, "takes the value true");
      break;
    case StepKind::kCheckNewAnswer:
    case StepKind::kCheckAnswer:
      if (!IsRowList(v)) return problem(where, "expected rows must be a list of JSON arrays, such as [[1, \"a\"]]");
      break;
    case StepKind::kCheckProgress:
      if (!v.is_object() || v.empty()) return problem(where, "must map progress paths to expected values");
      for (const auto& [path, value] : v.items()) {
        if (value.is_object() || value.is_array()) {
          return problem(where, "'" + path + "' must be compared with a number, string, boolean or null");
        }
      }
      break;
    case StepKind::kStart:
      if (!v.is_object()) return problem(where, "takes an object, {} or {\"conf\": {...}, \"outputMode\": ...}");
      for (const auto& [key, value] : v.items()) {
        if (key == "conf") {
          Config ignored;
          SLUICE_RETURN_IF_ERROR(ReadConf(value, where + " conf", problem, &ignored));
        } else if (key == "outputMode") {
          OutputMode ignored;
          SLUICE_RETURN_IF_ERROR(ReadOutputMode(value, where + " outputMode", problem, &ignored));
        } else {
          return problem(where, "unknown key '" + key + "' (known: conf, outputMode)");
        }
      }
      break;
    case StepKind::kAdvanceClock: {
      if (!v.is_string()) return problem(where, "takes an interval string such as \"10 seconds\"");
      auto micros = ParseIntervalMicros(v.get<std::string>());
      if (!micros.ok()) return problem(where, micros.status().message());
      out->advance_micros = *micros;
      break;
    }
    case StepKind::kExpectFailure:
    case StepKind::kExpectAnalysisError:
      if (!v.is_string() || v.get<std::string>().empty()) return problem(where, "takes the expected error text");
      if (out->kind == StepKind::kExpectAnalysisError && index != 0) {
        return problem(where, "expectAnalysisError must be the first step");
      }
      break;
  }
  return Status::OK();
}

}  // namespace

const char* StepKindName(StepKind kind) {
  for (const auto& e : kStepKindTable) {
    if (e.kind == kind) return e.name;
  }
  return "?";
}

std::string Scenario::QueryText() const { return query.empty() ? plan.dump() : query; }

Result<Scenario> ParseScenario(std::string_view text, const std::string& path) {
  Json doc;
  try {
    doc = Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error& e) {
    // Drop nlohmann's "[json.exception.parse_error.101] " tag, keep the position.
    std::string what = e.what();
    size_t tag_end = what.find("] ");
    if (what.rfind("[json.exception", 0) == 0 && tag_end != std::string::npos) what = what.substr(tag_end + 2);
    return Status::ParseError(path + ": invalid JSON: " + what);
  }
  Problem problem(path);
  if (!doc.is_object()) return problem("top level", "must be a JSON object with name, sources, query and steps");

  Scenario s;
  s.path = path;
  static const std::set<std::string> kKnown = {"name", "about", "conf",    "sources", "tables",
                                               "query", "plan", "outputMode", "trigger", "steps"};
  for (const auto& [key, value] : doc.items()) {
    if (!kKnown.count(key)) return problem("top level", "unknown key '" + key + "' (known: " + kTopLevelKeys + ")");
  }
  if (!doc.contains("name") || !doc["name"].is_string() || doc["name"].get<std::string>().empty()) {
    return problem("name", "missing: every scenario needs a non-empty \"name\"");
  }
  s.name = doc["name"].get<std::string>();
  if (doc.contains("about")) {
    if (!doc["about"].is_string()) return problem("about", "must be a string");
    s.about = doc["about"].get<std::string>();
  }
  if (doc.contains("conf")) SLUICE_RETURN_IF_ERROR(ReadConf(doc["conf"], "conf", problem, &s.conf));

  if (doc.contains("sources")) {
    if (!doc["sources"].is_object()) return problem("sources", "must map source names to {\"schema\": ...}");
    for (const auto& [name, def] : doc["sources"].items()) {
      std::string where = "source '" + name + "'";
      if (!def.is_object() || def.size() != 1) return problem(where, "must be {\"schema\": \"col TYPE, ...\"}");
      SourceSpec spec{name, nullptr};
      SLUICE_RETURN_IF_ERROR(ReadSchema(def, where, problem, &spec.schema));
      s.sources.push_back(std::move(spec));
    }
  }
  if (doc.contains("tables")) {
    if (!doc["tables"].is_object()) return problem("tables", "must map table names to {\"schema\": ..., \"rows\": [...]}");
    for (const auto& [name, def] : doc["tables"].items()) {
      std::string where = "table '" + name + "'";
      if (!def.is_object() || def.size() != 2 || !def.contains("rows")) {
        return problem(where, "must be {\"schema\": \"col TYPE, ...\", \"rows\": [[...], ...]}");
      }
      TableSpec spec{name, nullptr, def["rows"]};
      SLUICE_RETURN_IF_ERROR(ReadSchema(def, where, problem, &spec.schema));
      if (!IsRowList(spec.rows)) return problem(where, "rows must be a list of JSON arrays");
      s.tables.push_back(std::move(spec));
    }
  }

  bool has_query = doc.contains("query"), has_plan = doc.contains("plan");
  if (has_query == has_plan) {
    return problem("query", has_query ? "give either \"query\" or \"plan\", not both"
                                      : "missing: give the query as \"query\" (SQL text) or \"plan\" (operations)");
  }
  if (has_query) {
    if (!doc["query"].is_string() || doc["query"].get<std::string>().empty()) {
      return problem("query", "must be a non-empty SQL string");
    }
    s.query = doc["query"].get<std::string>();
  } else {
    Status shape = CheckPlanShape(doc["plan"], "plan");
    if (!shape.ok()) return Status::InvalidArgument(path + ": " + shape.message());
    s.plan = doc["plan"];
  }
  if (doc.contains("outputMode")) SLUICE_RETURN_IF_ERROR(ReadOutputMode(doc["outputMode"], "outputMode", problem, &s.output_mode));
  if (doc.contains("trigger")) SLUICE_RETURN_IF_ERROR(ReadTrigger(doc["trigger"], problem, &s.trigger));

  if (!doc.contains("steps") || !doc["steps"].is_array() || doc["steps"].empty()) {
    return problem("steps", "missing: a scenario needs a non-empty list of steps");
  }
  const Json& steps = doc["steps"];
  for (size_t i = 0; i < steps.size(); ++i) {
    Step step;
    SLUICE_RETURN_IF_ERROR(ReadStep(steps[i], i, s, problem, &step));
    s.steps.push_back(std::move(step));
  }
  return s;
}

Result<Scenario> LoadScenarioFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError(path + ": cannot open file");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Status::IOError(path + ": read failed");
  return ParseScenario(text.str(), path);
}

std::vector<std::string> FindScenarioFiles(const std::vector<std::string>& paths, std::vector<std::string>* missing) {
  namespace fs = std::filesystem;
  std::set<std::string> files;
  constexpr std::string_view kSuffix = ".scenario.json";
  for (const auto& path : paths) {
    std::error_code ec;
    fs::file_status st = fs::status(path, ec);
    if (ec || !fs::exists(st)) {
      missing->push_back(path + ": no such file or directory");
      continue;
    }
    if (!fs::is_directory(st)) {
      files.insert(fs::path(path).lexically_normal().string());
      continue;
    }
    fs::recursive_directory_iterator it(path, fs::directory_options::follow_directory_symlink, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      const std::string name = it->path().filename().string();
      if (name.size() > kSuffix.size() && name.compare(name.size() - kSuffix.size(), kSuffix.size(), kSuffix) == 0 &&
          !it->is_directory()) {
        files.insert(it->path().lexically_normal().string());
      }
    }
    if (ec) missing->push_back(path + ": cannot list folder: " + ec.message());
  }
  return {files.begin(), files.end()};
}

}  // namespace sluice::scenario
