// x [NOT] IN (list), x [NOT] BETWEEN lo AND hi, x IS [NOT] NULL.

#include <algorithm>
#include <cmath>
#include <cstring>
#include <unordered_set>

#include "sluice/expr/arg_column.h"
#include "sluice/expr/coercion.h"
#include "sluice/expr/comparison.h"
#include "sluice/expr/function_registry.h"
#include "sluice/expr/logical.h"
#include "sluice/expr/validity.h"

namespace sluice::expr {

using types::Batch;
using types::Column;
using types::ColumnPtr;
using types::DataType;
using types::TypeId;
using types::TypePtr;
using types::Value;

// value IN (list) with the list already cast to the value's type.
ExprPtr MakeInList(ExprPtr value, std::vector<ExprPtr> list);

namespace {

std::vector<ExprPtr> Prepend(const ExprPtr& first, const std::vector<ExprPtr>& rest) {
  std::vector<ExprPtr> out{first};
  out.insert(out.end(), rest.begin(), rest.end());
  return out;
}

// x IN (literal, ...): the literals are held in a set built once at bind time.
class InSetExpr final : public ExprNode {
 public:
  InSetExpr(ExprPtr value, const std::vector<ExprPtr>& list)
      : ExprNode(ExprKind::kCall, DataType::Boolean(), Prepend(value, list)) {
    const TypeId id = value->type()->id();
    for (const auto& e : list) {
      const Value& v = *LiteralValue(*e);
      if (v.is_null()) {
        has_null_ = true;
      } else if (id == TypeId::kString || id == TypeId::kBinary) {
        strings_.push_back(v.string_value());
      } else if (id == TypeId::kDouble) {
        double d = v.AsDouble();
        if (std::isnan(d)) has_nan_ = true;
        doubles_.push_back(d == 0 ? 0.0 : d);
      } else if (id == TypeId::kBoolean) {
        ints_.push_back(v.bool_value() ? 1 : 0);
      } else if (value->type()->FixedWidth() > 0) {
        ints_.push_back(v.int_value());
      } else {
        values_.push_back(v);
      }
    }
    std::sort(ints_.begin(), ints_.end());
    std::sort(doubles_.begin(), doubles_.end());
    for (const auto& s : strings_) string_set_.insert(s);
  }

  Result<ColumnPtr> Evaluate(const Batch& input, EvalContext& ctx) const override {
    SLUICE_ASSIGN_OR_RETURN(ArgColumn v, EvaluateArg(*children()[0], input, ctx));
    const int64_t n = input.num_rows();
    if (v.IsConstantNull()) return Column::MakeNull(type(), n);
    const int64_t rows = v.constant ? 1 : n;
    ColumnPtr out = Column::Make(type(), rows);
    uint8_t* o = out->data<uint8_t>();
    const TypePtr& t = children()[0]->type();
    switch (t->id()) {
      case TypeId::kBoolean: FindInts<uint8_t>(v, o, rows); break;
      case TypeId::kInt:
      case TypeId::kDate: FindInts<int32_t>(v, o, rows); break;
      case TypeId::kBigint:
      case TypeId::kTimestamp: FindInts<int64_t>(v, o, rows); break;
      case TypeId::kDouble:
        for (int64_t i = 0; i < rows; ++i) {
          double d = v.Get<double>(i);
          o[i] = std::isnan(d) ? has_nan_ : std::binary_search(doubles_.begin(), doubles_.end(), d == 0 ? 0.0 : d);
        }
        break;
      case TypeId::kString:
      case TypeId::kBinary:
        for (int64_t i = 0; i < rows; ++i) o[i] = string_set_.count(v.GetString(i)) > 0;
        break;
      default:
        for (int64_t i = 0; i < rows; ++i) {
          if (v.IsNull(i)) continue;
          Value x = v.GetValue(i);
          o[i] = std::any_of(values_.begin(), values_.end(),
                             [&](const Value& y) { return CompareValues(x, y, *t) == 0; });
        }
    }
    PropagateNulls({&v}, rows, out.get());
    if (has_null_) {
      // Not found with a NULL in the list: unknown (NULL), as SQL's IN.
      for (int64_t i = 0; i < rows; ++i) {
        if (!o[i]) SetNullZeroed(out.get(), i);
      }
    }
    return v.constant ? Broadcast(out, n) : out;
  }

  std::string Render(RenderMode mode) const override {
    std::vector<ExprPtr> list(children().begin() + 1, children().end());
    return "(" + RenderExpr(*children()[0], mode) + " IN (" + RenderList(list, mode) + "))";
  }

  ExprPtr WithChildren(std::vector<ExprPtr> children) const override {
    ExprPtr value = children[0];
    children.erase(children.begin());
    return MakeInList(std::move(value), std::move(children));
  }

