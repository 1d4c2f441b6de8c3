#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "sluice/common/time.h"
#include "sluice/types/schema.h"
#include "sluice/types/value.h"

namespace sluice {

// Converts a C++ value to a types::Value for a row: integers (INT, BIGINT, DATE as
// days, TIMESTAMP as microseconds), floating point, bool, strings, nullptr (NULL), or a
// types::Value as it is (use types::Value::MakeList for ARRAY and STRUCT values).
inline types::Value ToValue(std::nullptr_t) { return types::Value::Null(); }
inline types::Value ToValue(bool v) { return types::Value::Bool(v); }
template <typename T>
  requires(std::is_integral_v<T> && !std::is_same_v<T, bool>)
types::Value ToValue(T v) {
  return types::Value::Int(static_cast<int64_t>(v));
}
template <typename T>
  requires std::is_floating_point_v<T>
types::Value ToValue(T v) {
  return types::Value::Double(static_cast<double>(v));
}
inline types::Value ToValue(const char* v) { return v == nullptr ? types::Value::Null() : types::Value::String(v); }
inline types::Value ToValue(const std::string& v) { return types::Value::String(v); }
inline types::Value ToValue(std::string_view v) { return types::Value::String(std::string(v)); }
inline types::Value ToValue(const types::Value& v) { return v; }

// A row from C++ values, for createDataFrame and MemoryStream::addData:
//   stream.addData({MakeRow(1, "a"), MakeRow(2, nullptr)});
// For TIMESTAMP and DATE columns a string such as "2024-01-01 10:00:00" is accepted too
// and parsed in the session time zone when the row is added.
template <typename... Ts>
types::Row MakeRow(const Ts&... values) {
  return types::Row{ToValue(values)...};
}

namespace api {

// Fits user rows to `schema` before they are validated and stored: strings in TIMESTAMP
// and DATE fields are parsed (Spark's CAST rules, in `tz`), integers in DOUBLE fields
// become doubles. Other values are left for connectors::ValidateRows to check.
// Errors (InvalidArgument) name the row, the field and the text.
Result<std::vector<types::Row>> CoerceRows(const types::Schema& schema, std::vector<types::Row> rows,
                                           const TimeZone& tz);

}  // namespace api
}  // namespace sluice
