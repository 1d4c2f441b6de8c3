#include "sluice/expr/functions/scalar_call.h"

namespace sluice::expr {

using types::Batch;
using types::Column;
using types::ColumnPtr;
using types::TypeId;

ScalarCallExpr::ScalarCallExpr(std::string name, types::TypePtr type, std::vector<ExprPtr> args,
                               std::shared_ptr<const ScalarKernel> kernel, CallOptions options)
    : ExprNode(ExprKind::kCall, std::move(type), std::move(args)),
      name_(std::move(name)),
      kernel_(std::move(kernel)),
      options_(options) {}

Result<ColumnPtr> ScalarCallExpr::Evaluate(const Batch& input, EvalContext& ctx) const {
  SLUICE_ASSIGN_OR_RETURN(std::vector<ArgColumn> args, EvaluateArgs(children(), input, ctx));
  const int64_t n = input.num_rows();
  if (options_.null_intolerant) {
    for (const auto& a : args) {
      if (a.IsConstantNull()) return Column::MakeNull(type(), n);
    }
  }
  if (options_.deterministic && AllConstant(args)) {
    SLUICE_ASSIGN_OR_RETURN(ColumnPtr one, kernel_->Run(args, 1, type(), ctx));
    return Broadcast(one, n);
  }
  SLUICE_ASSIGN_OR_RETURN(ColumnPtr out, kernel_->Run(args, n, type(), ctx));
  if (out->size() != n) {
    return Status::Internal("function " + name_ + " returned " + std::to_string(out->size()) + " rows instead of " +
                            std::to_string(n));
  }
  return out;
}

std::string ScalarCallExpr::Render(RenderMode mode) const { return name_ + "(" + RenderList(children(), mode) + ")"; }

ExprPtr ScalarCallExpr::WithChildren(std::vector<ExprPtr> children) const {
  return std::make_shared<ScalarCallExpr>(name_, type(), std::move(children), kernel_, options_);
}

bool ScalarCallExpr::IsDeterministic() const { return options_.deterministic && Expr::IsDeterministic(); }

double NumericAsDouble(const ArgColumn& a, int64_t i) {
  switch (a.column->type_id()) {
    case TypeId::kInt:
    case TypeId::kDate: return a.Get<int32_t>(i);
    case TypeId::kBigint:
    case TypeId::kTimestamp: return static_cast<double>(a.Get<int64_t>(i));
    case TypeId::kDouble: return a.Get<double>(i);
    case TypeId::kBoolean: return a.Get<uint8_t>(i);
    default: return 0;
  }
}

int64_t IntegralAsInt64(const ArgColumn& a, int64_t i) {
  switch (a.column->type_id()) {
    case TypeId::kInt:
    case TypeId::kDate: return a.Get<int32_t>(i);
    case TypeId::kBigint:
    case TypeId::kTimestamp: return a.Get<int64_t>(i);
    case TypeId::kDouble: return static_cast<int64_t>(a.Get<double>(i));
    case TypeId::kBoolean: return a.Get<uint8_t>(i);
    default: return 0;
  }
}

}  // namespace sluice::expr
