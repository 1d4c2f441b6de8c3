// Math functions. Results follow Spark: DOUBLE for the transcendental functions, NULL for
// logarithms of non-positive numbers, HALF_UP rounding on the decimal form of a double.

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>

#include "sluice/expr/arithmetic.h"
#include "sluice/expr/coercion.h"
#include "sluice/expr/comparison.h"
#include "sluice/expr/function_registry.h"
#include "sluice/expr/functions/math_functions.h"
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

const TypePtr& Dbl() {
  static const TypePtr t = DataType::Double();
  return t;
}

// f(x) over a DOUBLE; `valid(x)` false gives NULL (log of x <= 0).
template <typename Fn, typename Valid>
Result<ExprPtr> BindDoubleUnary(std::vector<ExprPtr> args, const std::string& sql, const char* canonical, Fn fn,
                                Valid valid) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, canonical, 1, 1));
  SLUICE_RETURN_IF_ERROR(call.Numeric(0));
  SLUICE_RETURN_IF_ERROR(call.Coerce(0, Dbl()));
  return MakeCall(call.name, Dbl(), std::move(call.args),
                  [fn, valid](const Args& a, int64_t n, const TypePtr& type, EvalContext&) -> Result<ColumnPtr> {
                    if (!a[0].constant && !a[0].may_have_nulls()) {
                      // The common case: a tight loop, validity checked only when needed.
                      ColumnPtr out = Column::Make(type, n);
                      double* o = out->data<double>();
                      const double* x = a[0].column->data<double>();
                      bool all_valid = true;
                      for (int64_t i = 0; i < n; ++i) {
                        o[i] = fn(x[i]);
                        all_valid &= valid(x[i]);
                      }
                      if (!all_valid) {
                        for (int64_t i = 0; i < n; ++i) {
                          if (!valid(x[i])) SetNullZeroed(out.get(), i);
                        }
                      }
                      return out;
                    }
                    return MapFixed<double>(type, a, n, [&](int64_t i, double* v) {
                      const double x = a[0].Get<double>(i);
                      if (!valid(x)) return false;
                      *v = fn(x);
                      return true;
                    });
                  });
}

template <typename Fn>
Result<ExprPtr> BindDoubleUnary(std::vector<ExprPtr> args, const std::string& sql, const char* canonical, Fn fn) {
  return BindDoubleUnary(std::move(args), sql, canonical, fn, [](double) { return true; });
}

template <typename Fn>
Result<ExprPtr> BindDoubleBinary(std::vector<ExprPtr> args, const std::string& sql, const char* canonical, Fn fn) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, canonical, 2, 2));
  for (size_t i = 0; i < 2; ++i) {
    SLUICE_RETURN_IF_ERROR(call.Numeric(i));
    SLUICE_RETURN_IF_ERROR(call.Coerce(i, Dbl()));
  }
  return MakeCall(call.name, Dbl(), std::move(call.args),
                  [fn](const Args& a, int64_t n, const TypePtr& type, EvalContext&) -> Result<ColumnPtr> {
                    return MapFixed<double>(type, a, n, [&](int64_t i, double* v) {
                      return fn(a[0].Get<double>(i), a[1].Get<double>(i), v);
                    });
                  });
}

// Shortest decimal digits of a finite, non-zero |x|: x = 0.d1d2d3... x 10^(exponent + 1).
void ShortestDigits(double x, std::string* digits, int* exponent) {
  char buf[64];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof(buf), "%.*e", precision - 1, x);
    if (std::strtod(buf, nullptr) == x) break;
  }
  const char* e = std::strchr(buf, 'e');
  *exponent = std::atoi(e + 1);
  digits->clear();
  for (const char* p = buf; p < e; ++p) {
    if (*p >= '0' && *p <= '9') digits->push_back(*p);
  }
  while (digits->size() > 1 && digits->back() == '0') digits->pop_back();
}

// Rounds an integral value to 10^-scale (scale < 0), HALF_UP or HALF_EVEN.
int64_t RoundIntegral(int64_t v, int scale, bool half_even) {
  if (scale >= 0) return v;
  if (scale < -18) return 0;
  int64_t p = 1;
  for (int k = 0; k < -scale; ++k) p *= 10;
  int64_t q = v / p;
  int64_t r = v % p;
  const int64_t twice = (r < 0 ? -r : r) * 2;
  const bool up = half_even ? (twice > p || (twice == p && (q % 2 != 0))) : twice >= p;
  if (up) q += v < 0 ? -1 : 1;
  return static_cast<int64_t>(static_cast<uint64_t>(q) * static_cast<uint64_t>(p));
}

