// approx_count_distinct(x[, relativeSD]): Spark's HyperLogLogPlusPlus (HLL++ with a
// dense register set and the empirical bias correction of hll_bias_data.h).

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <iterator>
#include <limits>
#include <string>

#include "sluice/expr/aggregates/aggregate_binding.h"
#include "sluice/expr/aggregates/approx_aggregates.h"
#include "sluice/expr/aggregates/hll_bias_data.h"
#include "sluice/expr/aggregates/state_codec.h"
#include "sluice/expr/aggregates/xx_hash64.h"
#include "sluice/types/value.h"

namespace sluice::expr {

namespace {

using aggregates::CorruptState;

constexpr uint64_t kSeed = 42;
constexpr double kDefaultRelativeSd = 0.05;
// Spark sets no upper bound; 2^24 one-byte registers per group is already 16 MiB.
constexpr int kMaxPrecision = 24;
// Spark's HyperLogLogPlusPlusHelper.THRESHOLDS, indexed by p - 4: below these linear
// counting is used.
constexpr double kThresholds[] = {10, 20, 40, 80, 220, 400, 900, 1800, 3100, 6500, 11500, 20000, 50000, 120000, 350000};

// java.lang.Math.round(double): the closest long, ties towards positive infinity, NaN -> 0,
// saturating at the long range. (floor(x + 0.5) would round 0.49999999999999994 up.)
int64_t JavaMathRound(double x) {
  if (std::isnan(x)) return 0;
  if (x >= 9223372036854775807.0) return std::numeric_limits<int64_t>::max();
  if (x <= -9223372036854775808.0) return std::numeric_limits<int64_t>::min();
  double r = std::floor(x);
  // x - floor(x) is exact for every double below 2^52; above that x is already integral.
  if (x - r >= 0.5) r += 1.0;
  return static_cast<int64_t>(r);
}

// Spark's InterpretedHashFunction.hash for a (non-null at top level) nested value:
// elements and fields are folded left with the running hash as the seed; NULL
// elements leave it unchanged.
uint64_t HashValue(const types::Value& v, const types::DataType& type, uint64_t seed) {
  if (v.is_null()) return seed;
  switch (type.id()) {
    case types::TypeId::kBoolean: return aggregates::XxHash64Int(v.bool_value() ? 1 : 0, seed);
    case types::TypeId::kInt:
    case types::TypeId::kDate: return aggregates::XxHash64Int(static_cast<int32_t>(v.int_value()), seed);
    case types::TypeId::kBigint:
    case types::TypeId::kTimestamp: return aggregates::XxHash64Long(v.int_value(), seed);
    case types::TypeId::kDouble: return aggregates::XxHash64Double(v.double_value(), seed);
    case types::TypeId::kString:
    case types::TypeId::kBinary: return aggregates::XxHash64Bytes(v.string_value(), seed);
    case types::TypeId::kArray: {
      uint64_t h = seed;
      for (const auto& e : v.list_value()) h = HashValue(e, *type.element(), h);
      return h;
    }
    case types::TypeId::kStruct: {
      uint64_t h = seed;
      const auto& list = v.list_value();
      for (size_t i = 0; i < list.size() && i < type.fields().size(); ++i) h = HashValue(list[i], *type.fields()[i].type, h);
      return h;
    }
    case types::TypeId::kNull: return seed;
  }
  return seed;
}

// Per group 2^p registers (one byte each, dense: group g's registers start at g << p),
// each the maximum "position of the first 1 bit" seen for hashes with that index.
class ApproxCountDistinctAggregate final : public AggregateFunction {
 public:
  ApproxCountDistinctAggregate(types::TypePtr type, int p) : type_(std::move(type)), p_(p), m_(int64_t{1} << p) {
    // Spark's alphaM2 = alpha * m^2.
    double m = static_cast<double>(m_);
    switch (p_) {
      case 4: alpha_m2_ = 0.673 * m * m; break;
      case 5: alpha_m2_ = 0.697 * m * m; break;
      case 6: alpha_m2_ = 0.709 * m * m; break;
      default: alpha_m2_ = (0.7213 / (1.0 + 1.079 / m)) * m * m; break;
    }
  }

  void Resize(int64_t num_groups) override {
    if (num_groups_ < num_groups) {
      registers_.resize(static_cast<size_t>(num_groups << p_), 0);
      num_groups_ = num_groups;
    }
  }

