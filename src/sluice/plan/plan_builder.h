#pragma once

#include <string>
#include <utility>
#include <vector>

#include "sluice/plan/logical_plan.h"

namespace sluice::plan {

// DataFrame operations as logical plan builders, shared by the C++ DataFrame API and
// the scenario runner's `plan` steps. Expression arguments are parsed SQL (as
// Spark's expr()/selectExpr()); unresolved names are reported at analysis.
class PlanBuilder {
 public:
  explicit PlanBuilder(LogicalPlanPtr plan) : plan_(std::move(plan)) {}
  static PlanBuilder Table(const std::string& name) { return PlanBuilder(MakeRelation(name)); }

  const LogicalPlanPtr& plan() const { return plan_; }

  PlanBuilder Select(std::vector<sql::SelectItem> items) const;
  // selectExpr("value % 10 AS category", ...).
  Result<PlanBuilder> SelectExpr(const std::vector<std::string>& exprs) const;
  PlanBuilder Where(sql::ExprPtr condition) const;
  Result<PlanBuilder> Where(const std::string& condition) const;
  PlanBuilder WithColumn(const std::string& name, sql::ExprPtr value) const;
  PlanBuilder WithColumnRenamed(const std::string& from, const std::string& to) const;
  // withWatermark("eventTime", "10 seconds").
  Result<PlanBuilder> WithWatermark(const std::string& column, const std::string& delay) const;
  // dropDuplicates(columns); empty = all columns.
  PlanBuilder DropDuplicates(std::vector<std::string> columns, bool within_watermark = false) const;
  // groupBy(keys).agg(aggregates): output is the keys, then the aggregates.
  PlanBuilder GroupByAgg(std::vector<sql::SelectItem> keys, std::vector<sql::SelectItem> aggregates) const;
  Result<PlanBuilder> GroupByAgg(const std::vector<std::string>& keys, const std::vector<std::string>& aggregates) const;
  // join(right, on, how); how is Spark's name: inner, left, left_outer, right, full, left_semi, left_anti, cross ...
  Result<PlanBuilder> Join(const PlanBuilder& right, sql::ExprPtr on, const std::string& how) const;
  Result<PlanBuilder> JoinUsing(const PlanBuilder& right, std::vector<std::string> columns, const std::string& how) const;
  PlanBuilder Alias(const std::string& alias) const;
  PlanBuilder Union(const PlanBuilder& other) const;
  Result<PlanBuilder> OrderBy(const std::vector<std::string>& order) const;
  PlanBuilder OrderBy(std::vector<sql::OrderItem> order) const;
  PlanBuilder Limit(int64_t n) const;
  PlanBuilder Repartition(int64_t n) const;
  PlanBuilder Distinct() const;

  // Spark's join type names (case-insensitive, '_' optional): "inner", "left", "leftouter", ...
  static Result<sql::JoinType> ParseJoinType(const std::string& how);

 private:
  LogicalPlanPtr plan_;
};

}  // namespace sluice::plan