Result<ExprPtr> BindRoundImpl(std::vector<ExprPtr> args, const std::string& sql, const char* canonical,
                              bool half_even) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, canonical, 1, 2));
  SLUICE_RETURN_IF_ERROR(call.Numeric(0));
  int scale = 0;
  if (call.args.size() == 2) {
    if (!call.type(1)->IsIntegral()) return call.Unexpected(1, "\"INT\"");
    SLUICE_ASSIGN_OR_RETURN(Value v, call.Constant(1, "scale"));
    scale = v.is_null() ? 0 : static_cast<int>(v.int_value());
    call.args.pop_back();
  }
  TypePtr type = call.type(0);
  const std::string name = call.name;
  std::vector<ExprPtr> children = std::move(call.args);
  children.push_back(MakeLiteral(Value::Int(scale), DataType::Int()));
  return MakeCall(name, type, std::move(children),
                  [scale, half_even](const Args& a, int64_t n, const TypePtr& t, EvalContext&) -> Result<ColumnPtr> {
                    Args x{a[0]};
                    switch (t->id()) {
                      case TypeId::kInt:
                        return MapFixed<int32_t>(t, x, n, [&](int64_t i, int32_t* v) {
                          *v = static_cast<int32_t>(RoundIntegral(a[0].Get<int32_t>(i), scale, half_even));
                          return true;
                        });
                      case TypeId::kBigint:
                        return MapFixed<int64_t>(t, x, n, [&](int64_t i, int64_t* v) {
                          *v = RoundIntegral(a[0].Get<int64_t>(i), scale, half_even);
                          return true;
                        });
                      default:
                        return MapFixed<double>(t, x, n, [&](int64_t i, double* v) {
                          *v = RoundDouble(a[0].Get<double>(i), scale, half_even);
                          return true;
                        });
                    }
                  });
}

Result<ExprPtr> BindFloorCeil(std::vector<ExprPtr> args, const std::string& sql, const char* canonical, bool ceil) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, canonical, 1, 1));
  SLUICE_RETURN_IF_ERROR(call.Numeric(0));
  if (call.type(0)->IsIntegral()) {
    SLUICE_RETURN_IF_ERROR(call.Coerce(0, DataType::Bigint()));
    return MakeCall(call.name, DataType::Bigint(), std::move(call.args),
                    [](const Args& a, int64_t n, const TypePtr& type, EvalContext&) -> Result<ColumnPtr> {
                      return MapFixed<int64_t>(type, a, n, [&](int64_t i, int64_t* v) {
                        *v = a[0].Get<int64_t>(i);
                        return true;
                      });
                    });
  }
  return MakeCall(call.name, DataType::Bigint(), std::move(call.args),
                  [ceil](const Args& a, int64_t n, const TypePtr& type, EvalContext&) -> Result<ColumnPtr> {
                    return MapFixed<int64_t>(type, a, n, [&](int64_t i, int64_t* v) {
                      const double d = ceil ? std::ceil(a[0].Get<double>(i)) : std::floor(a[0].Get<double>(i));
                      // Scala's Double.toLong: NaN is 0, out-of-range values saturate.
                      if (std::isnan(d)) {
                        *v = 0;
                      } else if (d >= 9.2233720368547758e18) {
                        *v = std::numeric_limits<int64_t>::max();
                      } else if (d <= -9.2233720368547758e18) {
                        *v = std::numeric_limits<int64_t>::min();
                      } else {
                        *v = static_cast<int64_t>(d);
                      }
                      return true;
                    });
                  });
}

