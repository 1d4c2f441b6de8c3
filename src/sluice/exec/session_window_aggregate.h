#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sluice/exec/group_table.h"
#include "sluice/exec/operator.h"
#include "sluice/plan/plan_node.h"
#include "sluice/state/state_store.h"

namespace sluice::exec {

// Aggregation grouped by a session window plus other keys (Spark's MergingSessionsExec
// with SessionWindowStateStoreRestoreExec / SessionWindowStateStoreSaveExec).
//
// Input rows carry their own session [ts, ts + gap) in the session key column (added
// by the session_window Generate node). Per value of the other keys the operator keeps
// a list of disjoint sessions, sorted by start, each with its aggregate states. New
// rows join every session they overlap or touch (start <= session end), which can
// extend a session or bridge several into one; their states are merged
// (expr::AggregateFunction::Merge).
//
// Output by mode: complete — every session, every batch; append — a session once the
// watermark passes its end, then it is evicted; update (beyond Spark, which rejects it)
// — the sessions created or changed in this batch, then sessions behind the watermark
// are evicted silently. Rows whose session ends at or before the previous batch's
// watermark are dropped as late (counted per input partition as distinct key +
// session groups, as Spark counts after partial aggregation). A bounded query outputs
// every session once.
//
// State: rows are hash-partitioned by the other keys into `num_partitions` partitions,
// each with a state store at state/<operator id>/<partition>; one store entry per key
// value: key = the encoded other keys, value = the key's sessions (see
// EncodeSessions in the .cc).
class SessionWindowAggregateOperator : public Operator {
 public:
  // REQUIRES: node.kind == kAggregate and node.session_window_key >= 0.
  SessionWindowAggregateOperator(const plan::PlanNode& node, int operator_id, int num_partitions, bool streaming);
  ~SessionWindowAggregateOperator() override;

  Status Open(const StateContext& state) override;
  Result<PartitionedData> Execute(BatchContext& ctx) override;
  Status CommitState(int64_t version, ThreadPool* pool) override;
  // Reported as Spark's "sessionWindowStateStoreSaveExec"; numRowsTotal counts sessions.
  void CollectStateProgress(std::vector<StateOperatorProgress>* out) const override;
  bool NeedsNoDataBatch(int64_t new_watermark) const override;

 private:
  struct Session;
  struct PartitionState;

  Status RestorePartition(PartitionState& part) const;
  Status UpdatePartition(PartitionState& part, const std::vector<types::BatchPtr>& batches) const;
  void MergeKey(PartitionState& part, int32_t key, const int32_t* rows, int64_t num_rows, const int64_t* starts,
                const int64_t* ends, int32_t* row_slots) const;
  void Emit(PartitionState& part, const std::vector<std::pair<int32_t, Session>>& sessions, Partition* out) const;
  void EvictBehindWatermark(PartitionState& part, int64_t watermark, std::vector<std::pair<int32_t, Session>>* evicted) const;
  void CompactKeysIfSparse(PartitionState& part) const;

  std::vector<expr::ExprPtr> group_exprs_;
  std::vector<expr::AggregateCall> aggregates_;
  int session_key_;                     // index of the session window among group_exprs_
  std::vector<int> other_keys_;         // indices of the other keys among group_exprs_
  std::vector<size_t> arg_offsets_;     // first projected column of each aggregate's args
  types::SchemaPtr projected_schema_;   // other keys, session, then every aggregate's arguments
  types::SchemaPtr output_schema_;
  int operator_id_;
  int num_partitions_;
  bool streaming_;
  bool has_watermark_;                  // the session key carries a watermark delay
  std::vector<std::unique_ptr<PartitionState>> partitions_;
  state::StateStoreProvider* provider_ = nullptr;
  // Per batch, for progress and no-data batch decisions.
  int64_t last_eviction_watermark_ = INT64_MIN;
  int64_t dropped_by_watermark_ = 0;
  OutputMode mode_ = OutputMode::kAppend;
};

}  // namespace sluice::exec
