#include "sluice/expr/arithmetic.h"

#include <cmath>
#include <limits>
#include <type_traits>

#include "sluice/expr/arg_column.h"
#include "sluice/expr/validity.h"

namespace sluice::expr {

using types::Batch;
using types::Column;
using types::ColumnPtr;
using types::DataType;
using types::TypeId;

std::string ArithmeticOverflowMessage(const DataType& type, const char* try_function) {
  std::string out = "[ARITHMETIC_OVERFLOW] ";
  out += type.id() == TypeId::kInt ? "integer overflow." : "long overflow.";
  if (try_function != nullptr) {
    out += " Use '" + std::string(try_function) + "' to tolerate overflow and return NULL instead.";
  }
  return out + " If necessary set \"spark.sql.ansi.enabled\" to \"false\" to bypass this error.";
}

std::string DivideByZeroMessage() {
  return "[DIVIDE_BY_ZERO] Division by zero. Use `try_divide` to tolerate divisor being 0 and return NULL instead. "
         "If necessary set \"spark.sql.ansi.enabled\" to \"false\" to bypass this error.";
}

namespace {

enum class Problem : uint8_t { kNone, kOverflow, kDivideByZero };

template <typename T>
constexpr bool kIsInt = std::is_integral_v<T>;

template <typename T>
T WrapAdd(T a, T b) {
  using U = std::make_unsigned_t<T>;
  return static_cast<T>(static_cast<U>(a) + static_cast<U>(b));
}
template <typename T>
T WrapSub(T a, T b) {
  using U = std::make_unsigned_t<T>;
  return static_cast<T>(static_cast<U>(a) - static_cast<U>(b));
}
template <typename T>
T WrapMul(T a, T b) {
  using U = std::make_unsigned_t<T>;
  return static_cast<T>(static_cast<U>(a) * static_cast<U>(b));
}

// Each op: Apply computes one row branch-free and ORs a "look again" flag into `bad`;
// Check classifies one row exactly (slow path, failing rows only).
template <typename T>
struct AddOp {
  static T Apply(T a, T b, int& bad) {
    if constexpr (kIsInt<T>) {
      T r = WrapAdd(a, b);
      bad |= ((a ^ r) & (b ^ r)) < 0;
      return r;
    } else {
      return a + b;
    }
  }
  static Problem Check(T a, T b) {
    T r;
    if constexpr (kIsInt<T>) return __builtin_add_overflow(a, b, &r) ? Problem::kOverflow : Problem::kNone;
    return Problem::kNone;
  }
};

template <typename T>
struct SubtractOp {
  static T Apply(T a, T b, int& bad) {
    if constexpr (kIsInt<T>) {
      T r = WrapSub(a, b);
      bad |= ((a ^ b) & (a ^ r)) < 0;
      return r;
    } else {
      return a - b;
    }
  }
  static Problem Check(T a, T b) {
    T r;
    if constexpr (kIsInt<T>) return __builtin_sub_overflow(a, b, &r) ? Problem::kOverflow : Problem::kNone;
    return Problem::kNone;
  }
};

template <typename T>
struct MultiplyOp {
  static T Apply(T a, T b, int& bad) {
    if constexpr (std::is_same_v<T, int32_t>) {
      int64_t wide = static_cast<int64_t>(a) * b;
      bad |= wide != static_cast<int32_t>(wide);
      return static_cast<int32_t>(wide);
    } else if constexpr (kIsInt<T>) {
      T r;
      bad |= __builtin_mul_overflow(a, b, &r);
      return r;
    } else {
      return a * b;
    }
  }
  static Problem Check(T a, T b) {
    T r;
    if constexpr (kIsInt<T>) return __builtin_mul_overflow(a, b, &r) ? Problem::kOverflow : Problem::kNone;
    return Problem::kNone;
  }
};

template <typename T>
struct DivideOp {  // DOUBLE only
  static T Apply(T a, T b, int& bad) {
    bad |= b == 0;
    return a / b;
  }
  static Problem Check(T a, T b) { return b == 0 ? Problem::kDivideByZero : Problem::kNone; }
};

template <typename T>
struct RemainderOp {
  static T Apply(T a, T b, int& bad) {
    bad |= b == 0;
    if constexpr (kIsInt<T>) {
      // x % -1 is 0, and MIN % -1 traps in hardware: never divide by 0 or -1.
      T safe = (b == 0 || b == -1) ? 1 : b;
      T r = a % safe;
      return b == -1 ? 0 : r;
    } else {
      return std::fmod(a, b);
    }
  }
  static Problem Check(T a, T b) { return b == 0 ? Problem::kDivideByZero : Problem::kNone; }
};

template <typename T>
struct PmodOp {
  static T Apply(T a, T b, int& bad) {
    bad |= b == 0;
    if constexpr (kIsInt<T>) {
      T safe = (b == 0 || b == -1) ? 1 : b;
      T r = b == -1 ? 0 : a % safe;
      if (r < 0) r = b == -1 ? 0 : WrapAdd(r, safe) % safe;
      return r;
    } else {
      T r = std::fmod(a, b);
      return r < 0 ? std::fmod(r + b, b) : r;
    }
  }
  static Problem Check(T a, T b) { return b == 0 ? Problem::kDivideByZero : Problem::kNone; }
};

template <typename T>
struct IntegralDivideOp {
  static T Apply(T a, T b, int& bad) {
    if constexpr (kIsInt<T>) {
      bad |= (b == 0) | ((b == -1) & (a == std::numeric_limits<T>::min()));
      T safe = (b == 0 || b == -1) ? 1 : b;
      T q = a / safe;
      return b == -1 ? WrapSub(T{0}, a) : q;
    } else {
      bad |= b == 0;
      return std::trunc(a / b);
    }
  }
  static Problem Check(T a, T b) {
    if (b == 0) return Problem::kDivideByZero;
    if constexpr (kIsInt<T>) {
      if (b == -1 && a == std::numeric_limits<T>::min()) return Problem::kOverflow;
    }
    return Problem::kNone;
  }
};

template <typename T>
struct BitAndOp {
  static T Apply(T a, T b, int&) { return a & b; }
  static Problem Check(T, T) { return Problem::kNone; }
};
template <typename T>
struct BitOrOp {
  static T Apply(T a, T b, int&) { return a | b; }
  static Problem Check(T, T) { return Problem::kNone; }
};
template <typename T>
struct BitXorOp {
  static T Apply(T a, T b, int&) { return a ^ b; }
  static Problem Check(T, T) { return Problem::kNone; }
};

// The three loop shapes; `bad` is ORed across rows so the loops stay branch-free.
template <typename T, typename Op>
int RunLoops(const ArgColumn& l, const ArgColumn& r, T* __restrict out, int64_t n) {
  const T* __restrict a = l.column->data<T>();
  const T* __restrict b = r.column->data<T>();
  int bad = 0;
  if (l.constant && r.constant) {
    out[0] = Op::Apply(a[0], b[0], bad);
  } else if (r.constant) {
    const T y = b[0];
    for (int64_t i = 0; i < n; ++i) out[i] = Op::Apply(a[i], y, bad);
  } else if (l.constant) {
    const T x = a[0];
    for (int64_t i = 0; i < n; ++i) out[i] = Op::Apply(x, b[i], bad);
  } else {
    for (int64_t i = 0; i < n; ++i) out[i] = Op::Apply(a[i], b[i], bad);
  }
  return bad;
}

// x % 2^k, x DIV 2^k and pmod(x, 2^k) without a division: the bias makes the shift round
// toward zero, as Java's / and % do.
template <typename T>
bool RunPowerOfTwo(ArithmeticOp op, const T* __restrict a, T m, T* __restrict out, int64_t n) {
  if constexpr (!kIsInt<T>) {
    return false;
  } else {
    if (m <= 0 || (m & (m - 1)) != 0) return false;
    const int shift = __builtin_ctzll(static_cast<uint64_t>(m));
    const T mask = m - 1;
    constexpr int kSignShift = sizeof(T) * 8 - 1;
    switch (op) {
      case ArithmeticOp::kRemainder:
        for (int64_t i = 0; i < n; ++i) {
          T x = a[i];
          T bias = (x >> kSignShift) & mask;
          out[i] = x - ((x + bias) & ~mask);
        }
        return true;
      case ArithmeticOp::kPmod:
        for (int64_t i = 0; i < n; ++i) out[i] = a[i] & mask;
        return true;
      case ArithmeticOp::kIntegralDivide:
        for (int64_t i = 0; i < n; ++i) {
          T x = a[i];
          T bias = (x >> kSignShift) & mask;
          out[i] = (x + bias) >> shift;
        }
        return true;
      default: return false;
    }
  }
}

// Division by a constant without a hardware divide (Hacker's Delight 10-1, 64-bit): the
// quotient is the high half of n * m, corrected and shifted. Exact for every int64 n.
struct DivisionMagic {
  int64_t multiplier;
  int shift;
  int correction;  // +1: add n, -1: subtract n, 0: neither
};

// REQUIRES: |d| >= 2.
DivisionMagic MakeDivisionMagic(int64_t d) {
  const uint64_t two63 = uint64_t{1} << 63;
  const uint64_t ad = d < 0 ? uint64_t{0} - static_cast<uint64_t>(d) : static_cast<uint64_t>(d);
  const uint64_t t = two63 + (static_cast<uint64_t>(d) >> 63);
  const uint64_t anc = t - 1 - t % ad;
  int p = 63;
  uint64_t q1 = two63 / anc, r1 = two63 - q1 * anc;
  uint64_t q2 = two63 / ad, r2 = two63 - q2 * ad;
  uint64_t delta;
  do {
    ++p;
    q1 *= 2;
    r1 *= 2;
    if (r1 >= anc) {
      ++q1;
      r1 -= anc;
    }
    q2 *= 2;
    r2 *= 2;
    if (r2 >= ad) {
      ++q2;
      r2 -= ad;
    }
    delta = ad - r2;
  } while (q1 < delta || (q1 == delta && r1 == 0));
  DivisionMagic m;
  m.multiplier = static_cast<int64_t>(q2 + 1);
  if (d < 0) m.multiplier = static_cast<int64_t>(uint64_t{0} - static_cast<uint64_t>(m.multiplier));
  m.shift = p - 64;
  m.correction = (d > 0 && m.multiplier < 0) ? 1 : ((d < 0 && m.multiplier > 0) ? -1 : 0);
  return m;
}

inline int64_t MagicQuotient(int64_t n, const DivisionMagic& m) {
  int64_t q = static_cast<int64_t>((static_cast<__int128>(m.multiplier) * n) >> 64);
  if (m.correction > 0) q = WrapAdd(q, n);
  if (m.correction < 0) q = WrapSub(q, n);
  q >>= m.shift;
  return q + static_cast<int64_t>(static_cast<uint64_t>(q) >> 63);
}

// x % d, x DIV d and pmod(x, d) for a literal d with |d| >= 2 (not 0 or -1, so these
// never fail; DIV by -1 overflow needs |d| = 1).
template <typename T>
bool RunConstantDivisor(ArithmeticOp op, const T* __restrict a, T d, T* __restrict out, int64_t n) {
  if constexpr (!kIsInt<T>) {
    return false;
  } else {
    if (d >= -1 && d <= 1) return false;
    if (op != ArithmeticOp::kRemainder && op != ArithmeticOp::kIntegralDivide && op != ArithmeticOp::kPmod) return false;
    const DivisionMagic m = MakeDivisionMagic(d);
    const int64_t dd = d;
    switch (op) {
      case ArithmeticOp::kIntegralDivide:
        for (int64_t i = 0; i < n; ++i) out[i] = static_cast<T>(MagicQuotient(a[i], m));
        break;
      case ArithmeticOp::kRemainder:
        for (int64_t i = 0; i < n; ++i) {
          const int64_t x = a[i];
          out[i] = static_cast<T>(WrapSub(x, WrapMul(MagicQuotient(x, m), dd)));
        }
        break;
      default:
        for (int64_t i = 0; i < n; ++i) {
          const int64_t x = a[i];
          int64_t r = WrapSub(x, WrapMul(MagicQuotient(x, m), dd));
          if (r < 0) {
            const int64_t y = WrapAdd(r, dd);
            r = WrapSub(y, WrapMul(MagicQuotient(y, m), dd));
          }
          out[i] = static_cast<T>(r);
        }
        break;
    }
    return true;
  }
}

const char* TryFunctionFor(ArithmeticOp op) {
  switch (op) {
    case ArithmeticOp::kAdd: return "try_add";
    case ArithmeticOp::kSubtract: return "try_subtract";
    case ArithmeticOp::kMultiply: return "try_multiply";
    case ArithmeticOp::kDivide:
    case ArithmeticOp::kIntegralDivide: return "try_divide";
    default: return nullptr;
  }
}

const char* Symbol(ArithmeticOp op) {
  switch (op) {
    case ArithmeticOp::kAdd: return "+";
    case ArithmeticOp::kSubtract: return "-";
    case ArithmeticOp::kMultiply: return "*";
    case ArithmeticOp::kDivide: return "/";
    case ArithmeticOp::kRemainder: return "%";
    case ArithmeticOp::kIntegralDivide: return "div";
    case ArithmeticOp::kPmod: return "pmod";
    case ArithmeticOp::kBitAnd: return "&";
    case ArithmeticOp::kBitOr: return "|";
    case ArithmeticOp::kBitXor: return "^";
  }
  return "?";
}

class ArithmeticExpr final : public ExprNode {
 public:
  ArithmeticExpr(ArithmeticOp op, ExprPtr left, ExprPtr right, bool null_on_error, std::string function_name)
      : ExprNode(ExprKind::kCall, left->type(), {left, right}),
        op_(op),
        null_on_error_(null_on_error),
        function_name_(std::move(function_name)) {}

