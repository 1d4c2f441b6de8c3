#include "sluice/exec/deduplicate.h"

#include <cstring>

#include "sluice/types/row_codec.h"

namespace sluice::exec {

DeduplicateOperator::DeduplicateOperator(const plan::PlanNode& node, int operator_id, bool streaming)
    : key_columns_(node.key_columns),
      within_watermark_(node.within_watermark),
      operator_id_(operator_id),
      streaming_(streaming) {
  if (within_watermark_) {
    for (size_t i = 0; i < node.output.size(); ++i) {
      if (node.output[i].watermark_delay_micros) {
        event_time_column_ = static_cast<int>(i);
        delay_micros_ = *node.output[i].watermark_delay_micros;
        break;
      }
    }
  } else {
    for (int k : key_columns_) {
      if (node.output[k].watermark_delay_micros) {
        event_time_column_ = k;
        break;
      }
    }
  }
}

Status DeduplicateOperator::Open(const StateContext& state) {
  SLUICE_RETURN_IF_ERROR(Operator::Open(state));
  seen_.clear();
  if (!streaming_ || !state.provider) return Status::OK();
  std::string dir = state.checkpoint_state_dir + "/" + std::to_string(operator_id_) + "/0";
  SLUICE_ASSIGN_OR_RETURN(store_, state.provider->Load(dir, state.version));
  store_->ForEach([&](std::string_view key, std::string_view value) {
    int64_t expiry = INT64_MAX;
    if (value.size() == 8) std::memcpy(&expiry, value.data(), 8);
    seen_.emplace(std::string(key), expiry);
  });
  return Status::OK();
}

Result<PartitionedData> DeduplicateOperator::Execute(BatchContext& ctx) {
  SLUICE_ASSIGN_OR_RETURN(PartitionedData input, children_[0]->Execute(ctx));
  dropped_ = 0;
  num_removed_ = 0;
  const bool watermarked = streaming_ && event_time_column_ >= 0;
  Partition out;
  std::string key;
  for (const auto& b : Flatten(input)) {
    std::vector<int32_t> keep;
    std::vector<int32_t> late;
    const types::Column* ts = watermarked ? b->column(event_time_column_).get() : nullptr;
    for (int64_t r = 0; r < b->num_rows(); ++r) {
      int64_t event_time = ts && !ts->IsNull(r) ? ts->data<int64_t>()[r] : INT64_MIN;
      if (ts && ctx.watermark_for_late_rows != INT64_MIN && !ts->IsNull(r) && event_time <= ctx.watermark_for_late_rows) {
        ++dropped_;
        late.push_back(static_cast<int32_t>(r));
        continue;
      }
      key.clear();
      for (int k : key_columns_) types::EncodeValue(*b->column(k), r, &key);
      int64_t expiry = within_watermark_ && ts ? event_time + delay_micros_ : (ts ? event_time : INT64_MAX);
      if (seen_.emplace(key, expiry).second) {
        added_.push_back(key);
        keep.push_back(static_cast<int32_t>(r));
      }
    }
    out.push_back(static_cast<int64_t>(keep.size()) == b->num_rows() ? b : b->Gather(keep));
    if (ctx.late_rows_operator == operator_id_ && !late.empty()) ctx.late_rows.push_back(b->Gather(late));
  }
  // Evict keys behind the current watermark.
  if (watermarked && ctx.watermark_for_eviction != INT64_MIN) {
    for (auto it = seen_.begin(); it != seen_.end();) {
      if (it->second <= ctx.watermark_for_eviction) {
        removed_.push_back(it->first);
        it = seen_.erase(it);
        ++num_removed_;
      } else {
        ++it;
      }
    }
    last_eviction_watermark_ = std::max(last_eviction_watermark_, ctx.watermark_for_eviction);
  }
  return PartitionedData{out};
}

Status DeduplicateOperator::CommitState(int64_t version, ThreadPool* pool) {
  SLUICE_RETURN_IF_ERROR(Operator::CommitState(version, pool));
  num_updated_ = static_cast<int64_t>(added_.size());
  if (store_) {
    for (const auto& k : added_) {
      auto it = seen_.find(k);
      if (it == seen_.end()) continue;
      std::string value(8, '\0');
      std::memcpy(value.data(), &it->second, 8);
      store_->Put(k, value);
    }
    for (const auto& k : removed_) store_->Remove(k);
    SLUICE_RETURN_IF_ERROR(store_->Commit());
  }
  added_.clear();
  removed_.clear();
  return Status::OK();
}

void DeduplicateOperator::CollectStateProgress(std::vector<StateOperatorProgress>* out) const {
  StateOperatorProgress p;
  p.operator_name = within_watermark_ ? "dedupeWithinWatermark" : "dedupe";
  p.num_rows_total = static_cast<int64_t>(seen_.size());
  p.num_rows_updated = num_updated_;
  p.num_rows_removed = num_removed_;
  p.num_rows_dropped_by_watermark = dropped_;
  p.memory_used_bytes = store_ ? store_->MemoryBytes() : static_cast<int64_t>(seen_.size() * 64);
  p.num_shuffle_partitions = 1;
  p.num_state_store_instances = 1;
  out->push_back(p);
  Operator::CollectStateProgress(out);
}

bool DeduplicateOperator::NeedsNoDataBatch(int64_t new_watermark) const {
  if (streaming_ && event_time_column_ >= 0 && new_watermark != INT64_MIN && new_watermark > last_eviction_watermark_) {
    return true;
  }
  return Operator::NeedsNoDataBatch(new_watermark);
}

}  // namespace sluice::exec
