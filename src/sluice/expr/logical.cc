#include "sluice/expr/logical.h"

#include <vector>

#include "sluice/expr/selective_eval.h"
#include "sluice/expr/validity.h"

namespace sluice::expr {

using types::Batch;
using types::Column;
using types::ColumnPtr;
using types::DataType;

namespace {

class LogicalExpr final : public ExprNode {
 public:
  LogicalExpr(bool is_and, ExprPtr left, ExprPtr right)
      : ExprNode(ExprKind::kCall, DataType::Boolean(), {left, right}), is_and_(is_and) {}

  Result<ColumnPtr> Evaluate(const Batch& input, EvalContext& ctx) const override {
    const int64_t n = input.num_rows();
    SLUICE_ASSIGN_OR_RETURN(ArgColumn l, EvaluateArg(*children()[0], input, ctx));
    // The value of the left side that decides the result alone: FALSE for AND, TRUE for OR.
    const uint8_t decisive = is_and_ ? 0 : 1;
    std::vector<uint8_t> need;
    int64_t num_needed;
    if (l.constant) {
      bool decided = l.IsValid(0) && l.Get<uint8_t>(0) == decisive;
      if (decided) return Column::MakeConstant(type(), types::Value::Bool(decisive), n);
      need.assign(n, 1);
      num_needed = n;
    } else {
      need.resize(n);
      const uint8_t* a = l.column->data<uint8_t>();
      for (int64_t i = 0; i < n; ++i) need[i] = a[i] != decisive;
      if (l.may_have_nulls()) ForEachNull(*l.column, n, [&](int64_t i) { need[i] = 1; });
      num_needed = CountSelected(need.data(), n);
      if (num_needed == 0) return l.column;
    }
    SLUICE_ASSIGN_OR_RETURN(ArgColumn r, EvaluateSelected(*children()[1], input, need.data(), num_needed, ctx));
    ColumnPtr out = Column::Make(type(), n);
    uint8_t* o = out->data<uint8_t>();
    const uint8_t* a = l.column->data<uint8_t>();
    const uint8_t* b = r.column->data<uint8_t>();
    const bool no_nulls = !l.may_have_nulls() && !r.may_have_nulls();
    if (no_nulls && !l.constant && !r.constant) {
      if (is_and_) {
        for (int64_t i = 0; i < n; ++i) o[i] = a[i] & b[i];
      } else {
        for (int64_t i = 0; i < n; ++i) o[i] = a[i] | b[i];
      }
      return out;
    }
    for (int64_t i = 0; i < n; ++i) {
      const bool lv = l.IsValid(i), rv = r.IsValid(i);
      const uint8_t x = a[l.Row(i)], y = b[r.Row(i)];
      if ((lv && x == decisive) || (rv && need[i] && y == decisive)) {
        o[i] = decisive;
      } else if (lv && rv) {
        o[i] = 1 - decisive;
      } else {
        SetNullZeroed(out.get(), i);
      }
    }
    return out;
  }

  std::string Render(RenderMode mode) const override {
    return "(" + RenderExpr(*children()[0], mode) + (is_and_ ? " AND " : " OR ") + RenderExpr(*children()[1], mode) +
           ")";
  }

  ExprPtr WithChildren(std::vector<ExprPtr> children) const override {
    return std::make_shared<LogicalExpr>(is_and_, children[0], children[1]);
  }

 private:
  bool is_and_;
};

class NotExpr final : public ExprNode {
 public:
  explicit NotExpr(ExprPtr child) : ExprNode(ExprKind::kCall, DataType::Boolean(), {child}) {}

  Result<ColumnPtr> Evaluate(const Batch& input, EvalContext& ctx) const override {
    SLUICE_ASSIGN_OR_RETURN(ArgColumn a, EvaluateArg(*children()[0], input, ctx));
    const int64_t n = input.num_rows();
    if (a.IsConstantNull()) return Column::MakeNull(type(), n);
    const int64_t rows = a.constant ? 1 : n;
    ColumnPtr out = Column::Make(type(), rows);
    uint8_t* __restrict o = out->data<uint8_t>();
    const uint8_t* __restrict v = a.column->data<uint8_t>();
    for (int64_t i = 0; i < rows; ++i) o[i] = v[i] ^ 1;
    PropagateNulls({&a}, rows, out.get());
    return a.constant ? Broadcast(out, n) : out;
  }

  std::string Render(RenderMode mode) const override { return "(NOT " + RenderExpr(*children()[0], mode) + ")"; }

  ExprPtr WithChildren(std::vector<ExprPtr> children) const override { return std::make_shared<NotExpr>(children[0]); }
};

}  // namespace

ExprPtr MakeAnd(ExprPtr left, ExprPtr right) { return std::make_shared<LogicalExpr>(true, left, right); }
ExprPtr MakeOr(ExprPtr left, ExprPtr right) { return std::make_shared<LogicalExpr>(false, left, right); }
ExprPtr MakeNot(ExprPtr child) { return std::make_shared<NotExpr>(std::move(child)); }

}  // namespace sluice::expr
