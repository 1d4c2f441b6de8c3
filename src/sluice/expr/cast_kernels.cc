// Column kernels behind CAST. Each conversion is a loop over the whole column; failures
// (malformed strings, overflow) take a slow path per failing row only.

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

#include "sluice/expr/cast.h"
#include "sluice/expr/validity.h"

namespace sluice::expr {

using types::Column;
using types::ColumnPtr;
using types::DataType;
using types::TypeId;
using types::TypePtr;
using types::Value;

std::string_view TrimSparkWhitespace(std::string_view s) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= ' ') s.remove_prefix(1);
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= ' ') s.remove_suffix(1);
  return s;
}

bool ParseSparkInt64(std::string_view text, bool allow_decimal, int64_t* out) {
  std::string_view s = TrimSparkWhitespace(text);
  if (s.empty()) return false;
  size_t i = 0;
  bool negative = false;
  if (s[0] == '-' || s[0] == '+') {
    negative = s[0] == '-';
    i = 1;
  }
  // Accumulate as a negative number so that INT64_MIN parses.
  int64_t value = 0;
  bool any_digit = false;
  for (; i < s.size() && s[i] != '.'; ++i) {
    char c = s[i];
    if (c < '0' || c > '9') return false;
    if (__builtin_mul_overflow(value, 10, &value) || __builtin_sub_overflow(value, c - '0', &value)) return false;
    any_digit = true;
  }
  if (i < s.size()) {
    if (!allow_decimal) return false;
    for (++i; i < s.size(); ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
    }
  }
  if (!any_digit) return false;
  if (!negative) {
    if (value == std::numeric_limits<int64_t>::min()) return false;
    value = -value;
  }
  *out = value;
  return true;
}

namespace {

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

}  // namespace

bool ParseSparkDouble(std::string_view text, double* out) {
  std::string_view s = TrimSparkWhitespace(text);
  if (s.empty()) return false;
  static constexpr double kInf = std::numeric_limits<double>::infinity();
  if (IEquals(s, "nan")) {
    *out = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  for (std::string_view inf : {"inf", "+inf", "infinity", "+infinity"}) {
    if (IEquals(s, inf)) {
      *out = kInf;
      return true;
    }
  }
  for (std::string_view inf : {"-inf", "-infinity"}) {
    if (IEquals(s, inf)) {
      *out = -kInf;
      return true;
    }
  }
  // Java's Double.parseDouble accepts a trailing type suffix: "1.5d", "2f".
  char last = s.back();
  if (last == 'd' || last == 'D' || last == 'f' || last == 'F') s.remove_suffix(1);
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  if (s.empty() || s[0] == '+' || std::isalpha(static_cast<unsigned char>(s[0]))) return false;
  if (s.size() >= 2 && s[0] == '-' && std::isalpha(static_cast<unsigned char>(s[1]))) return false;
  double v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec == std::errc::result_out_of_range) {
    // Java parses overflowing literals to +-Infinity and underflow to 0.
    v = (s[0] == '-') ? -kInf : kInf;
    bool has_negative_exponent = s.find("e-") != std::string_view::npos || s.find("E-") != std::string_view::npos;
    if (has_negative_exponent) v = 0;
    ec = std::errc();
    ptr = s.data() + s.size();
  }
  if (ec != std::errc() || ptr != s.data() + s.size()) return false;
  *out = v;
  return true;
}

bool ParseSparkBoolean(std::string_view text, bool* out) {
  std::string_view s = TrimSparkWhitespace(text);
  for (std::string_view t : {"t", "true", "y", "yes", "1"}) {
    if (IEquals(s, t)) {
      *out = true;
      return true;
    }
  }
  for (std::string_view f : {"f", "false", "n", "no", "0"}) {
    if (IEquals(s, f)) {
      *out = false;
      return true;
    }
  }
  return false;
}

