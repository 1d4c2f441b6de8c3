#pragma once

// Spark's datetime patterns (the java.time DateTimeFormatter letters Spark 3+ accepts):
// yyyy yy MM MMM MMMM dd D HH hh K k mm ss S..S a E EEEE Q G XXX xx Z z VV, 'quoted text'
// and [optional sections]. Week-based letters (Y w W e c u) are rejected, as in Spark.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sluice/common/status.h"
#include "sluice/common/time.h"

namespace sluice::expr {

class DateTimePattern {
 public:
  // Compiles `pattern`. Unknown or unsupported letters fail with a message that names the
  // letter; `analysis` picks AnalysisError (literal patterns) or ExecutionError.
  static Result<DateTimePattern> Compile(std::string_view pattern, bool analysis = true);

  // Appends `micros` (UTC) rendered in `tz`.
  void Format(int64_t micros, const TimeZone& tz, std::string* out) const;
  // Parses the whole of `text` as local time in `tz` (or in the offset the text carries)
  // into UTC micros. Missing fields default to 1970-01-01 00:00:00. False on mismatch.
  bool Parse(std::string_view text, const TimeZone& tz, int64_t* micros) const;

  const std::string& pattern() const { return pattern_; }

 private:
  enum class Kind : uint8_t { kField, kLiteral, kOptionalStart, kOptionalEnd };
  struct Token {
    Kind kind;
    char letter = 0;
    int count = 0;
    std::string literal;
  };
  struct Parsed;
  bool ParseRange(std::string_view text, size_t* pos, size_t first, size_t last, Parsed* p) const;
  bool ParseField(const Token& t, bool next_is_numeric, std::string_view text, size_t* pos, Parsed* p) const;

  std::string pattern_;
  std::vector<Token> tokens_;
};

// Spark's default pattern of unix_timestamp / from_unixtime.
inline constexpr std::string_view kDefaultTimestampPattern = "yyyy-MM-dd HH:mm:ss";

}  // namespace sluice::expr