  Result<ColumnPtr> Evaluate(const Batch& input, EvalContext& ctx) const override {
    SLUICE_ASSIGN_OR_RETURN(ArgColumn l, EvaluateArg(*children()[0], input, ctx));
    SLUICE_ASSIGN_OR_RETURN(ArgColumn r, EvaluateArg(*children()[1], input, ctx));
    const int64_t n = input.num_rows();
    if (l.IsConstantNull() || r.IsConstantNull()) return Column::MakeNull(type(), n);
    const bool constant = l.constant && r.constant;
    const int64_t rows = constant ? 1 : n;
    ColumnPtr out;
    switch (type()->id()) {
      case TypeId::kInt: out = Run<int32_t>(l, r, rows, ctx); break;
      case TypeId::kBigint: out = Run<int64_t>(l, r, rows, ctx); break;
      case TypeId::kDouble: out = Run<double>(l, r, rows, ctx); break;
      default: return Status::Internal("arithmetic on " + type()->ToString());
    }
    return constant ? Broadcast(out, n) : out;
  }

  std::string Render(RenderMode mode) const override {
    if (!function_name_.empty()) return function_name_ + "(" + RenderList(children(), mode) + ")";
    return "(" + RenderExpr(*children()[0], mode) + " " + Symbol(op_) + " " + RenderExpr(*children()[1], mode) + ")";
  }

