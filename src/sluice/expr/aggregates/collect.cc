// collect_list(x) / array_agg(x) and collect_set(x): ARRAY<T>, NULL inputs skipped.

#include <string>

#include "sluice/expr/aggregates/aggregate_binding.h"
#include "sluice/expr/aggregates/aggregates.h"
#include "sluice/expr/aggregates/byte_set.h"
#include "sluice/expr/aggregates/state_codec.h"
#include "sluice/types/row_codec.h"

namespace sluice::expr {

namespace {

using aggregates::ByteSet;
using aggregates::CorruptState;

// Checks that `bytes` holds exactly `count` values of `type` in EncodeValue form, so
// Finalize can decode a restored state without failing.
bool ValidEncodedValues(const types::TypePtr& type, std::string_view bytes, uint64_t count) {
  types::Column scratch(type);
  for (uint64_t i = 0; i < count; ++i) {
    if (!types::DecodeValueInto(&bytes, &scratch).ok()) return false;
  }
  return bytes.empty();
}

// Per group, the non-null inputs in update order, encoded back to back with
// types::EncodeValue (one string per group, no allocation per element).
class CollectListAggregate final : public AggregateFunction {
 public:
  explicit CollectListAggregate(types::TypePtr element_type) : element_type_(std::move(element_type)) {}

  void Resize(int64_t num_groups) override {
    if (static_cast<int64_t>(counts_.size()) < num_groups) {
      encoded_.resize(num_groups);
      counts_.resize(num_groups, 0);
    }
  }

  void Update(const int32_t* group_ids, const std::vector<types::ColumnPtr>& args, int64_t n) override {
    const types::Column& c = *args[0];
    bool nulls = c.may_have_nulls();
    for (int64_t i = 0; i < n; ++i) {
      if (nulls && c.IsNull(i)) continue;
      int32_t g = group_ids[i];
      std::string& bytes = encoded_[g];
      size_t before = bytes.capacity();
      types::EncodeValue(c, i, &bytes);
      heap_bytes_ += static_cast<int64_t>(bytes.capacity()) - static_cast<int64_t>(before);
      counts_[g]++;
    }
  }

  void Merge(int32_t dst_group, const AggregateFunction& other, int32_t src_group) override {
    const auto& o = static_cast<const CollectListAggregate&>(other);
    std::string& bytes = encoded_[dst_group];
    size_t before = bytes.capacity();
    bytes.append(o.encoded_[src_group]);
    heap_bytes_ += static_cast<int64_t>(bytes.capacity()) - static_cast<int64_t>(before);
    counts_[dst_group] += o.counts_[src_group];
  }

  void Finalize(const int32_t* groups, int64_t n, types::Column* out) const override {
    types::Column* elements = out->mutable_children()[0].get();
    for (int64_t i = 0; i < n; ++i) {
      std::string_view bytes = encoded_[groups[i]];
      for (uint32_t k = 0; k < counts_[groups[i]]; ++k) {
        // Written by EncodeValue (or checked by DeserializeState): cannot fail.
        if (!types::DecodeValueInto(&bytes, elements).ok()) break;
      }
      out->FinishArrayRow();
    }
  }

  // Layout: varint element count, varint byte length, the encoded elements.
  void SerializeState(int32_t group, std::string* out) const override {
    types::EncodeVarint(counts_[group], out);
    types::EncodeVarint(encoded_[group].size(), out);
    out->append(encoded_[group]);
  }

  Status DeserializeState(int32_t group, std::string_view* in) override {
    Clear(group);
    uint64_t count, size;
    if (!types::DecodeVarint(in, &count) || !types::DecodeVarint(in, &size) || size > in->size() || count > size ||
        !ValidEncodedValues(element_type_, in->substr(0, size), count)) {
      return CorruptState("collect_list");
    }
    size_t before = encoded_[group].capacity();
    encoded_[group].assign(in->data(), size);
    heap_bytes_ += static_cast<int64_t>(encoded_[group].capacity()) - static_cast<int64_t>(before);
    counts_[group] = static_cast<uint32_t>(count);
    in->remove_prefix(size);
    return Status::OK();
  }

  void Clear(int32_t group) override {
    heap_bytes_ -= static_cast<int64_t>(encoded_[group].capacity());
    std::string().swap(encoded_[group]);
    heap_bytes_ += static_cast<int64_t>(encoded_[group].capacity());
    counts_[group] = 0;
  }

