#pragma once

// Evaluation of a branch for a subset of rows. Spark's conditional expressions (CASE, IF,
// COALESCE, AND, OR) never evaluate a branch for rows that do not take it, so
// `b <> 0 AND a / b > 1` cannot fail with DIVIDE_BY_ZERO. Vectorized evaluation computes
// whole columns; to keep those semantics, a branch is evaluated over all rows first and,
// only if that raised an error, again over just the selected rows.

#include <cstdint>
#include <vector>

#include "sluice/expr/arg_column.h"

namespace sluice::expr {

// Evaluates `e` for the rows where selected[i] != 0 (`num_selected` of them). The result
// has input.num_rows() rows (or is constant); values of unselected rows are unspecified.
// Errors are raised only for selected rows.
Result<ArgColumn> EvaluateSelected(const Expr& e, const types::Batch& input, const uint8_t* selected,
                                   int64_t num_selected, EvalContext& ctx);

// Spreads the rows of `compact` (one per selected row, in order) to a column of
// `num_rows` rows; unselected rows are NULL.
types::ColumnPtr Scatter(const types::Column& compact, const uint8_t* selected, int64_t num_rows);

// Counts the nonzero bytes of mask[0..n).
int64_t CountSelected(const uint8_t* mask, int64_t n);

}  // namespace sluice::expr
