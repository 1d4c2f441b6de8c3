#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sluice/common/output_mode.h"
#include "sluice/common/thread_pool.h"
#include "sluice/expr/expr.h"
#include "sluice/state/state_store.h"
#include "sluice/types/batch.h"

namespace sluice::exec {

// One input partition of a micro-batch: the batches of one source read (or one
// exchange output), in order.
using Partition = std::vector<types::BatchPtr>;
// The data flowing out of an operator for one micro-batch.
using PartitionedData = std::vector<Partition>;

// Event-time statistics seen by a watermark operator in one batch (Spark's EventTimeStats).
struct EventTimeStats {
  int64_t min = INT64_MAX;
  int64_t max = INT64_MIN;
  double sum = 0;
  int64_t count = 0;
  void Add(int64_t micros) {
    min = std::min(min, micros);
    max = std::max(max, micros);
    sum += static_cast<double>(micros);
    ++count;
  }
  void Merge(const EventTimeStats& o) {
    min = std::min(min, o.min);
    max = std::max(max, o.max);
    sum += o.sum;
    count += o.count;
  }
};

// Progress of one stateful operator for one batch (Spark's StateOperatorProgress).
struct StateOperatorProgress {
  std::string operator_name;
  int64_t num_rows_total = 0;
  int64_t num_rows_updated = 0;
  int64_t num_rows_removed = 0;
  int64_t num_rows_dropped_by_watermark = 0;
  int64_t memory_used_bytes = 0;
  int64_t all_updates_time_ms = 0;
  int64_t all_removals_time_ms = 0;
  int64_t commit_time_ms = 0;
  int num_shuffle_partitions = 0;
  int num_state_store_instances = 0;
};

// Everything an operator needs for one micro-batch. Owned by the runtime.
struct BatchContext {
  int64_t batch_id = 0;
  bool streaming = true;          // false for a bounded (batch) query
  OutputMode output_mode = OutputMode::kAppend;
  // Late rows are filtered with the previous batch's watermark; eviction uses the
  // current one (Spark 3.4+). Both in microseconds; INT64_MIN when there is none.
  int64_t watermark_for_late_rows = INT64_MIN;
  int64_t watermark_for_eviction = INT64_MIN;
  expr::EvalContext eval;         // time zone, ANSI, current_timestamp
  ThreadPool* pool = nullptr;
  // Input of each streaming source for this batch, by source index (see ScanOperator).
  std::vector<PartitionedData> source_data;
  // Filled by watermark operators, by their watermark index.
  std::vector<EventTimeStats> event_time_stats;
  // Late rows (beyond Spark): the stateful operator with this id (the most upstream
  // one, id 0, when a `lateRowsSink` is set; -1: none) adds the input rows it drops
  // behind the watermark to late_rows, so a side sink can keep them.
  int late_rows_operator = -1;
  std::vector<types::BatchPtr> late_rows;
};

// The rows of `batch` not listed in `kept` (ascending indices), for the late-row side output.
types::BatchPtr RowsNotKept(const types::BatchPtr& batch, const std::vector<int32_t>& kept);

// Where stateful operators keep their state (the runtime sets this up per query run).
struct StateContext {
  // <checkpoint>/state; operator `id` partition `p` keeps its store in "<dir>/<id>/<p>".
  std::string checkpoint_state_dir;
  // The state version to load: batch N runs on version N and commits N + 1.
  int64_t version = 0;
  state::StateStoreProvider* provider = nullptr;  // null for bounded (batch) queries
};

// A physical operator. Execute is called once per micro-batch and returns that batch's
// output; stateful operators keep state across calls and persist it in CommitState.
// Operators run on the query's driver thread; they may use ctx.pool internally.
class Operator {
 public:
  virtual ~Operator() = default;

  // Loads state (stateful operators) and prepares for the first batch.
  virtual Status Open(const StateContext& state) {
    for (auto& c : children_) SLUICE_RETURN_IF_ERROR(c->Open(state));
    return Status::OK();
  }
  virtual Result<PartitionedData> Execute(BatchContext& ctx) = 0;
  // Makes this batch's state durable as version `version` (stateful operators);
  // operators with several partitions commit them on `pool` (may be null) at once.
  virtual Status CommitState(int64_t version, ThreadPool* pool) {
    for (auto& c : children_) SLUICE_RETURN_IF_ERROR(c->CommitState(version, pool));
    return Status::OK();
  }
  // Stateful operators of this subtree, most downstream first (Spark's order).
  virtual void CollectStateProgress(std::vector<StateOperatorProgress>* out) const {
    for (const auto& c : children_) c->CollectStateProgress(out);
  }
  // Whether running a batch without new data could produce output or evict state
  // once the watermark moved (Spark's shouldRunAnotherBatch).
  virtual bool NeedsNoDataBatch(int64_t new_watermark) const {
    for (const auto& c : children_) {
      if (c->NeedsNoDataBatch(new_watermark)) return true;
    }
    return false;
  }

  const std::vector<std::unique_ptr<Operator>>& children() const { return children_; }
  void AddChild(std::unique_ptr<Operator> c) { children_.push_back(std::move(c)); }

 protected:
  std::vector<std::unique_ptr<Operator>> children_;
};

using OperatorPtr = std::unique_ptr<Operator>;

// Runs `fn` on every batch of every partition (in parallel) and keeps the layout.
Result<PartitionedData> MapBatches(BatchContext& ctx, const PartitionedData& input,
                                   const std::function<Result<types::BatchPtr>(const types::BatchPtr&, expr::EvalContext&)>& fn);

// All batches of all partitions, in order, as one list.
Partition Flatten(const PartitionedData& data);
int64_t CountRows(const PartitionedData& data);

}  // namespace sluice::exec
