// percentile_approx(x, percentage[, accuracy]) / approx_percentile: Spark's
// ApproximatePercentile (a PercentileDigest over QuantileSummaries per group).

#include <cmath>
#include <string>

#include "sluice/expr/aggregates/aggregate_binding.h"
#include "sluice/expr/aggregates/approx_aggregates.h"
#include "sluice/expr/aggregates/quantile_summaries.h"
#include "sluice/expr/aggregates/state_codec.h"
#include "sluice/types/value.h"

namespace sluice::expr {

namespace {

using aggregates::CorruptState;
using aggregates::QuantileSummaries;

constexpr int64_t kDefaultAccuracy = 10000;

// Per group a QuantileSummaries over the inputs as doubles (Spark converts INT, BIGINT,
// DATE and TIMESTAMP values to double and the chosen samples back).
template <typename In>
class PercentileApproxAggregate final : public AggregateFunction {
 public:
  PercentileApproxAggregate(types::TypeId type, std::vector<double> percentages, bool return_array, double relative_error)
      : type_(type), percentages_(std::move(percentages)), return_array_(return_array), relative_error_(relative_error) {}

  void Resize(int64_t num_groups) override {
    if (static_cast<int64_t>(digests_.size()) < num_groups) digests_.resize(num_groups, QuantileSummaries(relative_error_));
  }

  void Update(const int32_t* group_ids, const std::vector<types::ColumnPtr>& args, int64_t n) override {
    const types::Column& c = *args[0];
    const In* values = c.data<In>();
    if (!c.may_have_nulls()) {
      for (int64_t i = 0; i < n; ++i) digests_[group_ids[i]].Insert(static_cast<double>(values[i]));
    } else {
      for (int64_t i = 0; i < n; ++i) {
        if (c.IsValid(i)) digests_[group_ids[i]].Insert(static_cast<double>(values[i]));
      }
    }
  }

  void Merge(int32_t dst_group, const AggregateFunction& other, int32_t src_group) override {
    const auto& o = static_cast<const PercentileApproxAggregate&>(other);
    digests_[dst_group].Merge(o.digests_[src_group]);
  }

  void Finalize(const int32_t* groups, int64_t n, types::Column* out) const override {
    out->Reserve(n);
    std::vector<double> results;
    for (int64_t i = 0; i < n; ++i) {
      if (!digests_[groups[i]].Query(percentages_, &results)) {
        out->AppendNull();
        continue;
      }
      if (!return_array_) {
        Append(results[0], out);
        continue;
      }
      types::Column* elements = out->mutable_children()[0].get();
      for (double r : results) Append(r, elements);
      out->FinishArrayRow();
    }
  }

  // Layout: QuantileSummaries::Serialize of the compressed summary (Spark also
  // compresses the digest when it serializes it).
  void SerializeState(int32_t group, std::string* out) const override {
    const QuantileSummaries& digest = digests_[group];
    if (digest.compressed()) {
      digest.Serialize(out);
      return;
    }
    QuantileSummaries copy = digest;
    copy.Compress();
    copy.Serialize(out);
  }

  Status DeserializeState(int32_t group, std::string_view* in) override {
    QuantileSummaries digest(relative_error_);
    if (!digest.Deserialize(in)) return CorruptState("percentile_approx");
    digests_[group] = std::move(digest);
    return Status::OK();
  }

  void Clear(int32_t group) override { digests_[group].Clear(); }

  int64_t MemoryBytes() const override {
    int64_t bytes = static_cast<int64_t>(digests_.capacity() * sizeof(QuantileSummaries));
    for (const auto& d : digests_) bytes += d.MemoryBytes();
    return bytes;
  }

 private:
  // Spark's ApproximatePercentile: Double.toInt / toLong for the integral types.
  void Append(double v, types::Column* out) const {
    switch (type_) {
      case types::TypeId::kInt:
      case types::TypeId::kDate: out->AppendInt32(static_cast<int32_t>(v)); break;
      case types::TypeId::kBigint:
      case types::TypeId::kTimestamp: out->AppendInt64(static_cast<int64_t>(v)); break;
      default: out->AppendDouble(v); break;
    }
  }

