// Date and time functions. Timestamps are UTC microseconds; fields are read in the
// session time zone (EvalContext::time_zone), as Spark does.

#include <algorithm>
#include <cctype>
#include <limits>
#include <memory>

#include "sluice/expr/cast.h"
#include "sluice/expr/coercion.h"
#include "sluice/expr/function_registry.h"
#include "sluice/expr/functions/datetime_functions.h"
#include "sluice/expr/functions/datetime_pattern.h"
#include "sluice/expr/functions/scalar_call.h"
#include "sluice/expr/functions/signature.h"

namespace sluice::expr {

using types::Column;
using types::ColumnPtr;
using types::DataType;
using types::TypeId;
using types::TypePtr;
using types::Value;
using Args = std::vector<ArgColumn>;

namespace {

const TypePtr& Ts() {
  static const TypePtr t = DataType::Timestamp();
  return t;
}
const TypePtr& Dt() {
  static const TypePtr t = DataType::Date();
  return t;
}
const TypePtr& Str() {
  static const TypePtr t = DataType::String();
  return t;
}

Status CoerceTimestamp(CallSite& call, size_t i) {
  const TypeId id = call.type_id(i);
  if (id == TypeId::kTimestamp) return Status::OK();
  if (id == TypeId::kDate || id == TypeId::kString || id == TypeId::kNull) return call.Coerce(i, Ts());
  return call.Unexpected(i, "\"TIMESTAMP\"");
}

Status CoerceDate(CallSite& call, size_t i) {
  const TypeId id = call.type_id(i);
  if (id == TypeId::kDate) return Status::OK();
  if (id == TypeId::kTimestamp || id == TypeId::kString || id == TypeId::kNull) return call.Coerce(i, Dt());
  return call.Unexpected(i, "\"DATE\"");
}

// A per-row field of a timestamp, from its local time in the session zone.
template <typename Fn>
Result<ExprPtr> BindTimestampField(std::vector<ExprPtr> args, const std::string& sql, const char* canonical, Fn fn) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, canonical, 1, 1));
  SLUICE_RETURN_IF_ERROR(CoerceTimestamp(call, 0));
  return MakeCall(call.name, DataType::Int(), std::move(call.args),
                  [fn](const Args& a, int64_t n, const TypePtr& type, EvalContext& ctx) -> Result<ColumnPtr> {
                    const int64_t offset = static_cast<int64_t>(ctx.time_zone.offset_seconds) * kMicrosPerSecond;
                    return MapFixed<int32_t>(type, a, n, [&](int64_t i, int32_t* v) {
                      *v = fn(a[0].Get<int64_t>(i) + offset);
                      return true;
                    });
                  });
}

// A per-row field of a date (days since the epoch).
template <typename Fn>
Result<ExprPtr> BindDateField(std::vector<ExprPtr> args, const std::string& sql, const char* canonical, Fn fn) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, canonical, 1, 1));
  SLUICE_RETURN_IF_ERROR(CoerceDate(call, 0));
  return MakeCall(call.name, DataType::Int(), std::move(call.args),
                  [fn](const Args& a, int64_t n, const TypePtr& type, EvalContext& ctx) -> Result<ColumnPtr> {
                    return MapFixed<int32_t>(type, a, n, [&](int64_t i, int32_t* v) {
                      *v = fn(a[0].Get<int32_t>(i));
                      return true;
                    });
                  });
}

struct Civil {
  int64_t year;
  unsigned month;
  unsigned day;
};
Civil ToCivil(int64_t days) {
  Civil c;
  CivilFromDays(days, &c.year, &c.month, &c.day);
  return c;
}

int32_t DaysInMonth(int64_t year, unsigned month) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

int32_t IsoWeek(int64_t days) {
  const int64_t weekday = FloorMod(days + 3, 7);  // 0 = Monday
  const int64_t thursday = days - weekday + 3;
  const Civil c = ToCivil(thursday);
  return static_cast<int32_t>((thursday - DaysFromCivil(c.year, 1, 1)) / 7 + 1);
}

