#include "sluice/exec/session_window_aggregate.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <numeric>
#include <unordered_set>

#include "sluice/exec/basic_operators.h"
#include "sluice/expr/aggregates/aggregates.h"
#include "sluice/types/row_codec.h"

namespace sluice::exec {

struct SessionWindowAggregateOperator::Session {
  int64_t start = 0;
  int64_t end = 0;
  int32_t slot = -1;     // the aggregate states of the session
  bool changed = false;  // created, extended or merged in the current batch
};

struct SessionWindowAggregateOperator::PartitionState {
  int index = 0;
  std::unique_ptr<GroupTable> keys;             // other keys -> key id
  std::vector<types::ColumnPtr> key_columns;    // other key values, by key id
  std::vector<std::vector<Session>> sessions;   // by key id: disjoint, sorted by start
  std::vector<uint8_t> dirty;                   // the key's sessions changed since the last commit
  std::vector<int32_t> dirty_list;
  std::vector<std::unique_ptr<expr::AggregateFunction>> functions;  // states by slot
  int32_t num_slots = 0;
  int32_t slot_capacity = 0;
  std::vector<int32_t> free_slots;
  std::vector<Session> scratch;               // MergeKey's output buffer, reused across keys
  int64_t num_sessions = 0;
  std::unique_ptr<state::StateStore> store;
  int64_t num_updated = 0;  // last batch, for progress
  int64_t num_removed = 0;
  int64_t commit_ms = 0;

  int32_t AllocSlot() {
    if (!free_slots.empty()) {
      int32_t slot = free_slots.back();
      free_slots.pop_back();
      return slot;
    }
    if (num_slots == slot_capacity) {
      slot_capacity = std::max<int32_t>(64, slot_capacity * 2);
      for (auto& f : functions) f->Resize(slot_capacity);
    }
    return num_slots++;
  }

  void FreeSlot(int32_t slot) {
    for (auto& f : functions) f->Clear(slot);
    free_slots.push_back(slot);
  }