std::string CastInvalidInputMessage(std::string_view value, const DataType& from, const DataType& to) {
  return "[CAST_INVALID_INPUT] The value " + Value::String(std::string(value)).ToSqlLiteral(*DataType::String()) +
         " of the type \"" + from.ToString() + "\" cannot be cast to \"" + to.ToString() +
         "\" because it is malformed. Correct the value as per the syntax, or change its target type. Use `try_cast` "
         "to tolerate malformed input and return NULL instead. If necessary set \"spark.sql.ansi.enabled\" to "
         "\"false\" to bypass this error.";
}

std::string CastOverflowMessage(const std::string& value_sql, const DataType& from, const DataType& to) {
  return "[CAST_OVERFLOW] The value " + value_sql + " of the type \"" + from.ToString() + "\" cannot be cast to \"" +
         to.ToString() +
         "\" due to an overflow. Use `try_cast` to tolerate overflow and return NULL instead. If necessary set "
         "\"spark.sql.ansi.enabled\" to \"false\" to bypass this error.";
}

namespace {

enum class CastMode : uint8_t { kAnsi, kTry, kLegacy };

// One cast invocation: the input, the output being built and how failures are reported.
class CastRun {
 public:
  CastRun(const ColumnPtr& input, const TypePtr& to, bool try_cast, EvalContext& ctx)
      : in_(*input), to_(to), ctx_(ctx), n_(input->size()) {
    mode_ = try_cast ? CastMode::kTry : (ctx.ansi ? CastMode::kAnsi : CastMode::kLegacy);
  }

  const Column& in() const { return in_; }
  int64_t n() const { return n_; }
  CastMode mode() const { return mode_; }
  EvalContext& ctx() { return ctx_; }

  // A fixed-width output with the input's NULLs already applied.
  ColumnPtr MakeFixed() {
    ColumnPtr out = Column::Make(to_, n_);
    ForEachNull(in_, n_, [&](int64_t i) { SetNullZeroed(out.get(), i); });
    return out;
  }

  // Row i of a malformed string: NULL, plus the error in ANSI mode.
  void Malformed(Column* out, int64_t i) {
    SetNullZeroed(out, i);
    if (mode_ == CastMode::kAnsi && ctx_.error.ok()) {
      ctx_.SetError(Status::ExecutionError(CastInvalidInputMessage(in_.GetString(i), *in_.type(), *to_)));
    }
  }
  // Row i overflows: NULL plus the error in ANSI mode (legacy callers handle wrapping first).
  void Overflow(Column* out, int64_t i) {
    SetNullZeroed(out, i);
    if (mode_ == CastMode::kAnsi && ctx_.error.ok()) {
      ctx_.SetError(Status::ExecutionError(
          CastOverflowMessage(in_.GetValue(i).ToSqlLiteral(*in_.type()), *in_.type(), *to_)));
    }
  }

