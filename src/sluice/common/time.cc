#include "sluice/common/time.h"

#include "sluice/common/strings.h"
#include <cctype>
#include <cstdio>
#include <vector>

namespace sluice {

// Howard Hinnant's days_from_civil / civil_from_days.
int32_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<int32_t>(era * 146097 + static_cast<int64_t>(doe) - 719468);
}

void CivilFromDays(int64_t z, int64_t* year, unsigned* month, unsigned* day) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  *year = y + (m <= 2);
  *month = m;
  *day = d;
}

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Parses "+08:00", "+8", "-0530", "+08" into seconds; false if malformed.
bool ParseOffset(std::string_view s, int32_t* out) {
  if (s.empty() || (s[0] != '+' && s[0] != '-')) return false;
  int sign = s[0] == '-' ? -1 : 1;
  s.remove_prefix(1);
  int hours = 0, minutes = 0, digits = 0;
  size_t i = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])) && digits < 2) {
    hours = hours * 10 + (s[i] - '0');
    ++i;
    ++digits;
  }
  if (digits == 0) return false;
  if (i < s.size() && s[i] == ':') ++i;
  digits = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])) && digits < 2) {
    minutes = minutes * 10 + (s[i] - '0');
    ++i;
    ++digits;
  }
  if (i != s.size() || hours > 18 || minutes > 59) return false;
  *out = sign * (hours * 3600 + minutes * 60);
  return true;
}

bool ParseZone(std::string_view s, int32_t* out) {
  s = Trim(s);
  std::string l = AsciiLower(s);
  if (l == "z" || l == "utc" || l == "gmt" || l == "ut" || l == "etc/utc" || l == "etc/gmt") {
    *out = 0;
    return true;
  }
  for (const char* prefix : {"utc", "gmt", "ut"}) {
    std::string p(prefix);
    if (l.size() > p.size() && l.compare(0, p.size(), p) == 0 && (l[p.size()] == '+' || l[p.size()] == '-')) {
      return ParseOffset(std::string_view(s).substr(p.size()), out);
    }
  }
  return ParseOffset(s, out);
}

}  // namespace

Result<TimeZone> TimeZone::Parse(std::string_view id) {
  TimeZone tz;
  if (!ParseZone(id, &tz.offset_seconds)) {
    return Status::InvalidArgument("unsupported time zone '" + std::string(id) +
                                   "'; sluice supports UTC and fixed offsets such as '+08:00' or 'GMT-5'");
  }
  tz.name = std::string(Trim(id));
  return tz;
}

