#include "sluice/expr/functions/datetime_pattern.h"

#include <cctype>
#include <cstdio>
#include <cstring>

namespace sluice::expr {

namespace {

const char* const kMonthShort[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
const char* const kMonthLong[] = {"January", "February", "March",     "April",   "May",      "June",
                                  "July",    "August",   "September", "October", "November", "December"};
// Index 0 = Monday, as ISO.
const char* const kDayShort[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
const char* const kDayLong[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

bool IsSupportedLetter(char c) { return std::strchr("GyMLdDQqEahKkHmsSXxZzVO", c) != nullptr; }

bool IsNumericLetter(char c) { return std::strchr("yMLdDHhKkmsS", c) != nullptr; }

void AppendPadded(int64_t v, int width, std::string* out) {
  char buf[32];
  if (v < 0) {
    out->push_back('-');
    v = -v;
  }
  std::snprintf(buf, sizeof(buf), "%0*lld", width, static_cast<long long>(v));
  out->append(buf);
}

void AppendOffset(int32_t offset_seconds, bool colon, bool with_minutes, bool z_for_zero, std::string* out) {
  if (offset_seconds == 0 && z_for_zero) {
    out->push_back('Z');
    return;
  }
  out->push_back(offset_seconds < 0 ? '-' : '+');
  int32_t abs = offset_seconds < 0 ? -offset_seconds : offset_seconds;
  AppendPadded(abs / 3600, 2, out);
  int32_t minutes = (abs / 60) % 60;
  if (with_minutes || minutes != 0) {
    if (colon) out->push_back(':');
    AppendPadded(minutes, 2, out);
  }
}

bool StartsWithIgnoreCase(std::string_view text, size_t pos, std::string_view word) {
  if (text.size() - pos < word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[pos + i])) != std::tolower(static_cast<unsigned char>(word[i]))) {
      return false;
    }
  }
  return true;
}

bool ValidDate(int64_t y, int64_t m, int64_t d) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

}  // namespace

struct DateTimePattern::Parsed {
  int64_t year = 1970;
  int64_t month = 1;
  int64_t day = 1;
  int64_t day_of_year = -1;
  int64_t hour24 = -1;
  int64_t hour12 = -1;  // from h / K (K is stored as 0..11)
  int64_t pm = -1;
  int64_t minute = 0;
  int64_t second = 0;
  int64_t micros = 0;
  bool has_offset = false;
  int32_t offset = 0;
};

Result<DateTimePattern> DateTimePattern::Compile(std::string_view pattern, bool analysis) {
  auto fail = [&](const std::string& why) -> Status {
    std::string message = "Fail to recognize '" + std::string(pattern) + "' pattern in the DateTimeFormatter: " + why;
    return analysis ? Status::AnalysisError(message) : Status::ExecutionError(message);
  };
  DateTimePattern p;
  p.pattern_ = std::string(pattern);
  int depth = 0;
  for (size_t i = 0; i < pattern.size();) {
    char c = pattern[i];
    if (c == '\'') {
      std::string literal;
      size_t j = i + 1;
      if (j < pattern.size() && pattern[j] == '\'') {
        literal = "'";
        i = j + 1;
      } else {
        while (true) {
          if (j >= pattern.size()) return fail("unterminated quoted text");
          if (pattern[j] == '\'') {
            if (j + 1 < pattern.size() && pattern[j + 1] == '\'') {
              literal += '\'';
              j += 2;
              continue;
            }
            break;
          }
          literal += pattern[j++];
        }
        i = j + 1;
      }
      p.tokens_.push_back({Kind::kLiteral, 0, 0, literal});
      continue;
    }
    if (c == '[') {
      ++depth;
      p.tokens_.push_back({Kind::kOptionalStart, 0, 0, ""});
      ++i;
      continue;
    }
    if (c == ']') {
      if (depth == 0) return fail("unmatched ']'");
      --depth;
      p.tokens_.push_back({Kind::kOptionalEnd, 0, 0, ""});
      ++i;
      continue;
    }
    if (std::isalpha(static_cast<unsigned char>(c))) {
      size_t j = i;
      while (j < pattern.size() && pattern[j] == c) ++j;
      int count = static_cast<int>(j - i);
      if (std::strchr("YwWecuF", c) != nullptr) {
        return fail("week-based pattern letter '" + std::string(1, c) +
                    "' is not supported since Spark 3.0; use the SQL function EXTRACT instead");
      }
      if (!IsSupportedLetter(c)) {
        return fail("unknown pattern letter '" + std::string(1, c) +
                    "' (supported: G y M L d D Q E a h K k H m s S X x Z z V O)");
      }
      if ((c == 'S' && count > 9) || (c == 'a' && count > 1) || ((c == 'd' || c == 'H' || c == 'h' || c == 'm' ||
                                                                   c == 's' || c == 'k' || c == 'K') && count > 2) ||
          (c == 'D' && count > 3) || (c == 'M' && count > 5) || ((c == 'X' || c == 'x' || c == 'Z') && count > 5)) {
        return fail("too many pattern letters: " + std::string(count, c));
      }
      p.tokens_.push_back({Kind::kField, c, count, ""});
      i = j;
      continue;
    }
    if (!p.tokens_.empty() && p.tokens_.back().kind == Kind::kLiteral) {
      p.tokens_.back().literal += c;
    } else {
      p.tokens_.push_back({Kind::kLiteral, 0, 0, std::string(1, c)});
    }
    ++i;
  }
  if (depth != 0) return fail("unmatched '['");
  return p;
}

void DateTimePattern::Format(int64_t micros, const TimeZone& tz, std::string* out) const {
  const int64_t local = tz.ToLocalMicros(micros);
  const int64_t days = FloorDiv(local, kMicrosPerDay);
  const int64_t in_day = local - days * kMicrosPerDay;
  int64_t year;
  unsigned month, day;
  CivilFromDays(days, &year, &month, &day);
  const int64_t hour = in_day / kMicrosPerHour;
  const int64_t minute = (in_day / kMicrosPerMinute) % 60;
  const int64_t second = (in_day / kMicrosPerSecond) % 60;
  const int64_t fraction = in_day % kMicrosPerSecond;
  const int64_t weekday = FloorMod(days + 3, 7);  // 0 = Monday
  for (const Token& t : tokens_) {
    if (t.kind == Kind::kLiteral) {
      out->append(t.literal);
      continue;
    }
    if (t.kind != Kind::kField) continue;
    const int n = t.count;
    switch (t.letter) {
      case 'G': out->append(year > 0 ? "AD" : "BC"); break;
      case 'y':
        if (n == 2) {
          AppendPadded(FloorMod(year, 100), 2, out);
        } else {
          AppendPadded(year, n, out);
        }
        break;
      case 'M':
      case 'L':
        if (n >= 4) {
          out->append(kMonthLong[month - 1]);
        } else if (n == 3) {
          out->append(kMonthShort[month - 1]);
        } else {
          AppendPadded(month, n, out);
        }
        break;
      case 'd': AppendPadded(day, n, out); break;
      case 'D': AppendPadded(days - DaysFromCivil(year, 1, 1) + 1, n, out); break;
      case 'Q':
      case 'q': {
        int64_t q = (month - 1) / 3 + 1;
        if (n <= 2) {
          AppendPadded(q, n, out);
        } else if (n == 3) {
          out->append("Q" + std::to_string(q));
        } else {
          static const char* kQuarters[] = {"1st quarter", "2nd quarter", "3rd quarter", "4th quarter"};
          out->append(kQuarters[q - 1]);
        }
        break;
      }
      case 'E': out->append(n >= 4 ? kDayLong[weekday] : kDayShort[weekday]); break;
      case 'a': out->append(hour < 12 ? "AM" : "PM"); break;
      case 'h': AppendPadded(hour % 12 == 0 ? 12 : hour % 12, n, out); break;
      case 'K': AppendPadded(hour % 12, n, out); break;
      case 'k': AppendPadded(hour == 0 ? 24 : hour, n, out); break;
      case 'H': AppendPadded(hour, n, out); break;
      case 'm': AppendPadded(minute, n, out); break;
      case 's': AppendPadded(second, n, out); break;
      case 'S': {
        char buf[16];
        std::snprintf(buf, sizeof(buf), "%06lld", static_cast<long long>(fraction));
        std::string digits = buf;
        while (static_cast<int>(digits.size()) < n) digits += '0';
        out->append(digits.substr(0, n));
        break;
      }
      case 'X': AppendOffset(tz.offset_seconds, n >= 3, n >= 2, true, out); break;
      case 'x': AppendOffset(tz.offset_seconds, n >= 3, n >= 2, false, out); break;
      case 'Z':
        if (n <= 3) {
          AppendOffset(tz.offset_seconds, false, true, false, out);
        } else if (n == 4) {
          out->append("GMT");
          if (tz.offset_seconds != 0) AppendOffset(tz.offset_seconds, true, true, false, out);
        } else {
          AppendOffset(tz.offset_seconds, true, true, true, out);
        }
        break;
      case 'O':
        out->append("GMT");
        if (tz.offset_seconds != 0) {
          int32_t abs = tz.offset_seconds < 0 ? -tz.offset_seconds : tz.offset_seconds;
          out->push_back(tz.offset_seconds < 0 ? '-' : '+');
          if (n >= 4) {
            AppendPadded(abs / 3600, 2, out);
            out->push_back(':');
            AppendPadded((abs / 60) % 60, 2, out);
          } else {
            out->append(std::to_string(abs / 3600));
            if ((abs / 60) % 60 != 0) {
              out->push_back(':');
              AppendPadded((abs / 60) % 60, 2, out);
            }
          }
        }
        break;
      case 'z':
      case 'V': out->append(tz.name.empty() ? "UTC" : tz.name); break;
      default: break;
    }
  }
}

bool DateTimePattern::ParseField(const Token& t, bool next_is_numeric, std::string_view s, size_t* pos,
                                 Parsed* p) const {
  auto read_number = [&](int min_digits, int max_digits, int64_t* out) {
    size_t i = *pos;
    int64_t v = 0;
    int digits = 0;
    while (i < s.size() && digits < max_digits && std::isdigit(static_cast<unsigned char>(s[i]))) {
      v = v * 10 + (s[i] - '0');
      ++i;
      ++digits;
    }
    if (digits < min_digits) return false;
    *pos = i;
    *out = v;
    return true;
  };
  auto read_fixed_or_variable = [&](int count, int max_variable, int64_t* out) {
    if (count >= 2) return read_number(count, count, out);
    return read_number(1, next_is_numeric ? 1 : max_variable, out);
  };
  const int n = t.count;
  switch (t.letter) {
    case 'G':
      if (StartsWithIgnoreCase(s, *pos, "AD")) {
        *pos += 2;
        return true;
      }
      return false;
    case 'y': {
      if (n == 2) {
        int64_t v;
        if (!read_number(2, 2, &v)) return false;
        p->year = 2000 + v;
        return true;
      }
      bool negative = false;
      if (*pos < s.size() && (s[*pos] == '-' || s[*pos] == '+')) {
        negative = s[*pos] == '-';
        ++*pos;
      }
      int64_t v;
      if (!read_number(n, next_is_numeric ? std::max(n, 4) : 9, &v)) return false;
      p->year = negative ? -v : v;
      return true;
    }
    case 'M':
    case 'L': {
      if (n >= 3) {
        const char* const* names = n >= 4 ? kMonthLong : kMonthShort;
        for (int m = 0; m < 12; ++m) {
          if (StartsWithIgnoreCase(s, *pos, names[m])) {
            *pos += std::strlen(names[m]);
            p->month = m + 1;
            return true;
          }
        }
        return false;
      }
      return read_fixed_or_variable(n, 2, &p->month);
    }
    case 'd': return read_fixed_or_variable(n, 2, &p->day);
    case 'D': return read_fixed_or_variable(n, 3, &p->day_of_year);
    case 'E': {
      const char* const* names = n >= 4 ? kDayLong : kDayShort;
      for (int d = 0; d < 7; ++d) {
        if (StartsWithIgnoreCase(s, *pos, names[d])) {
          *pos += std::strlen(names[d]);
          return true;
        }
      }
      return false;
    }
    case 'Q':
    case 'q': {
      int64_t q;
      return read_fixed_or_variable(n, 1, &q);
    }
    case 'a':
      if (StartsWithIgnoreCase(s, *pos, "AM") || StartsWithIgnoreCase(s, *pos, "PM")) {
        p->pm = std::tolower(static_cast<unsigned char>(s[*pos])) == 'p';
        *pos += 2;
        return true;
      }
      return false;
    case 'H': return read_fixed_or_variable(n, 2, &p->hour24);
    case 'k': {
      if (!read_fixed_or_variable(n, 2, &p->hour24)) return false;
      if (p->hour24 == 24) p->hour24 = 0;
      return true;
    }
    case 'h': {
      if (!read_fixed_or_variable(n, 2, &p->hour12)) return false;
      if (p->hour12 < 1 || p->hour12 > 12) return false;
      if (p->hour12 == 12) p->hour12 = 0;
      return true;
    }
    case 'K': return read_fixed_or_variable(n, 2, &p->hour12);
    case 'm': return read_fixed_or_variable(n, 2, &p->minute);
    case 's': return read_fixed_or_variable(n, 2, &p->second);
    case 'S': {
      size_t start = *pos;
      int64_t v;
      if (!read_number(1, n, &v)) return false;
      int digits = static_cast<int>(*pos - start);
      while (digits < 6) {
        v *= 10;
        ++digits;
      }
      while (digits > 6) {
        v /= 10;
        --digits;
      }
      p->micros = v;
      return true;
    }
    case 'X':
    case 'x':
    case 'Z':
    case 'O':
    case 'z':
    case 'V': {
      size_t i = *pos;
      if (i < s.size() && (s[i] == 'Z' || s[i] == 'z') && t.letter != 'O') {
        *pos = i + 1;
        p->has_offset = true;
        p->offset = 0;
        return true;
      }
      size_t j = i;
      while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '+' || s[j] == '-' ||
                              s[j] == ':' || s[j] == '/' || s[j] == '_')) {
        ++j;
      }
      auto zone = TimeZone::Parse(s.substr(i, j - i));
      if (!zone.ok()) return false;
      p->has_offset = true;
      p->offset = zone->offset_seconds;
      *pos = j;
      return true;
    }
    default: return false;
  }
}

