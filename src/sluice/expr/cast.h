#pragma once

// CAST with Spark's rules: which casts are valid (Spark's ANSI castability plus any type to
// STRING), the column kernels, and the string parsing Spark's casts use.

#include <string>
#include <string_view>

#include "sluice/expr/expr_node.h"

namespace sluice::expr {

// True when CAST(from AS to) is valid.
bool CanCast(const types::DataType& from, const types::DataType& to);
// True when the result depends on the session time zone (STRING/DATE <-> TIMESTAMP);
// such casts of literals are not folded at bind time.
bool CastNeedsTimeZone(const types::DataType& from, const types::DataType& to);

// Casts a whole column to `to` (REQUIRES: CanCast). Rows that cannot be converted become
// NULL; when ctx.ansi is set and this is not TRY_CAST, the first one is also reported in
// ctx.error with Spark's CAST_INVALID_INPUT / CAST_OVERFLOW message.
Result<types::ColumnPtr> CastColumn(const types::ColumnPtr& input, const types::TypePtr& to, bool try_cast,
                                    EvalContext& ctx);
// Casts a single value (constant folding, IN lists).
Result<types::Value> CastValue(const types::Value& value, const types::TypePtr& from, const types::TypePtr& to,
                               bool try_cast, EvalContext& ctx);

// Spark's string-to-number parsing (UTF8String.toLong / toDouble): surrounding whitespace
// and control characters are ignored; `allow_decimal` accepts and truncates a fraction
// ("1.9" -> 1, the non-ANSI behaviour).
bool ParseSparkInt64(std::string_view text, bool allow_decimal, int64_t* out);
bool ParseSparkDouble(std::string_view text, double* out);
// 't', 'true', 'y', 'yes', '1' / 'f', 'false', 'n', 'no', '0' (case-insensitive, trimmed).
bool ParseSparkBoolean(std::string_view text, bool* out);
std::string_view TrimSparkWhitespace(std::string_view text);

// Spark's error texts.
std::string CastInvalidInputMessage(std::string_view value, const types::DataType& from, const types::DataType& to);
std::string CastOverflowMessage(const std::string& value_sql, const types::DataType& from, const types::DataType& to);

// CAST(child AS type) / TRY_CAST(child AS type).
class CastExpr final : public ExprNode {
 public:
  CastExpr(ExprPtr child, types::TypePtr to, bool try_cast);
  Result<types::ColumnPtr> Evaluate(const types::Batch& input, EvalContext& ctx) const override;
  std::string Render(RenderMode mode) const override;
  ExprPtr WithChildren(std::vector<ExprPtr> children) const override;
  bool try_cast() const { return try_cast_; }

 private:
  bool try_cast_;
};

}  // namespace sluice::expr
