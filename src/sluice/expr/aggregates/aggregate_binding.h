#pragma once

// Shared pieces of the aggregate binders: Spark's error messages, display names and
// the construction of an AggregateCall (including the DISTINCT wrapper).

#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

#include "sluice/common/status.h"
#include "sluice/expr/aggregate.h"
#include "sluice/expr/expr.h"

namespace sluice::expr::aggregates {

using AggregateFactory = std::function<std::unique_ptr<AggregateFunction>()>;

// Spark's name for an aggregate argument in a column name: a column's name, otherwise
// the expression text without "#<id>" suffixes. An implicit STRING/NULL -> DOUBLE cast
// inserted by a binder is not shown (Spark names the column before type coercion).
std::string ArgDisplayName(const Expr& e);

// The function name as written at the start of `sql`, lower-cased, when it is one of
// `names`; `names` begins with the canonical name, returned otherwise. Spark names
// columns by the alias used: stddev_samp(x) vs std(x).
std::string CallName(const std::string& sql, std::initializer_list<const char*> names);

// [WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `sum` requires 1 parameters but the actual number is 2.
Status WrongNumArgs(const std::string& name, const std::string& expected, size_t actual);

// [DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "sum(x)" due to data type mismatch:
// The first parameter requires the "NUMERIC" or "ANSI INTERVAL" type, however "x" has the type "ARRAY<INT>".
// `required` is the already-quoted type list, e.g. "\"DOUBLE\"".
Status UnexpectedInputType(const std::string& sql, size_t param_index, const std::string& required, const Expr& arg);

// For numeric aggregates: STRING and untyped NULL arguments are implicitly cast to DOUBLE
// as Spark's type coercion does; other types are returned unchanged.
Result<ExprPtr> CastStringOrNullToDouble(ExprPtr arg);

// Builds the bound call. When `distinct` is set and `distinct_changes_result` (not for
// min/max/first/last/collect_set, where DISTINCT is a no-op), `create` is wrapped in the
// exact DISTINCT filter over the argument tuple.
AggregateCall MakeCall(std::string name, bool distinct, bool distinct_changes_result, std::vector<ExprPtr> args,
                       types::TypePtr result_type, AggregateFactory create);

}  // namespace sluice::expr::aggregates