bool DateTimePattern::ParseRange(std::string_view s, size_t* pos, size_t first, size_t last, Parsed* p) const {
  for (size_t k = first; k < last; ++k) {
    const Token& t = tokens_[k];
    switch (t.kind) {
      case Kind::kLiteral:
        if (s.substr(*pos, t.literal.size()) != t.literal) return false;
        *pos += t.literal.size();
        break;
      case Kind::kField: {
        const bool next_is_numeric = k + 1 < last && tokens_[k + 1].kind == Kind::kField &&
                                     IsNumericLetter(tokens_[k + 1].letter) &&
                                     !(tokens_[k + 1].letter == 'M' && tokens_[k + 1].count >= 3);
        if (!ParseField(t, next_is_numeric, s, pos, p)) return false;
        break;
      }
      case Kind::kOptionalStart: {
        size_t end = k + 1;
        int depth = 1;
        while (end < last && depth > 0) {
          if (tokens_[end].kind == Kind::kOptionalStart) ++depth;
          if (tokens_[end].kind == Kind::kOptionalEnd) --depth;
          ++end;
        }
        // An optional section either parses completely or is skipped.
        size_t saved_pos = *pos;
        Parsed saved = *p;
        if (!ParseRange(s, pos, k + 1, end - 1, p)) {
          *pos = saved_pos;
          *p = saved;
        }
        k = end - 1;
        break;
      }
      case Kind::kOptionalEnd: break;
    }
  }
  return true;
}

