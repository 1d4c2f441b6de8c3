#include "sluice/expr/aggregates/distinct.h"

#include <algorithm>
#include <string>

#include "sluice/expr/aggregates/aggregates.h"
#include "sluice/expr/aggregates/byte_set.h"
#include "sluice/expr/aggregates/state_codec.h"
#include "sluice/types/row_codec.h"

namespace sluice::expr::aggregates {

namespace {

class DistinctAggregate final : public AggregateFunction, public AggregateErrorSource {
 public:
  DistinctAggregate(std::unique_ptr<AggregateFunction> inner, std::vector<types::TypePtr> arg_types)
      : inner_(std::move(inner)), arg_types_(std::move(arg_types)) {}

  void Resize(int64_t num_groups) override {
    if (static_cast<int64_t>(seen_.size()) < num_groups) seen_.resize(num_groups);
    inner_->Resize(num_groups);
  }

  void Update(const int32_t* group_ids, const std::vector<types::ColumnPtr>& args, int64_t n) override {
    bool any_nulls = false;
    for (const auto& a : args) any_nulls |= a->may_have_nulls();
    new_groups_.clear();
    new_rows_.clear();
    // Rows go in chunks: encode and hash a chunk while prefetching each group's set,
    // then insert, so the cache misses of many groups' tables overlap.
    constexpr int64_t kChunk = 32;
    int32_t rows[kChunk];
    uint64_t hashes[kChunk];
    uint32_t ends[kChunk];
    for (int64_t start = 0; start < n; start += kChunk) {
      int64_t stop = std::min(n, start + kChunk);
      for (int64_t i = start; i < stop; ++i) __builtin_prefetch(&seen_[group_ids[i]]);
      keys_.clear();
      int num = 0;
      for (int64_t i = start; i < stop; ++i) {
        if (any_nulls && HasNull(args, i)) continue;
        size_t begin = keys_.size();
        for (const auto& a : args) types::EncodeValue(*a, i, &keys_);
        rows[num] = static_cast<int32_t>(i);
        hashes[num] = ByteSet::Hash(std::string_view(keys_.data() + begin, keys_.size() - begin));
        ends[num] = static_cast<uint32_t>(keys_.size());
        seen_[group_ids[i]].Prefetch(hashes[num]);
        ++num;
      }
      for (int j = 0; j < num; ++j) {
        uint32_t begin = j == 0 ? 0 : ends[j - 1];
        int32_t g = group_ids[rows[j]];
        ByteSet& seen = seen_[g];
        int64_t before = seen.MemoryBytes();
        if (seen.Insert(std::string_view(keys_.data() + begin, ends[j] - begin), hashes[j])) {
          heap_bytes_ += seen.MemoryBytes() - before;
          new_groups_.push_back(g);
          new_rows_.push_back(rows[j]);
        }
      }
    }
    int64_t k = static_cast<int64_t>(new_rows_.size());
    if (k == 0) return;
    // Every row was new: forward the batch as it is instead of copying it.
    if (k == n) {
      inner_->Update(group_ids, args, n);
      return;
    }
    std::vector<types::ColumnPtr> gathered;
    gathered.reserve(args.size());
    for (const auto& a : args) gathered.push_back(a->Gather(new_rows_.data(), k));
    inner_->Update(new_groups_.data(), gathered, k);
  }

  void Merge(int32_t dst_group, const AggregateFunction& other, int32_t src_group) override {
    const auto& o = static_cast<const DistinctAggregate&>(other);
    const ByteSet& theirs = o.seen_[src_group];
    ByteSet& mine = seen_[dst_group];
    // Tuples only the other side saw are replayed into the inner function; merging the
    // inner states directly would count tuples seen by both sides twice.
    std::vector<types::ColumnPtr> columns;
    for (const auto& t : arg_types_) columns.push_back(std::make_shared<types::Column>(t));
    if (&mine == &theirs) return;
    int64_t before = mine.MemoryBytes();
    int64_t k = 0;
    theirs.ForEach([&](std::string_view tuple) {
      if (!mine.Insert(tuple)) return;
      for (auto& c : columns) {
        // The bytes came from EncodeValue of these types, so decoding cannot fail.
        Status s = types::DecodeValueInto(&tuple, c.get());
        (void)s;
      }
      ++k;
    });
    heap_bytes_ += mine.MemoryBytes() - before;
    if (k == 0) return;
    std::vector<int32_t> groups(k, dst_group);
    inner_->Update(groups.data(), columns, k);
  }

  void Finalize(const int32_t* groups, int64_t n, types::Column* out) const override { inner_->Finalize(groups, n, out); }

  void SerializeState(int32_t group, std::string* out) const override {
    seen_[group].Serialize(out);
    inner_->SerializeState(group, out);
  }

  Status DeserializeState(int32_t group, std::string_view* in) override {
    ByteSet& seen = seen_[group];
    int64_t before = seen.MemoryBytes();
    bool ok = seen.Deserialize(in);
    heap_bytes_ += seen.MemoryBytes() - before;
    if (!ok) return CorruptState("a DISTINCT aggregate");
    return inner_->DeserializeState(group, in);
  }

  void Clear(int32_t group) override {
    heap_bytes_ -= seen_[group].MemoryBytes();
    seen_[group].Clear();
    inner_->Clear(group);
  }

  int64_t MemoryBytes() const override {
    return static_cast<int64_t>(seen_.capacity() * sizeof(ByteSet)) + heap_bytes_ + inner_->MemoryBytes();
  }

  Status runtime_error() const override { return AggregateRuntimeError(*inner_); }

 private:
  static bool HasNull(const std::vector<types::ColumnPtr>& args, int64_t i) {
    for (const auto& a : args) {
      if (a->IsNull(i)) return true;
    }
    return false;
  }

  std::unique_ptr<AggregateFunction> inner_;
  std::vector<types::TypePtr> arg_types_;
  std::vector<ByteSet> seen_;
  int64_t heap_bytes_ = 0;
  // Scratch reused across Update calls.
  std::string keys_;
  std::vector<int32_t> new_groups_;
  std::vector<int32_t> new_rows_;
};

}  // namespace

std::unique_ptr<AggregateFunction> MakeDistinctAggregate(std::unique_ptr<AggregateFunction> inner,
                                                         std::vector<types::TypePtr> arg_types) {
  return std::make_unique<DistinctAggregate>(std::move(inner), std::move(arg_types));
}

}  // namespace sluice::expr::aggregates