 private:
  const Column& in_;
  const TypePtr& to_;
  EvalContext& ctx_;
  int64_t n_;
  CastMode mode_;
};

// Java's (int)/(long) conversion of a double: NaN -> 0, saturating at the bounds.
template <typename T>
T JavaDoubleTo(double d) {
  if (std::isnan(d)) return 0;
  if (d <= static_cast<double>(std::numeric_limits<T>::min())) return std::numeric_limits<T>::min();
  if (d >= -static_cast<double>(std::numeric_limits<T>::min())) return std::numeric_limits<T>::max();
  return static_cast<T>(d);
}

template <typename T>
bool DoubleFits(double d) {
  // Truncation toward zero: (MIN - 1, MAX + 1) exclusive; -(double)MIN == MAX + 1 exactly.
  const double lo = static_cast<double>(std::numeric_limits<T>::min());
  const double hi = -lo;
  if constexpr (sizeof(T) == 4) return d > lo - 1.0 && d < hi;
  return d >= lo && d < hi;
}

// --- to integral (int32_t / int64_t) ---
template <typename T>
ColumnPtr CastToIntegral(CastRun& run) {
  ColumnPtr out = run.MakeFixed();
  T* o = out->data<T>();
  const Column& in = run.in();
  const int64_t n = run.n();
  switch (in.type_id()) {
    case TypeId::kBoolean: {
      const uint8_t* a = in.data<uint8_t>();
      for (int64_t i = 0; i < n; ++i) o[i] = a[i];
      break;
    }
    case TypeId::kInt: {
      const int32_t* a = in.data<int32_t>();
      for (int64_t i = 0; i < n; ++i) o[i] = a[i];
      break;
    }
    case TypeId::kBigint:
    case TypeId::kTimestamp: {
      const int64_t* a = in.data<int64_t>();
      const bool from_ts = in.type_id() == TypeId::kTimestamp;
      int bad = 0;
      for (int64_t i = 0; i < n; ++i) {
        int64_t v = from_ts ? FloorDiv(a[i], kMicrosPerSecond) : a[i];
        o[i] = static_cast<T>(v);
        bad |= static_cast<int64_t>(o[i]) != v;
      }
      if (bad && run.mode() != CastMode::kLegacy) {
        for (int64_t i = 0; i < n; ++i) {
          int64_t v = from_ts ? FloorDiv(a[i], kMicrosPerSecond) : a[i];
          if (static_cast<int64_t>(static_cast<T>(v)) != v && in.IsValid(i)) run.Overflow(out.get(), i);
        }
      }
      break;
    }
    case TypeId::kDouble: {
      const double* a = in.data<double>();
      for (int64_t i = 0; i < n; ++i) {
        double d = a[i];
        if (DoubleFits<T>(d)) {
          o[i] = static_cast<T>(d);
        } else if (in.IsValid(i)) {
          if (run.mode() == CastMode::kLegacy) {
            o[i] = JavaDoubleTo<T>(d);
          } else {
            run.Overflow(out.get(), i);
          }
        }
      }
      break;
    }
    case TypeId::kString: {
      const bool allow_decimal = run.mode() != CastMode::kAnsi;
      for (int64_t i = 0; i < n; ++i) {
        if (in.IsNull(i)) continue;
        int64_t v;
        if (ParseSparkInt64(in.GetString(i), allow_decimal, &v) && static_cast<int64_t>(static_cast<T>(v)) == v) {
          o[i] = static_cast<T>(v);
        } else {
          run.Malformed(out.get(), i);
        }
      }
      break;
    }
    default: break;
  }
  return out;
}

ColumnPtr CastToDouble(CastRun& run) {
  ColumnPtr out = run.MakeFixed();
  double* o = out->data<double>();
  const Column& in = run.in();
  const int64_t n = run.n();
  switch (in.type_id()) {
    case TypeId::kBoolean: {
      const uint8_t* a = in.data<uint8_t>();
      for (int64_t i = 0; i < n; ++i) o[i] = a[i];
      break;
    }
    case TypeId::kInt: {
      const int32_t* a = in.data<int32_t>();
      for (int64_t i = 0; i < n; ++i) o[i] = a[i];
      break;
    }
    case TypeId::kBigint: {
      const int64_t* a = in.data<int64_t>();
      for (int64_t i = 0; i < n; ++i) o[i] = static_cast<double>(a[i]);
      break;
    }
    case TypeId::kTimestamp: {
      const int64_t* a = in.data<int64_t>();
      for (int64_t i = 0; i < n; ++i) o[i] = static_cast<double>(a[i]) / 1e6;
      break;
    }
    case TypeId::kString:
      for (int64_t i = 0; i < n; ++i) {
        if (in.IsNull(i)) continue;
        if (!ParseSparkDouble(in.GetString(i), &o[i])) run.Malformed(out.get(), i);
      }
      break;
    default: break;
  }
  return out;
}

ColumnPtr CastToBoolean(CastRun& run) {
  ColumnPtr out = run.MakeFixed();
  uint8_t* o = out->data<uint8_t>();
  const Column& in = run.in();
  const int64_t n = run.n();
  switch (in.type_id()) {
    case TypeId::kInt: {
      const int32_t* a = in.data<int32_t>();
      for (int64_t i = 0; i < n; ++i) o[i] = a[i] != 0;
      break;
    }
    case TypeId::kBigint: {
      const int64_t* a = in.data<int64_t>();
      for (int64_t i = 0; i < n; ++i) o[i] = a[i] != 0;
      break;
    }
    case TypeId::kDouble: {
      const double* a = in.data<double>();
      for (int64_t i = 0; i < n; ++i) o[i] = a[i] != 0;
      break;
    }
    case TypeId::kString:
      for (int64_t i = 0; i < n; ++i) {
        if (in.IsNull(i)) continue;
        bool b;
        if (ParseSparkBoolean(in.GetString(i), &b)) {
          o[i] = b;
        } else {
          run.Malformed(out.get(), i);
        }
      }
      break;
    default: break;
  }
  return out;
}

ColumnPtr CastToTimestamp(CastRun& run) {
  ColumnPtr out = run.MakeFixed();
  int64_t* o = out->data<int64_t>();
  const Column& in = run.in();
  const int64_t n = run.n();
  const TimeZone& tz = run.ctx().time_zone;
  auto from_seconds = [&](int64_t i, int64_t secs) {
    int64_t micros;
    if (!__builtin_mul_overflow(secs, kMicrosPerSecond, &micros)) {
      o[i] = micros;
    } else if (run.mode() == CastMode::kLegacy) {
      o[i] = secs < 0 ? std::numeric_limits<int64_t>::min() : std::numeric_limits<int64_t>::max();
    } else {
      run.Overflow(out.get(), i);
    }
  };
  switch (in.type_id()) {
    case TypeId::kInt: {
      const int32_t* a = in.data<int32_t>();
      for (int64_t i = 0; i < n; ++i) o[i] = static_cast<int64_t>(a[i]) * kMicrosPerSecond;
      break;
    }
    case TypeId::kBigint: {
      const int64_t* a = in.data<int64_t>();
      for (int64_t i = 0; i < n; ++i) {
        if (in.IsValid(i)) from_seconds(i, a[i]);
      }
      break;
    }
    case TypeId::kDouble: {
      const double* a = in.data<double>();
      for (int64_t i = 0; i < n; ++i) {
        if (in.IsNull(i)) continue;
        double micros = a[i] * 1e6;
        if (std::isfinite(micros) && DoubleFits<int64_t>(micros)) {
          o[i] = static_cast<int64_t>(micros);
        } else if (run.mode() == CastMode::kAnsi) {
          run.Overflow(out.get(), i);
        } else {
          SetNullZeroed(out.get(), i);  // Spark gives NULL for NaN / Infinity
        }
      }
      break;
    }
    case TypeId::kDate: {
      const int32_t* a = in.data<int32_t>();
      for (int64_t i = 0; i < n; ++i) o[i] = tz.ToUtcMicros(static_cast<int64_t>(a[i]) * kMicrosPerDay);
      break;
    }
    case TypeId::kString:
      for (int64_t i = 0; i < n; ++i) {
        if (in.IsNull(i)) continue;
        if (!ParseTimestampMicros(in.GetString(i), tz, &o[i])) run.Malformed(out.get(), i);
      }
      break;
    default: break;
  }
  return out;
}

ColumnPtr CastToDate(CastRun& run) {
  ColumnPtr out = run.MakeFixed();
  int32_t* o = out->data<int32_t>();
  const Column& in = run.in();
  const int64_t n = run.n();
  if (in.type_id() == TypeId::kTimestamp) {
    const int64_t* a = in.data<int64_t>();
    const TimeZone& tz = run.ctx().time_zone;
    for (int64_t i = 0; i < n; ++i) o[i] = static_cast<int32_t>(FloorDiv(tz.ToLocalMicros(a[i]), kMicrosPerDay));
  } else if (in.type_id() == TypeId::kString) {
    for (int64_t i = 0; i < n; ++i) {
      if (in.IsNull(i)) continue;
      if (!ParseDateDays(in.GetString(i), &o[i])) run.Malformed(out.get(), i);
    }
  }
  return out;
}

ColumnPtr CastToString(CastRun& run, const TypePtr& to) {
  const Column& in = run.in();
  const int64_t n = run.n();
  auto out = std::make_shared<Column>(to);
  out->Reserve(n, n * 8);
  const TimeZone& tz = run.ctx().time_zone;
  char buf[32];
  for (int64_t i = 0; i < n; ++i) {
    if (in.IsNull(i)) {
      out->AppendNull();
      continue;
    }
    switch (in.type_id()) {
      case TypeId::kBoolean: out->AppendString(in.data<uint8_t>()[i] ? "true" : "false"); break;
      case TypeId::kInt: {
        auto r = std::to_chars(buf, buf + sizeof(buf), in.data<int32_t>()[i]);
        out->AppendString(std::string_view(buf, r.ptr - buf));
        break;
      }
      case TypeId::kBigint: {
        auto r = std::to_chars(buf, buf + sizeof(buf), in.data<int64_t>()[i]);
        out->AppendString(std::string_view(buf, r.ptr - buf));
        break;
      }
      case TypeId::kDouble: out->AppendString(types::FormatDouble(in.data<double>()[i])); break;
      case TypeId::kDate: out->AppendString(FormatDate(in.data<int32_t>()[i])); break;
      case TypeId::kTimestamp: out->AppendString(FormatTimestamp(in.data<int64_t>()[i], tz)); break;
      case TypeId::kString:
      case TypeId::kBinary: out->AppendString(in.GetString(i)); break;
      default: out->AppendString(in.GetValue(i).ToString(*in.type(), tz)); break;
    }
  }
  return out;
}

ColumnPtr CastToBinary(CastRun& run, const TypePtr& to) {
  const Column& in = run.in();
  auto out = std::make_shared<Column>(to);
  out->Reserve(run.n(), static_cast<int64_t>(in.chars().size()));
  for (int64_t i = 0; i < run.n(); ++i) {
    if (in.IsNull(i)) {
      out->AppendNull();
    } else {
      out->AppendString(in.GetString(i));
    }
  }
  return out;
}

}  // namespace