  void Update(const int32_t* group_ids, const std::vector<types::ColumnPtr>& args, int64_t n) override {
    const types::Column& c = *args[0];
    switch (type_->id()) {
      case types::TypeId::kBoolean: {
        const uint8_t* v = c.data<uint8_t>();
        Loop(c, group_ids, n, [v](int64_t i) { return aggregates::XxHash64Int(v[i] ? 1 : 0, kSeed); });
        break;
      }
      case types::TypeId::kInt:
      case types::TypeId::kDate: {
        const int32_t* v = c.data<int32_t>();
        Loop(c, group_ids, n, [v](int64_t i) { return aggregates::XxHash64Int(v[i], kSeed); });
        break;
      }
      case types::TypeId::kBigint:
      case types::TypeId::kTimestamp: {
        const int64_t* v = c.data<int64_t>();
        Loop(c, group_ids, n, [v](int64_t i) { return aggregates::XxHash64Long(v[i], kSeed); });
        break;
      }
      case types::TypeId::kDouble: {
        const double* v = c.data<double>();
        Loop(c, group_ids, n, [v](int64_t i) { return aggregates::XxHash64Double(v[i], kSeed); });
        break;
      }
      case types::TypeId::kString:
      case types::TypeId::kBinary:
        Loop(c, group_ids, n, [&c](int64_t i) { return aggregates::XxHash64Bytes(c.GetString(i), kSeed); });
        break;
      case types::TypeId::kArray:
      case types::TypeId::kStruct: {
        const types::DataType& type = *type_;
        Loop(c, group_ids, n, [&c, &type](int64_t i) { return HashValue(c.GetValue(i), type, kSeed); });
        break;
      }
      case types::TypeId::kNull: break;  // only NULLs: nothing to count
    }
  }

  void Merge(int32_t dst_group, const AggregateFunction& other, int32_t src_group) override {
    const auto& o = static_cast<const ApproxCountDistinctAggregate&>(other);
    uint8_t* dst = &registers_[static_cast<size_t>(dst_group) << p_];
    const uint8_t* src = &o.registers_[static_cast<size_t>(src_group) << p_];
    for (int64_t i = 0; i < m_; ++i) dst[i] = std::max(dst[i], src[i]);
  }

  void Finalize(const int32_t* groups, int64_t n, types::Column* out) const override {
    out->Reserve(n);
    for (int64_t i = 0; i < n; ++i) out->AppendInt64(Estimate(groups[i]));
  }

  // Layout: the 2^p registers, one byte each.
  void SerializeState(int32_t group, std::string* out) const override {
    out->append(reinterpret_cast<const char*>(&registers_[static_cast<size_t>(group) << p_]), static_cast<size_t>(m_));
  }

  Status DeserializeState(int32_t group, std::string_view* in) override {
    if (static_cast<int64_t>(in->size()) < m_) return CorruptState("approx_count_distinct");
    // A register holds at most the 64 - p hash bits after the index plus one.
    uint8_t max_register = static_cast<uint8_t>(64 - p_ + 1);
    for (int64_t i = 0; i < m_; ++i) {
      if (static_cast<uint8_t>((*in)[i]) > max_register) return CorruptState("approx_count_distinct");
    }
    std::memcpy(&registers_[static_cast<size_t>(group) << p_], in->data(), static_cast<size_t>(m_));
    in->remove_prefix(static_cast<size_t>(m_));
    return Status::OK();
  }

  void Clear(int32_t group) override {
    std::fill_n(&registers_[static_cast<size_t>(group) << p_], m_, uint8_t{0});
  }

  int64_t MemoryBytes() const override { return static_cast<int64_t>(registers_.capacity()); }

 private:
  template <typename HashFn>
  void Loop(const types::Column& c, const int32_t* group_ids, int64_t n, HashFn hash) {
    if (!c.may_have_nulls()) {
      for (int64_t i = 0; i < n; ++i) Absorb(group_ids[i], hash(i));
    } else {
      for (int64_t i = 0; i < n; ++i) {
        if (c.IsValid(i)) Absorb(group_ids[i], hash(i));
      }
    }
  }

