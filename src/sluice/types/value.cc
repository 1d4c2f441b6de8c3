#include "sluice/types/value.h"

#include <cmath>
#include <cstdio>
#include <cstring>

namespace sluice::types {

double Value::AsDouble() const {
  if (is_int()) return static_cast<double>(int_value());
  if (is_double()) return double_value();
  return 0;
}

bool Value::operator<(const Value& other) const {
  if (is_null() || other.is_null()) return is_null() && !other.is_null();
  if (is_int() && other.is_double()) return static_cast<double>(int_value()) < other.double_value();
  if (is_double() && other.is_int()) return double_value() < static_cast<double>(other.int_value());
  return v_ < other.v_;
}

std::string FormatDouble(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  if (v == 0) return std::signbit(v) ? "-0.0" : "0.0";
  double a = std::fabs(v);
  // Java's Double.toString: plain notation for 1e-3 <= |v| < 1e7, scientific otherwise,
  // with the shortest digits that round-trip.
  char buf[64];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof(buf), "%.*e", precision - 1, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  // buf holds d.ddddde[+-]XX; split mantissa digits and exponent.
  std::string s = buf;
  size_t e = s.find('e');
  std::string mant = s.substr(0, e);
  int exp = std::atoi(s.c_str() + e + 1);
  bool neg = mant[0] == '-';
  if (neg) mant = mant.substr(1);
  std::string digits;
  for (char c : mant) {
    if (c != '.') digits += c;
  }
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  std::string out;
  if (a >= 1e-3 && a < 1e7) {
    if (exp >= 0) {
      std::string int_part = digits.substr(0, std::min<size_t>(digits.size(), exp + 1));
      while (static_cast<int>(int_part.size()) < exp + 1) int_part += '0';
      std::string frac = digits.size() > static_cast<size_t>(exp + 1) ? digits.substr(exp + 1) : "0";
      out = int_part + "." + frac;
    } else {
      out = "0." + std::string(-exp - 1, '0') + digits;
    }
  } else {
    std::string frac = digits.size() > 1 ? digits.substr(1) : "0";
    out = digits.substr(0, 1) + "." + frac + "E" + std::to_string(exp);
  }
  return neg ? "-" + out : out;
}

std::string Value::ToString(const DataType& type, const TimeZone& tz) const {
  if (is_null()) return "NULL";
  switch (type.id()) {
    case TypeId::kBoolean: return bool_value() ? "true" : "false";
    case TypeId::kInt:
    case TypeId::kBigint: return std::to_string(int_value());
    case TypeId::kDouble: return FormatDouble(is_double() ? double_value() : AsDouble());
    case TypeId::kString: return string_value();
    case TypeId::kBinary: {
      std::string out = "[";
      const auto& s = string_value();
      for (size_t i = 0; i < s.size(); ++i) {
        char buf[4];
        std::snprintf(buf, sizeof(buf), "%02X", static_cast<unsigned char>(s[i]));
        if (i) out += " ";
        out += buf;
      }
      return out + "]";
    }
    case TypeId::kTimestamp: return FormatTimestamp(int_value(), tz);
    case TypeId::kDate: return FormatDate(static_cast<int32_t>(int_value()));
    case TypeId::kStruct: {
      std::string out = "{";
      const auto& l = list_value();
      for (size_t i = 0; i < l.size() && i < type.fields().size(); ++i) {
        if (i) out += ", ";
        out += l[i].is_null() ? "null" : l[i].ToString(*type.fields()[i].type, tz);
      }
      return out + "}";
    }
    case TypeId::kArray: {
      std::string out = "[";
      const auto& l = list_value();
      for (size_t i = 0; i < l.size(); ++i) {
        if (i) out += ", ";
        out += l[i].is_null() ? "null" : l[i].ToString(*type.element(), tz);
      }
      return out + "]";
    }
    case TypeId::kNull: return "NULL";
  }
  return "?";
}

std::string Value::ToSqlLiteral(const DataType& type) const {
  if (is_null()) return "NULL";
  switch (type.id()) {
    case TypeId::kString: {
      std::string out = "'";
      for (char c : string_value()) {
        if (c == '\'' || c == '\\') out += '\\';
        out += c;
      }
      return out + "'";
    }
    case TypeId::kBigint: return std::to_string(int_value()) + "L";
    case TypeId::kDouble: return FormatDouble(double_value()) + "D";
    case TypeId::kTimestamp: return "TIMESTAMP '" + FormatTimestamp(int_value(), TimeZone{}) + "'";
    case TypeId::kDate: return "DATE '" + FormatDate(static_cast<int32_t>(int_value())) + "'";
    default: return ToString(type, TimeZone{});
  }
}

}  // namespace sluice::types