  ExprPtr WithChildren(std::vector<ExprPtr> children) const override {
    return std::make_shared<ArithmeticExpr>(op_, children[0], children[1], null_on_error_, function_name_);
  }

 private:
  template <typename T>
  ColumnPtr Run(const ArgColumn& l, const ArgColumn& r, int64_t n, EvalContext& ctx) const {
    ColumnPtr out = Column::Make(type(), n);
    T* o = out->data<T>();
    const bool divides = op_ == ArithmeticOp::kDivide || op_ == ArithmeticOp::kRemainder ||
                         op_ == ArithmeticOp::kIntegralDivide || op_ == ArithmeticOp::kPmod;
    if (divides && r.constant && r.Get<T>(0) == 0) {
      // Division by a literal zero: every non-NULL row fails.
      if (!null_on_error_ && ctx.ansi) {
        for (int64_t i = 0; i < n; ++i) {
          if (l.IsValid(i)) {
            ctx.SetError(Status::ExecutionError(DivideByZeroMessage()));
            break;
          }
        }
      }
      return Column::MakeNull(type(), n);
    }
    if (r.constant && !l.constant &&
        (RunPowerOfTwo<T>(op_, l.column->data<T>(), r.Get<T>(0), o, n) ||
         RunConstantDivisor<T>(op_, l.column->data<T>(), r.Get<T>(0), o, n))) {
      PropagateNulls({&l}, n, out.get());
      return out;
    }
    int bad = 0;
    switch (op_) {
      case ArithmeticOp::kAdd: bad = RunLoops<T, AddOp<T>>(l, r, o, n); break;
      case ArithmeticOp::kSubtract: bad = RunLoops<T, SubtractOp<T>>(l, r, o, n); break;
      case ArithmeticOp::kMultiply: bad = RunLoops<T, MultiplyOp<T>>(l, r, o, n); break;
      case ArithmeticOp::kDivide: bad = RunLoops<T, DivideOp<T>>(l, r, o, n); break;
      case ArithmeticOp::kRemainder: bad = RunLoops<T, RemainderOp<T>>(l, r, o, n); break;
      case ArithmeticOp::kIntegralDivide: bad = RunLoops<T, IntegralDivideOp<T>>(l, r, o, n); break;
      case ArithmeticOp::kPmod: bad = RunLoops<T, PmodOp<T>>(l, r, o, n); break;
      case ArithmeticOp::kBitAnd:
      case ArithmeticOp::kBitOr:
      case ArithmeticOp::kBitXor:
        if constexpr (kIsInt<T>) {
          if (op_ == ArithmeticOp::kBitAnd) bad = RunLoops<T, BitAndOp<T>>(l, r, o, n);
          if (op_ == ArithmeticOp::kBitOr) bad = RunLoops<T, BitOrOp<T>>(l, r, o, n);
          if (op_ == ArithmeticOp::kBitXor) bad = RunLoops<T, BitXorOp<T>>(l, r, o, n);
        }
        break;
    }
    PropagateNulls({&l, &r}, n, out.get());
    if (bad) CheckRows<T>(l, r, n, out.get(), ctx);
    return out;
  }