  void MarkDirty(int32_t key) {
    if (!dirty[key]) {
      dirty[key] = 1;
      dirty_list.push_back(key);
    }
  }
};

namespace {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

void PutInt64(int64_t v, std::string* out) { out->append(reinterpret_cast<const char*>(&v), sizeof(v)); }

bool GetInt64(std::string_view* in, int64_t* v) {
  if (in->size() < sizeof(int64_t)) return false;
  std::memcpy(v, in->data(), sizeof(int64_t));
  in->remove_prefix(sizeof(int64_t));
  return true;
}

// A session's end: field 1 of the session struct.
const int64_t* SessionEnds(const types::Column& session) { return session.child(1)->data<int64_t>(); }

}  // namespace

SessionWindowAggregateOperator::SessionWindowAggregateOperator(const plan::PlanNode& node, int operator_id,
                                                               int num_partitions, bool streaming)
    : group_exprs_(node.group_exprs),
      aggregates_(node.aggregates),
      session_key_(node.session_window_key),
      output_schema_(node.OutputSchema()),
      operator_id_(operator_id),
      num_partitions_(std::max(1, num_partitions)),
      streaming_(streaming),
      has_watermark_(node.output[node.session_window_key].watermark_delay_micros.has_value()) {
  std::vector<types::StructField> fields;
  for (size_t k = 0; k < group_exprs_.size(); ++k) {
    if (static_cast<int>(k) == session_key_) continue;
    other_keys_.push_back(static_cast<int>(k));
    fields.push_back({"k" + std::to_string(k), group_exprs_[k]->type(), true});
  }
  fields.push_back({"session", group_exprs_[session_key_]->type(), true});
  for (const auto& a : aggregates_) {
    arg_offsets_.push_back(fields.size());
    for (const auto& arg : a.args) fields.push_back({"a" + std::to_string(fields.size()), arg->type(), true});
  }
  projected_schema_ = std::make_shared<types::Schema>(std::move(fields));
  // Without other keys every session lives in one partition (Spark's single-partition exchange).
  if (other_keys_.empty()) num_partitions_ = 1;
}

SessionWindowAggregateOperator::~SessionWindowAggregateOperator() = default;

Status SessionWindowAggregateOperator::Open(const StateContext& state) {
  SLUICE_RETURN_IF_ERROR(Operator::Open(state));
  provider_ = state.provider;
  partitions_.clear();
  std::vector<types::TypePtr> key_types;
  for (int k : other_keys_) key_types.push_back(group_exprs_[k]->type());
  for (int p = 0; p < num_partitions_; ++p) {
    auto part = std::make_unique<PartitionState>();
    part->index = p;
    part->keys = std::make_unique<GroupTable>(key_types);
    for (const auto& t : key_types) part->key_columns.push_back(std::make_shared<types::Column>(t));
    for (const auto& a : aggregates_) part->functions.push_back(a.create());
    if (streaming_ && provider_) {
      std::string dir = state.checkpoint_state_dir + "/" + std::to_string(operator_id_) + "/" + std::to_string(p);
      SLUICE_ASSIGN_OR_RETURN(part->store, provider_->Load(dir, state.version));
      SLUICE_RETURN_IF_ERROR(RestorePartition(*part));
    }
    partitions_.push_back(std::move(part));
  }
  return Status::OK();
}

// Store value of one key: varint number of sessions, then per session its start and end
// (8 bytes each, little-endian) and the serialized state of every aggregate.
Status SessionWindowAggregateOperator::RestorePartition(PartitionState& part) const {
  Status status;
  part.store->ForEach([&](std::string_view key, std::string_view value) {
    if (!status.ok()) return;
    auto corrupt = [&](const std::string& what) {
      status = Status::Corruption("state store " + part.store->dir() + ": session window state: " + what);
    };
    int32_t id = part.keys->InsertEncoded(key);
    if (id != static_cast<int32_t>(part.sessions.size())) return corrupt("duplicate key");
    std::string_view in = key;
    for (auto& c : part.key_columns) {
      Status s = types::DecodeValueInto(&in, c.get());
      if (!s.ok()) {
        status = s.WithContext("state store " + part.store->dir() + ": key");
        return;
      }
    }
    part.sessions.emplace_back();
    part.dirty.push_back(0);
    std::string_view v = value;
    uint64_t count = 0;
    if (!types::DecodeVarint(&v, &count) || count > v.size()) return corrupt("bad session count");
    for (uint64_t i = 0; i < count; ++i) {
      Session s;
      if (!GetInt64(&v, &s.start) || !GetInt64(&v, &s.end)) return corrupt("truncated session bounds");
      s.slot = part.AllocSlot();
      for (auto& f : part.functions) {
        Status st = f->DeserializeState(s.slot, &v);
        if (!st.ok()) {
          status = st.WithContext("state store " + part.store->dir() + ": value");
          return;
        }
      }
      part.sessions.back().push_back(s);
    }
    part.num_sessions += static_cast<int64_t>(count);
  });
  return status;
}

void SessionWindowAggregateOperator::MergeKey(PartitionState& part, int32_t key, const int32_t* rows, int64_t num_rows,
                                              const int64_t* starts, const int64_t* ends, int32_t* row_slots) const {
  std::vector<Session>& existing = part.sessions[key];
  std::vector<Session>& merged = part.scratch;
  merged.clear();
  size_t e = 0;
  int64_t r = 0;
  // Sweep the existing sessions and the new rows (both sorted by start) into clusters
  // of intervals that overlap or touch (Spark's MergingSessionsIterator).
  while (e < existing.size() || r < num_rows) {
    auto existing_next = [&] { return r >= num_rows || (e < existing.size() && existing[e].start <= starts[rows[r]]); };
    Session cluster;
    int32_t target = -1;
    int num_existing = 0;
    const int64_t first_row = r;
    const size_t first_existing = e;
    bool first = true;
    while (e < existing.size() || r < num_rows) {
      const bool take_existing = existing_next();
      const int64_t start = take_existing ? existing[e].start : starts[rows[r]];
      if (!first && start > cluster.end) break;
      const int64_t end = take_existing ? existing[e].end : ends[rows[r]];
      if (first) {
        cluster.start = start;
        cluster.end = end;
        first = false;
      } else {
        cluster.end = std::max(cluster.end, end);
      }
      if (take_existing) {
        const int32_t slot = existing[e].slot;
        if (target < 0) {
          target = slot;
        } else {
          // Sessions bridged by new rows become one: fold the later session's states in.
          for (auto& f : part.functions) f->Merge(target, *f, slot);
          part.FreeSlot(slot);
        }
        ++num_existing;
        ++e;
      } else {
        ++r;
      }
    }
    if (num_existing == 1 && r == first_row) {
      merged.push_back(existing[first_existing]);  // untouched
      continue;
    }
    if (target < 0) target = part.AllocSlot();
    for (int64_t i = first_row; i < r; ++i) row_slots[rows[i]] = target;
    cluster.slot = target;
    cluster.changed = true;
    merged.push_back(cluster);
  }
  part.num_sessions += static_cast<int64_t>(merged.size()) - static_cast<int64_t>(existing.size());
  existing.swap(merged);  // the old list's buffer becomes the next key's scratch
  part.MarkDirty(key);
}

Status SessionWindowAggregateOperator::UpdatePartition(PartitionState& part,
                                                       const std::vector<types::BatchPtr>& batches) const {
  if (batches.empty()) return Status::OK();
  types::BatchPtr batch = batches.size() == 1 ? batches[0] : types::Batch::Concat(projected_schema_, batches);
  const int64_t n = batch->num_rows();
  if (n == 0) return Status::OK();
  const size_t num_other = other_keys_.size();
  std::vector<types::ColumnPtr> keys(batch->columns().begin(), batch->columns().begin() + num_other);
  std::vector<int32_t> key_ids(n);
  std::vector<int32_t> new_key_rows;
  part.keys->FindOrInsert(keys, n, key_ids.data(), &new_key_rows);
  if (!new_key_rows.empty()) {
    for (int32_t row : new_key_rows) {
      for (size_t k = 0; k < num_other; ++k) part.key_columns[k]->AppendFrom(*keys[k], row);
    }
    part.sessions.resize(part.keys->num_groups());
    part.dirty.resize(part.keys->num_groups(), 0);
  }
  const types::Column& session = *batch->column(num_other);
  const int64_t* starts = session.child(0)->data<int64_t>();
  const int64_t* ends = SessionEnds(session);

  // Rows by key, then by session start (then arrival order).
  std::vector<int32_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int32_t a, int32_t b) {
    if (key_ids[a] != key_ids[b]) return key_ids[a] < key_ids[b];
    if (starts[a] != starts[b]) return starts[a] < starts[b];
    return a < b;
  });
  std::vector<int32_t> row_slots(n, -1);
  for (int64_t begin = 0; begin < n;) {
    int64_t end = begin + 1;
    while (end < n && key_ids[order[end]] == key_ids[order[begin]]) ++end;
    MergeKey(part, key_ids[order[begin]], order.data() + begin, end - begin, starts, ends, row_slots.data());
    begin = end;
  }
  for (size_t a = 0; a < aggregates_.size(); ++a) {
    std::vector<types::ColumnPtr> args;
    for (size_t j = 0; j < aggregates_[a].args.size(); ++j) args.push_back(batch->column(arg_offsets_[a] + j));
    part.functions[a]->Update(row_slots.data(), args, n);
  }
  return Status::OK();
}

