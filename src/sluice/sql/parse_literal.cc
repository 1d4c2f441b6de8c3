// Literals and type names: numbers, strings, TIMESTAMP/DATE literals, INTERVAL bodies
// and the type in CAST(x AS type) / x::type.

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <set>

#include "sluice/common/time.h"
#include "sluice/sql/interval_text.h"
#include "sluice/sql/parser_internal.h"
#include "sluice/types/data_type.h"

namespace sluice::sql {

namespace {

using types::DataType;
using types::Value;

bool IsIntervalUnit(const Token& t) {
  static const auto* kUnits = new std::set<std::string, std::less<>>{
      "MICROSECOND", "MICROSECONDS", "MILLISECOND", "MILLISECONDS", "SECOND", "SECONDS", "MINUTE",
      "MINUTES",     "HOUR",         "HOURS",       "DAY",          "DAYS",   "WEEK",   "WEEKS",
      "MONTH",       "MONTHS",       "YEAR",        "YEARS"};
  return t.kind == TokenKind::kWord && kUnits->count(t.upper) > 0;
}

// The number of digits the text starts with, after leading spaces.
size_t LeadingDigits(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  size_t start = i;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  return i - start;
}

// Years beyond these digit counts do not fit the value (int64 micros for TIMESTAMP,
// int32 days for DATE); they are rejected before conversion so that no literal can overflow.
constexpr size_t kMaxTimestampYearDigits = 5;
constexpr size_t kMaxDateYearDigits = 6;

bool IsNumberToken(const Token& t) { return t.kind == TokenKind::kInteger || t.kind == TokenKind::kDecimal; }

}  // namespace

Result<ExprPtr> Parser::ParseNumber(const Token& t, bool negate, Position pos) {
  auto out_of_range = [&](const char* type) {
    return ErrorAt(pos, t.begin, std::string(type) + " literal out of range: " + (negate ? "-" : "") + t.text);
  };
  if (t.kind == TokenKind::kInteger) {
    std::string digits = (negate ? "-" : "") + t.value;
    int64_t v = 0;
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
    bool fits = ec == std::errc() && ptr == digits.data() + digits.size();
    switch (t.suffix) {
      case 'L':
        if (!fits) return out_of_range("BIGINT");
        return Finish(MakeLiteral(Value::Int(v), DataType::Bigint(), pos));
      case 'S':
        if (!fits || v < std::numeric_limits<int16_t>::min() || v > std::numeric_limits<int16_t>::max()) {
          return out_of_range("SMALLINT");
        }
        return Finish(MakeLiteral(Value::Int(v), DataType::Int(), pos));
      case 'Y':
        if (!fits || v < std::numeric_limits<int8_t>::min() || v > std::numeric_limits<int8_t>::max()) {
          return out_of_range("TINYINT");
        }
        return Finish(MakeLiteral(Value::Int(v), DataType::Int(), pos));
      default:
        break;
    }
    if (fits) {
      bool is_int = v >= std::numeric_limits<int32_t>::min() && v <= std::numeric_limits<int32_t>::max();
      return Finish(MakeLiteral(Value::Int(v), is_int ? DataType::Int() : DataType::Bigint(), pos));
    }
    // Beyond BIGINT Spark makes a DECIMAL; sluice has no DECIMAL and uses DOUBLE.
  }
  std::string text = (negate ? "-" : "") + t.value;
  double v = std::strtod(text.c_str(), nullptr);
  if (std::isinf(v)) return out_of_range("DOUBLE");
  return Finish(MakeLiteral(Value::Double(v), DataType::Double(), pos));
}

Result<ExprPtr> Parser::ParseStringLiteral() {
  // Adjacent string literals concatenate: 'a' 'b' is 'ab', as in Spark.
  const Token& first = Advance();
  Position pos = first.pos;
  std::string value = first.value;
  while (Peek().kind == TokenKind::kString) value += Advance().value;
  return Finish(MakeLiteral(Value::String(std::move(value)), DataType::String(), pos));
}

Result<ExprPtr> Parser::ParseTypedLiteral() {
  const Token& type_token = Advance();
  Position pos = type_token.pos;
  bool is_timestamp = type_token.upper == "TIMESTAMP";
  const Token& s = Advance();
  if (is_timestamp) {
    int64_t micros = 0;
    if (LeadingDigits(s.value) > kMaxTimestampYearDigits || !ParseTimestampMicros(s.value, TimeZone{}, &micros)) {
      return ErrorAt(s, "invalid TIMESTAMP literal " + s.text + " (expected 'yyyy-MM-dd HH:mm:ss[.SSSSSS]')");
    }
    return Finish(MakeLiteral(Value::Int(micros), DataType::Timestamp(), pos));
  }
  int32_t days = 0;
  if (LeadingDigits(s.value) > kMaxDateYearDigits || !ParseDateDays(s.value, &days)) {
    return ErrorAt(s, "invalid DATE literal " + s.text + " (expected 'yyyy-MM-dd')");
  }
  return Finish(MakeLiteral(Value::Int(days), DataType::Date(), pos));
}

Result<int64_t> Parser::ParseIntervalBody(const Token& interval_token, int64_t micros_per_month) {
  std::string text;
  const Token& first = Peek();
  if (first.kind == TokenKind::kString) {
    // INTERVAL '10 seconds' or INTERVAL '10' SECOND.
    text = Advance().value;
    if (IsIntervalUnit(Peek())) {
      text += " " + Advance().text;
      if (PeekKeyword("TO")) {
        return ErrorAt(Peek(), "INTERVAL ... TO ... ranges are not supported; write INTERVAL '1 minute 30 seconds'");
      }
    }
  } else {
    // One or more `number unit` pairs: INTERVAL 1 MINUTE 30 SECONDS, INTERVAL -5 SECONDS.
    bool first_pair = true;
    while (true) {
      std::string sign;
      if (PeekOp("-") || PeekOp("+")) {
        if (!first_pair && !(IsNumberToken(Peek(1)) && IsIntervalUnit(Peek(2)))) break;
        sign = Advance().text;
      } else if (!first_pair && !(IsNumberToken(Peek()) && IsIntervalUnit(Peek(1)))) {
        break;
      }
      const Token& number = Peek();
      if (!IsNumberToken(number) || number.suffix != 0) {
        return ErrorExpected("a number or a string after INTERVAL");
      }
      Advance();
      if (!IsIntervalUnit(Peek())) {
        return ErrorExpected("an interval unit (MICROSECONDS, MILLISECONDS, SECONDS, MINUTES, HOURS, DAYS or WEEKS)");
      }
      if (!text.empty()) text += " ";
      text += sign + number.value + " " + Advance().text;
      first_pair = false;
    }
  }
  auto micros = ParseIntervalText(text, micros_per_month);
  if (!micros.ok()) return ErrorAt(interval_token, micros.status().message());
  return *micros;
}

Result<types::TypePtr> Parser::ParseTypeName() {
  constexpr int kMaxTypeNesting = 100;
  const Token& first = Peek();
  if (first.kind != TokenKind::kWord) return ErrorExpected("a type name");
  Advance();
  // Take the tokens of the type (ARRAY<STRUCT<a: INT>>, VARCHAR(10)) and let the types
  // layer parse their text, so that CAST and DDL agree on type names.
  if (PeekOp("<>")) {
    Advance();  // STRUCT<>
  } else if (PeekOp("<")) {
    int depth = 0;
    do {
      const Token& t = Peek();
      if (t.kind == TokenKind::kEnd || t.kind == TokenKind::kError || (t.kind == TokenKind::kOperator &&
                                                                       (t.text == ")" || t.text == ";"))) {
        return ErrorExpected("'>'");
      }
      if (t.kind == TokenKind::kOperator && t.text == "<") ++depth;
      if (t.kind == TokenKind::kOperator && t.text == ">") --depth;
      if (depth > kMaxTypeNesting) return ErrorAt(t, "the type is nested too deeply");
      Advance();
    } while (depth > 0);
  } else if (PeekOp("(")) {
    Advance();
    while (!PeekOp(")")) {
      const Token& t = Peek();
      if (t.kind == TokenKind::kEnd || t.kind == TokenKind::kError || t.text == "(" || t.text == ";") {
        return ErrorExpected("')'");
      }
      Advance();
    }
    Advance();
  }
  std::string_view span = text_.substr(first.begin, Previous().end - first.begin);
  auto type = types::ParseDataType(span);
  if (!type.ok()) {
    return ErrorAt(first, "unknown or invalid type '" + std::string(span) +
                              "' (supported: BOOLEAN, INT, BIGINT, DOUBLE, STRING, BINARY, TIMESTAMP, DATE, "
                              "ARRAY<type>, STRUCT<name: type, ...>)");
  }
  return *type;
}

}  // namespace sluice::sql
