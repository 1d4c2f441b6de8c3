#pragma once

// Comparison operators (=, <>, <, <=, >, >=, <=>) over every type, with Spark's semantics:
// NULL when either side is NULL (except <=>), NaN equal to NaN and greater than any other
// double, strings compared as unsigned bytes (UTF-8 order).

#include <string>

#include "sluice/expr/expr_node.h"
#include "sluice/types/column.h"

namespace sluice::expr {

enum class CompareOp : uint8_t { kEqual, kNotEqual, kLess, kLessEqual, kGreater, kGreaterEqual, kNullSafeEqual };

// REQUIRES: both children have the same type (the binder coerces them first).
ExprPtr MakeComparison(CompareOp op, ExprPtr left, ExprPtr right);

const char* CompareSymbol(CompareOp op);

// Binds `left op right` with Spark's comparison coercion (numeric widening, STRING cast to
// the other side's type, DATE vs TIMESTAMP as TIMESTAMP, NULL to anything).
Result<ExprPtr> BindComparisonOperator(CompareOp op, ExprPtr left, ExprPtr right, const std::string& sql);

// Three-way comparison of two non-NULL values of `type` with Spark's ordering (used by
// greatest/least, sort_array, array_max...).
int CompareValues(const types::Value& a, const types::Value& b, const types::DataType& type);

// True when row i of `a` equals row j of `b` (same type, both non-NULL), with the
// semantics of `=` (NaN equals NaN).
bool ColumnValuesEqual(const types::Column& a, int64_t i, const types::Column& b, int64_t j);

}  // namespace sluice::expr
