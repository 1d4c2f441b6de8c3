#pragma once

#include <string>
#include <vector>

#include "sluice/expr/function_registry.h"
#include "sluice/plan/plan_node.h"
#include "sluice/sql/ast.h"

namespace sluice::plan {

// State for binding the select list, HAVING and ORDER BY of an aggregation: group keys
// resolve to the aggregate's key columns and aggregate calls are collected.
struct AggregateScope {
  const std::vector<Attribute>* input = nullptr;  // the aggregation's child output
  std::vector<expr::ExprPtr> group_exprs;         // bound over input
  std::vector<Attribute> keys;                    // the key columns' attributes
  std::vector<expr::AggregateCall> aggregates;    // collected calls, deduplicated
  // Select-list aliases HAVING may refer to (Spark resolves HAVING against them).
  std::vector<sql::SelectItem> select_items;
};

// Binds SQL expression ASTs to typed expressions over a list of columns (STYLE.md §5:
// unknown names list what is available, with the SQL position).
class ExpressionBinder {
 public:
  // Binds `e` over `scope` (column i of the scope is input column i).
  Result<expr::ExprPtr> Bind(const sql::Expr& e, const std::vector<Attribute>& scope) const;

  // Binds `e` over the output of an aggregation (keys, then aggregate results): group
  // expressions become key references, aggregate calls are added to `agg`.
  Result<expr::ExprPtr> BindAggregateOutput(const sql::Expr& e, AggregateScope& agg) const;

  // Resolves a (possibly qualified) column name to an index in `scope`; errors name the
  // missing column and suggest the closest ones.
  Result<int> ResolveColumnIndex(const std::vector<std::string>& parts, const std::vector<Attribute>& scope,
                                 sql::Position pos) const;

 private:
  Result<expr::ExprPtr> BindImpl(const sql::Expr& e, const std::vector<Attribute>& scope, AggregateScope* agg) const;
  Result<expr::ExprPtr> BindColumn(const sql::Expr& e, const std::vector<Attribute>& scope, AggregateScope* agg) const;
  Result<expr::ExprPtr> BindFunction(const sql::Expr& e, const std::vector<Attribute>& scope, AggregateScope* agg) const;
};

// "(line 1, column 8)" or "" for an unknown position.
std::string PositionSuffix(sql::Position pos);
// Up to `max` candidates closest to `name` by edit distance (case-insensitive).
std::vector<std::string> ClosestNames(const std::string& name, const std::vector<std::string>& candidates, size_t max);

}  // namespace sluice::plan
