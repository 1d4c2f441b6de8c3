#include "sluice/expr/arg_column.h"

#include "sluice/expr/leaves.h"

namespace sluice::expr {

using types::Batch;
using types::Column;
using types::ColumnPtr;

Result<ArgColumn> EvaluateArg(const Expr& e, const Batch& input, EvalContext& ctx) {
  if (e.kind() == ExprKind::kLiteral) {
    if (const auto* lit = dynamic_cast<const LiteralExpr*>(&e)) return ArgColumn{lit->one_row(), true};
  }
  if (e.kind() != ExprKind::kColumnRef && e.IsFoldable()) {
    static const auto kEmptySchema = std::make_shared<const types::Schema>();
    Batch one_row(kEmptySchema, {}, 1);
    SLUICE_ASSIGN_OR_RETURN(ColumnPtr column, e.Evaluate(one_row, ctx));
    return ArgColumn{std::move(column), true};
  }
  SLUICE_ASSIGN_OR_RETURN(ColumnPtr column, e.Evaluate(input, ctx));
  if (column->size() != input.num_rows()) {
    return Status::Internal("expression " + e.ToString() + " returned " + std::to_string(column->size()) +
                            " rows for a batch of " + std::to_string(input.num_rows()));
  }
  return ArgColumn{std::move(column), false};
}

Result<std::vector<ArgColumn>> EvaluateArgs(const std::vector<ExprPtr>& exprs, const Batch& input, EvalContext& ctx) {
  std::vector<ArgColumn> out;
  out.reserve(exprs.size());
  for (const auto& e : exprs) {
    SLUICE_ASSIGN_OR_RETURN(ArgColumn a, EvaluateArg(*e, input, ctx));
    out.push_back(std::move(a));
  }
  return out;
}

ColumnPtr Broadcast(const ColumnPtr& one_row, int64_t num_rows) {
  if (num_rows == 1) return one_row;
  return Column::MakeConstant(one_row->type(), one_row->GetValue(0), num_rows);
}

ColumnPtr Materialize(const ArgColumn& arg, int64_t num_rows) {
  if (!arg.constant) return arg.column;
  return Broadcast(arg.column, num_rows);
}

bool AllConstant(const std::vector<ArgColumn>& args) {
  for (const auto& a : args) {
    if (!a.constant) return false;
  }
  return true;
}

}  // namespace sluice::expr
