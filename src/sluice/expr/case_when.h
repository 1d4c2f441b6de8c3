#pragma once

// CASE WHEN and COALESCE: the conditional expressions that pick, per row, which branch
// gives the value. Branches are evaluated only for the rows that take them (see
// selective_eval.h), so a branch that would fail on other rows does not fail.

#include <string>
#include <vector>

#include "sluice/expr/arg_column.h"
#include "sluice/expr/expr_node.h"

namespace sluice::expr {

// CASE WHEN conditions[0] THEN values[0] ... [ELSE else_value] END. REQUIRES: conditions
// are BOOLEAN, values and else_value (may be null: NULL) have type `type`. With
// `render_as_if` (one branch) the node renders as if(cond, a, b).
ExprPtr MakeCaseWhen(std::vector<ExprPtr> conditions, std::vector<ExprPtr> values, ExprPtr else_value,
                     types::TypePtr type, bool render_as_if = false);

// coalesce(args...): the first non-NULL argument per row. REQUIRES: args have type `type`.
ExprPtr MakeCoalesce(std::vector<ExprPtr> args, types::TypePtr type);

// Builds a column of `num_rows` rows taking row i from sources[choice[i]] (NULL when
// choice[i] < 0). REQUIRES: every source has type `type`.
types::ColumnPtr AssembleFromSources(const types::TypePtr& type, const std::vector<ArgColumn>& sources,
                                     const std::vector<int16_t>& choice, int64_t num_rows);

}  // namespace sluice::expr
