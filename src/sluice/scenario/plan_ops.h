#pragma once

#include <string>

#include "sluice/common/status.h"
#include "sluice/plan/logical_plan.h"
#include "sluice/scenario/scenario_file.h"

namespace sluice::scenario {

// A scenario `plan`: a JSON list of DataFrame operations whose first element is
// {"source": name} (FORMAT.md, "plan operations").

// Checks the shape of a plan and its nested plans (join right sides, union inputs):
// known operations, one per element (groupBy goes with agg), values of the right JSON
// kind. `where` prefixes messages ("plan", "plan[3].join.right"). InvalidArgument
// names the element and what is wrong. Expressions are not parsed here.
Status CheckPlanShape(const Json& plan, const std::string& where);

// Builds the unresolved logical plan with plan::PlanBuilder.
// REQUIRES: CheckPlanShape(plan) succeeded.
// Errors come from parsing expressions and building (ParseError / AnalysisError), with
// the element named ("plan[2] (where): ..."); the scenario runner treats them as
// errors of starting the query.
Result<plan::LogicalPlanPtr> BuildLogicalPlan(const Json& plan);

}  // namespace sluice::scenario
