// stddev / stddev_samp / std, stddev_pop, variance / var_samp, var_pop.

#include <cmath>
#include <string>

#include "sluice/expr/aggregates/aggregate_binding.h"
#include "sluice/expr/aggregates/aggregates.h"
#include "sluice/expr/aggregates/state_codec.h"

namespace sluice::expr {

namespace {

using aggregates::CorruptState;
using aggregates::GetFixed;
using aggregates::PutFixed;

inline bool ValidBit(const uint64_t* words, int64_t i) { return (words[i >> 6] >> (i & 63)) & 1; }

enum class Statistic : uint8_t { kVarSamp, kVarPop, kStddevSamp, kStddevPop };

// Spark's CentralMomentAgg: per group the count n, the mean and M2 (the sum of squared
// differences from the mean), updated with Welford's algorithm in exactly Spark's
// order of floating-point operations, and merged with Chan's formula.
template <typename In>
class VarianceAggregate final : public AggregateFunction {
 public:
  explicit VarianceAggregate(Statistic statistic) : statistic_(statistic) {}

  void Resize(int64_t num_groups) override {
    if (static_cast<int64_t>(counts_.size()) < num_groups) {
      counts_.resize(num_groups, 0);
      means_.resize(num_groups, 0.0);
      m2s_.resize(num_groups, 0.0);
    }
  }

  void Update(const int32_t* group_ids, const std::vector<types::ColumnPtr>& args, int64_t n) override {
    const types::Column& c = *args[0];
    const In* values = c.data<In>();
    if (!c.may_have_nulls()) {
      for (int64_t i = 0; i < n; ++i) Absorb(group_ids[i], static_cast<double>(values[i]));
    } else {
      const uint64_t* valid = c.validity_words();
      for (int64_t i = 0; i < n; ++i) {
        if (ValidBit(valid, i)) Absorb(group_ids[i], static_cast<double>(values[i]));
      }
    }
  }

  void Merge(int32_t dst_group, const AggregateFunction& other, int32_t src_group) override {
    const auto& o = static_cast<const VarianceAggregate&>(other);
    int64_t n2i = o.counts_[src_group];
    if (n2i == 0) return;
    double n1 = static_cast<double>(counts_[dst_group]);
    double n2 = static_cast<double>(n2i);
    double new_n = n1 + n2;
    double delta = o.means_[src_group] - means_[dst_group];
    double delta_n = new_n == 0.0 ? 0.0 : delta / new_n;
    means_[dst_group] += delta_n * n2;
    m2s_[dst_group] += o.m2s_[src_group] + delta * delta_n * n1 * n2;
    counts_[dst_group] += n2i;
  }

  void Finalize(const int32_t* groups, int64_t n, types::Column* out) const override {
    out->Reserve(n);
    for (int64_t i = 0; i < n; ++i) {
      int32_t g = groups[i];
      double count = static_cast<double>(counts_[g]);
      bool sample = statistic_ == Statistic::kVarSamp || statistic_ == Statistic::kStddevSamp;
      // Spark 4 (spark.sql.legacy.statisticalAggregate=false): NULL instead of NaN
      // when the divisor is zero, i.e. no input, or a single value for the sample forms.
      if (count == 0.0 || (sample && count == 1.0)) {
        out->AppendNull();
        continue;
      }
      double variance = m2s_[g] / (sample ? count - 1.0 : count);
      bool stddev = statistic_ == Statistic::kStddevSamp || statistic_ == Statistic::kStddevPop;
      out->AppendDouble(stddev ? std::sqrt(variance) : variance);
    }
  }

  // Layout: varint n, then (n > 0) the 8-byte mean and M2.
  void SerializeState(int32_t group, std::string* out) const override {
    types::EncodeVarint(static_cast<uint64_t>(counts_[group]), out);
    if (counts_[group] == 0) return;
    PutFixed(means_[group], out);
    PutFixed(m2s_[group], out);
  }

  Status DeserializeState(int32_t group, std::string_view* in) override {
    uint64_t count;
    if (!types::DecodeVarint(in, &count)) return CorruptState("a variance aggregate");
    counts_[group] = static_cast<int64_t>(count);
    means_[group] = 0.0;
    m2s_[group] = 0.0;
    if (count > 0 && !(GetFixed(in, &means_[group]) && GetFixed(in, &m2s_[group]))) {
      return CorruptState("a variance aggregate");
    }
    return Status::OK();
  }

  void Clear(int32_t group) override {
    counts_[group] = 0;
    means_[group] = 0.0;
    m2s_[group] = 0.0;
  }

  int64_t MemoryBytes() const override {
    return static_cast<int64_t>(counts_.capacity() * sizeof(int64_t) + (means_.capacity() + m2s_.capacity()) * sizeof(double));
  }

 private:
  void Absorb(int32_t g, double x) {
    double n = static_cast<double>(++counts_[g]);
    double delta = x - means_[g];
    double delta_n = delta / n;
    means_[g] += delta_n;
    m2s_[g] += delta * (delta - delta_n);
  }

  Statistic statistic_;
  std::vector<int64_t> counts_;
  std::vector<double> means_;
  std::vector<double> m2s_;
};

Result<AggregateCall> BindStatistic(Statistic statistic, std::string name, std::vector<ExprPtr> args, bool distinct,
                                    const std::string& sql) {
  if (args.size() != 1) return aggregates::WrongNumArgs(name, "1", args.size());
  SLUICE_ASSIGN_OR_RETURN(ExprPtr arg, aggregates::CastStringOrNullToDouble(args[0]));
  // Spark's inputTypes = DOUBLE, reached from any numeric type by implicit cast; the
  // cast is done inside the loop here instead of materializing a DOUBLE column.
  if (!arg->type()->IsNumeric()) return aggregates::UnexpectedInputType(sql, 0, "\"DOUBLE\"", *args[0]);
  aggregates::AggregateFactory create;
  switch (arg->type()->id()) {
    case types::TypeId::kInt: create = [statistic] { return std::make_unique<VarianceAggregate<int32_t>>(statistic); }; break;
    case types::TypeId::kBigint: create = [statistic] { return std::make_unique<VarianceAggregate<int64_t>>(statistic); }; break;
    default: create = [statistic] { return std::make_unique<VarianceAggregate<double>>(statistic); }; break;
  }
  return aggregates::MakeCall(std::move(name), distinct, true, {std::move(arg)}, types::DataType::Double(),
                              std::move(create));
}

}  // namespace

Result<AggregateCall> BindStddev(std::vector<ExprPtr> args, bool distinct, const std::string& sql) {
  return BindStatistic(Statistic::kStddevSamp, aggregates::CallName(sql, {"stddev", "stddev_samp", "std"}), std::move(args),
                       distinct, sql);
}

Result<AggregateCall> BindStddevPop(std::vector<ExprPtr> args, bool distinct, const std::string& sql) {
  return BindStatistic(Statistic::kStddevPop, "stddev_pop", std::move(args), distinct, sql);
}

Result<AggregateCall> BindVariance(std::vector<ExprPtr> args, bool distinct, const std::string& sql) {
  return BindStatistic(Statistic::kVarSamp, aggregates::CallName(sql, {"variance", "var_samp"}), std::move(args), distinct,
                       sql);
}

Result<AggregateCall> BindVarPop(std::vector<ExprPtr> args, bool distinct, const std::string& sql) {
  return BindStatistic(Statistic::kVarPop, "var_pop", std::move(args), distinct, sql);
}

}  // namespace sluice::expr
