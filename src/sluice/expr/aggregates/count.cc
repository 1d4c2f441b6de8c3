// count(*), count(x), count(x, y, ...): BIGINT, never NULL.

#include <string>

#include "sluice/expr/aggregates/aggregate_binding.h"
#include "sluice/expr/aggregates/aggregates.h"
#include "sluice/expr/aggregates/state_codec.h"

namespace sluice::expr {

namespace {

using aggregates::CorruptState;

inline bool ValidBit(const uint64_t* words, int64_t i) { return (words[i >> 6] >> (i & 63)) & 1; }

class CountAggregate final : public AggregateFunction {
 public:
  // `count_all`: count every row (count(*), count(1)) and ignore the argument columns.
  explicit CountAggregate(bool count_all) : count_all_(count_all) {}

  void Resize(int64_t num_groups) override {
    if (static_cast<int64_t>(counts_.size()) < num_groups) counts_.resize(num_groups, 0);
  }

  void Update(const int32_t* group_ids, const std::vector<types::ColumnPtr>& args, int64_t n) override {
    int64_t* counts = counts_.data();
    int num_nullable = 0;
    const uint64_t* words = nullptr;
    if (!count_all_) {
      for (const auto& a : args) {
        if (a->may_have_nulls()) {
          ++num_nullable;
          words = a->validity_words();
        }
      }
    }
    if (num_nullable == 0) {
      for (int64_t i = 0; i < n; ++i) counts[group_ids[i]]++;
      return;
    }
    if (num_nullable == 1) {
      for (int64_t i = 0; i < n; ++i) counts[group_ids[i]] += ValidBit(words, i);
      return;
    }
    // Several nullable arguments: AND their validity bitmaps once, then count.
    int64_t num_words = (n + 63) / 64;
    mask_.assign(num_words, ~uint64_t{0});
    for (const auto& a : args) {
      if (!a->may_have_nulls()) continue;
      const uint64_t* w = a->validity_words();
      for (int64_t j = 0; j < num_words; ++j) mask_[j] &= w[j];
    }
    const uint64_t* mask = mask_.data();
    for (int64_t i = 0; i < n; ++i) counts[group_ids[i]] += ValidBit(mask, i);
  }

  void Merge(int32_t dst_group, const AggregateFunction& other, int32_t src_group) override {
    counts_[dst_group] += static_cast<const CountAggregate&>(other).counts_[src_group];
  }

  void CopyState(int32_t dst_group, const AggregateFunction& other, int32_t src_group) override {
    counts_[dst_group] = static_cast<const CountAggregate&>(other).counts_[src_group];
  }

  void Finalize(const int32_t* groups, int64_t n, types::Column* out) const override {
    out->Reserve(n);
    for (int64_t i = 0; i < n; ++i) out->AppendInt64(counts_[groups[i]]);
  }

  void SerializeState(int32_t group, std::string* out) const override {
    types::EncodeVarint(static_cast<uint64_t>(counts_[group]), out);
  }

  Status DeserializeState(int32_t group, std::string_view* in) override {
    uint64_t v;
    if (!types::DecodeVarint(in, &v)) return CorruptState("count");
    counts_[group] = static_cast<int64_t>(v);
    return Status::OK();
  }

  void Clear(int32_t group) override { counts_[group] = 0; }

  int64_t MemoryBytes() const override {
    return static_cast<int64_t>(counts_.capacity() * sizeof(int64_t) + mask_.capacity() * sizeof(uint64_t));
  }

 private:
  bool count_all_;
  std::vector<int64_t> counts_;
  std::vector<uint64_t> mask_;  // scratch for multi-argument validity
};

}  // namespace

Result<AggregateCall> BindCount(std::vector<ExprPtr> args, bool distinct, const std::string& sql) {
  if (distinct && args.empty()) {
    return Status::AnalysisError("count(DISTINCT *) is not supported in \"" + sql + "\"; name the columns, e.g. count(DISTINCT a, b)");
  }
  // count(*) and count(<non-null literal>) count every row without looking at the input.
  bool count_all = true;
  for (const auto& a : args) {
    const types::Value* v = a->kind() == ExprKind::kLiteral ? LiteralValue(*a) : nullptr;
    if (v == nullptr || v->is_null()) count_all = false;
  }
  return aggregates::MakeCall("count", distinct, true, std::move(args), types::DataType::Bigint(),
                              [count_all]() { return std::make_unique<CountAggregate>(count_all); });
}

}  // namespace sluice::expr
