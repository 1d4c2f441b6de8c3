#include "sluice/connectors/file/value_text.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>

namespace sluice::connectors {
namespace {

template <typename T>
bool ParseJavaInteger(std::string_view text, T* out) {
  if (!text.empty() && text[0] == '+') {
    text.remove_prefix(1);
    if (!text.empty() && (text[0] == '-' || text[0] == '+')) return false;
  }
  if (text.empty()) return false;
  T v{};
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size()) return false;
  *out = v;
  return true;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

}  // namespace

bool ParseJavaInt(std::string_view text, int32_t* out) { return ParseJavaInteger(text, out); }
bool ParseJavaLong(std::string_view text, int64_t* out) { return ParseJavaInteger(text, out); }

bool ParseJavaDouble(std::string_view text, double* out) {
  while (!text.empty() && static_cast<unsigned char>(text.front()) <= ' ') text.remove_prefix(1);
  while (!text.empty() && static_cast<unsigned char>(text.back()) <= ' ') text.remove_suffix(1);
  if (text.empty()) return false;
  bool negative = false;
  std::string_view body = text;
  if (body[0] == '+' || body[0] == '-') {
    negative = body[0] == '-';
    body.remove_prefix(1);
  }
  if (body == "NaN") {
    *out = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  if (body == "Infinity") {
    *out = negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
    return true;
  }
  char last = body.empty() ? '\0' : body.back();
  if (last == 'd' || last == 'D' || last == 'f' || last == 'F') body.remove_suffix(1);
  // digits [. digits] [e [sign] digits], at least one mantissa digit.
  size_t i = 0, mantissa_digits = 0;
  while (i < body.size() && std::isdigit(static_cast<unsigned char>(body[i]))) ++i, ++mantissa_digits;
  if (i < body.size() && body[i] == '.') {
    ++i;
    while (i < body.size() && std::isdigit(static_cast<unsigned char>(body[i]))) ++i, ++mantissa_digits;
  }
  if (mantissa_digits == 0) return false;
  if (i < body.size() && (body[i] == 'e' || body[i] == 'E')) {
    ++i;
    if (i < body.size() && (body[i] == '+' || body[i] == '-')) ++i;
    size_t exponent_digits = 0;
    while (i < body.size() && std::isdigit(static_cast<unsigned char>(body[i]))) ++i, ++exponent_digits;
    if (exponent_digits == 0) return false;
  }
  if (i != body.size()) return false;
  double v = 0;
  auto [ptr, ec] = std::from_chars(body.data(), body.data() + body.size(), v);
  if (ptr != body.data() + body.size()) return false;
  if (ec == std::errc::result_out_of_range) {
    // Java rounds to infinity or zero instead of failing.
    bool tiny = false;
    size_t e = body.find_first_of("eE");
    if (e != std::string_view::npos && e + 1 < body.size() && body[e + 1] == '-') tiny = true;
    v = tiny ? 0.0 : std::numeric_limits<double>::infinity();
  } else if (ec != std::errc()) {
    return false;
  }
  *out = negative ? -v : v;
  return true;
}

bool ParseJavaBoolean(std::string_view text, bool* out) {
  if (EqualsIgnoreCase(text, "true")) {
    *out = true;
    return true;
  }
  if (EqualsIgnoreCase(text, "false")) {
    *out = false;
    return true;
  }
  return false;
}

bool ParseTimestampText(std::string_view text, const FileReadOptions& options, int64_t* micros) {
  if (options.timestamp_format) return options.timestamp_format->ParseTimestamp(text, options.tz, micros);
  return ParseTimestampMicros(text, options.tz, micros);
}

bool ParseDateText(std::string_view text, const FileReadOptions& options, int32_t* days) {
  if (options.date_format) return options.date_format->ParseDate(text, days);
  return ParseDateDays(text, days);
}

types::Value PartitionValueToValue(const std::optional<std::string>& text, const types::DataType& type,
                                   const FileReadOptions& options) {
  using types::Value;
  if (!text) return Value();
  std::string_view s = *text;
  switch (type.id()) {
    case types::TypeId::kString:
    case types::TypeId::kBinary: return Value::String(*text);
    case types::TypeId::kBoolean: {
      bool b;
      return ParseJavaBoolean(s, &b) ? Value::Bool(b) : Value();
    }
    case types::TypeId::kInt: {
      int32_t v;
      return ParseJavaInt(s, &v) ? Value::Int(v) : Value();
    }
    case types::TypeId::kBigint: {
      int64_t v;
      return ParseJavaLong(s, &v) ? Value::Int(v) : Value();
    }
    case types::TypeId::kDouble: {
      double v;
      return ParseJavaDouble(s, &v) ? Value::Double(v) : Value();
    }
    case types::TypeId::kTimestamp: {
      int64_t v;
      return ParseTimestampMicros(s, options.tz, &v) ? Value::Int(v) : Value();
    }
    case types::TypeId::kDate: {
      int32_t v;
      return ParseDateDays(s, &v) ? Value::Int(v) : Value();
    }
    default: return Value();
  }
}

void AppendBase64(std::string_view bytes, std::string* out) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    uint32_t v = (static_cast<uint8_t>(bytes[i]) << 16) | (static_cast<uint8_t>(bytes[i + 1]) << 8) |
                 static_cast<uint8_t>(bytes[i + 2]);
    out->push_back(kAlphabet[(v >> 18) & 63]);
    out->push_back(kAlphabet[(v >> 12) & 63]);
    out->push_back(kAlphabet[(v >> 6) & 63]);
    out->push_back(kAlphabet[v & 63]);
  }
  size_t left = bytes.size() - i;
  if (left == 1) {
    uint32_t v = static_cast<uint8_t>(bytes[i]) << 16;
    out->push_back(kAlphabet[(v >> 18) & 63]);
    out->push_back(kAlphabet[(v >> 12) & 63]);
    out->append("==");
  } else if (left == 2) {
    uint32_t v = (static_cast<uint8_t>(bytes[i]) << 16) | (static_cast<uint8_t>(bytes[i + 1]) << 8);
    out->push_back(kAlphabet[(v >> 18) & 63]);
    out->push_back(kAlphabet[(v >> 12) & 63]);
    out->push_back(kAlphabet[(v >> 6) & 63]);
    out->push_back('=');
  }
}

bool DecodeBase64(std::string_view text, std::string* out) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  if (text.size() % 4 == 1) return false;
  out->clear();
  uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    int v = Base64Value(c);
    if (v < 0) return false;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out->push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return true;
}

}  // namespace sluice::connectors