  template <typename T>
  Problem CheckOne(T a, T b) const {
    switch (op_) {
      case ArithmeticOp::kAdd: return AddOp<T>::Check(a, b);
      case ArithmeticOp::kSubtract: return SubtractOp<T>::Check(a, b);
      case ArithmeticOp::kMultiply: return MultiplyOp<T>::Check(a, b);
      case ArithmeticOp::kDivide: return DivideOp<T>::Check(a, b);
      case ArithmeticOp::kRemainder: return RemainderOp<T>::Check(a, b);
      case ArithmeticOp::kIntegralDivide: return IntegralDivideOp<T>::Check(a, b);
      case ArithmeticOp::kPmod: return PmodOp<T>::Check(a, b);
      default: return Problem::kNone;
    }
  }

  // The slow path: finds the failing non-NULL rows and applies Spark's rules to each.
  template <typename T>
  void CheckRows(const ArgColumn& l, const ArgColumn& r, int64_t n, Column* out, EvalContext& ctx) const {
    for (int64_t i = 0; i < n; ++i) {
      if (l.IsNull(i) || r.IsNull(i)) continue;
      Problem p = CheckOne<T>(l.Get<T>(i), r.Get<T>(i));
      if (p == Problem::kNone) continue;
      if (p == Problem::kOverflow && !null_on_error_ && !ctx.ansi) continue;  // legacy: keep the wrapped value
      SetNullZeroed(out, i);
      if (null_on_error_ || !ctx.ansi || !ctx.error.ok()) continue;
      ctx.SetError(Status::ExecutionError(p == Problem::kDivideByZero ? DivideByZeroMessage()
                                                                       : ArithmeticOverflowMessage(*type(), TryFunctionFor(op_))));
    }
  }

