#include "sluice/expr/comparison.h"

#include <cmath>
#include <cstring>

#include "sluice/expr/arg_column.h"
#include "sluice/expr/validity.h"

namespace sluice::expr {

using types::Batch;
using types::Column;
using types::ColumnPtr;
using types::DataType;
using types::TypeId;
using types::Value;

const char* CompareSymbol(CompareOp op) {
  switch (op) {
    case CompareOp::kEqual: return "=";
    case CompareOp::kNotEqual: return "<>";
    case CompareOp::kLess: return "<";
    case CompareOp::kLessEqual: return "<=";
    case CompareOp::kGreater: return ">";
    case CompareOp::kGreaterEqual: return ">=";
    case CompareOp::kNullSafeEqual: return "<=>";
  }
  return "?";
}

namespace {

// Spark orders NaN above every double and equal to itself; -0.0 equals 0.0.
inline bool DoubleLess(double a, double b) { return (a < b) | ((a == a) & (b != b)); }
inline bool DoubleEqual(double a, double b) { return (a == b) | ((a != a) & (b != b)); }

template <typename T, CompareOp kOp>
inline uint8_t CompareOne(T a, T b) {
  if constexpr (std::is_same_v<T, double>) {
    switch (kOp) {
      case CompareOp::kEqual:
      case CompareOp::kNullSafeEqual: return DoubleEqual(a, b);
      case CompareOp::kNotEqual: return !DoubleEqual(a, b);
      case CompareOp::kLess: return DoubleLess(a, b);
      case CompareOp::kLessEqual: return !DoubleLess(b, a);
      case CompareOp::kGreater: return DoubleLess(b, a);
      case CompareOp::kGreaterEqual: return !DoubleLess(a, b);
    }
  } else {
    switch (kOp) {
      case CompareOp::kEqual:
      case CompareOp::kNullSafeEqual: return a == b;
      case CompareOp::kNotEqual: return a != b;
      case CompareOp::kLess: return a < b;
      case CompareOp::kLessEqual: return a <= b;
      case CompareOp::kGreater: return a > b;
      case CompareOp::kGreaterEqual: return a >= b;
    }
  }
  return 0;
}

template <typename T, CompareOp kOp>
void CompareLoops(const ArgColumn& l, const ArgColumn& r, uint8_t* __restrict out, int64_t n) {
  const T* __restrict a = l.column->data<T>();
  const T* __restrict b = r.column->data<T>();
  if (l.constant && r.constant) {
    out[0] = CompareOne<T, kOp>(a[0], b[0]);
  } else if (r.constant) {
    const T y = b[0];
    for (int64_t i = 0; i < n; ++i) out[i] = CompareOne<T, kOp>(a[i], y);
  } else if (l.constant) {
    const T x = a[0];
    for (int64_t i = 0; i < n; ++i) out[i] = CompareOne<T, kOp>(x, b[i]);
  } else {
    for (int64_t i = 0; i < n; ++i) out[i] = CompareOne<T, kOp>(a[i], b[i]);
  }
}

template <typename T>
void CompareFixed(CompareOp op, const ArgColumn& l, const ArgColumn& r, uint8_t* out, int64_t n) {
  switch (op) {
    case CompareOp::kEqual:
    case CompareOp::kNullSafeEqual: CompareLoops<T, CompareOp::kEqual>(l, r, out, n); break;
    case CompareOp::kNotEqual: CompareLoops<T, CompareOp::kNotEqual>(l, r, out, n); break;
    case CompareOp::kLess: CompareLoops<T, CompareOp::kLess>(l, r, out, n); break;
    case CompareOp::kLessEqual: CompareLoops<T, CompareOp::kLessEqual>(l, r, out, n); break;
    case CompareOp::kGreater: CompareLoops<T, CompareOp::kGreater>(l, r, out, n); break;
    case CompareOp::kGreaterEqual: CompareLoops<T, CompareOp::kGreaterEqual>(l, r, out, n); break;
  }
}

inline bool FromThreeWay(CompareOp op, int c) {
  switch (op) {
    case CompareOp::kEqual:
    case CompareOp::kNullSafeEqual: return c == 0;
    case CompareOp::kNotEqual: return c != 0;
    case CompareOp::kLess: return c < 0;
    case CompareOp::kLessEqual: return c <= 0;
    case CompareOp::kGreater: return c > 0;
    case CompareOp::kGreaterEqual: return c >= 0;
  }
  return false;
}

void CompareStrings(CompareOp op, const ArgColumn& l, const ArgColumn& r, uint8_t* out, int64_t n) {
  if ((op == CompareOp::kEqual || op == CompareOp::kNotEqual || op == CompareOp::kNullSafeEqual) &&
      (l.constant != r.constant)) {
    // Equality with a literal: length check first, then memcmp.
    const ArgColumn& col = l.constant ? r : l;
    std::string_view k = (l.constant ? l : r).GetString(0);
    const uint32_t* offsets = col.column->offsets();
    const char* chars = col.column->chars().data();
    const uint8_t match = op == CompareOp::kNotEqual ? 0 : 1;
    for (int64_t i = 0; i < n; ++i) {
      uint32_t len = offsets[i + 1] - offsets[i];
      bool eq = len == k.size() && std::memcmp(chars + offsets[i], k.data(), len) == 0;
      out[i] = eq ? match : 1 - match;
    }
    return;
  }
  for (int64_t i = 0; i < n; ++i) out[i] = FromThreeWay(op, l.GetString(i).compare(r.GetString(i)));
}

class ComparisonExpr final : public ExprNode {
 public:
  ComparisonExpr(CompareOp op, ExprPtr left, ExprPtr right)
      : ExprNode(ExprKind::kCall, DataType::Boolean(), {left, right}), op_(op) {}