bool DateTimePattern::Parse(std::string_view text, const TimeZone& tz, int64_t* micros) const {
  Parsed p;
  size_t pos = 0;
  if (!ParseRange(text, &pos, 0, tokens_.size(), &p) || pos != text.size()) return false;
  int64_t days;
  if (p.day_of_year >= 0) {
    int64_t first = DaysFromCivil(p.year, 1, 1);
    int64_t next = DaysFromCivil(p.year + 1, 1, 1);
    if (p.day_of_year < 1 || first + p.day_of_year - 1 >= next) return false;
    days = first + p.day_of_year - 1;
  } else {
    if (!ValidDate(p.year, p.month, p.day)) return false;
    days = DaysFromCivil(p.year, static_cast<unsigned>(p.month), static_cast<unsigned>(p.day));
  }
  int64_t hour = 0;
  if (p.hour24 >= 0) {
    hour = p.hour24;
  } else if (p.hour12 >= 0) {
    hour = p.hour12 + (p.pm == 1 ? 12 : 0);
  }
  if (hour > 23 || p.minute > 59 || p.second > 59) return false;
  const int64_t local =
      days * kMicrosPerDay + hour * kMicrosPerHour + p.minute * kMicrosPerMinute + p.second * kMicrosPerSecond + p.micros;
  const int32_t offset = p.has_offset ? p.offset : tz.offset_seconds;
  *micros = local - offset * kMicrosPerSecond;
  return true;
}

}  // namespace sluice::expr
