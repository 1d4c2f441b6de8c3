#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "sluice/common/time.h"
#include "sluice/types/data_type.h"

namespace sluice::types {

// A single value outside a column: literals, scenario rows, API results. It does not
// carry its type; the column or expression it belongs to does. INT, BIGINT, DATE and
// TIMESTAMP are held as int64; STRING and BINARY as bytes; STRUCT and ARRAY as a list.
class Value {
 public:
  using List = std::vector<Value>;

  Value() = default;  // NULL
  static Value Null() { return Value(); }
  static Value Bool(bool v) { return Value(Storage(v)); }
  static Value Int(int64_t v) { return Value(Storage(v)); }
  static Value Double(double v) { return Value(Storage(v)); }
  static Value String(std::string v) { return Value(Storage(std::move(v))); }
  static Value MakeList(List v) { return Value(Storage(std::move(v))); }

  bool is_null() const { return std::holds_alternative<std::monostate>(v_); }
  bool is_bool() const { return std::holds_alternative<bool>(v_); }
  bool is_int() const { return std::holds_alternative<int64_t>(v_); }
  bool is_double() const { return std::holds_alternative<double>(v_); }
  bool is_string() const { return std::holds_alternative<std::string>(v_); }
  bool is_list() const { return std::holds_alternative<List>(v_); }

  bool bool_value() const { return std::get<bool>(v_); }
  int64_t int_value() const { return std::get<int64_t>(v_); }
  double double_value() const { return std::get<double>(v_); }
  const std::string& string_value() const { return std::get<std::string>(v_); }
  const List& list_value() const { return std::get<List>(v_); }
  // Numeric value as double (int or double); 0 otherwise.
  double AsDouble() const;

  bool operator==(const Value& other) const { return v_ == other.v_; }
  bool operator!=(const Value& other) const { return !(v_ == other.v_); }
  // A total order for sorting (NULL first), within one type.
  bool operator<(const Value& other) const;

  // Spark's CAST(x AS STRING) rendering for the given type ("NULL" for null), as the
  // console sink shows it: timestamps in the zone, structs as "{a, b}", arrays "[a, b]".
  std::string ToString(const DataType& type, const TimeZone& tz) const;
  // A SQL literal for EXPLAIN: 'text', 42, 1.5D, NULL.
  std::string ToSqlLiteral(const DataType& type) const;

 private:
  using Storage = std::variant<std::monostate, bool, int64_t, double, std::string, List>;
  explicit Value(Storage v) : v_(std::move(v)) {}
  Storage v_;
};

using Row = std::vector<Value>;

// Spark's rendering of a double as a string: "1.0", "0.1", "1.0E10", "NaN", "Infinity".
std::string FormatDouble(double v);

}  // namespace sluice::types