// A datetime pattern argument: compiled at bind time when constant.
struct PatternArg {
  std::shared_ptr<const DateTimePattern> constant;
};

Result<PatternArg> PreparePattern(const CallSite& call, size_t index) {
  PatternArg p;
  if (index < call.args.size() && call.args[index]->IsFoldable()) {
    SLUICE_ASSIGN_OR_RETURN(Value v, call.Constant(index, "format"));
    if (!v.is_null()) {
      SLUICE_ASSIGN_OR_RETURN(DateTimePattern compiled, DateTimePattern::Compile(v.string_value(), true));
      p.constant = std::make_shared<const DateTimePattern>(std::move(compiled));
    }
  }
  return p;
}

// Patterns from a column, recompiled only when they change. One per evaluation.
class PatternCache {
 public:
  const DateTimePattern* Get(const PatternArg& arg, const ArgColumn& column, int64_t i, EvalContext& ctx) {
    if (arg.constant) return arg.constant.get();
    std::string_view text = column.GetString(i);
    if (!pattern_ || text != text_) {
      text_.assign(text.data(), text.size());
      auto compiled = DateTimePattern::Compile(text, false);
      if (!compiled.ok()) {
        ctx.SetError(compiled.status());
        pattern_.reset();
        return nullptr;
      }
      pattern_ = std::make_unique<DateTimePattern>(std::move(compiled).value());
    }
    return pattern_.get();
  }

 private:
  std::string text_;
  std::unique_ptr<DateTimePattern> pattern_;
};

void ParseFailure(EvalContext& ctx, bool null_on_error, std::string_view text, const DateTimePattern& pattern) {
  if (null_on_error || !ctx.ansi || !ctx.error.ok()) return;
  ctx.SetError(Status::ExecutionError("[CANNOT_PARSE_TIMESTAMP] Text '" + std::string(text) +
                                      "' could not be parsed with the pattern '" + pattern.pattern() +
                                      "'. Use `try_to_timestamp` to tolerate invalid input string and return NULL "
                                      "instead. If necessary set \"spark.sql.ansi.enabled\" to \"false\" to bypass "
                                      "this error."));
}

// Parses column 0 with the pattern of column 1 into UTC micros; `convert` maps them to
// the output value (micros, days or seconds).
template <typename T, typename Convert>
ExprPtr MakeParseCall(CallSite call, TypePtr result, PatternArg pattern, bool null_on_error, Convert convert) {
  return MakeCall(call.name, std::move(result), std::move(call.args),
                  [pattern, null_on_error, convert](const Args& a, int64_t n, const TypePtr& type,
                                                    EvalContext& ctx) -> Result<ColumnPtr> {
                    PatternCache cache;
                    return MapFixed<T>(type, a, n, [&](int64_t i, T* v) {
                      const DateTimePattern* p = cache.Get(pattern, a[1], i, ctx);
                      if (p == nullptr) return false;
                      std::string_view text = a[0].GetString(i);
                      int64_t micros;
                      if (!p->Parse(text, ctx.time_zone, &micros)) {
                        ParseFailure(ctx, null_on_error, text, *p);
                        return false;
                      }
                      *v = convert(micros, ctx);
                      return true;
                    });
                  });
}

int64_t LocalDays(int64_t micros, const TimeZone& tz) { return FloorDiv(tz.ToLocalMicros(micros), kMicrosPerDay); }

Result<ExprPtr> BindToTimestampImpl(std::vector<ExprPtr> args, const std::string& sql, const char* canonical,
                                    bool try_mode) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, canonical, 1, 2));
  if (call.args.size() == 1) {
    if (call.type_id(0) == TypeId::kTimestamp) return call.args[0];
    if (call.type_id(0) != TypeId::kString && call.type_id(0) != TypeId::kDate && call.type_id(0) != TypeId::kNull) {
      return call.Unexpected(0, QuoteTypes({"STRING", "DATE", "TIMESTAMP"}));
    }
    return MakeCast(call.args[0], Ts(), try_mode);
  }
  SLUICE_RETURN_IF_ERROR(call.Coerce(0, Str()));
  SLUICE_RETURN_IF_ERROR(call.Coerce(1, Str()));
  SLUICE_ASSIGN_OR_RETURN(PatternArg pattern, PreparePattern(call, 1));
  return MakeParseCall<int64_t>(std::move(call), Ts(), pattern, try_mode,
                                [](int64_t micros, EvalContext&) { return micros; });
}

