#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sluice/common/status.h"
#include "sluice/common/time.h"

namespace sluice::connectors {

// A datetime pattern of the `timestampFormat` / `dateFormat` options, in Spark's (Java
// DateTimeFormatter) syntax, e.g. "yyyy-MM-dd'T'HH:mm:ss.SSSXXX" or "dd/MM/yyyy HH:mm".
//
// Supported letters: y u (year; "yy" is 2000-2099), M L (month: M, MM, MMM "Jan", MMMM
// "January"), d, D (day of year), H, k (1-24), h (1-12), K (0-11), m, s, S... (fraction of
// a second, up to 9 digits; parsing accepts 1 to n digits), a (AM/PM), E (day of week:
// "Mon", "Monday"; ignored when parsing), X x Z (offsets: X "Z"/"+08"/"+0800"/"+08:00",
// x without "Z", Z "+0800", ZZZZZ "+08:00"), z V (zone: "UTC", "+08:00"). 'text' quotes
// literal text ('' is a quote) and [ ] marks optional sections. Text fields parse
// ignoring case, as Spark's formatter does. Other letters are rejected when the pattern
// is parsed.
//
// Immutable and thread-safe after Parse.
class DateTimePattern {
 public:
  // InvalidArgument naming the pattern and the bad letter or unbalanced bracket/quote.
  static Result<DateTimePattern> Parse(std::string_view pattern);

  // Appends `micros` (UTC) rendered in `tz`.
  void FormatTimestamp(int64_t micros, const TimeZone& tz, std::string* out) const;
  // Appends `days` rendered as a local midnight (offsets print as the zone's).
  void FormatDate(int32_t days, const TimeZone& tz, std::string* out) const;
  // Parses the whole of `text`; false when it does not match. Without an offset in the
  // text, the local time is in `tz`. Missing fields default to 1970-01-01 00:00:00.
  bool ParseTimestamp(std::string_view text, const TimeZone& tz, int64_t* micros) const;
  // Parses the whole of `text` as a date; time and offset fields are checked but ignored.
  bool ParseDate(std::string_view text, int32_t* days) const;

  const std::string& pattern() const { return pattern_; }

 private:
  enum class Kind : uint8_t {
    kLiteral,
    kYear,
    kMonth,
    kDay,
    kDayOfYear,
    kHourOfDay,     // H: 0-23
    kClockHourOfDay,  // k: 1-24
    kClockHourOfAmPm,  // h: 1-12
    kHourOfAmPm,    // K: 0-11
    kMinute,
    kSecond,
    kFraction,
    kAmPm,
    kDayOfWeek,
    kOffsetX,  // X: "Z" for zero
    kOffsetx,  // x: "+00" for zero
    kOffsetZ,  // Z
    kZoneName,  // z, V
    kOptionalStart,
    kOptionalEnd,
  };
  struct Element {
    Kind kind;
    int count = 0;           // pattern letters repeated
    std::string literal;     // kLiteral
    size_t optional_end = 0;  // kOptionalStart: index of its kOptionalEnd
  };
  static Element MakeElement(Kind kind) {
    Element e;
    e.kind = kind;
    return e;
  }
  struct Fields;

  bool ParseRange(std::string_view text, size_t* pos, size_t begin, size_t end, Fields* fields) const;
  bool ParseFields(std::string_view text, Fields* fields) const;
  void Format(int64_t local_micros, int32_t offset_seconds, const TimeZone& tz, std::string* out) const;
  bool NextIsNumeric(size_t index) const;

  std::string pattern_;
  std::vector<Element> elements_;
};

}  // namespace sluice::connectors
