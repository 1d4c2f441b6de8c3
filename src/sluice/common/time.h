#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sluice/common/status.h"

namespace sluice {

// Timestamps are microseconds since 1970-01-01T00:00:00Z; dates are days since then.
constexpr int64_t kMicrosPerMilli = 1000;
constexpr int64_t kMicrosPerSecond = 1000 * kMicrosPerMilli;
constexpr int64_t kMicrosPerMinute = 60 * kMicrosPerSecond;
constexpr int64_t kMicrosPerHour = 60 * kMicrosPerMinute;
constexpr int64_t kMicrosPerDay = 24 * kMicrosPerHour;

// Civil date arithmetic (proleptic Gregorian, as Spark 3+).
int32_t DaysFromCivil(int64_t year, unsigned month, unsigned day);
void CivilFromDays(int64_t days, int64_t* year, unsigned* month, unsigned* day);

// Floor division for negative timestamps.
inline int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
inline int64_t FloorMod(int64_t a, int64_t b) { return a - FloorDiv(a, b) * b; }

// A session time zone. sluice supports UTC and fixed offsets ("UTC", "Z", "GMT+8",
// "+08:00", "UTC-05:30"); `offset_seconds` is added to UTC to get local time.
struct TimeZone {
  int32_t offset_seconds = 0;
  std::string name = "UTC";
  static Result<TimeZone> Parse(std::string_view id);
  int64_t ToLocalMicros(int64_t utc_micros) const { return utc_micros + offset_seconds * kMicrosPerSecond; }
  int64_t ToUtcMicros(int64_t local_micros) const { return local_micros - offset_seconds * kMicrosPerSecond; }
};

// Parses an interval such as "10 seconds", "1 minute 30 seconds", "INTERVAL 5 MINUTES",
// "100 milliseconds", "2 hours", "1 day" into microseconds. Months and years (12 months)
// count `micros_per_month` each; with 0 (the default) they are rejected, since they have
// no fixed length (window durations, triggers).
Result<int64_t> ParseIntervalMicros(std::string_view text, int64_t micros_per_month = 0);

// A month in a watermark delay: 31 days, as Spark's IntervalUtils.getDuration counts it
// for EventTimeWatermark ("2 years 5 months" is 29 * 31 days).
inline constexpr int64_t kWatermarkMicrosPerMonth = 31 * kMicrosPerDay;
// "10 seconds" style rendering of an interval, for EXPLAIN and errors.
std::string FormatIntervalMicros(int64_t micros);

// Spark's CAST(string AS TIMESTAMP) rules: "yyyy[-mm[-dd[( |T)hh[:mm[:ss[.ffffff]]]]]][zone]".
// Returns false when the text is not a timestamp.
bool ParseTimestampMicros(std::string_view text, const TimeZone& tz, int64_t* out);
// Spark's CAST(string AS DATE): "yyyy[-mm[-dd]]" optionally followed by a time part.
bool ParseDateDays(std::string_view text, int32_t* out);

// "2021-01-01 10:00:00" or "2021-01-01 10:00:00.123" (fraction trimmed), as Spark's
// CAST(timestamp AS STRING) in the given zone.
std::string FormatTimestamp(int64_t micros, const TimeZone& tz);
// "2021-01-01".
std::string FormatDate(int32_t days);
// Spark's progress JSON form: "1970-01-01T00:00:05.000Z" (always UTC, milliseconds).
std::string FormatIsoMillis(int64_t micros);

}  // namespace sluice
