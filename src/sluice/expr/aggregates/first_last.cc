// first(x[, ignoreNulls]) / last(x[, ignoreNulls]) and their first_value/last_value aliases.

#include <string>

#include "sluice/expr/aggregates/aggregate_binding.h"
#include "sluice/expr/aggregates/aggregates.h"
#include "sluice/expr/aggregates/value_slots.h"

namespace sluice::expr {

namespace {

using aggregates::CorruptState;

// What a group has seen. Stored in checkpoints: do not renumber.
enum SlotState : uint8_t { kEmpty = 0, kNullSeen = 1, kValueSeen = 2 };

// Spark's First/Last: the value of the first/last row in update order, including a
// NULL one unless `ignore_nulls`. Merge treats `other` as coming later, as Spark's
// merge of partial buffers does.
template <typename Slots, bool kLast>
class FirstLastAggregate final : public AggregateFunction {
 public:
  FirstLastAggregate(Slots slots, bool ignore_nulls) : slots_(std::move(slots)), ignore_nulls_(ignore_nulls) {}

  void Resize(int64_t num_groups) override {
    slots_.Resize(num_groups);
    if (static_cast<int64_t>(states_.size()) < num_groups) states_.resize(num_groups, kEmpty);
  }

  void Update(const int32_t* group_ids, const std::vector<types::ColumnPtr>& args, int64_t n) override {
    const types::Column& c = *args[0];
    auto reader = Slots::MakeReader(c);
    uint8_t* states = states_.data();
    bool nulls = c.may_have_nulls();
    for (int64_t i = 0; i < n; ++i) {
      int32_t g = group_ids[i];
      if (!kLast && states[g] != kEmpty) continue;
      if (nulls && c.IsNull(i)) {
        if (!ignore_nulls_) states[g] = kNullSeen;
        continue;
      }
      slots_.Set(g, reader.Get(i));
      states[g] = kValueSeen;
    }
  }

  void Merge(int32_t dst_group, const AggregateFunction& other, int32_t src_group) override {
    const auto& o = static_cast<const FirstLastAggregate&>(other);
    uint8_t theirs = o.states_[src_group];
    if (theirs == kEmpty) return;
    if (!kLast && states_[dst_group] != kEmpty) return;
    states_[dst_group] = theirs;
    if (theirs == kValueSeen) slots_.Copy(dst_group, o.slots_, src_group);
  }

  void Finalize(const int32_t* groups, int64_t n, types::Column* out) const override {
    out->Reserve(n);
    for (int64_t i = 0; i < n; ++i) {
      if (states_[groups[i]] == kValueSeen) {
        slots_.Append(groups[i], out);
      } else {
        out->AppendNull();
      }
    }
  }

  // Layout: the SlotState byte, then (kValueSeen) the value in the slot encoding.
  void SerializeState(int32_t group, std::string* out) const override {
    out->push_back(static_cast<char>(states_[group]));
    if (states_[group] == kValueSeen) slots_.Serialize(group, out);
  }

  Status DeserializeState(int32_t group, std::string_view* in) override {
    uint8_t state;
    if (!aggregates::GetByte(in, &state) || state > kValueSeen) return CorruptState(kLast ? "last" : "first");
    states_[group] = state;
    slots_.Clear(group);
    if (state == kValueSeen && !slots_.Deserialize(group, in)) return CorruptState(kLast ? "last" : "first");
    return Status::OK();
  }

  void Clear(int32_t group) override {
    states_[group] = kEmpty;
    slots_.Clear(group);
  }

  int64_t MemoryBytes() const override { return slots_.MemoryBytes() + static_cast<int64_t>(states_.capacity()); }

 private:
  Slots slots_;
  bool ignore_nulls_;
  std::vector<uint8_t> states_;
};

template <bool kLast>
Result<AggregateCall> BindFirstLast(std::vector<ExprPtr> args, bool distinct, const std::string& sql) {
  std::string name = kLast ? aggregates::CallName(sql, {"last", "last_value"}) : aggregates::CallName(sql, {"first", "first_value"});
  if (args.empty() || args.size() > 2) return aggregates::WrongNumArgs(name, "[1, 2]", args.size());
  bool ignore_nulls = false;
  if (args.size() == 2) {
    const types::Value* v = args[1]->kind() == ExprKind::kLiteral ? LiteralValue(*args[1]) : nullptr;
    if (v == nullptr || !v->is_bool() || args[1]->type()->id() != types::TypeId::kBoolean) {
      // Spark's FirstLast.validateIgnoreNullExpr wording.
      return Status::AnalysisError("The second argument in " + name + " should be a boolean literal, got \"" +
                                   aggregates::ArgDisplayName(*args[1]) + "\" in \"" + sql + "\".");
    }
    ignore_nulls = v->bool_value();
    // The flag is part of the function, not an input column; Spark names the column first(x).
    args.pop_back();
  }
  types::TypePtr type = args[0]->type();
  aggregates::AggregateFactory create =
      aggregates::DispatchSlots(type, [type, ignore_nulls](auto* tag) -> aggregates::AggregateFactory {
        using Slots = std::remove_pointer_t<decltype(tag)>;
        return [type, ignore_nulls] {
          return std::make_unique<FirstLastAggregate<Slots, kLast>>(aggregates::MakeSlots<Slots>(type), ignore_nulls);
        };
      });
  return aggregates::MakeCall(std::move(name), distinct, false, std::move(args), type, std::move(create));
}

}  // namespace

Result<AggregateCall> BindFirst(std::vector<ExprPtr> args, bool distinct, const std::string& sql) {
  return BindFirstLast<false>(std::move(args), distinct, sql);
}

Result<AggregateCall> BindLast(std::vector<ExprPtr> args, bool distinct, const std::string& sql) {
  return BindFirstLast<true>(std::move(args), distinct, sql);
}

}  // namespace sluice::expr
