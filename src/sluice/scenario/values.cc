#include "sluice/scenario/values.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace sluice::scenario {

namespace {

using types::DataType;
using types::TypeId;
using types::Value;

constexpr double kRelativeTolerance = 1e-9;

std::string Dump(const Json& v) { return v.dump(-1, ' ', false, Json::error_handler_t::replace); }

Status Mismatch(const DataType& type, const std::string& expected_form, const Json& found) {
  return Status::InvalidArgument("expected " + expected_form + " for " + type.ToString() + ", got " + Dump(found));
}

Result<Value> JsonToValue(const Json& v, const DataType& type, const TimeZone& tz) {
  if (v.is_null()) return Value::Null();
  switch (type.id()) {
    case TypeId::kNull:
      return Mismatch(type, "null", v);
    case TypeId::kBoolean:
      if (!v.is_boolean()) return Mismatch(type, "true or false", v);
      return Value::Bool(v.get<bool>());
    case TypeId::kInt:
    case TypeId::kBigint:
      if (v.is_number_integer() && !v.is_number_unsigned()) return Value::Int(v.get<int64_t>());
      if (v.is_number_unsigned() && v.get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
        return Value::Int(static_cast<int64_t>(v.get<uint64_t>()));
      }
      return Mismatch(type, "an integer", v);
    case TypeId::kDouble:
      if (v.is_number()) return Value::Double(v.get<double>());
      if (v.is_string()) {
        // JSON has no NaN or infinities; Spark's spellings stand for them.
        const std::string& s = v.get_ref<const std::string&>();
        if (s == "NaN") return Value::Double(std::numeric_limits<double>::quiet_NaN());
        if (s == "Infinity") return Value::Double(std::numeric_limits<double>::infinity());
        if (s == "-Infinity") return Value::Double(-std::numeric_limits<double>::infinity());
      }
      return Mismatch(type, "a number", v);
    case TypeId::kString:
    case TypeId::kBinary:
      if (!v.is_string()) return Mismatch(type, "a string", v);
      return Value::String(v.get<std::string>());
    case TypeId::kTimestamp: {
      int64_t micros = 0;
      if (!v.is_string() || !ParseTimestampMicros(v.get_ref<const std::string&>(), tz, &micros)) {
        return Mismatch(type, "\"YYYY-MM-DD HH:MM:SS[.ffffff]\"", v);
      }
      return Value::Int(micros);
    }
    case TypeId::kDate: {
      int32_t days = 0;
      if (!v.is_string() || !ParseDateDays(v.get_ref<const std::string&>(), &days)) {
        return Mismatch(type, "\"YYYY-MM-DD\"", v);
      }
      return Value::Int(days);
    }
    case TypeId::kArray: {
      if (!v.is_array()) return Mismatch(type, "a JSON array", v);
      Value::List items;
      items.reserve(v.size());
      for (size_t i = 0; i < v.size(); ++i) {
        auto item = JsonToValue(v[i], *type.element(), tz);
        if (!item.ok()) return item.status().WithContext("element " + std::to_string(i));
        items.push_back(std::move(item).value());
      }
      return Value::MakeList(std::move(items));
    }
    case TypeId::kStruct: {
      const auto& fields = type.fields();
      Value::List items(fields.size());
      if (v.is_array()) {
        if (v.size() != fields.size()) {
          return Status::InvalidArgument("struct given as an array has " + std::to_string(v.size()) +
                                         " values, but " + type.ToString() + " has " + std::to_string(fields.size()) +
                                         " fields");
        }
        for (size_t i = 0; i < fields.size(); ++i) {
          auto item = JsonToValue(v[i], *fields[i].type, tz);
          if (!item.ok()) return item.status().WithContext("field '" + fields[i].name + "'");
          items[i] = std::move(item).value();
        }
        return Value::MakeList(std::move(items));
      }
      if (!v.is_object()) return Mismatch(type, "a JSON object", v);
      for (const auto& [key, field_value] : v.items()) {
        int index = type.FieldIndex(key);
        if (index < 0) return Status::InvalidArgument("no field '" + key + "' in " + type.ToString());
        auto item = JsonToValue(field_value, *fields[index].type, tz);
        if (!item.ok()) return item.status().WithContext("field '" + key + "'");
        items[index] = std::move(item).value();
      }
      return Value::MakeList(std::move(items));
    }
  }
  return Mismatch(type, "a value", v);
}

// Renders a value without a type to go by.
Json UntypedValueToJson(const Value& value) {
  if (value.is_null()) return nullptr;
  if (value.is_bool()) return value.bool_value();
  if (value.is_int()) return value.int_value();
  if (value.is_double()) return value.double_value();
  if (value.is_string()) return value.string_value();
  Json out = Json::array();
  for (const auto& item : value.list_value()) out.push_back(UntypedValueToJson(item));
  return out;
}

Json DoubleToJson(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  return d;
}

Json NormalizeValue(const Json& v, const DataType& type, const TimeZone& tz) {
  switch (type.id()) {
    case TypeId::kTimestamp: {
      int64_t micros = 0;
      if (v.is_string() && ParseTimestampMicros(v.get_ref<const std::string&>(), tz, &micros)) {
        return FormatTimestamp(micros, tz);
      }
      return v;
    }
    case TypeId::kDate: {
      int32_t days = 0;
      if (v.is_string() && ParseDateDays(v.get_ref<const std::string&>(), &days)) return FormatDate(days);
      return v;
    }
    case TypeId::kArray: {
      if (!v.is_array()) return v;
      Json out = Json::array();
      for (const auto& item : v) out.push_back(NormalizeValue(item, *type.element(), tz));
      return out;
    }
    case TypeId::kStruct: {
      if (!v.is_object()) return v;
      Json out = Json::object();
      for (const auto& [key, item] : v.items()) {
        int index = type.FieldIndex(key);
        out[key] = index < 0 ? item : NormalizeValue(item, *type.fields()[index].type, tz);
      }
      return out;
    }
    default:
      return v;
  }
}

bool NumbersMatch(const Json& expected, const Json& actual) {
  bool exp_int = expected.is_number_integer(), act_int = actual.is_number_integer();
  if (exp_int && act_int) {
    // Two integers compare exactly; mind the unsigned ones above INT64_MAX.
    if (expected.is_number_unsigned() && actual.is_number_unsigned()) {
      return expected.get<uint64_t>() == actual.get<uint64_t>();
    }
    if (expected.is_number_unsigned() || actual.is_number_unsigned()) {
      const Json& u = expected.is_number_unsigned() ? expected : actual;
      const Json& s = expected.is_number_unsigned() ? actual : expected;
      return s.get<int64_t>() >= 0 && static_cast<uint64_t>(s.get<int64_t>()) == u.get<uint64_t>();
    }
    return expected.get<int64_t>() == actual.get<int64_t>();
  }
  double a = expected.get<double>(), b = actual.get<double>();
  if (a == b) return true;
  if (std::isnan(a) || std::isnan(b)) return false;
  return std::fabs(a - b) <= kRelativeTolerance * std::max(std::fabs(a), std::fabs(b));
}

void Render(const Json& v, std::string* out) {
  if (v.is_array()) {
    out->push_back('[');
    bool first = true;
    for (const auto& item : v) {
      if (!first) out->append(", ");
      first = false;
      Render(item, out);
    }
    out->push_back(']');
  } else if (v.is_object()) {
    out->push_back('{');
    bool first = true;
    for (const auto& [key, item] : v.items()) {
      if (!first) out->append(", ");
      first = false;
      out->append(Dump(Json(key)));
      out->append(": ");
      Render(item, out);
    }
    out->push_back('}');
  } else {
    out->append(Dump(v));
  }
}

}  // namespace