  int64_t MemoryBytes() const override {
    return static_cast<int64_t>(encoded_.capacity() * sizeof(std::string) + counts_.capacity() * sizeof(uint32_t)) +
           heap_bytes_;
  }

 private:
  types::TypePtr element_type_;
  std::vector<std::string> encoded_;
  std::vector<uint32_t> counts_;
  int64_t heap_bytes_ = 0;
};

// Per group, the distinct non-null inputs in first-seen order, as a ByteSet of
// EncodeValue bytes (so -0.0 and 0.0 are one element, as they group together).
class CollectSetAggregate final : public AggregateFunction {
 public:
  explicit CollectSetAggregate(types::TypePtr element_type) : element_type_(std::move(element_type)) {}

  void Resize(int64_t num_groups) override {
    if (static_cast<int64_t>(sets_.size()) < num_groups) sets_.resize(num_groups);
  }

  void Update(const int32_t* group_ids, const std::vector<types::ColumnPtr>& args, int64_t n) override {
    const types::Column& c = *args[0];
    bool nulls = c.may_have_nulls();
    for (int64_t i = 0; i < n; ++i) {
      if (nulls && c.IsNull(i)) continue;
      key_.clear();
      types::EncodeValue(c, i, &key_);
      Insert(group_ids[i], key_);
    }
  }

  void Merge(int32_t dst_group, const AggregateFunction& other, int32_t src_group) override {
    const ByteSet& theirs = static_cast<const CollectSetAggregate&>(other).sets_[src_group];
    if (&theirs == &sets_[dst_group]) return;
    theirs.ForEach([&](std::string_view key) { Insert(dst_group, key); });
  }

  void Finalize(const int32_t* groups, int64_t n, types::Column* out) const override {
    types::Column* elements = out->mutable_children()[0].get();
    for (int64_t i = 0; i < n; ++i) {
      const ByteSet& set = sets_[groups[i]];
      // Written by EncodeValue (or checked by DeserializeState): cannot fail.
      set.ForEach([elements](std::string_view bytes) { (void)types::DecodeValueInto(&bytes, elements).ok(); });
      out->FinishArrayRow();
    }
  }

  void SerializeState(int32_t group, std::string* out) const override { sets_[group].Serialize(out); }

  Status DeserializeState(int32_t group, std::string_view* in) override {
    ByteSet& set = sets_[group];
    heap_bytes_ -= set.MemoryBytes();
    bool ok = set.Deserialize(in);
    if (ok) {
      set.ForEach([&](std::string_view bytes) { ok = ok && ValidEncodedValues(element_type_, bytes, 1); });
    }
    if (!ok) set.Clear();
    heap_bytes_ += set.MemoryBytes();
    return ok ? Status::OK() : CorruptState("collect_set");
  }

  void Clear(int32_t group) override {
    heap_bytes_ -= sets_[group].MemoryBytes();
    sets_[group].Clear();
  }

  int64_t MemoryBytes() const override {
    return static_cast<int64_t>(sets_.capacity() * sizeof(ByteSet)) + heap_bytes_;
  }

 private:
  void Insert(int32_t g, std::string_view key) {
    ByteSet& set = sets_[g];
    int64_t before = set.MemoryBytes();
    if (set.Insert(key)) heap_bytes_ += set.MemoryBytes() - before;
  }

  types::TypePtr element_type_;
  std::vector<ByteSet> sets_;
  int64_t heap_bytes_ = 0;
  std::string key_;  // scratch
};

}  // namespace

Result<AggregateCall> BindCollectList(std::vector<ExprPtr> args, bool distinct, const std::string& sql) {
  std::string name = aggregates::CallName(sql, {"collect_list", "array_agg"});
  if (args.size() != 1) return aggregates::WrongNumArgs(name, "1", args.size());
  types::TypePtr element = args[0]->type();
  return aggregates::MakeCall(std::move(name), distinct, true, std::move(args), types::DataType::Array(element),
                              [element] { return std::make_unique<CollectListAggregate>(element); });
}

Result<AggregateCall> BindCollectSet(std::vector<ExprPtr> args, bool distinct, const std::string& sql) {
  if (args.size() != 1) return aggregates::WrongNumArgs("collect_set", "1", args.size());
  types::TypePtr element = args[0]->type();
  return aggregates::MakeCall("collect_set", distinct, false, std::move(args), types::DataType::Array(element),
                              [element] { return std::make_unique<CollectSetAggregate>(element); });
}

}  // namespace sluice::expr