  ArithmeticOp op_;
  bool null_on_error_;
  std::string function_name_;
};

class UnaryArithmeticExpr final : public ExprNode {
 public:
  UnaryArithmeticExpr(UnaryArithmeticOp op, ExprPtr child)
      : ExprNode(ExprKind::kCall, child->type(), {child}), op_(op) {}

  Result<ColumnPtr> Evaluate(const Batch& input, EvalContext& ctx) const override {
    SLUICE_ASSIGN_OR_RETURN(ArgColumn a, EvaluateArg(*children()[0], input, ctx));
    const int64_t n = input.num_rows();
    if (a.IsConstantNull()) return Column::MakeNull(type(), n);
    const int64_t rows = a.constant ? 1 : n;
    ColumnPtr out;
    switch (type()->id()) {
      case TypeId::kInt: out = Run<int32_t>(a, rows, ctx); break;
      case TypeId::kBigint: out = Run<int64_t>(a, rows, ctx); break;
      case TypeId::kDouble: out = Run<double>(a, rows, ctx); break;
      default: return Status::Internal("arithmetic on " + type()->ToString());
    }
    return a.constant ? Broadcast(out, n) : out;
  }

  std::string Render(RenderMode mode) const override {
    const std::string child = RenderExpr(*children()[0], mode);
    switch (op_) {
      case UnaryArithmeticOp::kNegate: return mode == RenderMode::kSql ? "(- " + child + ")" : "-" + child;
      case UnaryArithmeticOp::kBitNot: return "~" + child;
      case UnaryArithmeticOp::kAbs: return "abs(" + child + ")";
    }
    return child;
  }