  types::TypeId type_;
  std::vector<double> percentages_;
  bool return_array_;
  double relative_error_;
  std::vector<QuantileSummaries> digests_;
};

// "Cannot resolve "<sql>" due to data type mismatch: " with Spark's error class.
Status Mismatch(const std::string& error_class, const std::string& sql, const std::string& message) {
  return Status::AnalysisError("[DATATYPE_MISMATCH." + error_class + "] Cannot resolve \"" + sql +
                               "\" due to data type mismatch: " + message);
}

std::string DoubleSqlValue(double v) { return types::FormatDouble(v) + "D"; }

bool IsNumericOrNull(const types::DataType& t) { return t.IsNumeric() || t.id() == types::TypeId::kNull; }

}  // namespace

Result<AggregateCall> BindPercentileApprox(std::vector<ExprPtr> args, bool distinct, const std::string& sql) {
  std::string name = aggregates::CallName(sql, {"percentile_approx", "approx_percentile"});
  if (args.size() < 2 || args.size() > 3) return aggregates::WrongNumArgs(name, "[2, 3]", args.size());

  // Type checks (Spark's inputTypes), in argument order.
  SLUICE_ASSIGN_OR_RETURN(ExprPtr child, aggregates::CastStringOrNullToDouble(args[0]));
  types::TypeId child_id = child->type()->id();
  if (!child->type()->IsNumeric() && child_id != types::TypeId::kDate && child_id != types::TypeId::kTimestamp) {
    return aggregates::UnexpectedInputType(
        sql, 0,
        "(\"NUMERIC\" or \"DATE\" or \"TIMESTAMP\" or \"TIMESTAMP_NTZ\" or \"INTERVAL YEAR TO MONTH\" or \"INTERVAL DAY TO "
        "SECOND\")",
        *args[0]);
  }
  const types::DataType& pct_type = *args[1]->type();
  bool return_array = pct_type.id() == types::TypeId::kArray;
  if (!(IsNumericOrNull(pct_type) || (return_array && IsNumericOrNull(*pct_type.element())))) {
    return aggregates::UnexpectedInputType(sql, 1, "(\"DOUBLE\" or \"ARRAY<DOUBLE>\")", *args[1]);
  }
  if (args.size() == 3 && !args[2]->type()->IsIntegral()) {
    return aggregates::UnexpectedInputType(sql, 2, "\"INTEGRAL\"", *args[2]);
  }
  // Foldability.
  if (!args[1]->IsFoldable()) {
    return Mismatch("NON_FOLDABLE_INPUT", sql,
                    "the input `percentage` should be a foldable (\"DOUBLE\" or \"ARRAY<DOUBLE>\") expression; however, got \"" +
                        aggregates::ArgDisplayName(*args[1]) + "\".");
  }
  if (args.size() == 3 && !args[2]->IsFoldable()) {
    return Mismatch("NON_FOLDABLE_INPUT", sql,
                    "the input `accuracy` should be a foldable \"INTEGRAL\" expression; however, got \"" +
                        aggregates::ArgDisplayName(*args[2]) + "\".");
  }
  EvalContext ctx;
  int64_t accuracy = kDefaultAccuracy;
  if (args.size() == 3) {
    SLUICE_ASSIGN_OR_RETURN(types::Value v, EvaluateConstant(*args[2], ctx));
    if (v.is_null()) return Mismatch("UNEXPECTED_NULL", sql, "The `accuracy` must not be null.");
    accuracy = v.int_value();
  } else {
    // Spark shows the default accuracy in the column name: percentile_approx(x, 0.5, 10000).
    args.push_back(MakeLiteral(types::Value::Int(kDefaultAccuracy), types::DataType::Int()));
  }
  if (accuracy <= 0 || accuracy > INT32_MAX) {
    return Mismatch("VALUE_OUT_OF_RANGE", sql,
                    "The `accuracy` must be between (0, 2147483647] (current value = " + std::to_string(accuracy) + "L).");
  }
  SLUICE_ASSIGN_OR_RETURN(types::Value pct, EvaluateConstant(*args[1], ctx));
  std::vector<types::Value> pct_values;
  if (!pct.is_null()) {
    if (return_array) {
      pct_values = pct.list_value();
    } else {
      pct_values.push_back(pct);
    }
  }
  bool has_null = pct.is_null();
  for (const auto& v : pct_values) has_null = has_null || v.is_null();
  if (has_null) return Mismatch("UNEXPECTED_NULL", sql, "The `percentage` must not be null.");
  std::vector<double> percentages;
  bool out_of_range = false;
  for (const auto& v : pct_values) {
    double d = v.AsDouble();
    percentages.push_back(d);
    out_of_range = out_of_range || !(d >= 0.0 && d <= 1.0);
  }
  if (out_of_range) {
    std::string current;
    for (size_t i = 0; i < percentages.size(); ++i) current += (i > 0 ? ", " : "") + DoubleSqlValue(percentages[i]);
    if (return_array) current = "ARRAY(" + current + ")";
    return Mismatch("VALUE_OUT_OF_RANGE", sql,
                    "The `percentage` must be between [0.0, 1.0] (current value = " + current + ").");
  }

  double relative_error = 1.0 / static_cast<double>(accuracy);
  types::TypePtr type = child->type();
  aggregates::AggregateFactory create;
  auto make = [&](auto* tag) {
    using In = std::remove_pointer_t<decltype(tag)>;
    create = [child_id, percentages, return_array, relative_error] {
      return std::make_unique<PercentileApproxAggregate<In>>(child_id, percentages, return_array, relative_error);
    };
  };
  switch (child_id) {
    case types::TypeId::kInt:
    case types::TypeId::kDate: make(static_cast<int32_t*>(nullptr)); break;
    case types::TypeId::kBigint:
    case types::TypeId::kTimestamp: make(static_cast<int64_t*>(nullptr)); break;
    default: make(static_cast<double*>(nullptr)); break;
  }
  args[0] = std::move(child);
  types::TypePtr result_type = return_array ? types::DataType::Array(type) : type;
  // DISTINCT changes which values are summarized.
  return aggregates::MakeCall(std::move(name), distinct, true, std::move(args), std::move(result_type), std::move(create));
}

}  // namespace sluice::expr