 private:
  template <typename T>
  void FindInts(const ArgColumn& v, uint8_t* o, int64_t rows) const {
    const T* a = v.column->data<T>();
    if (ints_.size() <= 8) {
      for (int64_t i = 0; i < rows; ++i) {
        const int64_t x = a[v.Row(i)];
        uint8_t found = 0;
        for (int64_t k : ints_) found |= k == x;
        o[i] = found;
      }
    } else {
      for (int64_t i = 0; i < rows; ++i) o[i] = std::binary_search(ints_.begin(), ints_.end(), int64_t{a[v.Row(i)]});
    }
  }

  bool has_null_ = false;
  bool has_nan_ = false;
  std::vector<int64_t> ints_;
  std::vector<double> doubles_;
  std::vector<std::string> strings_;
  std::unordered_set<std::string_view> string_set_;
  std::vector<Value> values_;
};

}  // namespace

ExprPtr MakeInList(ExprPtr value, std::vector<ExprPtr> list) {
  bool all_literal = true;
  for (const auto& e : list) all_literal = all_literal && LiteralValue(*e) != nullptr;
  if (all_literal) return std::make_shared<InSetExpr>(value, list);
  // Non-literal items: the OR of equalities has exactly IN's NULL semantics.
  ExprPtr in;
  for (auto& e : list) {
    ExprPtr eq = MakeComparison(CompareOp::kEqual, value, std::move(e));
    in = in ? MakeOr(in, eq) : eq;
  }
  return in;
}

namespace {

class IsNullExpr final : public ExprNode {
 public:
  IsNullExpr(ExprPtr child, bool negated)
      : ExprNode(ExprKind::kCall, DataType::Boolean(), {child}), negated_(negated) {}

  Result<ColumnPtr> Evaluate(const Batch& input, EvalContext& ctx) const override {
    SLUICE_ASSIGN_OR_RETURN(ArgColumn a, EvaluateArg(*children()[0], input, ctx));
    const int64_t n = input.num_rows();
    if (a.constant) return Column::MakeConstant(type(), Value::Bool(a.IsNull(0) != negated_), n);
    const uint8_t when_valid = negated_ ? 1 : 0;
    ColumnPtr out = Column::MakeConstant(type(), Value::Bool(when_valid), n);
    uint8_t* o = out->data<uint8_t>();
    ForEachNull(*a.column, n, [&](int64_t i) { o[i] = 1 - when_valid; });
    return out;
  }

  std::string Render(RenderMode mode) const override {
    if (mode == RenderMode::kSql) {
      return "(" + RenderExpr(*children()[0], mode) + (negated_ ? " IS NOT NULL)" : " IS NULL)");
    }
    return std::string(negated_ ? "isnotnull(" : "isnull(") + RenderExpr(*children()[0], mode) + ")";
  }

  ExprPtr WithChildren(std::vector<ExprPtr> children) const override {
    return std::make_shared<IsNullExpr>(children[0], negated_);
  }

 private:
  bool negated_;
};

}  // namespace

Result<ExprPtr> BindIsNull(ExprPtr child, bool negated) {
  return ExprPtr(std::make_shared<IsNullExpr>(std::move(child), negated));
}

Result<ExprPtr> BindIn(ExprPtr value, std::vector<ExprPtr> list, bool negated, const std::string& sql) {
  if (list.empty()) return Status::AnalysisError("IN list of \"" + sql + "\" is empty");
  TypePtr t = value->type();
  for (const auto& e : list) {
    TypePtr w = WiderType(t, e->type());
    if (!w && (t->id() == TypeId::kString || e->type()->id() == TypeId::kString)) {
      // Spark compares a STRING with the other type by casting the string.
      w = t->id() == TypeId::kString ? e->type() : t;
    }
    if (!w) {
      std::string types = "\"" + value->type()->ToString() + "\"";
      for (const auto& x : list) types += ", \"" + x->type()->ToString() + "\"";
      return Status::AnalysisError("[DATATYPE_MISMATCH.DATA_DIFF_TYPES] Cannot resolve \"" + sql +
                                   "\" due to data type mismatch: Input to `in` should all be the same type, but "
                                   "it's [" + types + "].");
    }
    t = w;
  }
  if (t->id() == TypeId::kNull) t = DataType::Boolean();
  SLUICE_ASSIGN_OR_RETURN(value, ImplicitCast(std::move(value), t));
  for (auto& e : list) {
    SLUICE_ASSIGN_OR_RETURN(e, ImplicitCast(std::move(e), t));
  }
  ExprPtr in = MakeInList(std::move(value), std::move(list));
  return negated ? MakeNot(in) : in;
}

Result<ExprPtr> BindBetween(ExprPtr value, ExprPtr low, ExprPtr high, bool negated, const std::string& sql) {
  // Spark rewrites BETWEEN to (value >= low AND value <= high).
  SLUICE_ASSIGN_OR_RETURN(ExprPtr ge, BindComparisonOperator(CompareOp::kGreaterEqual, value, std::move(low), sql));
  SLUICE_ASSIGN_OR_RETURN(ExprPtr le, BindComparisonOperator(CompareOp::kLessEqual, value, std::move(high), sql));
  ExprPtr both = MakeAnd(std::move(ge), std::move(le));
  return negated ? MakeNot(std::move(both)) : both;
}

}  // namespace sluice::expr
