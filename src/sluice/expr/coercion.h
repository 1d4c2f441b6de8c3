#pragma once

// Spark's implicit type coercion beyond the public WiderType / ImplicitCast.

#include "sluice/expr/function_registry.h"

namespace sluice::expr {

// WiderType, plus Spark's string promotion (findWiderCommonType): STRING combined with any
// other atomic type is STRING. Used by CASE, COALESCE, IF, NVL and array(...).
types::TypePtr WiderTypeWithStringPromotion(const types::TypePtr& a, const types::TypePtr& b);
// The common type of several expressions with string promotion, or null when none exists.
types::TypePtr CommonType(const std::vector<ExprPtr>& exprs);

// Whether an argument of type `from` is implicitly cast to a parameter of type `to`:
// NULL to anything, numeric widening (and BIGINT to INT), atomic types to STRING, STRING to
// numbers / BOOLEAN / DATE / TIMESTAMP / BINARY, DATE <-> TIMESTAMP, element-wise for arrays.
bool CanImplicitCast(const types::DataType& from, const types::DataType& to);

// The rank of a numeric type in the widening order INT < BIGINT < DOUBLE (0 when not numeric).
int NumericRank(types::TypeId id);

}  // namespace sluice::expr