Result<ExprPtr> BindDateAddImpl(CallSite call, bool subtract) {
  SLUICE_RETURN_IF_ERROR(CoerceDate(call, 0));
  if (!call.type(1)->IsIntegral() && call.type_id(1) != TypeId::kNull && call.type_id(1) != TypeId::kString) {
    return call.Unexpected(1, QuoteTypes({"INT", "SMALLINT", "TINYINT"}));
  }
  SLUICE_RETURN_IF_ERROR(call.Coerce(1, DataType::Int()));
  return MakeCall(call.name, Dt(), std::move(call.args),
                  [subtract](const Args& a, int64_t n, const TypePtr& type, EvalContext&) -> Result<ColumnPtr> {
                    return MapFixed<int32_t>(type, a, n, [&](int64_t i, int32_t* v) {
                      const int64_t days = a[1].Get<int32_t>(i);
                      *v = static_cast<int32_t>(a[0].Get<int32_t>(i) + (subtract ? -days : days));
                      return true;
                    });
                  });
}

std::string UpperAscii(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

enum class TruncLevel : uint8_t { kInvalid, kYear, kQuarter, kMonth, kWeek, kDay, kHour, kMinute, kSecond, kMilli, kMicro };

TruncLevel ParseTruncLevel(std::string_view text) {
  const std::string f = UpperAscii(text);
  if (f == "YEAR" || f == "YYYY" || f == "YY") return TruncLevel::kYear;
  if (f == "QUARTER") return TruncLevel::kQuarter;
  if (f == "MONTH" || f == "MM" || f == "MON") return TruncLevel::kMonth;
  if (f == "WEEK") return TruncLevel::kWeek;
  if (f == "DAY" || f == "DD") return TruncLevel::kDay;
  if (f == "HOUR") return TruncLevel::kHour;
  if (f == "MINUTE") return TruncLevel::kMinute;
  if (f == "SECOND") return TruncLevel::kSecond;
  if (f == "MILLISECOND") return TruncLevel::kMilli;
  if (f == "MICROSECOND") return TruncLevel::kMicro;
  return TruncLevel::kInvalid;
}

// Truncates a date to the start of its year / quarter / month / ISO week.
int64_t TruncDays(int64_t days, TruncLevel level) {
  const Civil c = ToCivil(days);
  switch (level) {
    case TruncLevel::kYear: return DaysFromCivil(c.year, 1, 1);
    case TruncLevel::kQuarter: return DaysFromCivil(c.year, (c.month - 1) / 3 * 3 + 1, 1);
    case TruncLevel::kMonth: return DaysFromCivil(c.year, c.month, 1);
    case TruncLevel::kWeek: return days - FloorMod(days + 3, 7);
    default: return days;
  }
}

}  // namespace