  // Spark's HyperLogLogPlusPlusHelper.update: the top p bits pick the register, the
  // rest (padded with a 1 bit so the count is bounded) give the leading-zero count.
  void Absorb(int32_t g, uint64_t hash) {
    uint64_t idx = hash >> (64 - p_);
    uint64_t w = (hash << p_) | (uint64_t{1} << (p_ - 1));
    uint8_t pw = static_cast<uint8_t>(std::countl_zero(w) + 1);
    uint8_t& r = registers_[(static_cast<size_t>(g) << p_) + idx];
    if (pw > r) r = pw;
  }

  // Spark's HyperLogLogPlusPlusHelper.query: linear counting while its estimate is at
  // most THRESHOLDS(p - 4), else the raw HLL estimate E, less the empirical bias while
  // p < 19 and E < 5 * 2^p. Registers are summed in index order, as Spark does.
  int64_t Estimate(int32_t g) const {
    const uint8_t* regs = &registers_[static_cast<size_t>(g) << p_];
    double z_inverse = 0.0;
    double zeros = 0.0;
    for (int64_t i = 0; i < m_; ++i) {
      z_inverse += 1.0 / static_cast<double>(uint64_t{1} << regs[i]);
      if (regs[i] == 0) zeros += 1.0;
    }
    const double m = static_cast<double>(m_);
    const double e = alpha_m2_ / z_inverse;
    auto e_bias_corrected = [&] {
      return p_ <= aggregates::kHllMaxBiasPrecision && e < 5.0 * m ? e - aggregates::HllEstimateBias(p_, e) : e;
    };
    double estimate;
    if (zeros > 0) {
      double h = m * std::log(m / zeros);
      // Spark indexes THRESHOLDS(p - 4) here, which only exists up to p = 18.
      double threshold = p_ - 4 < static_cast<int>(std::size(kThresholds)) ? kThresholds[p_ - 4] : 0.0;
      estimate = h <= threshold ? h : e_bias_corrected();
    } else {
      estimate = e_bias_corrected();
    }
    return JavaMathRound(estimate);
  }

  types::TypePtr type_;
  int p_;
  int64_t m_;
  double alpha_m2_ = 0.0;
  int64_t num_groups_ = 0;
  std::vector<uint8_t> registers_;
};

}  // namespace

Result<AggregateCall> BindApproxCountDistinct(std::vector<ExprPtr> args, bool distinct, const std::string& sql) {
  const std::string name = "approx_count_distinct";
  if (args.empty() || args.size() > 2) return aggregates::WrongNumArgs(name, "[1, 2]", args.size());
  double relative_sd = kDefaultRelativeSd;
  if (args.size() == 2) {
    const types::Value* v = args[1]->kind() == ExprKind::kLiteral ? LiteralValue(*args[1]) : nullptr;
    if (v == nullptr || !v->is_double() || args[1]->type()->id() != types::TypeId::kDouble) {
      // Spark's QueryCompilationErrors.secondArgumentNotDoubleLiteralError.
      return Status::AnalysisError("The second argument should be a double literal (in \"" + sql + "\").");
    }
    relative_sd = v->double_value();
    // relativeSD configures the function; Spark names the column approx_count_distinct(x).
    args.pop_back();
  }
  double bits = std::ceil(2.0 * std::log(1.106 / relative_sd) / std::log(2.0));
  if (!(bits >= 4)) {
    return Status::AnalysisError("HLL++ requires at least 4 bits for addressing. Use a lower error, at most 39% (got relativeSD " +
                                 types::FormatDouble(relative_sd) + " in \"" + sql + "\").");
  }
  if (bits > kMaxPrecision) {
    return Status::AnalysisError("approx_count_distinct relativeSD " + types::FormatDouble(relative_sd) +
                                 " needs more than 2^" + std::to_string(kMaxPrecision) +
                                 " registers per group; use a larger relativeSD (in \"" + sql + "\").");
  }
  int p = static_cast<int>(bits);
  types::TypePtr type = args[0]->type();
  aggregates::AggregateFactory create = [type, p] { return std::make_unique<ApproxCountDistinctAggregate>(type, p); };
  // Counting distinct values is unaffected by DISTINCT.
  AggregateCall call =
      aggregates::MakeCall(name, distinct, false, std::move(args), types::DataType::Bigint(), std::move(create));
  call.hidden_params = "precision " + std::to_string(p);  // the column name leaves relativeSD out
  return call;
}

}  // namespace sluice::expr