// Spark's greatest / least: the arguments' wider type (no string promotion); NULLs skipped.
Result<ExprPtr> BindExtreme(std::vector<ExprPtr> args, const std::string& sql, const char* canonical, bool greatest) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, canonical, 2, kVariadic));
  TypePtr t = call.type(0);
  for (size_t i = 1; i < call.args.size() && t; ++i) t = WiderType(t, call.type(i));
  if (!t) {
    std::string types;
    for (size_t i = 0; i < call.args.size(); ++i) types += (i ? ", \"" : "\"") + call.type(i)->ToString() + "\"";
    return Status::AnalysisError("[DATATYPE_MISMATCH.DATA_DIFF_TYPES] Cannot resolve \"" + call.sql +
                                 "\" due to data type mismatch: Input to `" + call.name +
                                 "` should all be the same type, but it's [" + types + "].");
  }
  if (t->id() == TypeId::kNull) t = Dbl();
  for (size_t i = 0; i < call.args.size(); ++i) SLUICE_RETURN_IF_ERROR(call.Coerce(i, t));
  CallOptions options;
  options.null_intolerant = false;
  return MakeCall(
      call.name, t, std::move(call.args),
      [greatest](const Args& a, int64_t n, const TypePtr& type, EvalContext&) -> Result<ColumnPtr> {
        auto out = std::make_shared<Column>(type);
        out->Reserve(n);
        for (int64_t i = 0; i < n; ++i) {
          int best = -1;
          Value best_value;
          for (size_t k = 0; k < a.size(); ++k) {
            if (a[k].IsNull(i)) continue;
            Value v = a[k].GetValue(i);
            if (best < 0) {
              best = static_cast<int>(k);
              best_value = std::move(v);
              continue;
            }
            int c = CompareValues(v, best_value, *type);
            if (greatest ? c > 0 : c < 0) {
              best = static_cast<int>(k);
              best_value = std::move(v);
            }
          }
          if (best < 0) {
            out->AppendNull();
          } else {
            out->AppendFrom(*a[best].column, a[best].Row(i));
          }
        }
        return out;
      },
      options);
}

// Spark's XORShiftRandom, seeded through Scala's MurmurHash3.bytesHash as Spark's
// hashSeed does, so rand(seed) gives Spark's sequence per partition.
class XorShiftRandom {
 public:
  explicit XorShiftRandom(int64_t seed) : seed_(HashSeed(seed)) {}

  double NextDouble() {
    const int64_t hi = Next(26);
    const int64_t lo = Next(27);
    return static_cast<double>((hi << 27) + lo) * 0x1.0p-53;
  }

  // java.util.Random.nextGaussian (polar method).
  double NextGaussian() {
    if (have_next_) {
      have_next_ = false;
      return next_gaussian_;
    }
    double v1, v2, s;
    do {
      v1 = 2 * NextDouble() - 1;
      v2 = 2 * NextDouble() - 1;
      s = v1 * v1 + v2 * v2;
    } while (s >= 1 || s == 0);
    const double multiplier = std::sqrt(-2 * std::log(s) / s);
    next_gaussian_ = v2 * multiplier;
    have_next_ = true;
    return v1 * multiplier;
  }

 private:
  int32_t Next(int bits) {
    uint64_t next = seed_ ^ (seed_ << 21);
    next ^= next >> 35;
    next ^= next << 4;
    seed_ = next;
    return static_cast<int32_t>(next & ((uint64_t{1} << bits) - 1));
  }

  static uint32_t Rotl(uint32_t x, int r) { return (x << r) | (x >> (32 - r)); }
  static uint32_t MixLast(uint32_t h, uint32_t k) {
    k *= 0xcc9e2d51u;
    k = Rotl(k, 15);
    k *= 0x1b873593u;
    return h ^ k;
  }
  static uint32_t Mix(uint32_t h, uint32_t k) { return Rotl(MixLast(h, k), 13) * 5 + 0xe6546b64u; }
  static uint32_t Avalanche(uint32_t h) {
    h ^= h >> 16;
    h *= 0x85ebca6bu;
    h ^= h >> 13;
    h *= 0xc2b2ae35u;
    h ^= h >> 16;
    return h;
  }
  // scala.util.hashing.MurmurHash3.bytesHash over 8 bytes.
  static uint32_t BytesHash(const uint8_t* data, uint32_t seed) {
    uint32_t h = seed;
    for (int i = 0; i < 8; i += 4) {
      uint32_t k = data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (static_cast<uint32_t>(data[i + 3]) << 24);
      h = Mix(h, k);
    }
    return Avalanche(h ^ 8);
  }
  static uint64_t HashSeed(int64_t seed) {
    uint8_t bytes[8];  // big-endian, as ByteBuffer.putLong
    for (int i = 0; i < 8; ++i) bytes[i] = static_cast<uint8_t>(static_cast<uint64_t>(seed) >> (56 - 8 * i));
    const uint32_t low = BytesHash(bytes, 0x3c074a61u);
    const uint32_t high = BytesHash(bytes, low);
    return (static_cast<uint64_t>(high) << 32) | low;
  }

