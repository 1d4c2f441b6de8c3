#pragma once

#include "sluice/common/config.h"
#include "sluice/plan/catalog.h"
#include "sluice/plan/expression_binder.h"
#include "sluice/plan/logical_plan.h"
#include "sluice/plan/plan_node.h"

namespace sluice::plan {

// Resolves an unresolved LogicalPlan against a Catalog: binds names and functions,
// computes types, expands '*', plans aggregations (keys + aggregate calls + a projection
// of the select list) and checks what Spark's analyzer checks. Errors are
// AnalysisError with Spark's key wording and the SQL position.
class Analyzer {
 public:
  Analyzer(const Catalog& catalog, const Config& conf) : catalog_(catalog), conf_(conf) {}

  Result<PlanPtr> Analyze(const LogicalPlan& plan);

 private:
  Result<PlanPtr> Resolve(const LogicalPlan& p, int depth);
  Result<PlanPtr> ResolveRelation(const LogicalPlan& p, int depth);
  Result<PlanPtr> ResolveProject(const LogicalPlan& p, PlanPtr child);
  Result<PlanPtr> ResolveAggregate(const LogicalPlan& p, PlanPtr child);
  Result<PlanPtr> ResolveJoin(const LogicalPlan& p, PlanPtr left, PlanPtr right);
  Result<PlanPtr> ResolveUnion(const LogicalPlan& p, std::vector<PlanPtr> children);
  Result<PlanPtr> ResolveSort(const LogicalPlan& p, PlanPtr child);
  Result<PlanPtr> ResolveWatermark(const LogicalPlan& p, PlanPtr child);
  Result<PlanPtr> ResolveDeduplicate(const LogicalPlan& p, PlanPtr child);
  Result<PlanPtr> ResolveWithColumns(const LogicalPlan& p, PlanPtr child);
  Result<PlanPtr> ResolveRename(const LogicalPlan& p, PlanPtr child);
  Result<PlanPtr> ResolveDistinct(PlanPtr child);

  const Catalog& catalog_;
  const Config& conf_;
  ExpressionBinder binder_;
};

}  // namespace sluice::plan
