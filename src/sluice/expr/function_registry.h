#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sluice/expr/aggregate.h"
#include "sluice/expr/expr.h"

namespace sluice::expr {

enum class FunctionKind : uint8_t { kScalar, kAggregate, kGenerator };

// Binds a scalar function or generator call to argument expressions: checks arity and
// types, inserts Spark's implicit casts, and returns the bound expression. Errors are
// AnalysisError with Spark's wording, e.g. for upper(array(1)):
//   [DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "upper(array(1))" due to data type
//   mismatch: The first parameter requires the "STRING" type, however "array(1)" has the type "ARRAY<INT>".
// `sql` is the call as written (for messages).
using ScalarBinder = Result<ExprPtr> (*)(std::vector<ExprPtr> args, const std::string& sql);
// Binds an aggregate call. `distinct` is set for f(DISTINCT ...).
using AggregateBinder = Result<AggregateCall> (*)(std::vector<ExprPtr> args, bool distinct, const std::string& sql);

// One entry of the single function list (expr/functions/function_list.cc). The
// analyzer, its "unknown function" suggestions and `sluice functions` all read it.
struct FunctionEntry {
  const char* name;          // lower-case SQL name
  FunctionKind kind;
  const char* signature;     // e.g. "substring(str STRING, pos INT[, len INT]) -> STRING"
  const char* description;   // one line
  const char* example;       // e.g. "SELECT substring('Spark SQL', 5, 1) -> 'k'"
  ScalarBinder scalar = nullptr;        // kScalar / kGenerator
  AggregateBinder aggregate = nullptr;  // kAggregate
};

// The whole list, sorted by name.
const std::vector<FunctionEntry>& FunctionList();
// Case-insensitive lookup; nullptr when unknown.
const FunctionEntry* FindFunction(std::string_view name);
// Up to `max` known names closest to `name` (edit distance), for "did you mean" hints.
std::vector<std::string> SuggestFunctions(std::string_view name, size_t max = 3);

// Operators are bound through the same machinery (with Spark's coercions):
// op is one of "+", "-", "*", "/", "%", "DIV", "=", "<>", "<", "<=", ">", ">=", "<=>",
// "AND", "OR", "||", "&", "|", "^"; unary: "-", "NOT", "~".
Result<ExprPtr> BindBinaryOperator(const std::string& op, ExprPtr left, ExprPtr right, const std::string& sql);
Result<ExprPtr> BindUnaryOperator(const std::string& op, ExprPtr child, const std::string& sql);
// x IS [NOT] NULL, x [NOT] IN (list), x [NOT] BETWEEN lo AND hi, x [NOT] LIKE/RLIKE/ILIKE p,
// CASE [operand] WHEN .. THEN .. [ELSE ..] END (branches = when1, then1, when2, then2, ...).
Result<ExprPtr> BindIsNull(ExprPtr child, bool negated);
Result<ExprPtr> BindIn(ExprPtr value, std::vector<ExprPtr> list, bool negated, const std::string& sql);
Result<ExprPtr> BindBetween(ExprPtr value, ExprPtr low, ExprPtr high, bool negated, const std::string& sql);
Result<ExprPtr> BindLike(const std::string& op, ExprPtr value, ExprPtr pattern, bool negated, const std::string& sql);
Result<ExprPtr> BindCase(ExprPtr operand /* may be null */, std::vector<ExprPtr> branches, ExprPtr else_value /* may be null */,
                         const std::string& sql);
// struct.field and array[index] (Spark: 0-based for [], NULL when out of range unless ANSI).
Result<ExprPtr> BindGetField(ExprPtr base, const std::string& field, const std::string& sql);
Result<ExprPtr> BindSubscript(ExprPtr base, ExprPtr index, const std::string& sql);

// timestamp +/- INTERVAL (Spark's TimeAdd): a TIMESTAMP (a DATE or STRING operand is cast
// to TIMESTAMP) shifted by a fixed number of microseconds; `micros` is the interval as
// written and `subtract` selects `-`. ANSI overflow is an error. EXPLAIN shows
// "(ts#0 - INTERVAL '5 seconds')".
Result<ExprPtr> BindTimestampAddInterval(ExprPtr timestamp, int64_t micros, bool subtract, const std::string& sql);
// When `e` is such a node: its TIMESTAMP operand, with the signed shift in *micros
// (negative for `-`); nullptr otherwise. Lets the planner read time-range conditions.
const Expr* MatchTimestampAddInterval(const Expr& e, int64_t* micros);

// The common type two expressions are coerced to (Spark's findWiderTypeForTwo), or null.
types::TypePtr WiderType(const types::TypePtr& a, const types::TypePtr& b);
// Casts `e` to `to` when their types differ (implicit cast); returns `e` otherwise.
Result<ExprPtr> ImplicitCast(ExprPtr e, types::TypePtr to);

}  // namespace sluice::expr