void SessionWindowAggregateOperator::Emit(PartitionState& part, const std::vector<std::pair<int32_t, Session>>& sessions,
                                          Partition* out) const {
  if (sessions.empty()) return;
  const int64_t m = static_cast<int64_t>(sessions.size());
  std::vector<int32_t> key_ids(m), slots(m);
  for (int64_t i = 0; i < m; ++i) {
    key_ids[i] = sessions[i].first;
    slots[i] = sessions[i].second.slot;
  }
  std::vector<types::ColumnPtr> cols;
  size_t other = 0;
  for (size_t k = 0; k < group_exprs_.size(); ++k) {
    if (static_cast<int>(k) != session_key_) {
      cols.push_back(part.key_columns[other++]->Gather(key_ids.data(), m));
      continue;
    }
    auto window = types::Column::Make(group_exprs_[k]->type(), m);
    int64_t* starts = window->mutable_children()[0]->data<int64_t>();
    int64_t* ends = window->mutable_children()[1]->data<int64_t>();
    for (int64_t i = 0; i < m; ++i) {
      starts[i] = sessions[i].second.start;
      ends[i] = sessions[i].second.end;
    }
    cols.push_back(window);
  }
  for (size_t a = 0; a < aggregates_.size(); ++a) {
    auto c = std::make_shared<types::Column>(aggregates_[a].result_type);
    c->Reserve(m);
    part.functions[a]->Finalize(slots.data(), m, c.get());
    cols.push_back(c);
  }
  out->push_back(std::make_shared<types::Batch>(output_schema_, std::move(cols), m));
}

void SessionWindowAggregateOperator::EvictBehindWatermark(PartitionState& part, int64_t watermark,
                                                          std::vector<std::pair<int32_t, Session>>* evicted) const {
  for (int32_t key = 0; key < static_cast<int32_t>(part.sessions.size()); ++key) {
    std::vector<Session>& list = part.sessions[key];
    // Disjoint sessions sorted by start are sorted by end too.
    size_t count = 0;
    while (count < list.size() && list[count].end <= watermark) {
      evicted->push_back({key, list[count]});
      ++count;
    }
    if (count == 0) continue;
    list.erase(list.begin(), list.begin() + static_cast<std::ptrdiff_t>(count));
    part.num_sessions -= static_cast<int64_t>(count);
    part.MarkDirty(key);
  }
}