SLUICE_DECLARE_BINDER(BindHour) {
  return BindTimestampField(std::move(args), sql, "hour",
                            [](int64_t local) { return static_cast<int32_t>(FloorMod(local, kMicrosPerDay) / kMicrosPerHour); });
}
SLUICE_DECLARE_BINDER(BindMinute) {
  return BindTimestampField(std::move(args), sql, "minute", [](int64_t local) {
    return static_cast<int32_t>(FloorMod(local, kMicrosPerHour) / kMicrosPerMinute);
  });
}
SLUICE_DECLARE_BINDER(BindSecond) {
  return BindTimestampField(std::move(args), sql, "second", [](int64_t local) {
    return static_cast<int32_t>(FloorMod(local, kMicrosPerMinute) / kMicrosPerSecond);
  });
}
SLUICE_DECLARE_BINDER(BindYear) {
  return BindDateField(std::move(args), sql, "year", [](int32_t d) { return static_cast<int32_t>(ToCivil(d).year); });
}
SLUICE_DECLARE_BINDER(BindMonth) {
  return BindDateField(std::move(args), sql, "month", [](int32_t d) { return static_cast<int32_t>(ToCivil(d).month); });
}
SLUICE_DECLARE_BINDER(BindDayOfMonth) {
  return BindDateField(std::move(args), sql, "dayofmonth", [](int32_t d) { return static_cast<int32_t>(ToCivil(d).day); });
}
SLUICE_DECLARE_BINDER(BindDayOfWeek) {
  return BindDateField(std::move(args), sql, "dayofweek",
                       [](int32_t d) { return static_cast<int32_t>(FloorMod(int64_t{d} + 4, 7) + 1); });
}
SLUICE_DECLARE_BINDER(BindWeekday) {
  return BindDateField(std::move(args), sql, "weekday",
                       [](int32_t d) { return static_cast<int32_t>(FloorMod(int64_t{d} + 3, 7)); });
}
SLUICE_DECLARE_BINDER(BindDayOfYear) {
  return BindDateField(std::move(args), sql, "dayofyear", [](int32_t d) {
    return static_cast<int32_t>(d - DaysFromCivil(ToCivil(d).year, 1, 1) + 1);
  });
}
SLUICE_DECLARE_BINDER(BindWeekOfYear) {
  return BindDateField(std::move(args), sql, "weekofyear", [](int32_t d) { return IsoWeek(d); });
}
SLUICE_DECLARE_BINDER(BindQuarter) {
  return BindDateField(std::move(args), sql, "quarter",
                       [](int32_t d) { return static_cast<int32_t>((ToCivil(d).month - 1) / 3 + 1); });
}
SLUICE_DECLARE_BINDER(BindUnixDate) {
  return BindDateField(std::move(args), sql, "unix_date", [](int32_t d) { return d; });
}

SLUICE_DECLARE_BINDER(BindLastDay) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "last_day", 1, 1));
  SLUICE_RETURN_IF_ERROR(CoerceDate(call, 0));
  return MakeCall(call.name, Dt(), std::move(call.args),
                  [](const Args& a, int64_t n, const TypePtr& type, EvalContext&) -> Result<ColumnPtr> {
                    return MapFixed<int32_t>(type, a, n, [&](int64_t i, int32_t* v) {
                      const Civil c = ToCivil(a[0].Get<int32_t>(i));
                      *v = DaysFromCivil(c.year, c.month, DaysInMonth(c.year, c.month));
                      return true;
                    });
                  });
}

SLUICE_DECLARE_BINDER(BindDateFromUnixDate) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "date_from_unix_date", 1, 1));
  SLUICE_RETURN_IF_ERROR(call.Coerce(0, DataType::Int()));
  return MakeCall(call.name, Dt(), std::move(call.args),
                  [](const Args& a, int64_t n, const TypePtr& type, EvalContext&) -> Result<ColumnPtr> {
                    return MapFixed<int32_t>(type, a, n, [&](int64_t i, int32_t* v) {
                      *v = a[0].Get<int32_t>(i);
                      return true;
                    });
                  });
}

SLUICE_DECLARE_BINDER(BindToDate) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "to_date", 1, 2));
  if (call.args.size() == 1) {
    if (call.type_id(0) == TypeId::kDate) return call.args[0];
    if (call.type_id(0) != TypeId::kString && call.type_id(0) != TypeId::kTimestamp &&
        call.type_id(0) != TypeId::kNull) {
      return call.Unexpected(0, QuoteTypes({"STRING", "DATE", "TIMESTAMP"}));
    }
    return MakeCast(call.args[0], Dt());
  }
  SLUICE_RETURN_IF_ERROR(call.Coerce(0, Str()));
  SLUICE_RETURN_IF_ERROR(call.Coerce(1, Str()));
  SLUICE_ASSIGN_OR_RETURN(PatternArg pattern, PreparePattern(call, 1));
  return MakeParseCall<int32_t>(std::move(call), Dt(), pattern, false, [](int64_t micros, EvalContext& ctx) {
    return static_cast<int32_t>(LocalDays(micros, ctx.time_zone));
  });
}