  ExprPtr WithChildren(std::vector<ExprPtr> children) const override {
    return std::make_shared<UnaryArithmeticExpr>(op_, children[0]);
  }

 private:
  template <typename T>
  ColumnPtr Run(const ArgColumn& a, int64_t n, EvalContext& ctx) const {
    ColumnPtr out = Column::Make(type(), n);
    T* __restrict o = out->data<T>();
    const T* __restrict v = a.column->data<T>();
    int bad = 0;
    switch (op_) {
      case UnaryArithmeticOp::kNegate:
        if constexpr (kIsInt<T>) {
          for (int64_t i = 0; i < n; ++i) {
            bad |= v[i] == std::numeric_limits<T>::min();
            o[i] = WrapSub(T{0}, v[i]);
          }
        } else {
          for (int64_t i = 0; i < n; ++i) o[i] = -v[i];
        }
        break;
      case UnaryArithmeticOp::kAbs:
        if constexpr (kIsInt<T>) {
          for (int64_t i = 0; i < n; ++i) {
            bad |= v[i] == std::numeric_limits<T>::min();
            o[i] = v[i] < 0 ? WrapSub(T{0}, v[i]) : v[i];
          }
        } else {
          for (int64_t i = 0; i < n; ++i) o[i] = std::fabs(v[i]);
        }
        break;
      case UnaryArithmeticOp::kBitNot:
        if constexpr (kIsInt<T>) {
          for (int64_t i = 0; i < n; ++i) o[i] = ~v[i];
        }
        break;
    }
    PropagateNulls({&a}, n, out.get());
    if (bad && ctx.ansi) {
      for (int64_t i = 0; i < n; ++i) {
        if (a.IsValid(i) && v[i] == std::numeric_limits<T>::min()) {
          SetNullZeroed(out.get(), i);
          ctx.SetError(Status::ExecutionError(ArithmeticOverflowMessage(*type(), nullptr)));
        }
      }
    }
    return out;
  }

  UnaryArithmeticOp op_;
};

}  // namespace

ExprPtr MakeArithmetic(ArithmeticOp op, ExprPtr left, ExprPtr right, bool null_on_error, std::string function_name) {
  return std::make_shared<ArithmeticExpr>(op, std::move(left), std::move(right), null_on_error,
                                          std::move(function_name));
}

ExprPtr MakeUnaryArithmetic(UnaryArithmeticOp op, ExprPtr child) {
  return std::make_shared<UnaryArithmeticExpr>(op, std::move(child));
}

}  // namespace sluice::expr