Result<types::Row> JsonToRow(const Json& row, const types::Schema& schema, const TimeZone& tz) {
  if (!row.is_array()) return Status::InvalidArgument("a row must be a JSON array, got " + Dump(row));
  if (row.size() != schema.num_fields()) {
    return Status::InvalidArgument("row " + Dump(row) + " has " + std::to_string(row.size()) + " values, but (" +
                                   schema.ToString() + ") has " + std::to_string(schema.num_fields()) + " columns");
  }
  types::Row out;
  out.reserve(row.size());
  for (size_t i = 0; i < row.size(); ++i) {
    const auto& field = schema.field(i);
    auto value = JsonToValue(row[i], *field.type, tz);
    if (!value.ok()) return value.status().WithContext("column '" + field.name + "'");
    out.push_back(std::move(value).value());
  }
  return out;
}

Result<std::vector<types::Row>> JsonToRows(const Json& rows, const types::Schema& schema, const TimeZone& tz) {
  if (!rows.is_array()) return Status::InvalidArgument("rows must be a list of JSON arrays, got " + Dump(rows));
  std::vector<types::Row> out;
  out.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    auto row = JsonToRow(rows[i], schema, tz);
    if (!row.ok()) return row.status().WithContext("row " + std::to_string(i));
    out.push_back(std::move(row).value());
  }
  return out;
}