Result<int64_t> ParseIntervalMicros(std::string_view text, int64_t micros_per_month) {
  std::string s = AsciiLower(Trim(text));
  if (s.rfind("interval", 0) == 0) s = std::string(Trim(std::string_view(s).substr(8)));
  // Strip surrounding quotes, as in INTERVAL '10 seconds'.
  if (s.size() >= 2 && (s.front() == '\'' || s.front() == '"') && s.back() == s.front()) {
    s = std::string(Trim(std::string_view(s).substr(1, s.size() - 2)));
  }
  if (s.empty()) return Status::InvalidArgument("empty interval");
  int64_t total = 0;
  size_t i = 0;
  bool any = false;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    if (i >= s.size()) break;
    bool negative = false;
    if (s[i] == '-' || s[i] == '+') {
      negative = s[i] == '-';
      ++i;
    }
    size_t start = i;
    int dots = 0, digits = 0;
    while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) {
      dots += s[i] == '.';
      digits += s[i] != '.';
      ++i;
    }
    if (digits == 0 || dots > 1) {
      return Status::InvalidArgument("cannot parse interval '" + std::string(text) +
                                     "': expected a number at position " + std::to_string(start + 1));
    }
    double number = std::strtod(s.substr(start, i - start).c_str(), nullptr);
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    size_t unit_start = i;
    while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i]))) ++i;
    std::string unit = s.substr(unit_start, i - unit_start);
    if (unit.size() > 1 && unit.back() == 's' && unit != "ms" && unit != "us") unit.pop_back();
    int64_t scale;
    if (unit == "microsecond" || unit == "us") scale = 1;
    else if (unit == "millisecond" || unit == "ms" || unit == "milli") scale = kMicrosPerMilli;
    else if (unit == "second" || unit == "sec" || unit == "s") scale = kMicrosPerSecond;
    else if (unit == "minute" || unit == "min" || unit == "m") scale = kMicrosPerMinute;
    else if (unit == "hour" || unit == "h") scale = kMicrosPerHour;
    else if (unit == "day" || unit == "d") scale = kMicrosPerDay;
    else if (unit == "week") scale = 7 * kMicrosPerDay;
    else if ((unit == "month" || unit == "year") && micros_per_month == 0) {
      return Status::InvalidArgument("cannot parse interval '" + std::string(text) +
                                     "': intervals in months or years are not supported (they have no fixed "
                                     "length); use days, hours, minutes or seconds");
    } else if (unit == "month") scale = micros_per_month;
    else if (unit == "year") scale = 12 * micros_per_month;
    else {
      return Status::InvalidArgument("cannot parse interval '" + std::string(text) + "': unknown unit '" + unit +
                                     "' (expected microseconds, milliseconds, seconds, minutes, hours, days or weeks)");
    }
    double scaled = number * static_cast<double>(scale);
    if (scaled >= 9.2e18) {
      return Status::InvalidArgument("interval '" + std::string(text) + "' is too large");
    }
    int64_t micros = static_cast<int64_t>(scaled);
    total += negative ? -micros : micros;
    any = true;
  }
  if (!any) return Status::InvalidArgument("cannot parse interval '" + std::string(text) + "'");
  return total;
}

std::string FormatIntervalMicros(int64_t micros) {
  struct Unit {
    int64_t scale;
    const char* name;
  };
  static const Unit kUnits[] = {{kMicrosPerDay, "days"},     {kMicrosPerHour, "hours"},
                                {kMicrosPerMinute, "minutes"}, {kMicrosPerSecond, "seconds"},
                                {kMicrosPerMilli, "milliseconds"}, {1, "microseconds"}};
  if (micros == 0) return "0 seconds";
  std::string out;
  int64_t rest = micros < 0 ? -micros : micros;
  for (const auto& u : kUnits) {
    if (rest >= u.scale) {
      if (!out.empty()) out += " ";
      out += std::to_string(rest / u.scale) + " " + u.name;
      rest %= u.scale;
    }
  }
  return micros < 0 ? "-" + out : out;
}

namespace {

// Reads 1..max_digits digits; returns false if none.
bool ReadInt(std::string_view s, size_t* i, int max_digits, int64_t* out) {
  int64_t v = 0;
  int n = 0;
  while (*i < s.size() && n < max_digits && std::isdigit(static_cast<unsigned char>(s[*i]))) {
    v = v * 10 + (s[*i] - '0');
    ++*i;
    ++n;
  }
  *out = v;
  return n > 0;
}

bool ValidDate(int64_t y, int64_t m, int64_t d) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  int max = kDays[m - 1] + (m == 2 && leap ? 1 : 0);
  return d <= max;
}

// Parses the date part; sets *i past it.
bool ParseDatePart(std::string_view s, size_t* i, int32_t* days) {
  int64_t y = 0, m = 1, d = 1;
  size_t start = *i;
  // Years up to 294247, the range of microsecond timestamps (as Spark).
  if (!ReadInt(s, i, 6, &y) || *i - start < 4 || y > 294247) return false;
  if (*i < s.size() && s[*i] == '-') {
    ++*i;
    if (!ReadInt(s, i, 2, &m)) return false;
    if (*i < s.size() && s[*i] == '-') {
      ++*i;
      if (!ReadInt(s, i, 2, &d)) return false;
    }
  }
  if (!ValidDate(y, m, d)) return false;
  *days = DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
  return true;
}

}  // namespace