  uint64_t seed_;
  bool have_next_ = false;
  double next_gaussian_ = 0;
};

Result<ExprPtr> BindRandom(std::vector<ExprPtr> args, const std::string& sql, const char* canonical, bool gaussian) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, canonical, 0, 1));
  int64_t seed;
  if (call.args.empty()) {
    // Spark draws a random seed at analysis and shows it in the plan.
    std::random_device device;
    seed = (static_cast<int64_t>(device()) << 32) ^ device();
  } else {
    if (!call.type(0)->IsIntegral() && call.type_id(0) != TypeId::kNull) {
      return call.Unexpected(0, QuoteTypes({"INT", "BIGINT"}));
    }
    SLUICE_ASSIGN_OR_RETURN(Value v, call.Constant(0, "seed"));
    seed = v.is_null() ? 0 : v.int_value();
  }
  CallOptions options;
  options.deterministic = false;
  options.null_intolerant = false;
  std::vector<ExprPtr> children{MakeLiteral(Value::Int(seed), DataType::Bigint())};
  return MakeCall(
      call.name, Dbl(), std::move(children),
      [seed, gaussian](const Args&, int64_t n, const TypePtr& type, EvalContext& ctx) -> Result<ColumnPtr> {
        XorShiftRandom rng(seed + ctx.partition_index);
        ColumnPtr out = Column::Make(type, n);
        double* o = out->data<double>();
        for (int64_t i = 0; i < n; ++i) o[i] = gaussian ? rng.NextGaussian() : rng.NextDouble();
        return out;
      },
      options);
}

Result<ExprPtr> BindTryArithmetic(std::vector<ExprPtr> args, const std::string& sql, const char* canonical,
                                  const char* op) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, canonical, 2, 2));
  return BindArithmeticOperator(op, call.args[0], call.args[1], call.sql, /*null_on_error=*/true, call.name);
}

}  // namespace

double RoundDouble(double x, int scale, bool half_even) {
  if (!std::isfinite(x) || x == 0) return x;
  std::string digits;
  int exponent;
  ShortestDigits(std::fabs(x), &digits, &exponent);
  // Digit k (0-based) has weight 10^(exponent - k); keep those with weight >= 10^-scale.
  const int64_t keep = static_cast<int64_t>(exponent) + scale + 1;
  if (keep >= static_cast<int64_t>(digits.size())) return x;
  const double sign = x < 0 ? -1.0 : 1.0;
  if (keep < 0) return 0.0 * sign;
  const int rounding_digit = digits[keep] - '0';
  bool rest_nonzero = false;
  for (size_t k = keep + 1; k < digits.size(); ++k) rest_nonzero |= digits[k] != '0';
  const bool last_odd = keep > 0 && ((digits[keep - 1] - '0') % 2 == 1);
  const bool up = half_even ? (rounding_digit > 5 || (rounding_digit == 5 && (rest_nonzero || last_odd)))
                            : rounding_digit >= 5;
  std::string kept = digits.substr(0, keep);
  int exp10 = exponent;
  if (up) {
    int k = static_cast<int>(kept.size()) - 1;
    while (k >= 0 && kept[k] == '9') kept[k--] = '0';
    if (k >= 0) {
      ++kept[k];
    } else {
      kept.insert(kept.begin(), '1');
      ++exp10;
    }
  }
  if (kept.empty()) return 0.0 * sign;
  // kept holds the digits of d1.d2d3... x 10^exp10.
  std::string text = std::string(x < 0 ? "-" : "") + kept.substr(0, 1) + "." + (kept.size() > 1 ? kept.substr(1) : "0") +
                     "e" + std::to_string(exp10);
  return std::strtod(text.c_str(), nullptr);
}

SLUICE_DECLARE_BINDER(BindAbs) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "abs", 1, 1));
  SLUICE_RETURN_IF_ERROR(call.Numeric(0));
  return MakeUnaryArithmetic(UnaryArithmeticOp::kAbs, call.args[0]);
}

