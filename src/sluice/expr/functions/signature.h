#pragma once

// Argument checking for function binders, with Spark's error wording:
//   [WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `substring` requires [2, 3] parameters but the actual number is 1. ...
//   [DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "upper(array(1))" due to data type mismatch:
//     The first parameter requires the "STRING" type, however "array(1)" has the type "ARRAY<INT>".

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "sluice/expr/expr.h"

namespace sluice::expr {

inline constexpr size_t kVariadic = static_cast<size_t>(-1);

// The function name as called, lower-case: "SUBSTR(x, 1)" -> "substr"; `fallback` when
// `sql` does not start with a name followed by '('.
std::string CallName(const std::string& sql, std::string_view fallback);

// Spark's ordinal words: first, second, third, 4th, ...
std::string Ordinal(size_t index);

// Checks min <= args.size() <= max (max may be kVariadic).
Status CheckArgCount(const std::vector<ExprPtr>& args, size_t min, size_t max, std::string_view name);

// The UNEXPECTED_INPUT_TYPE error for args[index]; `required` is the already quoted type
// text: "\"STRING\"" or ("\"STRING\"" or "\"BINARY\"").
Status UnexpectedInputType(const std::string& sql, size_t index, const std::string& required, const Expr& arg);
// Quoted type for messages: "\"STRING\""; several: ("\"INT\"" or "\"BIGINT\"") with parentheses.
std::string QuoteTypes(std::initializer_list<std::string_view> names);

// Replaces args[index] by its implicit cast to `to`, or fails with UNEXPECTED_INPUT_TYPE.
Status CoerceArg(std::vector<ExprPtr>& args, size_t index, const types::TypePtr& to, const std::string& sql);
// Like CoerceArg for a parameter that accepts several types: keeps an exact match, else
// casts to the first type the argument implicitly casts to. `required` names them all.
Status CoerceArgToOneOf(std::vector<ExprPtr>& args, size_t index, std::initializer_list<types::TypePtr> types,
                        const std::string& sql);
// Numeric parameter: INT, BIGINT and DOUBLE stay, STRING and NULL become DOUBLE.
Status CoerceNumeric(std::vector<ExprPtr>& args, size_t index, const std::string& sql);
// Requires an ARRAY argument (NULL becomes ARRAY<VOID>... cast to ARRAY<STRING>).
Status RequireArray(std::vector<ExprPtr>& args, size_t index, const std::string& sql);

// The value of a foldable argument (a literal, or constant expression), or an error that
// says the parameter must be a constant.
Result<types::Value> ConstantArg(const Expr& arg, size_t index, std::string_view name, std::string_view param);

// A function call being bound: its name as called (for EXPLAIN and messages), the SQL
// text for messages and the arguments, which the binder coerces in place.
struct CallSite {
  std::string name;
  std::string sql;
  std::vector<ExprPtr> args;

  const types::TypePtr& type(size_t i) const { return args[i]->type(); }
  types::TypeId type_id(size_t i) const { return args[i]->type()->id(); }
  Status Coerce(size_t i, const types::TypePtr& to) { return CoerceArg(args, i, to, sql); }
  Status CoerceOneOf(size_t i, std::initializer_list<types::TypePtr> types) {
    return CoerceArgToOneOf(args, i, types, sql);
  }
  Status Numeric(size_t i) { return CoerceNumeric(args, i, sql); }
  Status Array(size_t i) { return RequireArray(args, i, sql); }
  Status Unexpected(size_t i, const std::string& required) const {
    return UnexpectedInputType(sql, i, required, *args[i]);
  }
  // The value of a constant argument (see ConstantArg).
  Result<types::Value> Constant(size_t i, std::string_view param) const {
    return ConstantArg(*args[i], i, sql, param);
  }
};

// Starts binding a call: resolves the name as called (`canonical` when `sql` has none),
// fills `sql` when empty ("name(args)") and checks min <= args.size() <= max.
Result<CallSite> BeginCall(std::vector<ExprPtr> args, const std::string& sql, std::string_view canonical, size_t min,
                           size_t max);

}  // namespace sluice::expr
