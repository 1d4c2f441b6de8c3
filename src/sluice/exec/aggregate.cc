#include "sluice/exec/aggregate.h"

#include <chrono>
#include <unordered_set>

#include "sluice/exec/basic_operators.h"
#include "sluice/expr/aggregates/aggregates.h"
#include "sluice/expr/functions/window_functions.h"
#include "sluice/types/row_codec.h"

namespace sluice::exec {

struct AggregateOperator::PartitionState {
  int index = 0;
  std::unique_ptr<GroupTable> table;
  std::vector<types::ColumnPtr> key_columns;  // key values of each group, by group id
  std::vector<std::unique_ptr<expr::AggregateFunction>> functions;
  std::vector<uint8_t> alive;
  std::vector<uint8_t> updated;               // changed in the current batch
  std::vector<int32_t> updated_list;
  std::vector<int32_t> removed;              // evicted in the current batch
  int64_t num_alive = 0;
  std::unique_ptr<state::StateStore> store;
  int64_t num_updated = 0;                    // last batch, for progress
  int64_t num_removed = 0;
  int64_t commit_ms = 0;
  std::vector<int32_t> group_ids;             // scratch
  std::vector<int32_t> new_group_rows;        // scratch
};

namespace {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// The event-time values of an event-time key: the key itself, or a window's end (a
// window is late or evictable once its end is at or below the watermark).
const types::Column& EventTimeOf(const types::Column& key) {
  return key.type_id() == types::TypeId::kStruct ? *key.child(1) : key;
}

inline bool IsBehindWatermark(const types::Column& key, const types::Column& time, int64_t row, int64_t watermark) {
  return !key.IsNull(row) && !time.IsNull(row) && time.data<int64_t>()[row] <= watermark;
}

// True when some row of `key` may be at or behind `watermark`: one branch-free pass
// over the times, so that batches without late rows (the usual case) cost no more.
bool MayHaveLateRows(const types::Column& key, int64_t n, int64_t watermark) {
  const int64_t* time = EventTimeOf(key).data<int64_t>();
  int64_t num_behind = 0;
  for (int64_t i = 0; i < n; ++i) num_behind += time[i] <= watermark;
  return num_behind > 0;  // NULL rows hold 0 and may count here; the caller checks them
}

}  // namespace

AggregateOperator::AggregateOperator(const plan::PlanNode& node, int operator_id, int num_partitions, bool streaming,
                                     const plan::PlanNode* window_generate)
    : group_exprs_(node.group_exprs),
      aggregates_(node.aggregates),
      output_schema_(node.OutputSchema()),
      operator_id_(operator_id),
      num_partitions_(std::max(1, num_partitions)),
      streaming_(streaming) {
  if (window_generate != nullptr) {
    window_generator_ = window_generate->generator;
    window_ = dynamic_cast<const expr::TimeWindowExpr*>(window_generator_.get());
    generated_schema_ = window_generate->OutputSchema();
  }
  std::vector<types::StructField> fields;
  for (size_t k = 0; k < group_exprs_.size(); ++k) {
    fields.push_back({"k" + std::to_string(k), group_exprs_[k]->type(), true});
    if (node.output[k].watermark_delay_micros && event_time_key_ < 0) event_time_key_ = static_cast<int>(k);
  }
  for (const auto& a : aggregates_) {
    arg_offsets_.push_back(fields.size());
    for (const auto& arg : a.args) fields.push_back({"a" + std::to_string(fields.size()), arg->type(), true});
  }
  projected_schema_ = std::make_shared<types::Schema>(std::move(fields));
}

AggregateOperator::~AggregateOperator() = default;

Status AggregateOperator::Open(const StateContext& state) {
  SLUICE_RETURN_IF_ERROR(Operator::Open(state));
  provider_ = state.provider;
  state_dir_ = state.checkpoint_state_dir;
  partitions_.clear();
  std::vector<types::TypePtr> key_types;
  for (const auto& g : group_exprs_) key_types.push_back(g->type());
  for (int p = 0; p < num_partitions_; ++p) {
    auto part = std::make_unique<PartitionState>();
    part->index = p;
    part->table = std::make_unique<GroupTable>(key_types);
    for (const auto& g : group_exprs_) part->key_columns.push_back(std::make_shared<types::Column>(g->type()));
    for (const auto& a : aggregates_) part->functions.push_back(a.create());
    if (streaming_ && provider_) {
      std::string dir = state_dir_ + "/" + std::to_string(operator_id_) + "/" + std::to_string(p);
      SLUICE_ASSIGN_OR_RETURN(part->store, provider_->Load(dir, state.version));
      SLUICE_RETURN_IF_ERROR(RestorePartition(*part));
    }
    partitions_.push_back(std::move(part));
  }
  return Status::OK();
}

Status AggregateOperator::RestorePartition(PartitionState& part) {
  Status status;
  part.store->ForEach([&](std::string_view key, std::string_view value) {
    if (!status.ok()) return;
    int32_t g = part.table->InsertEncoded(key);
    std::string_view in = key;
    for (auto& c : part.key_columns) {
      Status s = types::DecodeValueInto(&in, c.get());
      if (!s.ok()) {
        status = s.WithContext("state store " + part.store->dir() + ": key");
        return;
      }
    }
    for (auto& f : part.functions) {
      f->Resize(g + 1);
      Status s = f->DeserializeState(g, &value);
      if (!s.ok()) {
        status = s.WithContext("state store " + part.store->dir() + ": value");
        return;
      }
    }
    part.alive.push_back(1);
    part.updated.push_back(0);
    ++part.num_alive;
  });
  return status;
}

Result<types::BatchPtr> AggregateOperator::Project(const types::Batch& input, expr::EvalContext& eval) const {
  std::vector<types::ColumnPtr> cols;
  cols.reserve(projected_schema_->num_fields());
  for (const auto& g : group_exprs_) {
    SLUICE_ASSIGN_OR_RETURN(types::ColumnPtr c, g->Evaluate(input, eval));
    cols.push_back(std::move(c));
  }
  for (const auto& a : aggregates_) {
    for (const auto& arg : a.args) {
      SLUICE_ASSIGN_OR_RETURN(types::ColumnPtr c, arg->Evaluate(input, eval));
      cols.push_back(std::move(c));
    }
  }
  return std::make_shared<types::Batch>(projected_schema_, std::move(cols), input.num_rows());
}

void AggregateOperator::UpdateGroups(PartitionState& part, const types::Batch& batch) const {
  const int64_t n = batch.num_rows();
  if (n == 0) return;
  std::vector<types::ColumnPtr> keys(batch.columns().begin(), batch.columns().begin() + group_exprs_.size());
  part.group_ids.resize(n);
  part.new_group_rows.clear();
  part.table->FindOrInsert(keys, n, part.group_ids.data(), &part.new_group_rows);
  if (!part.new_group_rows.empty()) {
    const int64_t total = part.table->num_groups();
    for (int32_t row : part.new_group_rows) {
      for (size_t k = 0; k < keys.size(); ++k) part.key_columns[k]->AppendFrom(*keys[k], row);
    }
    for (auto& f : part.functions) f->Resize(total);
    part.alive.resize(total, 1);
    part.updated.resize(total, 0);
    part.num_alive += static_cast<int64_t>(part.new_group_rows.size());
  }
  std::vector<types::ColumnPtr> args;
  for (size_t a = 0; a < aggregates_.size(); ++a) {
    args.clear();
    for (size_t j = 0; j < aggregates_[a].args.size(); ++j) args.push_back(batch.column(arg_offsets_[a] + j));
    part.functions[a]->Update(part.group_ids.data(), args, n);
  }
  for (int64_t i = 0; i < n; ++i) {
    const int32_t g = part.group_ids[i];
    if (!part.updated[g]) {
      part.updated[g] = 1;
      part.updated_list.push_back(g);
    }
  }
}

Status AggregateOperator::UpdateGenerated(PartitionState& part, const types::Batch& input,
                                          expr::EvalContext& eval) const {
  // Chunks of about kGeneratedChunkRows window rows: each chunk's windows, keys and
  // arguments stay in cache from Generate to the group table.
  constexpr int64_t kGeneratedChunkRows = 4096;
  const int64_t chunk = std::max<int64_t>(1, kGeneratedChunkRows / window_->max_windows_per_row());
  const int64_t n = input.num_rows();
  for (int64_t begin = 0; begin < n; begin += chunk) {
    types::BatchPtr rows = input.Slice(begin, std::min(chunk, n - begin));
    SLUICE_ASSIGN_OR_RETURN(types::BatchPtr generated,
                            GenerateOperator::GenerateBatch(*window_, generated_schema_, *rows, eval));
    SLUICE_ASSIGN_OR_RETURN(types::BatchPtr projected, Project(*generated, eval));
    UpdateGroups(part, *projected);
  }
  return eval.error;
}

void AggregateOperator::EmitGroups(PartitionState& part, const std::vector<int32_t>& groups, Partition* out) const {
  if (groups.empty()) return;
  std::vector<types::ColumnPtr> cols;
  for (const auto& k : part.key_columns) cols.push_back(k->Gather(groups.data(), static_cast<int64_t>(groups.size())));
  for (size_t a = 0; a < aggregates_.size(); ++a) {
    auto c = std::make_shared<types::Column>(aggregates_[a].result_type);
    c->Reserve(static_cast<int64_t>(groups.size()));
    part.functions[a]->Finalize(groups.data(), static_cast<int64_t>(groups.size()), c.get());
    cols.push_back(c);
  }
  out->push_back(std::make_shared<types::Batch>(output_schema_, std::move(cols), static_cast<int64_t>(groups.size())));
}

void AggregateOperator::EvictBehindWatermark(PartitionState& part, int64_t watermark,
                                             std::vector<int32_t>* evicted) const {
  const types::Column& key = *part.key_columns[event_time_key_];
  const types::Column& time = EventTimeOf(key);
  for (int32_t g = 0; g < static_cast<int32_t>(part.alive.size()); ++g) {
    if (part.alive[g] && IsBehindWatermark(key, time, g, watermark)) evicted->push_back(g);
  }
}

void AggregateOperator::CompactIfSparse(PartitionState& part) const {
  int64_t total = part.table->num_groups();
  if (total < 1024 || part.num_alive * 2 > total) return;
  std::vector<int32_t> remap;
  part.table->Compact(part.alive, &remap);
  std::vector<int32_t> kept;
  for (int32_t g = 0; g < static_cast<int32_t>(remap.size()); ++g) {
    if (remap[g] >= 0) kept.push_back(g);
  }
  for (auto& c : part.key_columns) c = c->Gather(kept.data(), static_cast<int64_t>(kept.size()));
  // Move the surviving states into fresh functions.
  for (size_t a = 0; a < part.functions.size(); ++a) {
    auto fresh = aggregates_[a].create();
    fresh->Resize(static_cast<int64_t>(kept.size()));
    for (size_t i = 0; i < kept.size(); ++i) fresh->CopyState(static_cast<int32_t>(i), *part.functions[a], kept[i]);
    part.functions[a] = std::move(fresh);
  }
  part.alive.assign(kept.size(), 1);
  part.updated.assign(kept.size(), 0);
}

Result<PartitionedData> AggregateOperator::Execute(BatchContext& ctx) {
  mode_ = ctx.output_mode;
  SLUICE_ASSIGN_OR_RETURN(PartitionedData input, children_[0]->Execute(ctx));
  Partition batches = Flatten(input);
  if (partitions_.empty()) SLUICE_RETURN_IF_ERROR(Open(StateContext{}));

  // Stage 1, per input batch: evaluate keys and arguments, drop late rows (counting
  // late groups per input partition, as Spark does after partial aggregation), and
  // split by key hash. With a window to generate, a batch that can have no late rows
  // and needs no split goes to stage 2 as it is, to be generated there chunk by
  // chunk; any other batch is generated here in full.
  std::vector<StageInput> split(batches.size());
  std::vector<int64_t> dropped(batches.size(), 0);
  std::vector<types::BatchPtr> late(batches.size());
  std::vector<Status> errors(batches.size());
  const bool filter_late =
      streaming_ && event_time_key_ >= 0 && ctx.watermark_for_late_rows != INT64_MIN && mode_ != OutputMode::kComplete;
  auto stage1 = [&](int i) -> Status {
    expr::EvalContext eval = ctx.eval;
    types::BatchPtr input = batches[i];
    if (window_ != nullptr) {
      bool defer = num_partitions_ == 1;
      if (defer && filter_late) {
        // Every window of a row ends after its time: rows at or after the watermark
        // cannot be late.
        SLUICE_ASSIGN_OR_RETURN(types::ColumnPtr time, window_->time()->Evaluate(*input, eval));
        defer = !MayHaveLateRows(*time, input->num_rows(), ctx.watermark_for_late_rows - 1);
      }
      if (defer) {
        split[i].generate = input;
        return Status::OK();
      }
      SLUICE_ASSIGN_OR_RETURN(input, GenerateOperator::GenerateBatch(*window_, generated_schema_, *input, eval));
    }
    SLUICE_ASSIGN_OR_RETURN(types::BatchPtr projected, Project(*input, eval));
    SLUICE_RETURN_IF_ERROR(eval.error);
    if (filter_late && MayHaveLateRows(*projected->column(event_time_key_), projected->num_rows(),
                                       ctx.watermark_for_late_rows)) {
      const types::Column& key = *projected->column(event_time_key_);
      const types::Column& time = EventTimeOf(key);
      std::vector<int32_t> keep;
      std::unordered_set<std::string> late_keys;
      std::string buf;
      for (int64_t r = 0; r < projected->num_rows(); ++r) {
        if (IsBehindWatermark(key, time, r, ctx.watermark_for_late_rows)) {
          buf.clear();
          for (size_t k = 0; k < group_exprs_.size(); ++k) types::EncodeValue(*projected->column(k), r, &buf);
          late_keys.insert(buf);
        } else {
          keep.push_back(static_cast<int32_t>(r));
        }
      }
      dropped[i] = static_cast<int64_t>(late_keys.size());
      if (!late_keys.empty()) {
        projected = projected->Gather(keep);
        if (ctx.late_rows_operator == operator_id_) late[i] = RowsNotKept(input, keep);
      }
    }
    if (num_partitions_ == 1) {
      split[i].projected = {projected};
    } else {
      std::vector<types::ColumnPtr> keys(projected->columns().begin(), projected->columns().begin() + group_exprs_.size());
      split[i].projected = ExchangeOperator::Split(projected, keys, num_partitions_);
    }
    return Status::OK();
  };
  auto run_stage1 = [&](int i) { errors[i] = stage1(i); };
  if (ctx.pool && batches.size() > 1) {
    ctx.pool->ParallelFor(static_cast<int>(batches.size()), run_stage1);
  } else {
    for (size_t i = 0; i < batches.size(); ++i) run_stage1(static_cast<int>(i));
  }
  for (const auto& e : errors) SLUICE_RETURN_IF_ERROR(e);
  dropped_by_watermark_ = 0;
  for (int64_t d : dropped) dropped_by_watermark_ += d;
  for (auto& l : late) {
    if (l) ctx.late_rows.push_back(std::move(l));
  }

  // Stage 2, per key partition: update groups and produce this mode's output.
  PartitionedData output(num_partitions_);
  std::vector<Status> part_errors(num_partitions_);
  const int64_t evict_wm = ctx.watermark_for_eviction;
  auto stage2 = [&](int p) {
    PartitionState& part = *partitions_[p];
    for (size_t i = 0; i < split.size(); ++i) {
      if (split[i].generate) {
        expr::EvalContext eval = ctx.eval;
        part_errors[p] = UpdateGenerated(part, *split[i].generate, eval);
        if (!part_errors[p].ok()) return;
      } else {
        UpdateGroups(part, *split[i].projected[p]);
      }
    }
    if (ctx.eval.ansi) {
      // Spark 4 (ANSI) fails a query whose sum overflows.
      for (const auto& f : part.functions) {
        Status overflow = expr::AggregateRuntimeError(*f);
        if (!overflow.ok()) {
          part_errors[p] = overflow;
          return;
        }
      }
    }
    Partition& out = output[p];
    std::vector<int32_t> evicted;
    bool can_evict = streaming_ && event_time_key_ >= 0 && evict_wm != INT64_MIN && mode_ != OutputMode::kComplete;
    if (can_evict) EvictBehindWatermark(part, evict_wm, &evicted);
    if (!streaming_ || mode_ == OutputMode::kComplete) {
      std::vector<int32_t> all;
      for (int32_t g = 0; g < static_cast<int32_t>(part.alive.size()); ++g) {
        if (part.alive[g]) all.push_back(g);
      }
      if (!streaming_ && all.empty() && group_exprs_.empty() && p == 0) {
        // A global aggregate over no rows still returns one row (count 0, sum NULL).
        for (auto& f : part.functions) f->Resize(1);
        std::vector<int32_t> zero{0};
        EmitGroups(part, zero, &out);
        return;
      }
      EmitGroups(part, all, &out);
    } else if (mode_ == OutputMode::kUpdate) {
      EmitGroups(part, part.updated_list, &out);
    } else {
      EmitGroups(part, evicted, &out);
    }
    part.num_removed = static_cast<int64_t>(evicted.size());
    for (int32_t g : evicted) {
      part.alive[g] = 0;
      --part.num_alive;
    }
    part.removed.insert(part.removed.end(), evicted.begin(), evicted.end());
  };
  if (ctx.pool && num_partitions_ > 1) {
    ctx.pool->ParallelFor(num_partitions_, stage2);
  } else {
    for (int p = 0; p < num_partitions_; ++p) stage2(p);
  }
  for (const auto& e : part_errors) SLUICE_RETURN_IF_ERROR(e);
  if (evict_wm != INT64_MIN) last_eviction_watermark_ = std::max(last_eviction_watermark_, evict_wm);
  return output;
}

Status AggregateOperator::CommitState(int64_t version, ThreadPool* pool) {
  SLUICE_RETURN_IF_ERROR(Operator::CommitState(version, pool));
  std::vector<Status> errors(partitions_.size());
  // Partitions commit independently (each its own store and files), so their writes and
  // syncs overlap on the pool.
  auto commit_partition = [&](int p) {
    PartitionState& part = *partitions_[p];
    int64_t start = NowMs();
    part.num_updated = 0;
    if (part.store) {
      std::string key, value;
      for (int32_t g : part.updated_list) {
        if (!part.alive[g]) continue;
        key.clear();
        part.table->AppendEncodedKey(g, &key);
        value.clear();
        for (const auto& f : part.functions) f->SerializeState(g, &value);
        part.store->Put(key, value);
        ++part.num_updated;
      }
      for (int32_t g : part.removed) {
        key.clear();
        part.table->AppendEncodedKey(g, &key);
        part.store->Remove(key);
      }
      errors[p] = part.store->Commit();
    } else {
      for (int32_t g : part.updated_list) part.num_updated += part.alive[g];
    }
    for (int32_t g : part.updated_list) part.updated[g] = 0;
    part.updated_list.clear();
    part.removed.clear();
    CompactIfSparse(part);
    part.commit_ms = NowMs() - start;
  };
  if (pool && partitions_.size() > 1) {
    pool->ParallelFor(static_cast<int>(partitions_.size()), commit_partition);
  } else {
    for (size_t p = 0; p < partitions_.size(); ++p) commit_partition(static_cast<int>(p));
  }
  for (const auto& e : errors) SLUICE_RETURN_IF_ERROR(e);
  return Status::OK();
}

void AggregateOperator::CollectStateProgress(std::vector<StateOperatorProgress>* out) const {
  StateOperatorProgress p;
  p.operator_name = "stateStoreSave";
  p.num_shuffle_partitions = num_partitions_;
  p.num_state_store_instances = num_partitions_;
  p.num_rows_dropped_by_watermark = dropped_by_watermark_;
  for (const auto& part : partitions_) {
    p.num_rows_total += part->num_alive;
    p.num_rows_updated += part->num_updated;
    p.num_rows_removed += part->num_removed;
    p.commit_time_ms += part->commit_ms;
    if (part->store) {
      p.memory_used_bytes += part->store->MemoryBytes();
    } else {
      p.memory_used_bytes += part->table->MemoryBytes();
      for (const auto& f : part->functions) p.memory_used_bytes += f->MemoryBytes();
    }
  }
  out->push_back(p);
  Operator::CollectStateProgress(out);
}

bool AggregateOperator::NeedsNoDataBatch(int64_t new_watermark) const {
  if (streaming_ && event_time_key_ >= 0 && mode_ != OutputMode::kComplete && new_watermark != INT64_MIN &&
      new_watermark > last_eviction_watermark_) {
    return true;
  }
  return Operator::NeedsNoDataBatch(new_watermark);
}

}  // namespace sluice::exec
