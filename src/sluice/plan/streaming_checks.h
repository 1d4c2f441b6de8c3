#pragma once

#include "sluice/common/output_mode.h"
#include "sluice/plan/plan_node.h"

namespace sluice::plan {

// Spark's UnsupportedOperationChecker for streaming queries: which operators are
// allowed in which output mode. Errors are AnalysisError with Spark's wording, so
// that users (and the conformance scenarios) recognise them.
Status CheckStreamingQuery(const PlanNode& root, OutputMode mode);

// Whether an aggregation has a grouping key carrying an event-time watermark.
bool AggregateHasWatermarkKey(const PlanNode& aggregate);

}  // namespace sluice::plan