void SessionWindowAggregateOperator::CompactKeysIfSparse(PartitionState& part) const {
  const int64_t total = part.keys->num_groups();
  if (total < 1024) return;
  std::vector<uint8_t> keep(total);
  int64_t live = 0;
  for (int64_t k = 0; k < total; ++k) {
    keep[k] = !part.sessions[k].empty();
    live += keep[k];
  }
  if (live * 2 > total) return;
  std::vector<int32_t> remap;
  part.keys->Compact(keep, &remap);
  std::vector<int32_t> kept;
  for (int32_t k = 0; k < static_cast<int32_t>(remap.size()); ++k) {
    if (remap[k] >= 0) kept.push_back(k);
  }
  for (auto& c : part.key_columns) c = c->Gather(kept.data(), static_cast<int64_t>(kept.size()));
  std::vector<std::vector<Session>> sessions(kept.size());
  for (size_t i = 0; i < kept.size(); ++i) sessions[i] = std::move(part.sessions[kept[i]]);
  part.sessions = std::move(sessions);
  part.dirty.assign(kept.size(), 0);
}

Result<PartitionedData> SessionWindowAggregateOperator::Execute(BatchContext& ctx) {
  mode_ = ctx.output_mode;
  SLUICE_ASSIGN_OR_RETURN(PartitionedData input, children_[0]->Execute(ctx));
  Partition batches = Flatten(input);
  if (partitions_.empty()) SLUICE_RETURN_IF_ERROR(Open(StateContext{}));

  // Stage 1, per input batch: evaluate keys and arguments, drop rows whose session is
  // already behind the previous watermark, split by the other keys' hash.
  const size_t num_other = other_keys_.size();
  std::vector<std::vector<types::BatchPtr>> split(batches.size());
  std::vector<int64_t> dropped(batches.size(), 0);
  std::vector<types::BatchPtr> late(batches.size());
  std::vector<Status> errors(batches.size());
  const bool filter_late =
      streaming_ && has_watermark_ && ctx.watermark_for_late_rows != INT64_MIN && mode_ != OutputMode::kComplete;
  auto stage1 = [&](int i) {
    expr::EvalContext eval = ctx.eval;
    std::vector<types::ColumnPtr> cols;
    auto add = [&](const expr::ExprPtr& e) {
      auto c = e->Evaluate(*batches[i], eval);
      if (!c.ok()) {
        errors[i] = c.status();
        return false;
      }
      cols.push_back(*c);
      return true;
    };
    for (int k : other_keys_) {
      if (!add(group_exprs_[k])) return;
    }
    if (!add(group_exprs_[session_key_])) return;
    for (const auto& a : aggregates_) {
      for (const auto& arg : a.args) {
        if (!add(arg)) return;
      }
    }
    if (!eval.error.ok()) {
      errors[i] = eval.error;
      return;
    }
    types::BatchPtr projected = std::make_shared<types::Batch>(projected_schema_, std::move(cols), batches[i]->num_rows());
    if (filter_late) {
      const types::Column& session = *projected->column(num_other);
      const int64_t* ends = SessionEnds(session);
      std::vector<int32_t> keep;
      std::unordered_set<std::string> late_groups;
      std::string buf;
      for (int64_t r = 0; r < projected->num_rows(); ++r) {
        if (!session.IsNull(r) && ends[r] <= ctx.watermark_for_late_rows) {
          buf.clear();
          for (size_t k = 0; k <= num_other; ++k) types::EncodeValue(*projected->column(k), r, &buf);
          late_groups.insert(buf);
        } else {
          keep.push_back(static_cast<int32_t>(r));
        }
      }
      dropped[i] = static_cast<int64_t>(late_groups.size());
      if (!late_groups.empty()) {
        projected = projected->Gather(keep);
        if (ctx.late_rows_operator == operator_id_) late[i] = RowsNotKept(batches[i], keep);
      }
    }
    if (num_partitions_ == 1) {
      split[i] = {projected};
    } else {
      std::vector<types::ColumnPtr> keys(projected->columns().begin(), projected->columns().begin() + num_other);
      split[i] = ExchangeOperator::Split(projected, keys, num_partitions_);
    }
  };
  if (ctx.pool && batches.size() > 1) {
    ctx.pool->ParallelFor(static_cast<int>(batches.size()), stage1);
  } else {
    for (size_t i = 0; i < batches.size(); ++i) stage1(static_cast<int>(i));
  }
  for (const auto& e : errors) SLUICE_RETURN_IF_ERROR(e);
  dropped_by_watermark_ = 0;
  for (int64_t d : dropped) dropped_by_watermark_ += d;
  for (auto& l : late) {
    if (l) ctx.late_rows.push_back(std::move(l));
  }

  // Stage 2, per key partition: merge sessions and produce this mode's output.
  PartitionedData output(num_partitions_);
  std::vector<Status> part_errors(num_partitions_);
  const int64_t evict_wm = ctx.watermark_for_eviction;
  const bool can_evict = streaming_ && has_watermark_ && evict_wm != INT64_MIN && mode_ != OutputMode::kComplete;
  auto stage2 = [&](int p) {
    PartitionState& part = *partitions_[p];
    std::vector<types::BatchPtr> mine;
    for (const auto& s : split) {
      if (s[p]->num_rows() > 0) mine.push_back(s[p]);
    }
    part_errors[p] = UpdatePartition(part, mine);
    if (!part_errors[p].ok()) return;
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
    std::vector<std::pair<int32_t, Session>> emit;
    if (!streaming_ || mode_ == OutputMode::kComplete) {
      for (int32_t key = 0; key < static_cast<int32_t>(part.sessions.size()); ++key) {
        for (const Session& s : part.sessions[key]) emit.push_back({key, s});
      }
      Emit(part, emit, &out);
    } else if (mode_ == OutputMode::kUpdate) {
      for (int32_t key : part.dirty_list) {
        for (const Session& s : part.sessions[key]) {
          if (s.changed) emit.push_back({key, s});
        }
      }
      Emit(part, emit, &out);
    }
    std::vector<std::pair<int32_t, Session>> evicted;
    if (can_evict) EvictBehindWatermark(part, evict_wm, &evicted);
    if (streaming_ && mode_ == OutputMode::kAppend) Emit(part, evicted, &out);
    for (const auto& [key, s] : evicted) part.FreeSlot(s.slot);
    part.num_removed = static_cast<int64_t>(evicted.size());
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

Status SessionWindowAggregateOperator::CommitState(int64_t version, ThreadPool* pool) {
  SLUICE_RETURN_IF_ERROR(Operator::CommitState(version, pool));
  std::vector<Status> errors(partitions_.size());
  // Partitions commit independently, so their writes and syncs overlap on the pool.
  auto commit_partition = [&](int p) {
    PartitionState& part = *partitions_[p];
    int64_t start = NowMs();
    part.num_updated = 0;
    std::string value;
    for (int32_t key : part.dirty_list) {
      std::vector<Session>& list = part.sessions[key];
      for (Session& s : list) {
        part.num_updated += s.changed;
        s.changed = false;
      }
      part.dirty[key] = 0;
      if (!part.store) continue;
      if (list.empty()) {
        part.store->Remove(part.keys->EncodedKey(key));
        continue;
      }
      value.clear();
      types::EncodeVarint(list.size(), &value);
      for (const Session& s : list) {
        PutInt64(s.start, &value);
        PutInt64(s.end, &value);
        for (const auto& f : part.functions) f->SerializeState(s.slot, &value);
      }
      part.store->Put(part.keys->EncodedKey(key), value);
    }
    part.dirty_list.clear();
    if (part.store) errors[p] = part.store->Commit();
    CompactKeysIfSparse(part);
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

void SessionWindowAggregateOperator::CollectStateProgress(std::vector<StateOperatorProgress>* out) const {
  StateOperatorProgress p;
  p.operator_name = "sessionWindowStateStoreSaveExec";
  p.num_shuffle_partitions = num_partitions_;
  p.num_state_store_instances = num_partitions_;
  p.num_rows_dropped_by_watermark = dropped_by_watermark_;
  for (const auto& part : partitions_) {
    p.num_rows_total += part->num_sessions;
    p.num_rows_updated += part->num_updated;
    p.num_rows_removed += part->num_removed;
    p.commit_time_ms += part->commit_ms;
    if (part->store) {
      p.memory_used_bytes += part->store->MemoryBytes();
    } else {
      p.memory_used_bytes += part->keys->MemoryBytes();
      for (const auto& f : part->functions) p.memory_used_bytes += f->MemoryBytes();
    }
  }
  out->push_back(p);
  Operator::CollectStateProgress(out);
}

bool SessionWindowAggregateOperator::NeedsNoDataBatch(int64_t new_watermark) const {
  if (streaming_ && has_watermark_ && mode_ != OutputMode::kComplete && new_watermark != INT64_MIN &&
      new_watermark > last_eviction_watermark_) {
    return true;
  }
  return Operator::NeedsNoDataBatch(new_watermark);
}

}  // namespace sluice::exec