SLUICE_DECLARE_BINDER(BindNegative) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "negative", 1, 1));
  SLUICE_RETURN_IF_ERROR(call.Numeric(0));
  return MakeUnaryArithmetic(UnaryArithmeticOp::kNegate, call.args[0]);
}

SLUICE_DECLARE_BINDER(BindPositive) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "positive", 1, 1));
  SLUICE_RETURN_IF_ERROR(call.Numeric(0));
  return call.args[0];
}

SLUICE_DECLARE_BINDER(BindRound) { return BindRoundImpl(std::move(args), sql, "round", false); }
SLUICE_DECLARE_BINDER(BindBround) { return BindRoundImpl(std::move(args), sql, "bround", true); }
SLUICE_DECLARE_BINDER(BindFloor) { return BindFloorCeil(std::move(args), sql, "floor", false); }
SLUICE_DECLARE_BINDER(BindCeil) { return BindFloorCeil(std::move(args), sql, "ceil", true); }

SLUICE_DECLARE_BINDER(BindSqrt) { return BindDoubleUnary(std::move(args), sql, "sqrt", [](double x) { return std::sqrt(x); }); }
SLUICE_DECLARE_BINDER(BindCbrt) { return BindDoubleUnary(std::move(args), sql, "cbrt", [](double x) { return std::cbrt(x); }); }
SLUICE_DECLARE_BINDER(BindExp) { return BindDoubleUnary(std::move(args), sql, "exp", [](double x) { return std::exp(x); }); }
SLUICE_DECLARE_BINDER(BindExpm1) {
  return BindDoubleUnary(std::move(args), sql, "expm1", [](double x) { return std::expm1(x); });
}
SLUICE_DECLARE_BINDER(BindLn) {
  return BindDoubleUnary(
      std::move(args), sql, "ln", [](double x) { return std::log(x); }, [](double x) { return x > 0; });
}
SLUICE_DECLARE_BINDER(BindLog10) {
  return BindDoubleUnary(
      std::move(args), sql, "log10", [](double x) { return std::log10(x); }, [](double x) { return x > 0; });
}
SLUICE_DECLARE_BINDER(BindLog2) {
  return BindDoubleUnary(
      std::move(args), sql, "log2", [](double x) { return std::log2(x); }, [](double x) { return x > 0; });
}
SLUICE_DECLARE_BINDER(BindLog1p) {
  return BindDoubleUnary(
      std::move(args), sql, "log1p", [](double x) { return std::log1p(x); }, [](double x) { return x > -1; });
}
SLUICE_DECLARE_BINDER(BindLog) {
  if (args.size() == 1) {
    return BindDoubleUnary(
        std::move(args), sql, "log", [](double x) { return std::log(x); }, [](double x) { return x > 0; });
  }
  return BindDoubleBinary(std::move(args), sql, "log", [](double base, double x, double* v) {
    if (base <= 0 || x <= 0) return false;
    *v = std::log(x) / std::log(base);
    return true;
  });
}
SLUICE_DECLARE_BINDER(BindSin) { return BindDoubleUnary(std::move(args), sql, "sin", [](double x) { return std::sin(x); }); }
SLUICE_DECLARE_BINDER(BindCos) { return BindDoubleUnary(std::move(args), sql, "cos", [](double x) { return std::cos(x); }); }
SLUICE_DECLARE_BINDER(BindTan) { return BindDoubleUnary(std::move(args), sql, "tan", [](double x) { return std::tan(x); }); }
SLUICE_DECLARE_BINDER(BindAsin) { return BindDoubleUnary(std::move(args), sql, "asin", [](double x) { return std::asin(x); }); }
SLUICE_DECLARE_BINDER(BindAcos) { return BindDoubleUnary(std::move(args), sql, "acos", [](double x) { return std::acos(x); }); }
SLUICE_DECLARE_BINDER(BindAtan) { return BindDoubleUnary(std::move(args), sql, "atan", [](double x) { return std::atan(x); }); }
SLUICE_DECLARE_BINDER(BindSinh) { return BindDoubleUnary(std::move(args), sql, "sinh", [](double x) { return std::sinh(x); }); }
SLUICE_DECLARE_BINDER(BindCosh) { return BindDoubleUnary(std::move(args), sql, "cosh", [](double x) { return std::cosh(x); }); }
SLUICE_DECLARE_BINDER(BindTanh) { return BindDoubleUnary(std::move(args), sql, "tanh", [](double x) { return std::tanh(x); }); }
SLUICE_DECLARE_BINDER(BindDegrees) {
  return BindDoubleUnary(std::move(args), sql, "degrees", [](double x) { return x * 180.0 / M_PI; });
}
SLUICE_DECLARE_BINDER(BindRadians) {
  return BindDoubleUnary(std::move(args), sql, "radians", [](double x) { return x / 180.0 * M_PI; });
}
SLUICE_DECLARE_BINDER(BindSign) {
  return BindDoubleUnary(std::move(args), sql, "sign", [](double x) {
    return std::isnan(x) ? x : static_cast<double>((x > 0) - (x < 0));
  });
}
SLUICE_DECLARE_BINDER(BindAtan2) {
  return BindDoubleBinary(std::move(args), sql, "atan2", [](double y, double x, double* v) {
    *v = std::atan2(y, x);
    return true;
  });
}
SLUICE_DECLARE_BINDER(BindPow) {
  return BindDoubleBinary(std::move(args), sql, "power", [](double x, double y, double* v) {
    *v = std::pow(x, y);
    return true;
  });
}

