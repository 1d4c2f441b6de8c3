// min(x) / max(x) over any orderable type; the result has the input type.

#include <string>

#include "sluice/expr/aggregates/aggregate_binding.h"
#include "sluice/expr/aggregates/aggregates.h"
#include "sluice/expr/aggregates/value_slots.h"

namespace sluice::expr {

namespace {

using aggregates::CorruptState;

template <typename Slots, bool kMax>
class MinMaxAggregate final : public AggregateFunction {
 public:
  explicit MinMaxAggregate(Slots slots) : slots_(std::move(slots)) {}

  void Resize(int64_t num_groups) override {
    slots_.Resize(num_groups);
    if (static_cast<int64_t>(has_value_.size()) < num_groups) has_value_.resize(num_groups, 0);
  }

  void Update(const int32_t* group_ids, const std::vector<types::ColumnPtr>& args, int64_t n) override {
    const types::Column& c = *args[0];
    auto reader = Slots::MakeReader(c);
    if (!c.may_have_nulls()) {
      for (int64_t i = 0; i < n; ++i) Absorb(group_ids[i], reader.Get(i));
    } else {
      for (int64_t i = 0; i < n; ++i) {
        if (c.IsValid(i)) Absorb(group_ids[i], reader.Get(i));
      }
    }
  }

  void Merge(int32_t dst_group, const AggregateFunction& other, int32_t src_group) override {
    const auto& o = static_cast<const MinMaxAggregate&>(other);
    if (o.has_value_[src_group] && (!has_value_[dst_group] || Better(o.slots_.Get(src_group), slots_.Get(dst_group)))) {
      slots_.Copy(dst_group, o.slots_, src_group);
      has_value_[dst_group] = 1;
    }
  }

  void CopyState(int32_t dst_group, const AggregateFunction& other, int32_t src_group) override {
    const auto& o = static_cast<const MinMaxAggregate&>(other);
    if (o.has_value_[src_group]) {
      slots_.Copy(dst_group, o.slots_, src_group);
    } else {
      slots_.Clear(dst_group);
    }
    has_value_[dst_group] = o.has_value_[src_group];
  }

  void Finalize(const int32_t* groups, int64_t n, types::Column* out) const override {
    out->Reserve(n);
    for (int64_t i = 0; i < n; ++i) {
      if (has_value_[groups[i]]) {
        slots_.Append(groups[i], out);
      } else {
        out->AppendNull();
      }
    }
  }

  // Layout: 0 (no value) | 1 then the value in the slot encoding.
  void SerializeState(int32_t group, std::string* out) const override {
    out->push_back(static_cast<char>(has_value_[group]));
    if (has_value_[group]) slots_.Serialize(group, out);
  }

  Status DeserializeState(int32_t group, std::string_view* in) override {
    uint8_t present;
    if (!aggregates::GetByte(in, &present) || present > 1) return CorruptState(kMax ? "max" : "min");
    has_value_[group] = present;
    slots_.Clear(group);
    if (present && !slots_.Deserialize(group, in)) return CorruptState(kMax ? "max" : "min");
    return Status::OK();
  }

  void Clear(int32_t group) override {
    has_value_[group] = 0;
    slots_.Clear(group);
  }

  int64_t MemoryBytes() const override { return slots_.MemoryBytes() + static_cast<int64_t>(has_value_.capacity()); }

 private:
  static bool Better(const typename Slots::Input& candidate, const typename Slots::Input& current) {
    return kMax ? Slots::Less(current, candidate) : Slots::Less(candidate, current);
  }

  void Absorb(int32_t g, const typename Slots::Input& v) {
    if (!has_value_[g] || Better(v, slots_.Get(g))) {
      slots_.Set(g, v);
      has_value_[g] = 1;
    }
  }

  Slots slots_;
  std::vector<uint8_t> has_value_;
};

template <bool kMax>
Result<AggregateCall> BindMinMax(std::vector<ExprPtr> args, bool distinct, const std::string& sql) {
  const char* name = kMax ? "max" : "min";
  if (args.size() != 1) return aggregates::WrongNumArgs(name, "1", args.size());
  // Every sluice type is orderable (Spark also orders arrays and structs element-wise),
  // so there is no type error here.
  types::TypePtr type = args[0]->type();
  aggregates::AggregateFactory create = aggregates::DispatchSlots(type, [type](auto* tag) -> aggregates::AggregateFactory {
    using Slots = std::remove_pointer_t<decltype(tag)>;
    return [type] { return std::make_unique<MinMaxAggregate<Slots, kMax>>(aggregates::MakeSlots<Slots>(type)); };
  });
  // min/max(DISTINCT x) equals min/max(x): no distinct filter needed.
  return aggregates::MakeCall(name, distinct, false, std::move(args), type, std::move(create));
}

}  // namespace

Result<AggregateCall> BindMin(std::vector<ExprPtr> args, bool distinct, const std::string& sql) {
  return BindMinMax<false>(std::move(args), distinct, sql);
}

Result<AggregateCall> BindMax(std::vector<ExprPtr> args, bool distinct, const std::string& sql) {
  return BindMinMax<true>(std::move(args), distinct, sql);
}

}  // namespace sluice::expr
