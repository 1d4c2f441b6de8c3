#include "sluice/connectors/file/datetime_pattern.h"

#include <cctype>
#include <cstdio>
#include <optional>

namespace sluice::connectors {
namespace {

constexpr const char* kMonthShort[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr const char* kMonthLong[] = {"January", "February", "March",     "April",   "May",      "June",
                                      "July",    "August",   "September", "October", "November", "December"};
// Index 0 is Monday (ISO).
constexpr const char* kDayShort[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
constexpr const char* kDayLong[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned DaysInMonth(int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

void AppendPadded(int64_t value, int width, std::string* out) {
  if (value < 0) {
    out->push_back('-');
    value = -value;
  }
  char buf[24];
  int n = std::snprintf(buf, sizeof(buf), "%0*lld", width, static_cast<long long>(value));
  out->append(buf, static_cast<size_t>(n));
}

// Reads between min_digits and max_digits digits.
bool ReadDigits(std::string_view text, size_t* pos, int min_digits, int max_digits, int64_t* value) {
  size_t i = *pos;
  int64_t v = 0;
  int n = 0;
  while (i < text.size() && n < max_digits && std::isdigit(static_cast<unsigned char>(text[i]))) {
    v = v * 10 + (text[i] - '0');
    ++i;
    ++n;
  }
  if (n < min_digits) return false;
  *pos = i;
  *value = v;
  return true;
}

bool MatchIgnoreCase(std::string_view text, size_t pos, std::string_view word) {
  if (text.size() - pos < word.size()) return false;
  for (size_t k = 0; k < word.size(); ++k) {
    if (std::tolower(static_cast<unsigned char>(text[pos + k])) != std::tolower(static_cast<unsigned char>(word[k]))) {
      return false;
    }
  }
  return true;
}

// Matches the longest of `names` at `pos`; returns its index or -1.
int MatchName(std::string_view text, size_t* pos, const char* const* names, int count) {
  int best = -1;
  size_t best_len = 0;
  for (int k = 0; k < count; ++k) {
    std::string_view name(names[k]);
    if (name.size() > best_len && MatchIgnoreCase(text, *pos, name)) {
      best = k;
      best_len = name.size();
    }
  }
  if (best >= 0) *pos += best_len;
  return best;
}

// "+08", "+0800", "+08:00", "+08:00:30" (and "Z" when allow_z).
bool ParseOffset(std::string_view text, size_t* pos, bool allow_z, int32_t* offset) {
  size_t i = *pos;
  if (allow_z && i < text.size() && (text[i] == 'Z' || text[i] == 'z')) {
    *pos = i + 1;
    *offset = 0;
    return true;
  }
  if (i >= text.size() || (text[i] != '+' && text[i] != '-')) return false;
  int sign = text[i] == '-' ? -1 : 1;
  ++i;
  int64_t hh = 0, mm = 0, ss = 0;
  if (!ReadDigits(text, &i, 2, 2, &hh)) return false;
  bool colon = i < text.size() && text[i] == ':';
  size_t j = colon ? i + 1 : i;
  if (ReadDigits(text, &j, 2, 2, &mm)) {
    i = j;
    // Seconds follow the same separator convention as the minutes.
    bool has_separator = !colon || (i < text.size() && text[i] == ':');
    size_t k = colon ? i + 1 : i;
    if (has_separator && ReadDigits(text, &k, 2, 2, &ss)) i = k;
  }
  if (hh > 18 || mm > 59 || ss > 59) return false;
  *offset = static_cast<int32_t>(sign * (hh * 3600 + mm * 60 + ss));
  *pos = i;
  return true;
}

void AppendOffset(int32_t offset, bool with_colon, bool with_minutes, bool minutes_if_nonzero, bool seconds,
                  std::string* out) {
  out->push_back(offset < 0 ? '-' : '+');
  int32_t a = offset < 0 ? -offset : offset;
  AppendPadded(a / 3600, 2, out);
  int32_t minutes = (a / 60) % 60, secs = a % 60;
  if (with_minutes || (minutes_if_nonzero && (minutes != 0 || secs != 0))) {
    if (with_colon) out->push_back(':');
    AppendPadded(minutes, 2, out);
    if (seconds && secs != 0) {
      if (with_colon) out->push_back(':');
      AppendPadded(secs, 2, out);
    }
  }
}

}  // namespace

struct DateTimePattern::Fields {
  std::optional<int64_t> year;
  std::optional<int64_t> month;
  std::optional<int64_t> day;
  std::optional<int64_t> day_of_year;
  std::optional<int64_t> hour;          // 0-23
  std::optional<int64_t> hour_of_ampm;  // 0-11
  std::optional<bool> pm;
  int64_t minute = 0;
  int64_t second = 0;
  int64_t micros = 0;
  std::optional<int32_t> offset;
};

Result<DateTimePattern> DateTimePattern::Parse(std::string_view pattern) {
  DateTimePattern out;
  out.pattern_ = std::string(pattern);
  std::vector<size_t> open;
  auto error = [&](const std::string& what) {
    return Status::InvalidArgument("invalid datetime pattern '" + std::string(pattern) + "': " + what);
  };
  auto add_literal = [&](std::string_view text) {
    if (!out.elements_.empty() && out.elements_.back().kind == Kind::kLiteral) {
      out.elements_.back().literal.append(text);
    } else {
      Element e = MakeElement(Kind::kLiteral);
      e.literal = std::string(text);
      out.elements_.push_back(std::move(e));
    }
  };
  size_t i = 0;
  while (i < pattern.size()) {
    char c = pattern[i];
    if (c == '\'') {
      size_t j = i + 1;
      if (j < pattern.size() && pattern[j] == '\'') {
        add_literal("'");
        i = j + 1;
        continue;
      }
      std::string text;
      while (true) {
        if (j >= pattern.size()) return error("unterminated quote at position " + std::to_string(i));
        if (pattern[j] == '\'') {
          if (j + 1 < pattern.size() && pattern[j + 1] == '\'') {
            text.push_back('\'');
            j += 2;
            continue;
          }
          break;
        }
        text.push_back(pattern[j++]);
      }
      add_literal(text);
      i = j + 1;
      continue;
    }
    if (c == '[') {
      open.push_back(out.elements_.size());
      out.elements_.push_back(MakeElement(Kind::kOptionalStart));
      ++i;
      continue;
    }
    if (c == ']') {
      if (open.empty()) return error("']' without '[' at position " + std::to_string(i));
      out.elements_[open.back()].optional_end = out.elements_.size();
      open.pop_back();
      out.elements_.push_back(MakeElement(Kind::kOptionalEnd));
      ++i;
      continue;
    }
    if (!std::isalpha(static_cast<unsigned char>(c))) {
      add_literal(std::string_view(&pattern[i], 1));
      ++i;
      continue;
    }
    size_t j = i;
    while (j < pattern.size() && pattern[j] == c) ++j;
    int count = static_cast<int>(j - i);
    Kind kind;
    switch (c) {
      case 'y': case 'u': kind = Kind::kYear; break;
      case 'M': case 'L': kind = Kind::kMonth; break;
      case 'd': kind = Kind::kDay; break;
      case 'D': kind = Kind::kDayOfYear; break;
      case 'H': kind = Kind::kHourOfDay; break;
      case 'k': kind = Kind::kClockHourOfDay; break;
      case 'h': kind = Kind::kClockHourOfAmPm; break;
      case 'K': kind = Kind::kHourOfAmPm; break;
      case 'm': kind = Kind::kMinute; break;
      case 's': kind = Kind::kSecond; break;
      case 'S': kind = Kind::kFraction; break;
      case 'a': kind = Kind::kAmPm; break;
      case 'E': kind = Kind::kDayOfWeek; break;
      case 'X': kind = Kind::kOffsetX; break;
      case 'x': kind = Kind::kOffsetx; break;
      case 'Z': kind = Kind::kOffsetZ; break;
      case 'z': case 'V': kind = Kind::kZoneName; break;
      default:
        return error("unsupported pattern letter '" + std::string(1, c) + "' at position " + std::to_string(i) +
                     "; supported: y u M L d D H k h K m s S a E X x Z z V");
    }
    if (kind == Kind::kFraction && count > 9) return error("too many 'S' (at most 9)");
    if ((kind == Kind::kOffsetX || kind == Kind::kOffsetx || kind == Kind::kOffsetZ) && count > 5) {
      return error("too many '" + std::string(1, c) + "' (at most 5)");
    }
    if (kind != Kind::kYear && kind != Kind::kFraction && kind != Kind::kMonth && kind != Kind::kDayOfWeek &&
        kind != Kind::kOffsetX && kind != Kind::kOffsetx && kind != Kind::kOffsetZ && kind != Kind::kZoneName &&
        count > (kind == Kind::kDayOfYear ? 3 : 2)) {
      return error("too many '" + std::string(1, c) + "' at position " + std::to_string(i));
    }
    Element e = MakeElement(kind);
    e.count = count;
    out.elements_.push_back(std::move(e));
    i = j;
  }
  if (!open.empty()) return error("'[' without ']'");
  return out;
}

bool DateTimePattern::NextIsNumeric(size_t index) const {
  if (index + 1 >= elements_.size()) return false;
  switch (elements_[index + 1].kind) {
    case Kind::kYear: case Kind::kDay: case Kind::kDayOfYear: case Kind::kHourOfDay: case Kind::kClockHourOfDay:
    case Kind::kClockHourOfAmPm: case Kind::kHourOfAmPm: case Kind::kMinute: case Kind::kSecond:
    case Kind::kFraction:
      return true;
    case Kind::kMonth: return elements_[index + 1].count <= 2;
    default: return false;
  }
}

bool DateTimePattern::ParseRange(std::string_view text, size_t* pos, size_t begin, size_t end, Fields* f) const {
  size_t i = *pos;
  for (size_t k = begin; k < end; ++k) {
    const Element& e = elements_[k];
    int64_t v = 0;
    // "dd" takes exactly two digits, "d" one or two.
    int min2 = e.count >= 2 ? 2 : 1;
    int max2 = 2;
    switch (e.kind) {
      case Kind::kLiteral:
        if (!MatchIgnoreCase(text, i, e.literal)) return false;
        i += e.literal.size();
        break;
      case Kind::kOptionalStart: {
        Fields saved = *f;
        size_t p = i;
        if (ParseRange(text, &p, k + 1, e.optional_end, f)) {
          i = p;
        } else {
          *f = saved;
        }
        k = e.optional_end;
        break;
      }
      case Kind::kOptionalEnd: break;
      case Kind::kYear: {
        if (e.count == 2) {
          if (!ReadDigits(text, &i, 2, 2, &v)) return false;
          f->year = 2000 + v;
        } else {
          int min_digits = std::max(e.count, 1);
          int max_digits = NextIsNumeric(k) ? std::max(e.count, 4) : 9;
          if (!ReadDigits(text, &i, min_digits, max_digits, &v)) return false;
          f->year = v;
        }
        break;
      }
      case Kind::kMonth:
        if (e.count >= 3) {
          int m = MatchName(text, &i, e.count == 3 ? kMonthShort : kMonthLong, 12);
          if (m < 0) return false;
          f->month = m + 1;
        } else {
          if (!ReadDigits(text, &i, min2, max2, &v)) return false;
          f->month = v;
        }
        break;
      case Kind::kDay:
        if (!ReadDigits(text, &i, min2, max2, &v)) return false;
        f->day = v;
        break;
      case Kind::kDayOfYear:
        if (!ReadDigits(text, &i, e.count, 3, &v)) return false;
        f->day_of_year = v;
        break;
      case Kind::kHourOfDay:
        if (!ReadDigits(text, &i, min2, max2, &v) || v > 23) return false;
        f->hour = v;
        break;
      case Kind::kClockHourOfDay:
        if (!ReadDigits(text, &i, min2, max2, &v) || v < 1 || v > 24) return false;
        f->hour = v % 24;
        break;
      case Kind::kClockHourOfAmPm:
        if (!ReadDigits(text, &i, min2, max2, &v) || v < 1 || v > 12) return false;
        f->hour_of_ampm = v % 12;
        break;
      case Kind::kHourOfAmPm:
        if (!ReadDigits(text, &i, min2, max2, &v) || v > 11) return false;
        f->hour_of_ampm = v;
        break;
      case Kind::kMinute:
        if (!ReadDigits(text, &i, min2, max2, &v) || v > 59) return false;
        f->minute = v;
        break;
      case Kind::kSecond:
        if (!ReadDigits(text, &i, min2, max2, &v) || v > 59) return false;
        f->second = v;
        break;
      case Kind::kFraction: {
        size_t start = i;
        if (!ReadDigits(text, &i, 1, e.count, &v)) return false;
        int digits = static_cast<int>(i - start);
        // Scale to microseconds (digits beyond 6 are truncated).
        while (digits < 6) {
          v *= 10;
          ++digits;
        }
        while (digits > 6) {
          v /= 10;
          --digits;
        }
        f->micros = v;
        break;
      }
      case Kind::kAmPm:
        if (MatchIgnoreCase(text, i, "AM")) {
          f->pm = false;
        } else if (MatchIgnoreCase(text, i, "PM")) {
          f->pm = true;
        } else {
          return false;
        }
        i += 2;
        break;
      case Kind::kDayOfWeek:
        if (MatchName(text, &i, kDayLong, 7) < 0 && MatchName(text, &i, kDayShort, 7) < 0) return false;
        break;
      case Kind::kOffsetX:
      case Kind::kOffsetx: {
        int32_t offset = 0;
        if (!ParseOffset(text, &i, true, &offset)) return false;
        f->offset = offset;
        break;
      }
      case Kind::kOffsetZ: {
        int32_t offset = 0;
        if (e.count == 4 && MatchIgnoreCase(text, i, "GMT")) {
          i += 3;
          if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
            if (!ParseOffset(text, &i, false, &offset)) return false;
          }
        } else if (!ParseOffset(text, &i, true, &offset)) {
          return false;
        }
        f->offset = offset;
        break;
      }
      case Kind::kZoneName: {
        size_t j = i;
        while (j < text.size() && (std::isalnum(static_cast<unsigned char>(text[j])) || text[j] == '/' ||
                                   text[j] == '+' || text[j] == '-' || text[j] == ':' || text[j] == '_')) {
          ++j;
        }
        Result<TimeZone> tz = TimeZone::Parse(text.substr(i, j - i));
        if (j == i || !tz.ok()) return false;
        f->offset = tz->offset_seconds;
        i = j;
        break;
      }
    }
  }
  *pos = i;
  return true;
}

bool DateTimePattern::ParseFields(std::string_view text, Fields* f) const {
  size_t pos = 0;
  if (!ParseRange(text, &pos, 0, elements_.size(), f)) return false;
  if (pos != text.size()) return false;
  int64_t year = f->year.value_or(1970);
  if (f->day_of_year && !f->month && !f->day) {
    int64_t doy = *f->day_of_year;
    if (doy < 1 || doy > (IsLeap(year) ? 366 : 365)) return false;
    unsigned m = 1;
    while (doy > DaysInMonth(year, m)) doy -= DaysInMonth(year, m++);
    f->month = m;
    f->day = doy;
  }
  int64_t month = f->month.value_or(1), day = f->day.value_or(1);
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, static_cast<unsigned>(month))) return false;
  f->year = year;
  f->month = month;
  f->day = day;
  if (f->hour_of_ampm) {
    f->hour = *f->hour_of_ampm + (f->pm.value_or(false) ? 12 : 0);
  } else if (f->hour && f->pm) {
    if (*f->pm && *f->hour < 12) f->hour = *f->hour + 12;
  }
  return true;
}

bool DateTimePattern::ParseTimestamp(std::string_view text, const TimeZone& tz, int64_t* micros) const {
  Fields f;
  if (!ParseFields(text, &f)) return false;
  int64_t days = DaysFromCivil(*f.year, static_cast<unsigned>(*f.month), static_cast<unsigned>(*f.day));
  int64_t local = days * kMicrosPerDay + f.hour.value_or(0) * kMicrosPerHour + f.minute * kMicrosPerMinute +
                  f.second * kMicrosPerSecond + f.micros;
  *micros = local - static_cast<int64_t>(f.offset.value_or(tz.offset_seconds)) * kMicrosPerSecond;
  return true;
}

bool DateTimePattern::ParseDate(std::string_view text, int32_t* days) const {
  Fields f;
  if (!ParseFields(text, &f)) return false;
  *days = DaysFromCivil(*f.year, static_cast<unsigned>(*f.month), static_cast<unsigned>(*f.day));
  return true;
}

void DateTimePattern::FormatTimestamp(int64_t micros, const TimeZone& tz, std::string* out) const {
  Format(tz.ToLocalMicros(micros), tz.offset_seconds, tz, out);
}

void DateTimePattern::FormatDate(int32_t days, const TimeZone& tz, std::string* out) const {
  Format(static_cast<int64_t>(days) * kMicrosPerDay, tz.offset_seconds, tz, out);
}

void DateTimePattern::Format(int64_t local, int32_t offset, const TimeZone& tz, std::string* out) const {
  int64_t days = FloorDiv(local, kMicrosPerDay);
  int64_t time = local - days * kMicrosPerDay;
  int64_t year;
  unsigned month, day;
  CivilFromDays(days, &year, &month, &day);
  int64_t hour = time / kMicrosPerHour, minute = (time / kMicrosPerMinute) % 60, second = (time / kMicrosPerSecond) % 60;
  int64_t fraction = time % kMicrosPerSecond;
  for (const Element& e : elements_) {
    switch (e.kind) {
      case Kind::kLiteral: out->append(e.literal); break;
      case Kind::kOptionalStart: case Kind::kOptionalEnd: break;
      case Kind::kYear:
        if (e.count == 2) AppendPadded(FloorMod(year, 100), 2, out);
        else AppendPadded(year, e.count, out);
        break;
      case Kind::kMonth:
        if (e.count == 3) out->append(kMonthShort[month - 1]);
        else if (e.count >= 4) out->append(kMonthLong[month - 1]);
        else AppendPadded(month, e.count, out);
        break;
      case Kind::kDay: AppendPadded(day, e.count, out); break;
      case Kind::kDayOfYear:
        AppendPadded(days - DaysFromCivil(year, 1, 1) + 1, e.count, out);
        break;
      case Kind::kHourOfDay: AppendPadded(hour, e.count, out); break;
      case Kind::kClockHourOfDay: AppendPadded(hour == 0 ? 24 : hour, e.count, out); break;
      case Kind::kClockHourOfAmPm: AppendPadded(hour % 12 == 0 ? 12 : hour % 12, e.count, out); break;
      case Kind::kHourOfAmPm: AppendPadded(hour % 12, e.count, out); break;
      case Kind::kMinute: AppendPadded(minute, e.count, out); break;
      case Kind::kSecond: AppendPadded(second, e.count, out); break;
      case Kind::kFraction: {
        char buf[16];
        std::snprintf(buf, sizeof(buf), "%06lld000", static_cast<long long>(fraction));
        out->append(buf, static_cast<size_t>(e.count));
        break;
      }
      case Kind::kAmPm: out->append(hour < 12 ? "AM" : "PM"); break;
      case Kind::kDayOfWeek: {
        int dow = static_cast<int>(FloorMod(days + 3, 7));  // 1970-01-01 was a Thursday
        out->append(e.count >= 4 ? kDayLong[dow] : kDayShort[dow]);
        break;
      }
      case Kind::kOffsetX:
      case Kind::kOffsetx:
        if (offset == 0 && e.kind == Kind::kOffsetX) {
          out->push_back('Z');
        } else {
          AppendOffset(offset, e.count == 3 || e.count == 5, e.count >= 2, e.count == 1, e.count >= 4, out);
        }
        break;
      case Kind::kOffsetZ:
        if (e.count <= 3) {
          AppendOffset(offset, false, true, false, false, out);
        } else if (e.count == 4) {
          out->append("GMT");
          if (offset != 0) AppendOffset(offset, true, true, false, true, out);
        } else if (offset == 0) {
          out->push_back('Z');
        } else {
          AppendOffset(offset, true, true, false, true, out);
        }
        break;
      case Kind::kZoneName: out->append(tz.name); break;
    }
  }
}

}  // namespace sluice::connectors
