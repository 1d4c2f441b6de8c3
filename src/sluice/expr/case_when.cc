#include "sluice/expr/case_when.h"

#include <cstring>

#include "sluice/expr/selective_eval.h"
#include "sluice/expr/validity.h"

namespace sluice::expr {

using types::Batch;
using types::Column;
using types::ColumnPtr;
using types::DataType;
using types::TypePtr;

ColumnPtr AssembleFromSources(const TypePtr& type, const std::vector<ArgColumn>& sources,
                              const std::vector<int16_t>& choice, int64_t n) {
  const int width = type->FixedWidth();
  if (width > 0) {
    ColumnPtr out = Column::Make(type, n);
    uint8_t* o = out->data<uint8_t>();
    for (int64_t i = 0; i < n; ++i) {
      const int c = choice[i];
      if (c < 0) {
        SetNullZeroed(out.get(), i);
        continue;
      }
      const ArgColumn& src = sources[c];
      const int64_t row = src.Row(i);
      if (src.column->IsNull(row)) {
        SetNullZeroed(out.get(), i);
      } else {
        std::memcpy(o + i * width, src.column->data<uint8_t>() + row * width, width);
      }
    }
    return out;
  }
  auto out = std::make_shared<Column>(type);
  out->Reserve(n);
  for (int64_t i = 0; i < n; ++i) {
    const int c = choice[i];
    if (c < 0) {
      out->AppendNull();
    } else {
      out->AppendFrom(*sources[c].column, sources[c].Row(i));
    }
  }
  return out;
}

namespace {

class CaseWhenExpr final : public ExprNode {
 public:
  CaseWhenExpr(std::vector<ExprPtr> children, size_t num_branches, bool has_else, TypePtr type, bool render_as_if)
      : ExprNode(ExprKind::kCall, std::move(type), std::move(children)),
        num_branches_(num_branches),
        has_else_(has_else),
        render_as_if_(render_as_if) {}

  Result<ColumnPtr> Evaluate(const Batch& input, EvalContext& ctx) const override {
    const int64_t n = input.num_rows();
    std::vector<uint8_t> remaining(n, 1);
    int64_t num_remaining = n;
    std::vector<uint8_t> take(n);
    std::vector<int16_t> choice(n, -1);
    std::vector<ArgColumn> sources;
    for (size_t b = 0; b < num_branches_ && num_remaining > 0; ++b) {
      SLUICE_ASSIGN_OR_RETURN(ArgColumn cond,
                              EvaluateSelected(*children()[2 * b], input, remaining.data(), num_remaining, ctx));
      int64_t num_taken = 0;
      for (int64_t i = 0; i < n; ++i) {
        const int64_t row = cond.Row(i);
        uint8_t t = remaining[i] && !cond.column->IsNull(row) && cond.column->data<uint8_t>()[row];
        take[i] = t;
        remaining[i] &= !t;
        num_taken += t;
      }
      num_remaining -= num_taken;
      if (num_taken == 0) continue;
      SLUICE_ASSIGN_OR_RETURN(ArgColumn value,
                              EvaluateSelected(*children()[2 * b + 1], input, take.data(), num_taken, ctx));
      const int16_t index = static_cast<int16_t>(sources.size());
      sources.push_back(std::move(value));
      for (int64_t i = 0; i < n; ++i) {
        if (take[i]) choice[i] = index;
      }
    }
    if (has_else_ && num_remaining > 0) {
      SLUICE_ASSIGN_OR_RETURN(ArgColumn value,
                              EvaluateSelected(*children().back(), input, remaining.data(), num_remaining, ctx));
      const int16_t index = static_cast<int16_t>(sources.size());
      sources.push_back(std::move(value));
      for (int64_t i = 0; i < n; ++i) {
        if (remaining[i]) choice[i] = index;
      }
    }
    if (sources.size() == 1 && !sources[0].constant) {
      // Every row took the same branch: share its column.
      bool all = true;
      for (int64_t i = 0; i < n && all; ++i) all = choice[i] == 0;
      if (all) return sources[0].column;
    }
    return AssembleFromSources(type(), sources, choice, n);
  }

  std::string Render(RenderMode mode) const override {
    if (render_as_if_ && num_branches_ == 1) {
      std::string else_text = has_else_ ? RenderExpr(*children()[2], mode) : "NULL";
      return "if(" + RenderExpr(*children()[0], mode) + ", " + RenderExpr(*children()[1], mode) + ", " + else_text +
             ")";
    }
    std::string out = "CASE";
    for (size_t b = 0; b < num_branches_; ++b) {
      out += " WHEN " + RenderExpr(*children()[2 * b], mode) + " THEN " + RenderExpr(*children()[2 * b + 1], mode);
    }
    if (has_else_) out += " ELSE " + RenderExpr(*children().back(), mode);
    return out + " END";
  }

  ExprPtr WithChildren(std::vector<ExprPtr> children) const override {
    return std::make_shared<CaseWhenExpr>(std::move(children), num_branches_, has_else_, type(), render_as_if_);
  }

 private:
  size_t num_branches_;
  bool has_else_;
  bool render_as_if_;
};

class CoalesceExpr final : public ExprNode {
 public:
  CoalesceExpr(std::vector<ExprPtr> args, TypePtr type)
      : ExprNode(ExprKind::kCall, std::move(type), std::move(args)) {}

  Result<ColumnPtr> Evaluate(const Batch& input, EvalContext& ctx) const override {
    const int64_t n = input.num_rows();
    std::vector<uint8_t> remaining(n, 1);
    int64_t num_remaining = n;
    std::vector<int16_t> choice(n, -1);
    std::vector<ArgColumn> sources;
    for (size_t k = 0; k < children().size() && num_remaining > 0; ++k) {
      SLUICE_ASSIGN_OR_RETURN(ArgColumn value,
                              EvaluateSelected(*children()[k], input, remaining.data(), num_remaining, ctx));
      if (k == 0 && !value.constant && !value.may_have_nulls()) return value.column;
      if (value.IsConstantNull()) continue;
      const int16_t index = static_cast<int16_t>(sources.size());
      int64_t taken = 0;
      for (int64_t i = 0; i < n; ++i) {
        if (remaining[i] && !value.IsNull(i)) {
          choice[i] = index;
          remaining[i] = 0;
          ++taken;
        }
      }
      num_remaining -= taken;
      sources.push_back(std::move(value));
    }
    return AssembleFromSources(type(), sources, choice, n);
  }

  std::string Render(RenderMode mode) const override { return "coalesce(" + RenderList(children(), mode) + ")"; }

  ExprPtr WithChildren(std::vector<ExprPtr> children) const override {
    return std::make_shared<CoalesceExpr>(std::move(children), type());
  }
};

}  // namespace

ExprPtr MakeCaseWhen(std::vector<ExprPtr> conditions, std::vector<ExprPtr> values, ExprPtr else_value, TypePtr type,
                     bool render_as_if) {
  std::vector<ExprPtr> children;
  for (size_t b = 0; b < conditions.size(); ++b) {
    children.push_back(std::move(conditions[b]));
    children.push_back(std::move(values[b]));
  }
  const size_t num_branches = conditions.size();
  const bool has_else = else_value != nullptr;
  if (has_else) children.push_back(std::move(else_value));
  return std::make_shared<CaseWhenExpr>(std::move(children), num_branches, has_else, std::move(type), render_as_if);
}

ExprPtr MakeCoalesce(std::vector<ExprPtr> args, TypePtr type) {
  return std::make_shared<CoalesceExpr>(std::move(args), std::move(type));
}

}  // namespace sluice::expr
