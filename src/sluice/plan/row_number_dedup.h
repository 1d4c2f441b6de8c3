#pragma once

// Window functions in SQL, and the one streaming use sluice supports: deduplication
// written as Flink's ROW_NUMBER() pattern or with Databricks' QUALIFY,
//
//   SELECT ... FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY k ORDER BY ts) AS rn FROM s)
//   WHERE rn = 1
//   SELECT ... FROM s QUALIFY ROW_NUMBER() OVER (PARTITION BY k ORDER BY ts) = 1
//
// which keeps the first row to arrive per PARTITION BY key and becomes a Deduplicate node:
// - ORDER BY a single column that carries a watermark: dropDuplicatesWithinWatermark(k);
// - any other ORDER BY, or none: dropDuplicates(k).
// `rn = 1`, `1 = rn`, `rn <= 1` and `rn < 2` are recognized, ANDed with other predicates
// (which stay as a filter after the deduplication). The rn column becomes the INT literal 1.
//
// Every other window function is rejected per plan node: on a stream with Spark's
// NON_TIME_WINDOW_NOT_SUPPORTED_IN_STREAMING analysis error (plus a hint), on static tables
// with NotSupported. Streaming has no retraction, so ORDER BY ... DESC (keep the latest row)
// and rn <= N for N > 1 (top-N) cannot be answered in append mode.
//
// The SQL-side functions run in QueryToLogicalPlan (no catalog); the analysis-side ones
// run in Analyzer::Resolve, where the input's streaming flag and watermarks are known.

#include <vector>

#include "sluice/plan/expression_binder.h"
#include "sluice/plan/logical_plan.h"
#include "sluice/plan/plan_node.h"
#include "sluice/sql/ast.h"

namespace sluice::plan {

// ---- SQL side (plan/logical_plan.cc)

// When `query` is `SELECT ... FROM (subquery) [alias] WHERE ... rn = 1 ...` and rn names a
// `ROW_NUMBER() OVER (PARTITION BY ...)` item of the subquery with an ascending ORDER BY,
// returns a copy of `query` in which that conjunct became the subquery's QUALIFY (the two
// mean the same). Returns null when the pattern is absent. Never fails.
sql::QueryPtr MoveRowNumberFilterIntoSubquery(const sql::Query& query);

// The input of a SELECT block's select list once its window clauses are planned.
struct WindowedInput {
  LogicalPlanPtr plan;
  std::vector<sql::SelectItem> select;
};

// Plans QUALIFY for the SELECT block `query` (no set operation) over `input`, which holds
// its FROM and WHERE. A recognized ROW_NUMBER() ... = 1 conjunct becomes a Deduplicate node
// (row_number set) with the other conjuncts as a Filter above it, and select items holding
// that ROW_NUMBER() become `1 AS name`. An unrecognized QUALIFY stays a Filter (with select
// aliases of window items replaced by their windows) for CheckNoWindowFunctions to report.
// Errors (AnalysisError with the position): a window function in WHERE, a QUALIFY without
// one, a PARTITION BY key that is not a column.
Result<WindowedInput> PlanRowNumberDedup(const sql::Query& query, LogicalPlanPtr input, bool has_aggregate);

// ---- Analysis side (plan/analyzer.cc)

// Fails when an expression of `p` (select items, keys, HAVING, conditions, sort order)
// still holds a window function: AnalysisError NON_TIME_WINDOW_NOT_SUPPORTED_IN_STREAMING
// when an input in `children` is streaming, NotSupported otherwise. The row_number of a
// Deduplicate node is not checked: ResolveRowNumberDeduplicate handles it.
Status CheckNoWindowFunctions(const LogicalPlan& p, const std::vector<PlanPtr>& children);

// Resolves a Deduplicate node with row_number set over `child`: keys from PARTITION BY,
// within_watermark when ORDER BY is one column that carries a watermark. NotSupported when
// `child` is not streaming.
Result<PlanPtr> ResolveRowNumberDeduplicate(const LogicalPlan& p, const PlanPtr& child,
                                            const ExpressionBinder& binder);

}  // namespace sluice::plan
