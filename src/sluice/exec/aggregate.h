#pragma once

#include <memory>
#include <vector>

#include "sluice/exec/group_table.h"
#include "sluice/exec/operator.h"
#include "sluice/plan/plan_node.h"
#include "sluice/state/state_store.h"

namespace sluice::expr {
class TimeWindowExpr;
}  // namespace sluice::expr

namespace sluice::exec {

// Hash aggregation. In a streaming query it is stateful (Spark's StateStoreRestore /
// StateStoreSave pair): groups live across batches in memory, changed groups are
// written to the partition's state store at commit, and the output depends on the
// output mode — complete: every group; update: groups changed in this batch; append:
// groups whose event-time key fell behind the watermark, emitted once and evicted.
// In a bounded query it aggregates all input and outputs every group once.
//
// Rows are hash-partitioned by key into `num_partitions` partitions, each with its own
// groups and state store (state/<operator id>/<partition>), processed in parallel.
//
// Grouped by a tumbling or sliding window() (`window_generate`: the Generate node that
// appends the window column, used only as a grouping key), the operator's child is
// that node's input and the operator generates the windows itself: with one partition,
// a batch that can have no late rows is generated a few thousand rows at a time right
// before its groups are updated (Spark fuses Expand into the aggregation in the same
// way), so the window rows are never materialized for a whole batch.
class AggregateOperator : public Operator {
 public:
  AggregateOperator(const plan::PlanNode& node, int operator_id, int num_partitions, bool streaming,
                    const plan::PlanNode* window_generate = nullptr);
  ~AggregateOperator() override;

  Status Open(const StateContext& state) override;
  Result<PartitionedData> Execute(BatchContext& ctx) override;
  Status CommitState(int64_t version, ThreadPool* pool) override;
  void CollectStateProgress(std::vector<StateOperatorProgress>* out) const override;
  bool NeedsNoDataBatch(int64_t new_watermark) const override;

 private:
  struct PartitionState;

  // What stage 1 passes on for one input batch: its projected rows per key partition,
  // or (with a window to generate) the input batch itself.
  struct StageInput {
    std::vector<types::BatchPtr> projected;
    types::BatchPtr generate;
  };

  Status RestorePartition(PartitionState& part);
  // The keys, then every aggregate's arguments, of `input` (projected_schema_).
  Result<types::BatchPtr> Project(const types::Batch& input, expr::EvalContext& eval) const;
  // Finds or adds the groups of projected rows and updates their aggregates.
  void UpdateGroups(PartitionState& part, const types::Batch& projected) const;
  // Generates the windows of `input` chunk by chunk, then as UpdateGroups.
  Status UpdateGenerated(PartitionState& part, const types::Batch& input, expr::EvalContext& eval) const;
  void EmitGroups(PartitionState& part, const std::vector<int32_t>& groups, Partition* out) const;
  void EvictBehindWatermark(PartitionState& part, int64_t watermark, std::vector<int32_t>* evicted) const;
  void CompactIfSparse(PartitionState& part) const;

  expr::ExprPtr window_generator_;                 // owns window_
  const expr::TimeWindowExpr* window_ = nullptr;   // the window to generate, if any
  types::SchemaPtr generated_schema_;              // the input plus the window column
  std::vector<expr::ExprPtr> group_exprs_;
  std::vector<expr::AggregateCall> aggregates_;
  std::vector<size_t> arg_offsets_;     // first projected column of each aggregate's args
  types::SchemaPtr projected_schema_;   // keys, then every aggregate's arguments
  types::SchemaPtr output_schema_;
  int operator_id_;
  int num_partitions_;
  bool streaming_;
  int event_time_key_ = -1;             // index of the watermarked key, -1 if none
  std::vector<std::unique_ptr<PartitionState>> partitions_;
  state::StateStoreProvider* provider_ = nullptr;
  std::string state_dir_;
  // Per batch, for progress and no-data batch decisions.
  int64_t last_eviction_watermark_ = INT64_MIN;
  int64_t dropped_by_watermark_ = 0;
  OutputMode mode_ = OutputMode::kAppend;
};

}  // namespace sluice::exec