SLUICE_DECLARE_BINDER(BindToTimestamp) { return BindToTimestampImpl(std::move(args), sql, "to_timestamp", false); }
SLUICE_DECLARE_BINDER(BindTryToTimestamp) {
  return BindToTimestampImpl(std::move(args), sql, "try_to_timestamp", true);
}

SLUICE_DECLARE_BINDER(BindDateFormat) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "date_format", 2, 2));
  SLUICE_RETURN_IF_ERROR(CoerceTimestamp(call, 0));
  SLUICE_RETURN_IF_ERROR(call.Coerce(1, Str()));
  SLUICE_ASSIGN_OR_RETURN(PatternArg pattern, PreparePattern(call, 1));
  return MakeCall(call.name, Str(), std::move(call.args),
                  [pattern](const Args& a, int64_t n, const TypePtr& type, EvalContext& ctx) -> Result<ColumnPtr> {
                    PatternCache cache;
                    std::string buf;
                    return MapRows(type, a, n, [&](int64_t i, Column* out) {
                      const DateTimePattern* p = cache.Get(pattern, a[1], i, ctx);
                      if (p == nullptr) {
                        out->AppendNull();
                        return;
                      }
                      buf.clear();
                      p->Format(a[0].Get<int64_t>(i), ctx.time_zone, &buf);
                      out->AppendString(buf);
                    });
                  });
}

SLUICE_DECLARE_BINDER(BindFromUnixtime) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "from_unixtime", 1, 2));
  if (call.args.size() == 1) call.args.push_back(MakeLiteral(Value::String(std::string(kDefaultTimestampPattern)), Str()));
  if (call.type_id(0) == TypeId::kDouble) {
    SLUICE_ASSIGN_OR_RETURN(call.args[0], MakeCast(call.args[0], DataType::Bigint()));
  }
  SLUICE_RETURN_IF_ERROR(call.Coerce(0, DataType::Bigint()));
  SLUICE_RETURN_IF_ERROR(call.Coerce(1, Str()));
  SLUICE_ASSIGN_OR_RETURN(PatternArg pattern, PreparePattern(call, 1));
  return MakeCall(call.name, Str(), std::move(call.args),
                  [pattern](const Args& a, int64_t n, const TypePtr& type, EvalContext& ctx) -> Result<ColumnPtr> {
                    PatternCache cache;
                    std::string buf;
                    return MapRows(type, a, n, [&](int64_t i, Column* out) {
                      const DateTimePattern* p = cache.Get(pattern, a[1], i, ctx);
                      int64_t micros;
                      if (p == nullptr || __builtin_mul_overflow(a[0].Get<int64_t>(i), kMicrosPerSecond, &micros)) {
                        out->AppendNull();
                        return;
                      }
                      buf.clear();
                      p->Format(micros, ctx.time_zone, &buf);
                      out->AppendString(buf);
                    });
                  });
}

