// JSON functions, on nlohmann::json (parsed without exceptions: bad input gives NULL).

#include <cmath>
#include <memory>

#include <nlohmann/json.hpp>

#include "sluice/expr/cast.h"
#include "sluice/expr/function_registry.h"
#include "sluice/expr/functions/json_functions.h"
#include "sluice/expr/functions/scalar_call.h"
#include "sluice/expr/functions/signature.h"
#include "sluice/types/schema.h"

namespace sluice::expr {

using nlohmann::json;
using types::Column;
using types::ColumnPtr;
using types::DataType;
using types::TypeId;
using types::TypePtr;
using types::Value;
using Args = std::vector<ArgColumn>;

namespace {

const TypePtr& Str() {
  static const TypePtr t = DataType::String();
  return t;
}

json ParseJson(std::string_view text) {
  return json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
}

const char kBase64Chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void AppendBase64(std::string_view in, std::string* out) {
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                 static_cast<unsigned char>(in[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out->push_back(kBase64Chars[(v >> s) & 63]);
  }
  if (i < in.size()) {
    uint32_t v = static_cast<unsigned char>(in[i]) << 16;
    if (i + 1 < in.size()) v |= static_cast<unsigned char>(in[i + 1]) << 8;
    out->push_back(kBase64Chars[(v >> 18) & 63]);
    out->push_back(kBase64Chars[(v >> 12) & 63]);
    out->push_back(i + 1 < in.size() ? kBase64Chars[(v >> 6) & 63] : '=');
    out->push_back('=');
  }
}

// --- from_json ---

// Appends JSON value `j` as `type` to `col`; false (and a NULL appended) when it does not fit.
bool AppendJson(const json& j, const DataType& type, Column* col, const TimeZone& tz) {
  if (j.is_null()) {
    col->AppendNull();
    return true;
  }
  switch (type.id()) {
    case TypeId::kBoolean:
      if (j.is_boolean()) {
        col->AppendBool(j.get<bool>());
        return true;
      }
      break;
    case TypeId::kInt:
    case TypeId::kBigint: {
      if (!j.is_number_integer()) break;
      int64_t v;
      if (j.is_number_unsigned()) {
        uint64_t u = j.get<uint64_t>();
        if (u > static_cast<uint64_t>(INT64_MAX)) break;
        v = static_cast<int64_t>(u);
      } else {
        v = j.get<int64_t>();
      }
      if (type.id() == TypeId::kInt) {
        if (v != static_cast<int32_t>(v)) break;
        col->AppendInt32(static_cast<int32_t>(v));
      } else {
        col->AppendInt64(v);
      }
      return true;
    }
    case TypeId::kDouble:
      if (j.is_number()) {
        col->AppendDouble(j.get<double>());
        return true;
      }
      if (j.is_string()) {
        const auto& s = j.get_ref<const std::string&>();
        if (s == "NaN") col->AppendDouble(std::nan(""));
        else if (s == "Infinity" || s == "+Infinity" || s == "+INF") col->AppendDouble(INFINITY);
        else if (s == "-Infinity" || s == "-INF") col->AppendDouble(-INFINITY);
        else break;
        return true;
      }
      break;
    case TypeId::kString:
      if (j.is_string()) {
        col->AppendString(j.get_ref<const std::string&>());
      } else {
        col->AppendString(j.dump());  // Spark keeps the raw JSON text of a non-string value
      }
      return true;
    case TypeId::kBinary:
      if (j.is_string()) {
        col->AppendString(j.get_ref<const std::string&>());
        return true;
      }
      break;
    case TypeId::kTimestamp: {
      int64_t micros;
      if (j.is_string() && ParseTimestampMicros(j.get_ref<const std::string&>(), tz, &micros)) {
        col->AppendInt64(micros);
        return true;
      }
      if (j.is_number_integer()) {
        col->AppendInt64(j.get<int64_t>() * kMicrosPerSecond);
        return true;
      }
      break;
    }
    case TypeId::kDate: {
      int32_t days;
      if (j.is_string() && ParseDateDays(j.get_ref<const std::string&>(), &days)) {
        col->AppendInt32(days);
        return true;
      }
      break;
    }
    case TypeId::kArray:
      if (j.is_array()) {
        bool ok = true;
        Column* elements = col->mutable_children()[0].get();
        for (const auto& e : j) ok = AppendJson(e, *type.element(), elements, tz) && ok;
        col->FinishArrayRow();
        return ok;
      }
      break;
    case TypeId::kStruct:
      if (j.is_object()) {
        bool ok = true;
        for (size_t f = 0; f < type.fields().size(); ++f) {
          Column* child = col->mutable_children()[f].get();
          auto it = j.find(type.fields()[f].name);
          if (it == j.end()) {
            child->AppendNull();
          } else {
            ok = AppendJson(*it, *type.fields()[f].type, child, tz) && ok;
          }
        }
        col->FinishStructRow();
        return ok;
      }
      break;
    case TypeId::kNull: col->AppendNull(); return true;
  }
  col->AppendNull();
  return false;
}

// A struct row whose fields are all NULL (Spark's PERMISSIVE result for malformed input).
void AppendNullFields(const DataType& type, Column* col) {
  if (type.id() != TypeId::kStruct) {
    col->AppendNull();
    return;
  }
  for (auto& child : col->mutable_children()) child->AppendNull();
  col->FinishStructRow();
}

Result<TypePtr> ParseJsonSchema(const std::string& text, const CallSite& call) {
  std::string upper;
  for (char c : text.substr(0, 7)) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (upper.rfind("STRUCT<", 0) == 0 || upper.rfind("ARRAY<", 0) == 0) {
    auto t = types::ParseDataType(text);
    if (t.ok()) return t;
    return Status::AnalysisError("[PARSE_SYNTAX_ERROR] invalid schema " + Value::String(text).ToSqlLiteral(*Str()) +
                                 " in \"" + call.sql + "\": " + t.status().message());
  }
  auto schema = types::Schema::Parse(text);
  if (!schema.ok()) {
    return Status::AnalysisError("[PARSE_SYNTAX_ERROR] invalid schema " + Value::String(text).ToSqlLiteral(*Str()) +
                                 " in \"" + call.sql + "\": " + schema.status().message() +
                                 " (expected DDL such as 'a INT, b STRING')");
  }
  return schema->AsStruct();
}

// --- to_json ---

void AppendJsonString(std::string_view s, std::string* out) {
  out->push_back('"');
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      case '\b': out->append("\\b"); break;
      case '\f': out->append("\\f"); break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof(buf), "\\u%04X", c);
          out->append(buf);
        } else {
          out->push_back(ch);
        }
    }
  }
  out->push_back('"');
}