Result<ColumnPtr> CastColumn(const ColumnPtr& input, const TypePtr& to, bool try_cast, EvalContext& ctx) {
  const DataType& from = *input->type();
  const int64_t n = input->size();
  if (from.Equals(*to)) return input;
  if (from.id() == TypeId::kNull) return Column::MakeNull(to, n);
  if (!CanCast(from, *to)) {
    return Status::Internal("invalid cast from " + from.ToString() + " to " + to->ToString() + " reached evaluation");
  }
  CastRun run(input, to, try_cast, ctx);
  switch (to->id()) {
    case TypeId::kBoolean: return CastToBoolean(run);
    case TypeId::kInt: return CastToIntegral<int32_t>(run);
    case TypeId::kBigint: return CastToIntegral<int64_t>(run);
    case TypeId::kDouble: return CastToDouble(run);
    case TypeId::kString: return CastToString(run, to);
    case TypeId::kBinary: return CastToBinary(run, to);
    case TypeId::kTimestamp: return CastToTimestamp(run);
    case TypeId::kDate: return CastToDate(run);
    case TypeId::kArray: {
      SLUICE_ASSIGN_OR_RETURN(ColumnPtr elements, CastColumn(input->child(0), to->element(), try_cast, ctx));
      ColumnPtr out = Column::Make(to, n);
      std::memcpy(out->mutable_offsets(), input->offsets(), (n + 1) * sizeof(uint32_t));
      out->mutable_children()[0] = std::move(elements);
      ForEachNull(*input, n, [&](int64_t i) { out->SetNull(i); });
      return out;
    }
    case TypeId::kStruct: {
      ColumnPtr out = Column::Make(to, n);
      for (size_t f = 0; f < to->fields().size(); ++f) {
        SLUICE_ASSIGN_OR_RETURN(ColumnPtr field, CastColumn(input->child(f), to->fields()[f].type, try_cast, ctx));
        out->mutable_children()[f] = std::move(field);
      }
      ForEachNull(*input, n, [&](int64_t i) { out->SetNull(i); });
      return out;
    }
    case TypeId::kNull: break;
  }
  return Status::Internal("unhandled cast to " + to->ToString());
}

}  // namespace sluice::expr