bool ParseTimestampMicros(std::string_view text, const TimeZone& tz, int64_t* out) {
  std::string_view s = Trim(text);
  size_t i = 0;
  int32_t days;
  if (!ParseDatePart(s, &i, &days)) return false;
  int64_t hh = 0, mi = 0, ss = 0, frac = 0;
  if (i < s.size() && (s[i] == ' ' || s[i] == 'T')) {
    ++i;
    if (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
      if (!ReadInt(s, &i, 2, &hh)) return false;
      if (i < s.size() && s[i] == ':') {
        ++i;
        if (!ReadInt(s, &i, 2, &mi)) return false;
        if (i < s.size() && s[i] == ':') {
          ++i;
          if (!ReadInt(s, &i, 2, &ss)) return false;
          if (i < s.size() && s[i] == '.') {
            ++i;
            int n = 0;
            while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
              if (n < 6) {
                frac = frac * 10 + (s[i] - '0');
                ++n;
              }
              ++i;
            }
            while (n < 6) {
              frac *= 10;
              ++n;
            }
          }
        }
      }
    }
  }
  if (hh > 23 || mi > 59 || ss > 59) return false;
  int32_t offset = tz.offset_seconds;
  if (i < s.size()) {
    if (!ParseZone(s.substr(i), &offset)) return false;
  }
  int64_t local = days * kMicrosPerDay + hh * kMicrosPerHour + mi * kMicrosPerMinute + ss * kMicrosPerSecond + frac;
  *out = local - offset * kMicrosPerSecond;
  return true;
}

bool ParseDateDays(std::string_view text, int32_t* out) {
  std::string_view s = Trim(text);
  size_t i = 0;
  if (!ParseDatePart(s, &i, out)) return false;
  return i == s.size() || s[i] == ' ' || s[i] == 'T';
}

std::string FormatDate(int32_t days) {
  int64_t y;
  unsigned m, d;
  CivilFromDays(days, &y, &m, &d);
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  return buf;
}

std::string FormatTimestamp(int64_t micros, const TimeZone& tz) {
  int64_t local = tz.ToLocalMicros(micros);
  int64_t days = FloorDiv(local, kMicrosPerDay);
  int64_t rem = local - days * kMicrosPerDay;
  int64_t secs = rem / kMicrosPerSecond;
  int64_t frac = rem % kMicrosPerSecond;
  char buf[64];
  std::string date = FormatDate(static_cast<int32_t>(days));
  std::snprintf(buf, sizeof(buf), "%s %02lld:%02lld:%02lld", date.c_str(), static_cast<long long>(secs / 3600),
                static_cast<long long>((secs / 60) % 60), static_cast<long long>(secs % 60));
  std::string out = buf;
  if (frac != 0) {
    char f[8];
    std::snprintf(f, sizeof(f), "%06lld", static_cast<long long>(frac));
    std::string fs = f;
    while (!fs.empty() && fs.back() == '0') fs.pop_back();
    out += "." + fs;
  }
  return out;
}

std::string FormatIsoMillis(int64_t micros) {
  int64_t days = FloorDiv(micros, kMicrosPerDay);
  int64_t rem = micros - days * kMicrosPerDay;
  int64_t secs = rem / kMicrosPerSecond;
  int64_t millis = (rem % kMicrosPerSecond) / kMicrosPerMilli;
  char buf[64];
  std::string date = FormatDate(static_cast<int32_t>(days));
  std::snprintf(buf, sizeof(buf), "%sT%02lld:%02lld:%02lld.%03lldZ", date.c_str(), static_cast<long long>(secs / 3600),
                static_cast<long long>((secs / 60) % 60), static_cast<long long>(secs % 60),
                static_cast<long long>(millis));
  return buf;
}

}  // namespace sluice