Json ValueToJson(const types::Value& value, const types::DataType& type, const TimeZone& tz) {
  if (value.is_null()) return nullptr;
  switch (type.id()) {
    case TypeId::kBoolean:
      if (value.is_bool()) return value.bool_value();
      break;
    case TypeId::kInt:
    case TypeId::kBigint:
      if (value.is_int()) return value.int_value();
      break;
    case TypeId::kDouble:
      if (value.is_double()) return DoubleToJson(value.double_value());
      if (value.is_int()) return static_cast<double>(value.int_value());
      break;
    case TypeId::kString:
    case TypeId::kBinary:
      if (value.is_string()) return value.string_value();
      break;
    case TypeId::kTimestamp:
      if (value.is_int()) return FormatTimestamp(value.int_value(), tz);
      break;
    case TypeId::kDate:
      if (value.is_int()) return FormatDate(static_cast<int32_t>(value.int_value()));
      break;
    case TypeId::kArray:
      if (value.is_list()) {
        Json out = Json::array();
        for (const auto& item : value.list_value()) out.push_back(ValueToJson(item, *type.element(), tz));
        return out;
      }
      break;
    case TypeId::kStruct:
      if (value.is_list() && value.list_value().size() == type.fields().size()) {
        Json out = Json::object();
        const auto& items = value.list_value();
        for (size_t i = 0; i < items.size(); ++i) {
          out[type.fields()[i].name] = ValueToJson(items[i], *type.fields()[i].type, tz);
        }
        return out;
      }
      break;
    case TypeId::kNull:
      break;
  }
  return UntypedValueToJson(value);
}

Json RowToJson(const types::Row& row, const types::Schema& schema, const TimeZone& tz) {
  Json out = Json::array();
  for (size_t i = 0; i < row.size(); ++i) {
    out.push_back(i < schema.num_fields() ? ValueToJson(row[i], *schema.field(i).type, tz) : UntypedValueToJson(row[i]));
  }
  return out;
}

Json NormalizeExpectedRow(const Json& row, const types::Schema& schema, const TimeZone& tz) {
  if (!row.is_array() || row.size() != schema.num_fields()) return row;
  Json out = Json::array();
  for (size_t i = 0; i < row.size(); ++i) out.push_back(NormalizeValue(row[i], *schema.field(i).type, tz));
  return out;
}

bool JsonValuesMatch(const Json& expected, const Json& actual) {
  if (expected.is_number() && actual.is_number()) return NumbersMatch(expected, actual);
  if (expected.type() != actual.type()) return false;
  if (expected.is_array()) {
    if (expected.size() != actual.size()) return false;
    for (size_t i = 0; i < expected.size(); ++i) {
      if (!JsonValuesMatch(expected[i], actual[i])) return false;
    }
    return true;
  }
  if (expected.is_object()) {
    if (expected.size() != actual.size()) return false;
    for (const auto& [key, item] : expected.items()) {
      auto it = actual.find(key);
      if (it == actual.end() || !JsonValuesMatch(item, *it)) return false;
    }
    return true;
  }
  return expected == actual;
}

std::string RenderJson(const Json& value) {
  std::string out;
  Render(value, &out);
  return out;
}

}  // namespace sluice::scenario
