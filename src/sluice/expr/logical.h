#pragma once

// AND, OR, NOT with SQL three-valued logic. The right side of AND (OR) is only evaluated
// for rows where the left side is not FALSE (not TRUE), as Spark does.

#include "sluice/expr/expr_node.h"

namespace sluice::expr {

// REQUIRES: BOOLEAN children.
ExprPtr MakeAnd(ExprPtr left, ExprPtr right);
ExprPtr MakeOr(ExprPtr left, ExprPtr right);
ExprPtr MakeNot(ExprPtr child);

}  // namespace sluice::expr