SLUICE_DECLARE_BINDER(BindUnixTimestamp) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "unix_timestamp", 0, 2));
  if (call.args.empty()) {
    CallOptions options;
    options.deterministic = false;
    return MakeCall(
        call.name, DataType::Bigint(), {},
        [](const Args&, int64_t n, const TypePtr& type, EvalContext& ctx) -> Result<ColumnPtr> {
          return Column::MakeConstant(type, Value::Int(FloorDiv(ctx.current_timestamp_micros, kMicrosPerSecond)), n);
        },
        options);
  }
  const TypeId id = call.type_id(0);
  if (id == TypeId::kTimestamp || id == TypeId::kDate) {
    SLUICE_RETURN_IF_ERROR(call.Coerce(0, Ts()));
    if (call.args.size() == 2) SLUICE_RETURN_IF_ERROR(call.Coerce(1, Str()));
    return MakeCall(call.name, DataType::Bigint(), std::move(call.args),
                    [](const Args& a, int64_t n, const TypePtr& type, EvalContext&) -> Result<ColumnPtr> {
                      Args first{a[0]};
                      return MapFixed<int64_t>(type, first, n, [&](int64_t i, int64_t* v) {
                        *v = FloorDiv(a[0].Get<int64_t>(i), kMicrosPerSecond);
                        return true;
                      });
                    });
  }
  if (call.args.size() == 1) {
    call.args.push_back(MakeLiteral(Value::String(std::string(kDefaultTimestampPattern)), Str()));
  }
  SLUICE_RETURN_IF_ERROR(call.CoerceOneOf(0, {Str()}));
  SLUICE_RETURN_IF_ERROR(call.Coerce(1, Str()));
  SLUICE_ASSIGN_OR_RETURN(PatternArg pattern, PreparePattern(call, 1));
  return MakeParseCall<int64_t>(std::move(call), DataType::Bigint(), pattern, false,
                                [](int64_t micros, EvalContext&) { return FloorDiv(micros, kMicrosPerSecond); });
}

namespace {

Result<ExprPtr> BindToTimestampUnit(std::vector<ExprPtr> args, const std::string& sql, const char* canonical,
                                    int64_t micros_per_unit) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, canonical, 1, 1));
  const bool is_double = call.type_id(0) == TypeId::kDouble && micros_per_unit == kMicrosPerSecond;
  if (!is_double) {
    if (!call.type(0)->IsIntegral() && call.type_id(0) != TypeId::kNull) {
      return call.Unexpected(0, micros_per_unit == kMicrosPerSecond ? "\"NUMERIC\"" : "\"INTEGRAL\"");
    }
    SLUICE_RETURN_IF_ERROR(call.Coerce(0, DataType::Bigint()));
  }
  return MakeCall(call.name, Ts(), std::move(call.args),
                  [micros_per_unit, is_double](const Args& a, int64_t n, const TypePtr& type,
                                               EvalContext& ctx) -> Result<ColumnPtr> {
                    return MapFixed<int64_t>(type, a, n, [&](int64_t i, int64_t* v) {
                      if (is_double) {
                        const double micros = a[0].Get<double>(i) * 1e6;
                        if (!(micros > -9.2e18 && micros < 9.2e18)) return false;
                        *v = static_cast<int64_t>(micros);
                        return true;
                      }
                      if (__builtin_mul_overflow(a[0].Get<int64_t>(i), micros_per_unit, v)) {
                        if (ctx.ansi) ctx.SetError(Status::ExecutionError("[ARITHMETIC_OVERFLOW] long overflow."));
                        return false;
                      }
                      return true;
                    });
                  });
}

Result<ExprPtr> BindFromTimestampUnit(std::vector<ExprPtr> args, const std::string& sql, const char* canonical,
                                      int64_t micros_per_unit) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, canonical, 1, 1));
  SLUICE_RETURN_IF_ERROR(CoerceTimestamp(call, 0));
  return MakeCall(call.name, DataType::Bigint(), std::move(call.args),
                  [micros_per_unit](const Args& a, int64_t n, const TypePtr& type, EvalContext&) -> Result<ColumnPtr> {
                    return MapFixed<int64_t>(type, a, n, [&](int64_t i, int64_t* v) {
                      *v = FloorDiv(a[0].Get<int64_t>(i), micros_per_unit);
                      return true;
                    });
                  });
}

}  // namespace

