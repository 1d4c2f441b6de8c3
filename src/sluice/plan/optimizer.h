#pragma once

#include "sluice/expr/expr.h"
#include "sluice/plan/plan_node.h"

namespace sluice::plan {

// Rewrites a resolved plan into an equivalent, cheaper one: constant folding, filters
// combined and pushed below projections and unions, adjacent projections merged.
// Results never change (the optimizer tests compare outputs with and without it).
Result<PlanPtr> Optimize(const PlanPtr& plan, expr::EvalContext& ctx);

// Folds every foldable sub-expression of `e` into a literal.
Result<expr::ExprPtr> FoldConstants(const expr::ExprPtr& e, expr::EvalContext& ctx);

// Replaces each column reference i in `e` by `replacements[i]`.
expr::ExprPtr SubstituteColumns(const expr::ExprPtr& e, const std::vector<expr::ExprPtr>& replacements);

}  // namespace sluice::plan