namespace {

Result<ExprPtr> BindConstantDouble(std::vector<ExprPtr> args, const std::string& sql, const char* canonical,
                                   double value) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, canonical, 0, 0));
  return MakeCall(call.name, Dbl(), {}, [value](const Args&, int64_t n, const TypePtr& type, EvalContext&) -> Result<ColumnPtr> {
    return Column::MakeConstant(type, Value::Double(value), n);
  });
}

}  // namespace

SLUICE_DECLARE_BINDER(BindPi) { return BindConstantDouble(std::move(args), sql, "pi", M_PI); }
SLUICE_DECLARE_BINDER(BindE) { return BindConstantDouble(std::move(args), sql, "e", M_E); }

SLUICE_DECLARE_BINDER(BindGreatest) { return BindExtreme(std::move(args), sql, "greatest", true); }
SLUICE_DECLARE_BINDER(BindLeast) { return BindExtreme(std::move(args), sql, "least", false); }

SLUICE_DECLARE_BINDER(BindMod) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "mod", 2, 2));
  return BindArithmeticOperator("%", call.args[0], call.args[1], call.sql);
}

SLUICE_DECLARE_BINDER(BindPmod) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "pmod", 2, 2));
  return BindArithmeticOperator("PMOD", call.args[0], call.args[1], call.sql, false, call.name);
}

SLUICE_DECLARE_BINDER(BindRand) { return BindRandom(std::move(args), sql, "rand", false); }
SLUICE_DECLARE_BINDER(BindRandn) { return BindRandom(std::move(args), sql, "randn", true); }

SLUICE_DECLARE_BINDER(BindTryAdd) { return BindTryArithmetic(std::move(args), sql, "try_add", "+"); }
SLUICE_DECLARE_BINDER(BindTrySubtract) { return BindTryArithmetic(std::move(args), sql, "try_subtract", "-"); }
SLUICE_DECLARE_BINDER(BindTryMultiply) { return BindTryArithmetic(std::move(args), sql, "try_multiply", "*"); }
SLUICE_DECLARE_BINDER(BindTryDivide) { return BindTryArithmetic(std::move(args), sql, "try_divide", "/"); }

SLUICE_DECLARE_BINDER(BindIsNan) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "isnan", 1, 1));
  SLUICE_RETURN_IF_ERROR(call.Numeric(0));
  SLUICE_RETURN_IF_ERROR(call.Coerce(0, Dbl()));
  CallOptions options;
  options.null_intolerant = false;
  return MakeCall(
      call.name, DataType::Boolean(), std::move(call.args),
      [](const Args& a, int64_t n, const TypePtr& type, EvalContext&) -> Result<ColumnPtr> {
        ColumnPtr out = Column::Make(type, n);
        uint8_t* o = out->data<uint8_t>();
        for (int64_t i = 0; i < n; ++i) o[i] = !a[0].IsNull(i) && std::isnan(a[0].Get<double>(i));
        return out;
      },
      options);
}

}  // namespace sluice::expr