void WriteJson(const Column& col, int64_t row, const TimeZone& tz, std::string* out) {
  if (col.IsNull(row)) {
    out->append("null");
    return;
  }
  switch (col.type_id()) {
    case TypeId::kNull: out->append("null"); break;
    case TypeId::kBoolean: out->append(col.data<uint8_t>()[row] ? "true" : "false"); break;
    case TypeId::kInt: out->append(std::to_string(col.data<int32_t>()[row])); break;
    case TypeId::kBigint: out->append(std::to_string(col.data<int64_t>()[row])); break;
    case TypeId::kDouble: {
      double d = col.data<double>()[row];
      if (std::isfinite(d)) {
        out->append(types::FormatDouble(d));
      } else {
        AppendJsonString(types::FormatDouble(d), out);  // Jackson quotes NaN / Infinity
      }
      break;
    }
    case TypeId::kString: AppendJsonString(col.GetString(row), out); break;
    case TypeId::kBinary: {
      std::string b64;
      AppendBase64(col.GetString(row), &b64);
      AppendJsonString(b64, out);
      break;
    }
    case TypeId::kTimestamp: {
      // Spark's JSON timestampFormat: yyyy-MM-dd'T'HH:mm:ss.SSSXXX in the session zone.
      const int64_t micros = col.data<int64_t>()[row];
      std::string text = FormatIsoMillis(tz.ToLocalMicros(micros));
      text.pop_back();  // the 'Z' of the UTC form
      if (tz.offset_seconds == 0) {
        text += 'Z';
      } else {
        int32_t abs = tz.offset_seconds < 0 ? -tz.offset_seconds : tz.offset_seconds;
        char buf[16];
        std::snprintf(buf, sizeof(buf), "%c%02d:%02d", tz.offset_seconds < 0 ? '-' : '+', abs / 3600, (abs / 60) % 60);
        text += buf;
      }
      AppendJsonString(text, out);
      break;
    }
    case TypeId::kDate: AppendJsonString(FormatDate(col.data<int32_t>()[row]), out); break;
    case TypeId::kArray: {
      out->push_back('[');
      for (uint32_t j = col.ArrayBegin(row); j < col.ArrayEnd(row); ++j) {
        if (j > col.ArrayBegin(row)) out->push_back(',');
        WriteJson(*col.child(0), j, tz, out);
      }
      out->push_back(']');
      break;
    }
    case TypeId::kStruct: {
      out->push_back('{');
      bool first = true;
      const auto& fields = col.type()->fields();
      for (size_t f = 0; f < fields.size(); ++f) {
        if (col.child(f)->IsNull(row)) continue;  // Spark's ignoreNullFields
        if (!first) out->push_back(',');
        first = false;
        AppendJsonString(fields[f].name, out);
        out->push_back(':');
        WriteJson(*col.child(f), row, tz, out);
      }
      out->push_back('}');
      break;
    }
  }
}