SLUICE_DECLARE_BINDER(BindTimestampSeconds) {
  return BindToTimestampUnit(std::move(args), sql, "timestamp_seconds", kMicrosPerSecond);
}
SLUICE_DECLARE_BINDER(BindTimestampMillis) {
  return BindToTimestampUnit(std::move(args), sql, "timestamp_millis", kMicrosPerMilli);
}
SLUICE_DECLARE_BINDER(BindTimestampMicros) { return BindToTimestampUnit(std::move(args), sql, "timestamp_micros", 1); }
SLUICE_DECLARE_BINDER(BindUnixSeconds) {
  return BindFromTimestampUnit(std::move(args), sql, "unix_seconds", kMicrosPerSecond);
}
SLUICE_DECLARE_BINDER(BindUnixMillis) {
  return BindFromTimestampUnit(std::move(args), sql, "unix_millis", kMicrosPerMilli);
}
SLUICE_DECLARE_BINDER(BindUnixMicros) { return BindFromTimestampUnit(std::move(args), sql, "unix_micros", 1); }

SLUICE_DECLARE_BINDER(BindCurrentTimestamp) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "current_timestamp", 0, 0));
  CallOptions options;
  options.deterministic = false;
  return MakeCall(
      call.name, Ts(), {},
      [](const Args&, int64_t n, const TypePtr& type, EvalContext& ctx) -> Result<ColumnPtr> {
        return Column::MakeConstant(type, Value::Int(ctx.current_timestamp_micros), n);
      },
      options);
}

SLUICE_DECLARE_BINDER(BindCurrentDate) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "current_date", 0, 0));
  CallOptions options;
  options.deterministic = false;
  return MakeCall(
      call.name, Dt(), {},
      [](const Args&, int64_t n, const TypePtr& type, EvalContext& ctx) -> Result<ColumnPtr> {
        return Column::MakeConstant(type, Value::Int(LocalDays(ctx.current_timestamp_micros, ctx.time_zone)), n);
      },
      options);
}

SLUICE_DECLARE_BINDER(BindDateAdd) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "date_add", 2, 2));
  return BindDateAddImpl(std::move(call), false);
}
SLUICE_DECLARE_BINDER(BindDateSub) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "date_sub", 2, 2));
  return BindDateAddImpl(std::move(call), true);
}

Result<ExprPtr> MakeDateAdd(ExprPtr date, ExprPtr days, bool subtract, const std::string& sql) {
  CallSite call;
  call.name = subtract ? "date_sub" : "date_add";
  call.sql = sql;
  call.args = {std::move(date), std::move(days)};
  return BindDateAddImpl(std::move(call), subtract);
}

SLUICE_DECLARE_BINDER(BindDateDiff) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "datediff", 2, 2));
  SLUICE_RETURN_IF_ERROR(CoerceDate(call, 0));
  SLUICE_RETURN_IF_ERROR(CoerceDate(call, 1));
  return MakeCall(call.name, DataType::Int(), std::move(call.args),
                  [](const Args& a, int64_t n, const TypePtr& type, EvalContext&) -> Result<ColumnPtr> {
                    return MapFixed<int32_t>(type, a, n, [&](int64_t i, int32_t* v) {
                      *v = a[0].Get<int32_t>(i) - a[1].Get<int32_t>(i);
                      return true;
                    });
                  });
}

SLUICE_DECLARE_BINDER(BindAddMonths) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "add_months", 2, 2));
  SLUICE_RETURN_IF_ERROR(CoerceDate(call, 0));
  SLUICE_RETURN_IF_ERROR(call.Coerce(1, DataType::Int()));
  return MakeCall(call.name, Dt(), std::move(call.args),
                  [](const Args& a, int64_t n, const TypePtr& type, EvalContext&) -> Result<ColumnPtr> {
                    return MapFixed<int32_t>(type, a, n, [&](int64_t i, int32_t* v) {
                      const Civil c = ToCivil(a[0].Get<int32_t>(i));
                      const int64_t months = c.year * 12 + (c.month - 1) + a[1].Get<int32_t>(i);
                      const int64_t year = FloorDiv(months, 12);
                      const unsigned month = static_cast<unsigned>(FloorMod(months, 12) + 1);
                      const unsigned day = std::min<unsigned>(c.day, DaysInMonth(year, month));
                      *v = DaysFromCivil(year, month, day);
                      return true;
                    });
                  });
}

