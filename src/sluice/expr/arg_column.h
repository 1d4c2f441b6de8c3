#pragma once

// ArgColumn: how a kernel sees one of its inputs. Literal and foldable children are
// evaluated to a single row and flagged constant, so a kernel can treat them as a
// scalar instead of materializing a column of n copies (`value % 2` reads the 2 once).

#include <cstdint>
#include <string_view>

#include "sluice/expr/expr.h"
#include "sluice/types/column.h"

namespace sluice::expr {

struct ArgColumn {
  types::ColumnPtr column;  // num_rows values, or exactly one when `constant`
  bool constant = false;

  int64_t Row(int64_t i) const { return constant ? 0 : i; }
  bool IsNull(int64_t i) const { return column->IsNull(constant ? 0 : i); }
  bool IsValid(int64_t i) const { return !IsNull(i); }
  // True when the argument is a constant NULL: null-intolerant kernels return all NULLs.
  bool IsConstantNull() const { return constant && column->IsNull(0); }
  bool may_have_nulls() const { return column->may_have_nulls(); }
  const types::TypePtr& type() const { return column->type(); }

  template <typename T>
  T Get(int64_t i) const { return column->data<T>()[constant ? 0 : i]; }
  std::string_view GetString(int64_t i) const { return column->GetString(constant ? 0 : i); }
  types::Value GetValue(int64_t i) const { return column->GetValue(constant ? 0 : i); }
};

// Evaluates `e` as a kernel argument: literals (from a cached one-row column) and other
// foldable expressions become constants; everything else is evaluated over `input`.
Result<ArgColumn> EvaluateArg(const Expr& e, const types::Batch& input, EvalContext& ctx);
// Evaluates every expression of `exprs` with EvaluateArg.
Result<std::vector<ArgColumn>> EvaluateArgs(const std::vector<ExprPtr>& exprs, const types::Batch& input,
                                            EvalContext& ctx);
// A full column of `num_rows` values (a constant is repeated; a column is shared).
types::ColumnPtr Materialize(const ArgColumn& arg, int64_t num_rows);
// True when every argument is constant (the kernel can run on one row and broadcast).
bool AllConstant(const std::vector<ArgColumn>& args);
// Repeats row 0 of `one_row` `num_rows` times (the result of a kernel over constants).
types::ColumnPtr Broadcast(const types::ColumnPtr& one_row, int64_t num_rows);

}  // namespace sluice::expr
