#pragma once

// The internal base class of every sluice expression node. It adds one thing to Expr:
// rendering in two modes, because Spark prints an expression differently in EXPLAIN
// ("value#0") and in error messages ("value", Spark's toSQLExpr).

#include <string>
#include <vector>

#include "sluice/expr/expr.h"

namespace sluice::expr {

enum class RenderMode : uint8_t {
  kExplain,  // column refs as name#index, BIGINT literals without the L suffix
  kSql,      // column refs as plain names, literals as SQL literals ('a', 1L, 1.5D)
};

class ExprNode : public Expr {
 public:
  using Expr::Expr;
  std::string ToString() const final { return Render(RenderMode::kExplain); }
  virtual std::string Render(RenderMode mode) const = 0;
};

// Renders any expression (ExprNode or not) in the given mode.
std::string RenderExpr(const Expr& e, RenderMode mode);
// Spark's toSQLExpr: "upper(name)", "array(1)"; used inside error messages.
inline std::string ToSql(const Expr& e) { return RenderExpr(e, RenderMode::kSql); }
// "a, b, c": the children rendered and joined with ", ".
std::string RenderList(const std::vector<ExprPtr>& exprs, RenderMode mode);

// A literal's rendering: EXPLAIN shows 1 / 1.5 / 'a' / null; SQL shows 1L / 1.5D / 'a' / NULL.
std::string RenderLiteral(const types::Value& value, const types::DataType& type, RenderMode mode);

}  // namespace sluice::expr
