#pragma once

// The leaf nodes: a reference to an input column and a literal.

#include <string>

#include "sluice/expr/expr_node.h"

namespace sluice::expr {

class ColumnRefExpr final : public ExprNode {
 public:
  ColumnRefExpr(int index, types::TypePtr type, std::string name);
  Result<types::ColumnPtr> Evaluate(const types::Batch& input, EvalContext& ctx) const override;
  std::string Render(RenderMode mode) const override;
  ExprPtr WithChildren(std::vector<ExprPtr> children) const override;
  int index() const { return index_; }
  const std::string& name() const { return name_; }

 private:
  int index_;
  std::string name_;
};

class LiteralExpr final : public ExprNode {
 public:
  LiteralExpr(types::Value value, types::TypePtr type);
  Result<types::ColumnPtr> Evaluate(const types::Batch& input, EvalContext& ctx) const override;
  std::string Render(RenderMode mode) const override;
  ExprPtr WithChildren(std::vector<ExprPtr> children) const override;
  const types::Value& value() const { return value_; }
  // The value as a column of one row (built once; shared read-only by all evaluations).
  const types::ColumnPtr& one_row() const { return one_row_; }

 private:
  types::Value value_;
  types::ColumnPtr one_row_;
};

}  // namespace sluice::expr