  Result<ColumnPtr> Evaluate(const Batch& input, EvalContext& ctx) const override {
    SLUICE_ASSIGN_OR_RETURN(ArgColumn l, EvaluateArg(*children()[0], input, ctx));
    SLUICE_ASSIGN_OR_RETURN(ArgColumn r, EvaluateArg(*children()[1], input, ctx));
    const int64_t n = input.num_rows();
    const bool null_safe = op_ == CompareOp::kNullSafeEqual;
    if (!null_safe && (l.IsConstantNull() || r.IsConstantNull())) return Column::MakeNull(type(), n);
    const bool constant = l.constant && r.constant;
    const int64_t rows = constant ? 1 : n;
    ColumnPtr out = Column::Make(type(), rows);
    uint8_t* o = out->data<uint8_t>();
    switch (children()[0]->type()->id()) {
      case TypeId::kBoolean: CompareFixed<uint8_t>(op_, l, r, o, rows); break;
      case TypeId::kInt:
      case TypeId::kDate: CompareFixed<int32_t>(op_, l, r, o, rows); break;
      case TypeId::kBigint:
      case TypeId::kTimestamp: CompareFixed<int64_t>(op_, l, r, o, rows); break;
      case TypeId::kDouble: CompareFixed<double>(op_, l, r, o, rows); break;
      case TypeId::kString:
      case TypeId::kBinary: CompareStrings(op_, l, r, o, rows); break;
      case TypeId::kNull: break;
      default: {
        const DataType& t = *children()[0]->type();
        for (int64_t i = 0; i < rows; ++i) {
          if (l.IsNull(i) || r.IsNull(i)) continue;
          o[i] = FromThreeWay(op_, CompareValues(l.GetValue(i), r.GetValue(i), t));
        }
      }
    }
    if (null_safe) {
      // <=> is never NULL: both NULL is true, one NULL is false.
      if (l.may_have_nulls() || r.may_have_nulls()) {
        for (int64_t i = 0; i < rows; ++i) {
          bool ln = l.IsNull(i), rn = r.IsNull(i);
          if (ln || rn) o[i] = ln && rn;
        }
      }
    } else {
      PropagateNulls({&l, &r}, rows, out.get());
    }
    return constant ? Broadcast(out, n) : out;
  }

  std::string Render(RenderMode mode) const override {
    return "(" + RenderExpr(*children()[0], mode) + " " + CompareSymbol(op_) + " " +
           RenderExpr(*children()[1], mode) + ")";
  }

  ExprPtr WithChildren(std::vector<ExprPtr> children) const override {
    return std::make_shared<ComparisonExpr>(op_, children[0], children[1]);
  }

 private:
  CompareOp op_;
};

}  // namespace

int CompareValues(const Value& a, const Value& b, const DataType& type) {
  if (a.is_null() || b.is_null()) return a.is_null() == b.is_null() ? 0 : (a.is_null() ? -1 : 1);
  switch (type.id()) {
    case TypeId::kBoolean: return static_cast<int>(a.bool_value()) - static_cast<int>(b.bool_value());
    case TypeId::kInt:
    case TypeId::kBigint:
    case TypeId::kDate:
    case TypeId::kTimestamp: return a.int_value() < b.int_value() ? -1 : (a.int_value() > b.int_value() ? 1 : 0);
    case TypeId::kDouble: {
      double x = a.AsDouble(), y = b.AsDouble();
      return DoubleLess(x, y) ? -1 : (DoubleEqual(x, y) ? 0 : 1);
    }
    case TypeId::kString:
    case TypeId::kBinary: {
      int c = a.string_value().compare(b.string_value());
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    case TypeId::kArray: {
      const auto& x = a.list_value();
      const auto& y = b.list_value();
      for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
        int c = CompareValues(x[i], y[i], *type.element());
        if (c != 0) return c;
      }
      return x.size() < y.size() ? -1 : (x.size() > y.size() ? 1 : 0);
    }
    case TypeId::kStruct: {
      const auto& x = a.list_value();
      const auto& y = b.list_value();
      for (size_t i = 0; i < x.size() && i < y.size() && i < type.fields().size(); ++i) {
        int c = CompareValues(x[i], y[i], *type.fields()[i].type);
        if (c != 0) return c;
      }
      return 0;
    }
    case TypeId::kNull: return 0;
  }
  return 0;
}

bool ColumnValuesEqual(const Column& a, int64_t i, const Column& b, int64_t j) {
  switch (a.type_id()) {
    case TypeId::kBoolean: return a.data<uint8_t>()[i] == b.data<uint8_t>()[j];
    case TypeId::kInt:
    case TypeId::kDate: return a.data<int32_t>()[i] == b.data<int32_t>()[j];
    case TypeId::kBigint:
    case TypeId::kTimestamp: return a.data<int64_t>()[i] == b.data<int64_t>()[j];
    case TypeId::kDouble: return DoubleEqual(a.data<double>()[i], b.data<double>()[j]);
    case TypeId::kString:
    case TypeId::kBinary: return a.GetString(i) == b.GetString(j);
    default: return CompareValues(a.GetValue(i), b.GetValue(j), *a.type()) == 0;
  }
}

ExprPtr MakeComparison(CompareOp op, ExprPtr left, ExprPtr right) {
  return std::make_shared<ComparisonExpr>(op, std::move(left), std::move(right));
}

}  // namespace sluice::expr