// --- get_json_object ---

struct PathStep {
  enum Kind : uint8_t { kKey, kIndex, kWildcard } kind;
  std::string key;
  int64_t index = 0;
};

// Parses Spark's JSON path subset: $, .name, ['name'], [n], [*], .*; false when invalid.
bool ParseJsonPath(std::string_view path, std::vector<PathStep>* steps) {
  steps->clear();
  if (path.empty() || path[0] != '$') return false;
  size_t i = 1;
  while (i < path.size()) {
    if (path[i] == '.') {
      ++i;
      if (i < path.size() && path[i] == '*') {
        steps->push_back({PathStep::kWildcard, "", 0});
        ++i;
        continue;
      }
      size_t start = i;
      while (i < path.size() && path[i] != '.' && path[i] != '[') ++i;
      if (i == start) return false;
      steps->push_back({PathStep::kKey, std::string(path.substr(start, i - start)), 0});
    } else if (path[i] == '[') {
      ++i;
      if (i < path.size() && path[i] == '*') {
        if (i + 1 >= path.size() || path[i + 1] != ']') return false;
        steps->push_back({PathStep::kWildcard, "", 0});
        i += 2;
      } else if (i < path.size() && (path[i] == '\'' || path[i] == '"')) {
        char quote = path[i++];
        size_t end = path.find(quote, i);
        if (end == std::string_view::npos || end + 1 >= path.size() || path[end + 1] != ']') return false;
        steps->push_back({PathStep::kKey, std::string(path.substr(i, end - i)), 0});
        i = end + 2;
      } else {
        size_t start = i;
        int64_t v = 0;
        while (i < path.size() && std::isdigit(static_cast<unsigned char>(path[i]))) v = v * 10 + (path[i++] - '0');
        if (i == start || i >= path.size() || path[i] != ']') return false;
        steps->push_back({PathStep::kIndex, "", v});
        ++i;
      }
    } else {
      return false;
    }
  }
  return true;
}

void Select(const json& node, const std::vector<PathStep>& steps, size_t k, std::vector<const json*>* out) {
  if (k == steps.size()) {
    out->push_back(&node);
    return;
  }
  const PathStep& s = steps[k];
  switch (s.kind) {
    case PathStep::kKey:
      if (node.is_object()) {
        auto it = node.find(s.key);
        if (it != node.end()) Select(*it, steps, k + 1, out);
      }
      break;
    case PathStep::kIndex:
      if (node.is_array() && s.index < static_cast<int64_t>(node.size())) Select(node[s.index], steps, k + 1, out);
      break;
    case PathStep::kWildcard:
      if (node.is_array()) {
        for (const auto& e : node) Select(e, steps, k + 1, out);
      } else if (node.is_object()) {
        for (const auto& e : node) Select(e, steps, k + 1, out);
      }
      break;
  }
}

}  // namespace

