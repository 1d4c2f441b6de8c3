// sum(x) and avg(x) / mean(x).

#include <string>
#include <type_traits>

#include "sluice/expr/aggregates/aggregate_binding.h"
#include "sluice/expr/aggregates/aggregates.h"
#include "sluice/expr/aggregates/state_codec.h"

namespace sluice::expr {

namespace {

using aggregates::CorruptState;
using aggregates::GetFixed;
using aggregates::GetSignedVarint;
using aggregates::PutFixed;
using aggregates::PutSignedVarint;

inline bool ValidBit(const uint64_t* words, int64_t i) { return (words[i >> 6] >> (i & 63)) & 1; }

Status LongOverflow() {
  // Spark 4 (ANSI): Add(sum, x) in Sum's update throws this.
  return Status::ExecutionError(
      "[ARITHMETIC_OVERFLOW] long overflow. Use 'try_add' to tolerate overflow and return NULL instead. "
      "If necessary set \"spark.sql.ansi.enabled\" to \"false\" to bypass this error.");
}

// Spark's Sum: BIGINT for integral input (overflow recorded, result wraps), DOUBLE for
// DOUBLE input; NULL while the group has seen no non-null value.
// In: int32_t / int64_t / double (the input column's storage), Acc: int64_t / double.
template <typename In, typename Acc>
class SumAggregate final : public AggregateFunction, public AggregateErrorSource {
 public:
  void Resize(int64_t num_groups) override {
    if (static_cast<int64_t>(sums_.size()) < num_groups) {
      sums_.resize(num_groups, Acc{0});
      has_value_.resize(num_groups, 0);
    }
  }

  void Update(const int32_t* group_ids, const std::vector<types::ColumnPtr>& args, int64_t n) override {
    const types::Column& c = *args[0];
    const In* values = c.data<In>();
    Acc* sums = sums_.data();
    uint8_t* has = has_value_.data();
    bool overflow = false;
    if (!c.may_have_nulls()) {
      for (int64_t i = 0; i < n; ++i) {
        int32_t g = group_ids[i];
        overflow |= Add(sums[g], values[i]);
        has[g] = 1;
      }
    } else {
      const uint64_t* valid = c.validity_words();
      for (int64_t i = 0; i < n; ++i) {
        if (!ValidBit(valid, i)) continue;
        int32_t g = group_ids[i];
        overflow |= Add(sums[g], values[i]);
        has[g] = 1;
      }
    }
    if (overflow && error_.ok()) error_ = LongOverflow();
  }

  void Merge(int32_t dst_group, const AggregateFunction& other, int32_t src_group) override {
    const auto& o = static_cast<const SumAggregate&>(other);
    if (!o.has_value_[src_group]) return;
    if (Add(sums_[dst_group], o.sums_[src_group]) && error_.ok()) error_ = LongOverflow();
    has_value_[dst_group] = 1;
  }

  void CopyState(int32_t dst_group, const AggregateFunction& other, int32_t src_group) override {
    const auto& o = static_cast<const SumAggregate&>(other);
    sums_[dst_group] = o.sums_[src_group];
    has_value_[dst_group] = o.has_value_[src_group];
  }

  void Finalize(const int32_t* groups, int64_t n, types::Column* out) const override {
    out->Reserve(n);
    for (int64_t i = 0; i < n; ++i) {
      int32_t g = groups[i];
      if (!has_value_[g]) {
        out->AppendNull();
      } else if constexpr (std::is_same_v<Acc, double>) {
        out->AppendDouble(sums_[g]);
      } else {
        out->AppendInt64(sums_[g]);
      }
    }
  }

  // Layout: 0 (no value) | 1 then the sum (zig-zag varint for BIGINT, 8 bytes for DOUBLE).
  void SerializeState(int32_t group, std::string* out) const override {
    if (!has_value_[group]) {
      out->push_back(0);
      return;
    }
    out->push_back(1);
    if constexpr (std::is_same_v<Acc, double>) {
      PutFixed(sums_[group], out);
    } else {
      PutSignedVarint(sums_[group], out);
    }
  }

  Status DeserializeState(int32_t group, std::string_view* in) override {
    uint8_t present;
    if (!aggregates::GetByte(in, &present) || present > 1) return CorruptState("sum");
    has_value_[group] = present;
    sums_[group] = Acc{0};
    if (!present) return Status::OK();
    bool ok;
    if constexpr (std::is_same_v<Acc, double>) {
      ok = GetFixed(in, &sums_[group]);
    } else {
      ok = GetSignedVarint(in, &sums_[group]);
    }
    return ok ? Status::OK() : CorruptState("sum");
  }

  void Clear(int32_t group) override {
    sums_[group] = Acc{0};
    has_value_[group] = 0;
  }

  int64_t MemoryBytes() const override {
    return static_cast<int64_t>(sums_.capacity() * sizeof(Acc) + has_value_.capacity());
  }

  Status runtime_error() const override { return error_; }

 private:
  // Adds v into `sum`; returns true on BIGINT overflow (the sum then wraps).
  template <typename V>
  static bool Add(Acc& sum, V v) {
    if constexpr (std::is_same_v<Acc, double>) {
      sum += static_cast<double>(v);
      return false;
    } else {
      return __builtin_add_overflow(sum, static_cast<int64_t>(v), &sum);
    }
  }

  std::vector<Acc> sums_;
  std::vector<uint8_t> has_value_;
  Status error_;
};

// Spark's Average: the sum is kept as DOUBLE whatever the numeric input type, the
// result is sum / count, NULL when the group has seen no non-null value.
template <typename In>
class AvgAggregate final : public AggregateFunction {
 public:
  void Resize(int64_t num_groups) override {
    if (static_cast<int64_t>(sums_.size()) < num_groups) {
      sums_.resize(num_groups, 0.0);
      counts_.resize(num_groups, 0);
    }
  }

