#include "sluice/expr/selective_eval.h"

namespace sluice::expr {

using types::Batch;
using types::Column;
using types::ColumnPtr;

int64_t CountSelected(const uint8_t* mask, int64_t n) {
  int64_t count = 0;
  for (int64_t i = 0; i < n; ++i) count += mask[i] != 0;
  return count;
}

ColumnPtr Scatter(const Column& compact, const uint8_t* selected, int64_t num_rows) {
  auto out = std::make_shared<Column>(compact.type());
  out->Reserve(num_rows);
  int64_t k = 0;
  for (int64_t i = 0; i < num_rows; ++i) {
    if (selected[i]) {
      out->AppendFrom(compact, k++);
    } else {
      out->AppendNull();
    }
  }
  return out;
}

Result<ArgColumn> EvaluateSelected(const Expr& e, const Batch& input, const uint8_t* selected, int64_t num_selected,
                                   EvalContext& ctx) {
  const int64_t n = input.num_rows();
  if (num_selected == 0) return ArgColumn{Column::MakeNull(e.type(), 1), true};
  if (num_selected == n || !ctx.error.ok()) return EvaluateArg(e, input, ctx);
  SLUICE_ASSIGN_OR_RETURN(ArgColumn all, EvaluateArg(e, input, ctx));
  if (ctx.error.ok()) return all;
  // Some row failed: it may be one that does not take this branch. Re-evaluate on the
  // selected rows only, so only their errors count.
  ctx.error = Status::OK();
  std::vector<int32_t> rows;
  rows.reserve(num_selected);
  for (int64_t i = 0; i < n; ++i) {
    if (selected[i]) rows.push_back(static_cast<int32_t>(i));
  }
  types::BatchPtr subset = input.Gather(rows);
  SLUICE_ASSIGN_OR_RETURN(ArgColumn part, EvaluateArg(e, *subset, ctx));
  if (part.constant) return part;
  return ArgColumn{Scatter(*part.column, selected, n), false};
}

}  // namespace sluice::expr