SLUICE_DECLARE_BINDER(BindFromJson) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "from_json", 2, 2));
  SLUICE_RETURN_IF_ERROR(call.Coerce(0, Str()));
  if (call.type_id(1) != TypeId::kString || !call.args[1]->IsFoldable()) {
    return Status::AnalysisError("[INVALID_SCHEMA.NON_STRING_LITERAL] The input schema \"" + ToSql(*call.args[1]) +
                                 "\" must be a STRING literal such as 'a INT, b STRING', in \"" + call.sql + "\".");
  }
  SLUICE_ASSIGN_OR_RETURN(Value schema_text, call.Constant(1, "schema"));
  if (schema_text.is_null()) {
    return Status::AnalysisError("[INVALID_SCHEMA.NON_STRING_LITERAL] The input schema NULL must be a STRING literal");
  }
  SLUICE_ASSIGN_OR_RETURN(TypePtr type, ParseJsonSchema(schema_text.string_value(), call));
  return MakeCall(call.name, type, std::move(call.args),
                  [](const Args& a, int64_t n, const TypePtr& t, EvalContext& ctx) -> Result<ColumnPtr> {
                    auto out = std::make_shared<Column>(t);
                    out->Reserve(n);
                    for (int64_t i = 0; i < n; ++i) {
                      if (a[0].IsNull(i)) {
                        out->AppendNull();
                        continue;
                      }
                      json j = ParseJson(a[0].GetString(i));
                      const bool fits = !j.is_discarded() && (t->id() != TypeId::kStruct || j.is_object()) &&
                                        (t->id() != TypeId::kArray || j.is_array());
                      if (!fits) {
                        AppendNullFields(*t, out.get());
                      } else {
                        AppendJson(j, *t, out.get(), ctx.time_zone);
                      }
                    }
                    return out;
                  });
}

SLUICE_DECLARE_BINDER(BindToJson) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "to_json", 1, 1));
  if (!call.type(0)->IsNested()) return call.Unexpected(0, QuoteTypes({"STRUCT", "ARRAY", "MAP"}));
  return MakeCall(call.name, Str(), std::move(call.args),
                  [](const Args& a, int64_t n, const TypePtr& type, EvalContext& ctx) -> Result<ColumnPtr> {
                    std::string buf;
                    return MapRows(type, a, n, [&](int64_t i, Column* out) {
                      buf.clear();
                      WriteJson(*a[0].column, a[0].Row(i), ctx.time_zone, &buf);
                      out->AppendString(buf);
                    });
                  });
}

SLUICE_DECLARE_BINDER(BindGetJsonObject) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "get_json_object", 2, 2));
  SLUICE_RETURN_IF_ERROR(call.Coerce(0, Str()));
  SLUICE_RETURN_IF_ERROR(call.Coerce(1, Str()));
  auto constant_path = std::make_shared<std::vector<PathStep>>();
  bool has_constant = false;
  if (call.args[1]->IsFoldable()) {
    SLUICE_ASSIGN_OR_RETURN(Value p, call.Constant(1, "path"));
    if (!p.is_null()) has_constant = ParseJsonPath(p.string_value(), constant_path.get());
    if (!p.is_null() && !has_constant) {
      // An invalid literal path gives NULL for every row, as in Spark.
      return MakeLiteral(Value::Null(), Str());
    }
  }
  return MakeCall(call.name, Str(), std::move(call.args),
                  [constant_path, has_constant](const Args& a, int64_t n, const TypePtr& type,
                                                EvalContext&) -> Result<ColumnPtr> {
                    std::vector<PathStep> row_path;
                    std::vector<const json*> matches;
                    return MapRows(type, a, n, [&](int64_t i, Column* out) {
                      const std::vector<PathStep>* steps = constant_path.get();
                      if (!has_constant) {
                        if (!ParseJsonPath(a[1].GetString(i), &row_path)) {
                          out->AppendNull();
                          return;
                        }
                        steps = &row_path;
                      }
                      json j = ParseJson(a[0].GetString(i));
                      if (j.is_discarded()) {
                        out->AppendNull();
                        return;
                      }
                      matches.clear();
                      Select(j, *steps, 0, &matches);
                      if (matches.empty() || (matches.size() == 1 && matches[0]->is_null())) {
                        out->AppendNull();
                      } else if (matches.size() == 1) {
                        const json& m = *matches[0];
                        out->AppendString(m.is_string() ? m.get_ref<const std::string&>() : m.dump());
                      } else {
                        json array = json::array();
                        for (const json* m : matches) array.push_back(*m);
                        out->AppendString(array.dump());
                      }
                    });
                  });
}

SLUICE_DECLARE_BINDER(BindJsonArrayLength) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "json_array_length", 1, 1));
  SLUICE_RETURN_IF_ERROR(call.Coerce(0, Str()));
  return MakeCall(call.name, DataType::Int(), std::move(call.args),
                  [](const Args& a, int64_t n, const TypePtr& type, EvalContext&) -> Result<ColumnPtr> {
                    return MapFixed<int32_t>(type, a, n, [&](int64_t i, int32_t* v) {
                      json j = ParseJson(a[0].GetString(i));
                      if (j.is_discarded() || !j.is_array()) return false;
                      *v = static_cast<int32_t>(j.size());
                      return true;
                    });
                  });
}

}  // namespace sluice::expr
