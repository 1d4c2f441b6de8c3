#pragma once

#include <unordered_map>

#include "sluice/exec/operator.h"
#include "sluice/plan/plan_node.h"

namespace sluice::exec {

// dropDuplicates / dropDuplicatesWithinWatermark (Spark's StreamingDeduplicateExec).
// Keeps the first row of each key. Without an event-time column among the keys the
// keys are kept forever; with one, keys behind the watermark are evicted and late
// rows dropped. Within-watermark dedup keeps each key until its first row's event
// time plus the delay falls behind the watermark.
class DeduplicateOperator : public Operator {
 public:
  DeduplicateOperator(const plan::PlanNode& node, int operator_id, bool streaming);
  Status Open(const StateContext& state) override;
  Result<PartitionedData> Execute(BatchContext& ctx) override;
  Status CommitState(int64_t version, ThreadPool* pool) override;
  void CollectStateProgress(std::vector<StateOperatorProgress>* out) const override;
  bool NeedsNoDataBatch(int64_t new_watermark) const override;

 private:
  std::vector<int> key_columns_;
  bool within_watermark_;
  int event_time_column_ = -1;        // a watermarked column (among the keys unless within-watermark)
  int64_t delay_micros_ = 0;
  int operator_id_;
  bool streaming_;
  std::unique_ptr<state::StateStore> store_;
  std::unordered_map<std::string, int64_t> seen_;  // key -> expiry (event time) or INT64_MAX
  std::vector<std::string> added_, removed_;
  int64_t last_eviction_watermark_ = INT64_MIN;
  int64_t dropped_ = 0, num_updated_ = 0, num_removed_ = 0;
};

}  // namespace sluice::exec
