#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sluice/common/config.h"
#include "sluice/common/output_mode.h"
#include "sluice/exec/physical_plan.h"
#include "sluice/plan/catalog.h"
#include "sluice/plan/logical_plan.h"

namespace sluice::runtime {

// A query taken through analysis, streaming checks, optimization and physical planning.
struct PreparedQuery {
  plan::PlanPtr analyzed;
  plan::PlanPtr optimized;
  exec::PhysicalPlan physical;
};

// The evaluation settings a configuration implies (time zone, ANSI mode).
Result<expr::EvalContext> MakeEvalContext(const Config& conf);
// spark.sql.shuffle.partitions / sluice.sql.shuffle.partitions (default: 2).
Result<int> NumShufflePartitions(const Config& conf);

// Analyzes and plans `logical`. For a streaming query `mode` is its output mode and
// Spark's streaming checks apply; a bounded query passes nullopt.
Result<PreparedQuery> PrepareQuery(const plan::LogicalPlan& logical, const plan::Catalog& catalog, const Config& conf,
                                   std::optional<OutputMode> mode);

// Spark-style EXPLAIN text: the physical plan, or with `extended` the analyzed and
// optimized plans too.
std::string ExplainString(const PreparedQuery& query, bool extended);

// Runs a bounded query to completion and returns its rows. A query over a streaming
// source is an error here (Spark: it must be started with writeStream).
Result<std::vector<types::BatchPtr>> RunBatchQuery(const plan::LogicalPlan& logical, const plan::Catalog& catalog,
                                                   const Config& conf, types::SchemaPtr* schema = nullptr);

}  // namespace sluice::runtime
