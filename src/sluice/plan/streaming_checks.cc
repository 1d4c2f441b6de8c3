#include "sluice/plan/streaming_checks.h"

#include <functional>

namespace sluice::plan {

bool AggregateHasWatermarkKey(const PlanNode& aggregate) {
  for (size_t i = 0; i < aggregate.group_exprs.size(); ++i) {
    if (aggregate.output[i].watermark_delay_micros) return true;
  }
  return false;
}

Status CheckStreamingQuery(const PlanNode& root, OutputMode mode) {
  if (!root.streaming) return Status::OK();
  std::vector<const PlanNode*> aggregates;
  std::function<void(const PlanNode&)> collect = [&](const PlanNode& n) {
    if (n.kind == NodeKind::kAggregate && n.streaming) aggregates.push_back(&n);
    for (const auto& c : n.children) collect(*c);
  };
  collect(root);

  if (aggregates.size() > 1 && mode != OutputMode::kAppend) {
    return Status::AnalysisError(
        "Multiple streaming aggregations are not supported with streaming DataFrames/Datasets in " +
        std::string(OutputModeName(mode)) + " output mode");
  }
  if (mode == OutputMode::kComplete && aggregates.empty()) {
    return Status::AnalysisError(
        "Complete output mode not supported when there are no streaming aggregations on streaming DataFrames/Datasets");
  }
  for (const PlanNode* agg : aggregates) {
    // A session needs a key to merge under (Spark's AggUtils.planStreamingAggregationForSession).
    if (agg->session_window_key >= 0 && agg->group_exprs.size() == 1) {
      return Status::AnalysisError(
          "Global aggregation with session window in streaming query is not supported; group by at least one "
          "column besides session_window");
    }
  }
  if (mode == OutputMode::kAppend) {
    for (const PlanNode* agg : aggregates) {
      if (!AggregateHasWatermarkKey(*agg)) {
        return Status::AnalysisError(
            "Append output mode not supported when there are streaming aggregations on streaming DataFrames/DataSets "
            "without watermark");
      }
    }
  }
  // Sorting and limits: Spark allows sorting only right above an aggregation in
  // complete mode, and limits except in update mode.
  Status status;
  std::function<void(const PlanNode&, bool)> walk = [&](const PlanNode& n, bool above_aggregate) {
    if (!status.ok() || !n.streaming) return;
    if (n.kind == NodeKind::kSort && !(mode == OutputMode::kComplete && !aggregates.empty())) {
      status = Status::AnalysisError(
          "Sorting is not supported on streaming DataFrames/Datasets, unless it is on aggregated DataFrame/Dataset in "
          "Complete output mode");
      return;
    }
    if (n.kind == NodeKind::kDeduplicate && n.within_watermark) {
      bool has_watermark = false;
      for (const auto& a : n.children[0]->output) has_watermark = has_watermark || a.watermark_delay_micros.has_value();
      if (!has_watermark) {
        status = Status::AnalysisError(
            "dropDuplicatesWithinWatermark is not supported on streaming DataFrames/DataSets without watermark");
        return;
      }
    }
    if (n.kind == NodeKind::kLimit && mode == OutputMode::kUpdate) {
      status = Status::AnalysisError("Limits are not supported on streaming DataFrames/Datasets in Update output mode");
      return;
    }
    for (const auto& c : n.children) walk(*c, above_aggregate || n.kind == NodeKind::kAggregate);
  };
  walk(root, false);
  return status;
}

}  // namespace sluice::plan