SLUICE_DECLARE_BINDER(BindMakeDate) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "make_date", 3, 3));
  for (size_t i = 0; i < 3; ++i) SLUICE_RETURN_IF_ERROR(call.Coerce(i, DataType::Int()));
  return MakeCall(call.name, Dt(), std::move(call.args),
                  [](const Args& a, int64_t n, const TypePtr& type, EvalContext& ctx) -> Result<ColumnPtr> {
                    return MapFixed<int32_t>(type, a, n, [&](int64_t i, int32_t* v) {
                      const int64_t y = a[0].Get<int32_t>(i), m = a[1].Get<int32_t>(i), d = a[2].Get<int32_t>(i);
                      if (m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, static_cast<unsigned>(m))) {
                        if (ctx.ansi) {
                          ctx.SetError(Status::ExecutionError(
                              "[DATETIME_FIELD_OUT_OF_BOUNDS] Invalid date: year " + std::to_string(y) + ", month " +
                              std::to_string(m) + ", day " + std::to_string(d) +
                              ". If necessary set \"spark.sql.ansi.enabled\" to \"false\" to bypass this error."));
                        }
                        return false;
                      }
                      *v = DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
                      return true;
                    });
                  });
}

SLUICE_DECLARE_BINDER(BindDateTrunc) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "date_trunc", 2, 2));
  SLUICE_RETURN_IF_ERROR(call.Coerce(0, Str()));
  SLUICE_RETURN_IF_ERROR(CoerceTimestamp(call, 1));
  return MakeCall(call.name, Ts(), std::move(call.args),
                  [](const Args& a, int64_t n, const TypePtr& type, EvalContext& ctx) -> Result<ColumnPtr> {
                    return MapFixed<int64_t>(type, a, n, [&](int64_t i, int64_t* v) {
                      const TruncLevel level = ParseTruncLevel(a[0].GetString(i));
                      const int64_t local = ctx.time_zone.ToLocalMicros(a[1].Get<int64_t>(i));
                      int64_t unit = 0;
                      switch (level) {
                        case TruncLevel::kInvalid: return false;
                        case TruncLevel::kYear:
                        case TruncLevel::kQuarter:
                        case TruncLevel::kMonth:
                        case TruncLevel::kWeek:
                          *v = ctx.time_zone.ToUtcMicros(TruncDays(FloorDiv(local, kMicrosPerDay), level) * kMicrosPerDay);
                          return true;
                        case TruncLevel::kDay: unit = kMicrosPerDay; break;
                        case TruncLevel::kHour: unit = kMicrosPerHour; break;
                        case TruncLevel::kMinute: unit = kMicrosPerMinute; break;
                        case TruncLevel::kSecond: unit = kMicrosPerSecond; break;
                        case TruncLevel::kMilli: unit = kMicrosPerMilli; break;
                        case TruncLevel::kMicro: unit = 1; break;
                      }
                      *v = ctx.time_zone.ToUtcMicros(FloorDiv(local, unit) * unit);
                      return true;
                    });
                  });
}

SLUICE_DECLARE_BINDER(BindTrunc) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "trunc", 2, 2));
  SLUICE_RETURN_IF_ERROR(CoerceDate(call, 0));
  SLUICE_RETURN_IF_ERROR(call.Coerce(1, Str()));
  return MakeCall(call.name, Dt(), std::move(call.args),
                  [](const Args& a, int64_t n, const TypePtr& type, EvalContext&) -> Result<ColumnPtr> {
                    return MapFixed<int32_t>(type, a, n, [&](int64_t i, int32_t* v) {
                      const TruncLevel level = ParseTruncLevel(a[1].GetString(i));
                      if (level != TruncLevel::kYear && level != TruncLevel::kQuarter && level != TruncLevel::kMonth &&
                          level != TruncLevel::kWeek) {
                        return false;
                      }
                      *v = static_cast<int32_t>(TruncDays(a[0].Get<int32_t>(i), level));
                      return true;
                    });
                  });
}

}  // namespace sluice::expr
