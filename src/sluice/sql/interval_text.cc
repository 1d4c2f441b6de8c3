#include "sluice/sql/interval_text.h"

#include <cmath>
#include <cstdlib>
#include <exception>
#include <string>

#include "sluice/common/time.h"

namespace sluice::sql {

namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

Result<int64_t> CallParseIntervalMicros(std::string_view text, int64_t micros_per_month) {
  try {
    return ParseIntervalMicros(text, micros_per_month);
  } catch (const std::exception& e) {
    return Status::InvalidArgument("cannot parse interval '" + std::string(text) + "': " + e.what());
  }
}

}  // namespace

Result<int64_t> ParseIntervalText(std::string_view text, int64_t micros_per_month) {
  // Walk the text the way ParseIntervalMicros does: [interval] ['] {[+-]number unit} ['].
  std::string s(Trim(text));
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  std::string_view rest = s;
  if (rest.substr(0, 8) == "interval") rest = Trim(rest.substr(8));
  if (rest.size() >= 2 && (rest.front() == '\'' || rest.front() == '"') && rest.back() == rest.front()) {
    rest = Trim(rest.substr(1, rest.size() - 2));
  }
  constexpr long double kLimit = 9.0e18L;
  long double total = 0;
  size_t i = 0;
  while (i < rest.size()) {
    while (i < rest.size() && IsSpace(rest[i])) ++i;
    if (i >= rest.size()) break;
    bool negative = false;
    if (rest[i] == '-' || rest[i] == '+') {
      negative = rest[i] == '-';
      ++i;
    }
    size_t start = i;
    int num_digits = 0, num_dots = 0;
    while (i < rest.size() && (IsDigit(rest[i]) || rest[i] == '.')) {
      if (rest[i] == '.') ++num_dots; else ++num_digits;
      ++i;
    }
    if (start == i) break;  // ParseIntervalMicros reports "expected a number"
    if (num_digits == 0 || num_dots > 1) {
      return Status::InvalidArgument("cannot parse interval '" + std::string(text) + "': '" +
                                     std::string(rest.substr(start, i - start)) + "' is not a number");
    }
    long double number = std::strtold(std::string(rest.substr(start, i - start)).c_str(), nullptr);
    while (i < rest.size() && IsSpace(rest[i])) ++i;
    size_t unit_start = i;
    while (i < rest.size() && IsAlpha(rest[i])) ++i;
    std::string unit(rest.substr(unit_start, i - unit_start));
    // The unit's length in microseconds, from the one definition of units.
    auto scale = CallParseIntervalMicros("1 " + unit, micros_per_month);
    if (!scale.ok() && (unit == "year" || unit == "years" || unit == "month" || unit == "months")) {
      return Status::InvalidArgument("cannot parse interval '" + std::string(text) +
                                     "': intervals in months or years are not supported (they have no "
                                     "fixed length); use days, hours, minutes or seconds");
    }
    if (!scale.ok()) break;  // let the full parse below report the unknown unit in context
    total += (negative ? -number : number) * static_cast<long double>(*scale);
    if (std::fabs(number * static_cast<long double>(*scale)) > kLimit || std::fabs(total) > kLimit) {
      return Status::InvalidArgument("interval '" + std::string(text) + "' is out of range");
    }
  }
  return CallParseIntervalMicros(text, micros_per_month);
}

}  // namespace sluice::sql