  void Update(const int32_t* group_ids, const std::vector<types::ColumnPtr>& args, int64_t n) override {
    const types::Column& c = *args[0];
    const In* values = c.data<In>();
    double* sums = sums_.data();
    int64_t* counts = counts_.data();
    if (!c.may_have_nulls()) {
      for (int64_t i = 0; i < n; ++i) {
        int32_t g = group_ids[i];
        sums[g] += static_cast<double>(values[i]);
        counts[g]++;
      }
    } else {
      const uint64_t* valid = c.validity_words();
      for (int64_t i = 0; i < n; ++i) {
        if (!ValidBit(valid, i)) continue;
        int32_t g = group_ids[i];
        sums[g] += static_cast<double>(values[i]);
        counts[g]++;
      }
    }
  }

  void Merge(int32_t dst_group, const AggregateFunction& other, int32_t src_group) override {
    const auto& o = static_cast<const AvgAggregate&>(other);
    sums_[dst_group] += o.sums_[src_group];
    counts_[dst_group] += o.counts_[src_group];
  }

  void CopyState(int32_t dst_group, const AggregateFunction& other, int32_t src_group) override {
    const auto& o = static_cast<const AvgAggregate&>(other);
    sums_[dst_group] = o.sums_[src_group];
    counts_[dst_group] = o.counts_[src_group];
  }

  void Finalize(const int32_t* groups, int64_t n, types::Column* out) const override {
    out->Reserve(n);
    for (int64_t i = 0; i < n; ++i) {
      int32_t g = groups[i];
      if (counts_[g] == 0) {
        out->AppendNull();
      } else {
        out->AppendDouble(sums_[g] / static_cast<double>(counts_[g]));
      }
    }
  }

  // Layout: varint count, then (count > 0) the 8-byte DOUBLE sum.
  void SerializeState(int32_t group, std::string* out) const override {
    types::EncodeVarint(static_cast<uint64_t>(counts_[group]), out);
    if (counts_[group] > 0) PutFixed(sums_[group], out);
  }

  Status DeserializeState(int32_t group, std::string_view* in) override {
    uint64_t count;
    if (!types::DecodeVarint(in, &count)) return CorruptState("avg");
    counts_[group] = static_cast<int64_t>(count);
    sums_[group] = 0.0;
    if (count > 0 && !GetFixed(in, &sums_[group])) return CorruptState("avg");
    return Status::OK();
  }

  void Clear(int32_t group) override {
    sums_[group] = 0.0;
    counts_[group] = 0;
  }

  int64_t MemoryBytes() const override {
    return static_cast<int64_t>(sums_.capacity() * sizeof(double) + counts_.capacity() * sizeof(int64_t));
  }

 private:
  std::vector<double> sums_;
  std::vector<int64_t> counts_;
};

// Checks the single numeric argument of sum/avg: STRING/NULL become DOUBLE, other
// non-numeric types are Spark's UNEXPECTED_INPUT_TYPE error.
Result<ExprPtr> BindNumericArg(const std::string& name, std::vector<ExprPtr>& args, const std::string& sql) {
  if (args.size() != 1) return aggregates::WrongNumArgs(name, "1", args.size());
  SLUICE_ASSIGN_OR_RETURN(ExprPtr arg, aggregates::CastStringOrNullToDouble(args[0]));
  if (!arg->type()->IsNumeric()) {
    return aggregates::UnexpectedInputType(sql, 0, "\"NUMERIC\" or \"ANSI INTERVAL\"", *args[0]);
  }
  return arg;
}

}  // namespace

Result<AggregateCall> BindSum(std::vector<ExprPtr> args, bool distinct, const std::string& sql) {
  SLUICE_ASSIGN_OR_RETURN(ExprPtr arg, BindNumericArg("sum", args, sql));
  types::TypeId id = arg->type()->id();
  types::TypePtr result = id == types::TypeId::kDouble ? types::DataType::Double() : types::DataType::Bigint();
  aggregates::AggregateFactory create;
  switch (id) {
    case types::TypeId::kInt: create = [] { return std::make_unique<SumAggregate<int32_t, int64_t>>(); }; break;
    case types::TypeId::kBigint: create = [] { return std::make_unique<SumAggregate<int64_t, int64_t>>(); }; break;
    default: create = [] { return std::make_unique<SumAggregate<double, double>>(); }; break;
  }
  return aggregates::MakeCall("sum", distinct, true, {std::move(arg)}, std::move(result), std::move(create));
}

Result<AggregateCall> BindAvg(std::vector<ExprPtr> args, bool distinct, const std::string& sql) {
  std::string name = aggregates::CallName(sql, {"avg", "mean"});
  SLUICE_ASSIGN_OR_RETURN(ExprPtr arg, BindNumericArg(name, args, sql));
  aggregates::AggregateFactory create;
  switch (arg->type()->id()) {
    case types::TypeId::kInt: create = [] { return std::make_unique<AvgAggregate<int32_t>>(); }; break;
    case types::TypeId::kBigint: create = [] { return std::make_unique<AvgAggregate<int64_t>>(); }; break;
    default: create = [] { return std::make_unique<AvgAggregate<double>>(); }; break;
  }
  return aggregates::MakeCall(std::move(name), distinct, true, {std::move(arg)}, types::DataType::Double(),
                              std::move(create));
}

}  // namespace sluice::expr
