// approx_count_distinct and percentile_approx / approx_percentile.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "sluice/expr/aggregates/approx_aggregates.h"
#include "sluice/expr/aggregates/hll_bias_data.h"
#include "sluice/expr/aggregates/quantile_summaries.h"
#include "sluice/expr/aggregates/xx_hash64.h"
#include "sluice/expr/function_registry.h"
#include "sluice/types/column.h"
#include "test_util.h"

namespace sluice::expr {
namespace {

using types::Column;
using types::ColumnPtr;
using types::DataType;
using types::TypePtr;
using types::Value;

ExprPtr Ref(const TypePtr& type, const std::string& name = "x") { return MakeColumnRef(0, type, name); }
ExprPtr Lit(Value v, TypePtr type) { return MakeLiteral(std::move(v), std::move(type)); }
ExprPtr DoubleLit(double v) { return Lit(Value::Double(v), DataType::Double()); }
ExprPtr IntLit(int64_t v) { return Lit(Value::Int(v), DataType::Int()); }
ExprPtr DoubleArrayLit(const std::vector<double>& v) {
  Value::List list;
  for (double d : v) list.push_back(Value::Double(d));
  return Lit(Value::MakeList(std::move(list)), DataType::Array(DataType::Double()));
}

ColumnPtr Col(const TypePtr& type, const std::vector<Value>& values) {
  auto c = std::make_shared<Column>(type);
  for (const auto& v : values) c->AppendValue(v);
  return c;
}

ColumnPtr BigintRange(int64_t begin, int64_t end) {
  auto c = std::make_shared<Column>(DataType::Bigint());
  for (int64_t i = begin; i < end; ++i) c->AppendInt64(i);
  return c;
}

// Runs `f` over `args` (all rows in group `group`), padding args with the call's
// constant arguments as the aggregate operator would.
void Feed(AggregateFunction* f, const AggregateCall& call, ColumnPtr input, int32_t group = 0) {
  std::vector<ColumnPtr> args{input};
  for (size_t i = 1; i < call.args.size(); ++i) {
    args.push_back(Column::MakeConstant(call.args[i]->type(), *LiteralValue(*call.args[i]), input->size()));
  }
  std::vector<int32_t> groups(static_cast<size_t>(input->size()), group);
  f->Update(groups.data(), args, input->size());
}

Value Result1(const AggregateFunction& f, const AggregateCall& call, int32_t group = 0) {
  Column out(call.result_type);
  f.Finalize(&group, 1, &out);
  return out.GetValue(0);
}

std::unique_ptr<AggregateFunction> RoundTrip(const AggregateCall& call, const AggregateFunction& f, int32_t group = 0) {
  std::string bytes;
  f.SerializeState(group, &bytes);
  auto g = call.create();
  g->Resize(group + 1);
  std::string_view in = bytes;
  EXPECT_TRUE(g->DeserializeState(group, &in).ok());
  EXPECT_TRUE(in.empty());
  return g;
}

AggregateCall BindAcd(std::vector<ExprPtr> args, const std::string& sql = "approx_count_distinct(x)") {
  auto r = BindApproxCountDistinct(std::move(args), false, sql);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *std::move(r) : AggregateCall{};
}

AggregateCall BindPct(std::vector<ExprPtr> args, const std::string& sql = "percentile_approx(x, p)") {
  auto r = BindPercentileApprox(std::move(args), false, sql);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *std::move(r) : AggregateCall{};
}

// --- XxHash64 ---

TEST(XxHash64Test, MatchesReferenceVectorsAndSpark) {
  EXPECT_EQ(aggregates::XxHash64Bytes("", 0), 0xEF46DB3751D8E999ULL);
  EXPECT_EQ(aggregates::XxHash64Bytes("abc", 0), 0x44BC2CF5AD770999ULL);
  // Spark: SELECT xxhash64('Spark', array(123), 2) -> 5602566077635097486 (seed 42,
  // each argument hashed with the previous hash as the seed).
  uint64_t h = aggregates::XxHash64Bytes("Spark", 42);
  h = aggregates::XxHash64Int(123, h);
  h = aggregates::XxHash64Int(2, h);
  EXPECT_EQ(static_cast<int64_t>(h), 5602566077635097486LL);
}

TEST(XxHash64Test, IntLongAndDoubleFormsAreTheirBytes) {
  for (int64_t v : {int64_t{0}, int64_t{1}, int64_t{-7}, int64_t{1} << 40}) {
    int32_t i = static_cast<int32_t>(v);
    EXPECT_EQ(aggregates::XxHash64Int(i, 42), aggregates::XxHash64Bytes(std::string_view(reinterpret_cast<char*>(&i), 4), 42));
    EXPECT_EQ(aggregates::XxHash64Long(v, 42), aggregates::XxHash64Bytes(std::string_view(reinterpret_cast<char*>(&v), 8), 42));
  }
  EXPECT_EQ(aggregates::XxHash64Double(-0.0, 42), aggregates::XxHash64Double(0.0, 42));
  EXPECT_EQ(aggregates::XxHash64Double(std::nan("1"), 42), aggregates::XxHash64Double(-std::nan(""), 42));
  // Long inputs exercise the 32-byte stripe loop; a changed byte changes the hash.
  std::string long_text(100, 'a');
  std::string other = long_text;
  other[3] = 'b';
  EXPECT_NE(aggregates::XxHash64Bytes(long_text, 42), aggregates::XxHash64Bytes(other, 42));
}

// --- approx_count_distinct ---

TEST(ApproxCountDistinctTest, SmallCardinalitiesAreExactAndNullsSkipped) {
  AggregateCall call = BindAcd({Ref(DataType::Int())});
  EXPECT_EQ(call.ToString(), "approx_count_distinct(x)");
  EXPECT_EQ(call.result_type->id(), types::TypeId::kBigint);
  auto f = call.create();
  f->Resize(2);
  Feed(f.get(), call, Col(DataType::Int(), {Value::Int(1), Value::Int(1), Value(), Value::Int(2), Value::Int(3), Value::Int(2)}));
  EXPECT_EQ(Result1(*f, call, 0), Value::Int(3));
  // No input (or only NULLs) is 0, never NULL.
  Feed(f.get(), call, Col(DataType::Int(), {Value(), Value()}), 1);
  EXPECT_EQ(Result1(*f, call, 1), Value::Int(0));
}

TEST(ApproxCountDistinctTest, StringsDoublesAndDatesHashByValue) {
  AggregateCall s = BindAcd({Ref(DataType::String())});
  auto f = s.create();
  f->Resize(1);
  Feed(f.get(), s, Col(DataType::String(), {Value::String("a"), Value::String("b"), Value::String("a"), Value::String("")}));
  EXPECT_EQ(Result1(*f, s), Value::Int(3));

  AggregateCall d = BindAcd({Ref(DataType::Double())});
  auto g = d.create();
  g->Resize(1);
  Feed(g.get(), d, Col(DataType::Double(), {Value::Double(0.0), Value::Double(-0.0), Value::Double(1.5), Value::Double(std::nan(""))}));
  EXPECT_EQ(Result1(*g, d), Value::Int(3));

  AggregateCall a = BindAcd({Ref(DataType::Array(DataType::Int()))});
  auto h = a.create();
  h->Resize(1);
  Feed(h.get(), a,
       Col(DataType::Array(DataType::Int()), {Value::MakeList({Value::Int(1), Value::Int(2)}), Value::MakeList({Value::Int(2), Value::Int(1)}),
                                              Value::MakeList({Value::Int(1), Value::Int(2)})}));
  EXPECT_EQ(Result1(*h, a), Value::Int(2));
}

TEST(ApproxCountDistinctTest, LargeCardinalityWithinThreeRelativeSd) {
  for (double rsd : {0.05, 0.01}) {
    std::vector<ExprPtr> args{Ref(DataType::Bigint())};
    if (rsd != 0.05) args.push_back(DoubleLit(rsd));
    AggregateCall call = BindAcd(std::move(args));
    EXPECT_EQ(call.ToString(), "approx_count_distinct(x)");
    auto f = call.create();
    f->Resize(1);
    // 100k distinct values, each twice.
    Feed(f.get(), call, BigintRange(0, 100000));
    Feed(f.get(), call, BigintRange(0, 100000));
    int64_t estimate = Result1(*f, call).int_value();
    EXPECT_NEAR(static_cast<double>(estimate), 100000.0, 3 * rsd * 100000.0) << "relativeSD " << rsd;
    EXPECT_NE(estimate, 100000);  // it is an estimate
  }
}

TEST(ApproxCountDistinctTest, MergeEqualsSinglePassAndRoundTrips) {
  AggregateCall call = BindAcd({Ref(DataType::Bigint())});
  auto whole = call.create();
  whole->Resize(1);
  Feed(whole.get(), call, BigintRange(0, 30000));
  auto left = call.create();
  auto right = call.create();
  left->Resize(1);
  right->Resize(3);
  Feed(left.get(), call, BigintRange(0, 20000));
  Feed(right.get(), call, BigintRange(10000, 30000), 2);
  left->Merge(0, *right, 2);
  Value expected = Result1(*whole, call);
  EXPECT_EQ(Result1(*left, call), expected);
  EXPECT_NEAR(static_cast<double>(expected.int_value()), 30000.0, 0.15 * 30000);

  auto restored = RoundTrip(call, *left);
  EXPECT_EQ(Result1(*restored, call), expected);
  // Cleared groups count nothing.
  left->Clear(0);
  EXPECT_EQ(Result1(*left, call), Value::Int(0));

  std::string bytes;
  whole->SerializeState(0, &bytes);
  std::string_view truncated(bytes.data(), bytes.size() - 1);
  EXPECT_EQ(restored->DeserializeState(0, &truncated).code(), StatusCode::kCorruption);
  std::string bad = bytes;
  bad[5] = static_cast<char>(60);  // above 64 - p + 1
  std::string_view bad_view = bad;
  EXPECT_EQ(restored->DeserializeState(0, &bad_view).code(), StatusCode::kCorruption);
  EXPECT_GT(whole->MemoryBytes(), 0);
}

TEST(ApproxCountDistinctTest, ArgumentErrors) {
  auto r = BindApproxCountDistinct({Ref(DataType::Int()), Ref(DataType::Double(), "y")}, false, "approx_count_distinct(x, y)");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("The second argument should be a double literal"), std::string::npos);
  r = BindApproxCountDistinct({Ref(DataType::Int()), DoubleLit(0.5)}, false, "approx_count_distinct(x, 0.5)");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("HLL++ requires at least 4 bits for addressing"), std::string::npos);
  r = BindApproxCountDistinct({}, false, "approx_count_distinct()");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("WRONG_NUM_ARGS"), std::string::npos);
}

// --- HLL++ bias correction ---

TEST(HllBiasDataTest, TablesCoverPrecisionFourToEighteen) {
  // Table lengths and end points as in the HLL++ paper's appendix (and Spark's copy).
  const size_t lengths[] = {79, 159, 200, 200, 200, 201, 200, 201, 201, 200, 201, 201, 200, 201, 200};
  for (int p = aggregates::kHllMinBiasPrecision; p <= aggregates::kHllMaxBiasPrecision; ++p) {
    EXPECT_EQ(aggregates::HllRawEstimates(p).size(), lengths[p - 4]) << "p " << p;
    EXPECT_EQ(aggregates::HllBiases(p).size(), lengths[p - 4]) << "p " << p;
  }
  EXPECT_EQ(aggregates::HllRawEstimates(4).front(), 11.0);
  EXPECT_EQ(aggregates::HllBiases(4).front(), 10.0);
  EXPECT_EQ(aggregates::HllRawEstimates(9)[20], 506.2422);
  EXPECT_EQ(aggregates::HllBiases(9).back(), -6.23199999999997);
  EXPECT_EQ(aggregates::HllRawEstimates(18).front(), 189084.0);
  EXPECT_EQ(aggregates::HllBiases(18).front(), 189083.0);
  EXPECT_TRUE(aggregates::HllRawEstimates(3).empty());
  EXPECT_TRUE(aggregates::HllBiases(19).empty());
  EXPECT_EQ(aggregates::HllEstimateBias(19, 1e6), 0.0);
}

// Expected values worked out by hand from the p = 9 (and p = 4, 6) tables, following
// Spark's estimateBias: binary search, window of K = 6 from nearest - 5, slide while the
// entry past the window is closer than its first entry, average the biases.
TEST(HllBiasDataTest, EstimateBiasAveragesTheNearestSix) {
  // e equal to entry 20 (506.2422): window [15, 21) slides twice, since entries 21 and 22
  // (513.8138, 521.7074) are closer than 15 and 16 (469.0668, 476.306), but entry 23
  // (529.7428) is farther than 17 (483.8448): window [17, 23).
  const double window_17_23 = (265.8448 + 260.301 + 254.9886 + 250.2422 + 244.8138 + 239.7074) / 6;
  EXPECT_EQ(aggregates::HllEstimateBias(9, 506.2422), window_17_23);
  // Between entries 19 (498.9886) and 20: insertion point 20, the same slides.
  EXPECT_EQ(aggregates::HllEstimateBias(9, 500.0), window_17_23);
  // Between entries 0 (369) and 1 (374.8294): window [0, 6), entry 6 (406.8782) is farther.
  const double window_0_6 = (368.0 + 361.8294 + 355.2452 + 348.6698 + 342.1464 + 336.2024) / 6;
  EXPECT_EQ(aggregates::HllEstimateBias(9, 372.0), window_0_6);
  // Below the first entry: the first six.
  EXPECT_EQ(aggregates::HllEstimateBias(9, 100.0), window_0_6);
  // Beyond the last entry (index 200): insertion point 201, low = 196, high = min(202, 201),
  // so Spark averages only the last five.
  EXPECT_EQ(aggregates::HllEstimateBias(9, 3000.0), (-10.5473999999999 + -7.34139999999979 + -6.80999999999995 + -6.29719999999998 + -6.23199999999997) / 5);
  // Exactly the first entry of p = 4.
  EXPECT_EQ(aggregates::HllEstimateBias(4, 11.0), (10.0 + 9.717 + 9.207 + 8.7896 + 8.2882 + 7.8204) / 6);
  // p = 6 is not sorted around entries 167..169 (267.2566, 267.1624, 270.62); Java's
  // binary search lands on 167 there, then the window [162, 168) slides to [164, 170).
  auto p6 = aggregates::HllBiases(6);
  double sum = 0;
  for (size_t i = 164; i < 170; ++i) sum += p6[i];
  EXPECT_EQ(aggregates::HllEstimateBias(6, 267.2566), sum / 6);
}

// The estimate path through Finalize: rebuilds Spark's query from the registers (taken
// from the serialized state) and checks which branch applies and that it is taken.
TEST(ApproxCountDistinctTest, MiddleRangeEstimatesAreBiasCorrected) {
  for (int64_t n : {int64_t{1000}, int64_t{2000}, int64_t{5000}}) {
    AggregateCall call = BindAcd({Ref(DataType::Bigint())});
    auto f = call.create();
    f->Resize(1);
    Feed(f.get(), call, BigintRange(0, n));
    std::string regs;
    f->SerializeState(0, &regs);
    ASSERT_EQ(regs.size(), 512u);  // default relativeSD 0.05 -> p = 9
    const double m = 512;
    double z_inverse = 0;
    double zeros = 0;
    for (char r : regs) {
      z_inverse += 1.0 / static_cast<double>(uint64_t{1} << static_cast<uint8_t>(r));
      if (r == 0) zeros += 1;
    }
    const double e = (0.7213 / (1.0 + 1.079 / m)) * m * m / z_inverse;
    // Past linear counting (THRESHOLDS(5) = 400) for all three sizes.
    ASSERT_TRUE(zeros == 0 || m * std::log(m / zeros) > 400) << n;
    int64_t estimate = Result1(*f, call).int_value();
    if (n < 5000) {
      ASSERT_LT(e, 5 * m) << n;
      double corrected = e - aggregates::HllEstimateBias(9, e);
      EXPECT_EQ(estimate, static_cast<int64_t>(std::floor(corrected + 0.5))) << n;
      EXPECT_NE(estimate, static_cast<int64_t>(std::floor(e + 0.5))) << n;  // the correction matters here
    } else {
      ASSERT_GE(e, 5 * m);  // above 5 * 2^p the raw estimate is returned
      EXPECT_EQ(estimate, static_cast<int64_t>(std::floor(e + 0.5)));
    }
    EXPECT_NEAR(static_cast<double>(estimate), static_cast<double>(n), 3 * 0.05 * static_cast<double>(n)) << n;
  }
}

TEST(ApproxCountDistinctTest, BiasCorrectedRangeWithinThreeRelativeSd) {
  // p = 9 (default) and p = 14 (relativeSD 0.01, linear counting up to 11500, bias
  // correction up to 5 * 2^14 = 81920).
  struct Case {
    double rsd;
    int64_t n;
  };
  for (Case c : {Case{0.05, 1000}, Case{0.05, 2000}, Case{0.05, 5000}, Case{0.01, 1000}, Case{0.01, 2000}, Case{0.01, 5000},
                 Case{0.01, 20000}, Case{0.01, 50000}}) {
    std::vector<ExprPtr> args{Ref(DataType::Bigint())};
    if (c.rsd != 0.05) args.push_back(DoubleLit(c.rsd));
    AggregateCall call = BindAcd(std::move(args));
    auto f = call.create();
    f->Resize(1);
    Feed(f.get(), call, BigintRange(-c.n / 2, c.n - c.n / 2));
    Feed(f.get(), call, BigintRange(0, c.n / 3));  // repeats do not count
    int64_t estimate = Result1(*f, call).int_value();
    double n = static_cast<double>(c.n);
    EXPECT_NEAR(static_cast<double>(estimate), n, 3 * c.rsd * n) << "relativeSD " << c.rsd << ", " << c.n << " distinct";
  }
}

TEST(ApproxCountDistinctTest, LinearCountingRangeIsUnchanged) {
  // Below THRESHOLDS(p - 4) the linear-counting estimate m * ln(m / zeros) is returned.
  AggregateCall call = BindAcd({Ref(DataType::Bigint())});
  for (int64_t n : {int64_t{1}, int64_t{10}, int64_t{100}, int64_t{300}}) {
    auto f = call.create();
    f->Resize(1);
    Feed(f.get(), call, BigintRange(0, n));
    std::string regs;
    f->SerializeState(0, &regs);
    double zeros = static_cast<double>(std::count(regs.begin(), regs.end(), '\0'));
    double h = 512 * std::log(512 / zeros);
    ASSERT_LE(h, 400) << n;
    int64_t estimate = Result1(*f, call).int_value();
    EXPECT_EQ(estimate, static_cast<int64_t>(std::floor(h + 0.5))) << n;
    EXPECT_NEAR(static_cast<double>(estimate), static_cast<double>(n), std::max(1.0, 0.15 * static_cast<double>(n))) << n;
  }
}

// --- percentile_approx ---

TEST(PercentileApproxTest, SparkDocumentationExamples) {
  AggregateCall arr = BindPct({Ref(DataType::Int(), "col"), DoubleArrayLit({0.5, 0.4, 0.1}), IntLit(100)});
  EXPECT_EQ(arr.result_type->ToString(), "ARRAY<INT>");
  auto f = arr.create();
  f->Resize(1);
  Feed(f.get(), arr, Col(DataType::Int(), {Value::Int(0), Value::Int(1), Value::Int(2), Value::Int(10)}));
  EXPECT_EQ(Result1(*f, arr), Value::MakeList({Value::Int(1), Value::Int(1), Value::Int(0)}));

  AggregateCall one = BindPct({Ref(DataType::Int(), "col"), DoubleLit(0.5), IntLit(100)});
  EXPECT_EQ(one.result_type->id(), types::TypeId::kInt);
  auto g = one.create();
  g->Resize(1);
  Feed(g.get(), one, Col(DataType::Int(), {Value::Int(0), Value::Int(6), Value::Int(7), Value::Int(9), Value::Int(10)}));
  EXPECT_EQ(Result1(*g, one), Value::Int(7));
}

TEST(PercentileApproxTest, ColumnNameShowsDefaultAccuracyAndAlias) {
  AggregateCall call = BindPct({Ref(DataType::Double()), DoubleLit(0.5)}, "percentile_approx(x, 0.5)");
  EXPECT_EQ(call.ToString(), "percentile_approx(x, 0.5, 10000)");
  AggregateCall alias = BindPct({Ref(DataType::Double()), DoubleLit(0.25)}, "approx_percentile(x, 0.25)");
  EXPECT_EQ(alias.ToString(), "approx_percentile(x, 0.25, 10000)");
}

TEST(PercentileApproxTest, NullsSkippedEmptyIsNullExtremesExact) {
  AggregateCall call = BindPct({Ref(DataType::Bigint()), DoubleArrayLit({0.0, 0.5, 1.0})});
  auto f = call.create();
  f->Resize(2);
  Feed(f.get(), call, Col(DataType::Bigint(), {Value(), Value::Int(30), Value::Int(10), Value(), Value::Int(20)}));
  EXPECT_EQ(Result1(*f, call, 0), Value::MakeList({Value::Int(10), Value::Int(20), Value::Int(30)}));
  Feed(f.get(), call, Col(DataType::Bigint(), {Value()}), 1);
  EXPECT_TRUE(Result1(*f, call, 1).is_null());
}

TEST(PercentileApproxTest, DatesAndTimestampsKeepTheirType) {
  AggregateCall d = BindPct({Ref(DataType::Date()), DoubleLit(0.5)});
  EXPECT_EQ(d.result_type->id(), types::TypeId::kDate);
  auto f = d.create();
  f->Resize(1);
  Feed(f.get(), d, Col(DataType::Date(), {Value::Int(19000), Value::Int(19002), Value::Int(19001)}));
  EXPECT_EQ(Result1(*f, d), Value::Int(19001));

  AggregateCall t = BindPct({Ref(DataType::Timestamp()), DoubleLit(1.0)});
  EXPECT_EQ(t.result_type->id(), types::TypeId::kTimestamp);
  auto g = t.create();
  g->Resize(1);
  Feed(g.get(), t, Col(DataType::Timestamp(), {Value::Int(1700000000000001), Value::Int(1700000000000000)}));
  EXPECT_EQ(Result1(*g, t), Value::Int(1700000000000001));
}

// Every percentile answer's true rank is within accuracy^-1 * n of the wanted rank.
void ExpectWithinRankError(const Value& result, const std::vector<double>& percentiles, int64_t n, double relative_error) {
  ASSERT_TRUE(result.is_list());
  ASSERT_EQ(result.list_value().size(), percentiles.size());
  for (size_t i = 0; i < percentiles.size(); ++i) {
    // Values are 0..n-1, so the value is its 0-based rank.
    double value = result.list_value()[i].AsDouble();
    double wanted = std::ceil(percentiles[i] * static_cast<double>(n)) - 1;
    EXPECT_LE(std::abs(value - std::max(0.0, wanted)), relative_error * static_cast<double>(n) + 1)
        << "percentile " << percentiles[i];
  }
}

TEST(PercentileApproxTest, LargeInputsWithinRankErrorIncludingMerge) {
  const int64_t n = 120000;
  std::vector<int64_t> values(n);
  for (int64_t i = 0; i < n; ++i) values[i] = i;
  std::mt19937_64 rng(7);
  std::shuffle(values.begin(), values.end(), rng);
  std::vector<double> percentiles{0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99};
  for (int64_t accuracy : {int64_t{100}, int64_t{10000}}) {
    AggregateCall call = BindPct({Ref(DataType::Bigint()), DoubleArrayLit(percentiles), IntLit(accuracy)});
    auto whole = call.create();
    auto left = call.create();
    auto right = call.create();
    whole->Resize(1);
    left->Resize(1);
    right->Resize(1);
    auto part = [&](int64_t begin, int64_t end) {
      auto c = std::make_shared<Column>(DataType::Bigint());
      for (int64_t i = begin; i < end; ++i) c->AppendInt64(values[i]);
      return c;
    };
    Feed(whole.get(), call, part(0, n));
    Feed(left.get(), call, part(0, n / 3));
    Feed(right.get(), call, part(n / 3, n));
    left->Merge(0, *right, 0);
    double eps = 1.0 / static_cast<double>(accuracy);
    ExpectWithinRankError(Result1(*whole, call), percentiles, n, eps);
    ExpectWithinRankError(Result1(*left, call), percentiles, n, 2 * eps);
    // The restored (compressed) state answers as the original does after compression.
    auto restored = RoundTrip(call, *whole);
    ExpectWithinRankError(Result1(*restored, call), percentiles, n, eps);
    if (accuracy == 100) {
      // The summary is far smaller than the input.
      std::string bytes;
      whole->SerializeState(0, &bytes);
      EXPECT_LT(bytes.size(), 20000u);
    }
  }
}

TEST(PercentileApproxTest, SmallMergesAndRoundTripsAreExact) {
  AggregateCall call = BindPct({Ref(DataType::Double()), DoubleArrayLit({0.2, 0.5, 0.8})});
  auto a = call.create();
  auto b = call.create();
  a->Resize(1);
  b->Resize(1);
  Feed(a.get(), call, Col(DataType::Double(), {Value::Double(5), Value::Double(1), Value::Double(9)}));
  Feed(b.get(), call, Col(DataType::Double(), {Value::Double(3), Value::Double(7)}));
  auto restored_b = RoundTrip(call, *b);
  a->Merge(0, *restored_b, 0);
  auto restored = RoundTrip(call, *a);
  // ranks ceil(0.2*5)=1, ceil(2.5)=3, ceil(4)=4 of 1,3,5,7,9.
  Value expected = Value::MakeList({Value::Double(1), Value::Double(5), Value::Double(7)});
  EXPECT_EQ(Result1(*a, call), expected);
  EXPECT_EQ(Result1(*restored, call), expected);
  // Updating after a merge keeps working.
  Feed(restored.get(), call, Col(DataType::Double(), {Value::Double(11)}));
  EXPECT_EQ(Result1(*restored, call), Value::MakeList({Value::Double(3), Value::Double(5), Value::Double(9)}));

  std::string bytes;
  a->SerializeState(0, &bytes);
  for (size_t cut : {size_t{0}, size_t{1}, bytes.size() - 1}) {
    std::string_view truncated(bytes.data(), cut);
    EXPECT_EQ(restored->DeserializeState(0, &truncated).code(), StatusCode::kCorruption) << cut;
  }
  std::string bad = bytes;
  bad[0] = 2;  // fewer values than the samples account for
  std::string_view bad_view = bad;
  EXPECT_EQ(restored->DeserializeState(0, &bad_view).code(), StatusCode::kCorruption);
  restored->Clear(0);
  EXPECT_TRUE(Result1(*restored, call).is_null());
}

TEST(QuantileSummariesTest, CompressKeepsRankBounds) {
  aggregates::QuantileSummaries s(0.01);
  for (int i = 0; i < 200000; ++i) s.Insert(static_cast<double>((i * 7919) % 200000));
  s.Compress();
  EXPECT_EQ(s.count(), 200000);
  EXPECT_LT(s.samples().size(), 1000u);
  int64_t total_g = 0;
  for (const auto& st : s.samples()) total_g += st.g;
  EXPECT_EQ(total_g, 200000);
  std::vector<double> out;
  ASSERT_TRUE(s.Query({0.0, 0.5, 1.0}, &out));
  EXPECT_EQ(out[0], 0.0);
  EXPECT_NEAR(out[1], 100000.0, 0.01 * 200000 + 1);
  EXPECT_EQ(out[2], 199999.0);
}

TEST(PercentileApproxTest, ArgumentErrorsUseSparkWording) {
  auto r = BindPercentileApprox({Ref(DataType::Int()), DoubleLit(1.5)}, false, "percentile_approx(x, 1.5)");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "[DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE] Cannot resolve \"percentile_approx(x, 1.5)\" due to data type mismatch: "
            "The `percentage` must be between [0.0, 1.0] (current value = 1.5D).");
  r = BindPercentileApprox({Ref(DataType::Int()), DoubleArrayLit({0.5, -0.1})}, false, "percentile_approx(x, array(0.5, -0.1))");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("VALUE_OUT_OF_RANGE"), std::string::npos);
  r = BindPercentileApprox({Ref(DataType::Int()), DoubleLit(0.5), IntLit(0)}, false, "percentile_approx(x, 0.5, 0)");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("The `accuracy` must be between (0, 2147483647] (current value = 0L)."), std::string::npos);
  r = BindPercentileApprox({Ref(DataType::Int()), DoubleLit(0.5), DoubleLit(10)}, false, "percentile_approx(x, 0.5, 10.0)");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("UNEXPECTED_INPUT_TYPE"), std::string::npos);
  EXPECT_NE(r.status().message().find("The third parameter requires the \"INTEGRAL\" type"), std::string::npos);
  r = BindPercentileApprox({Ref(DataType::Int()), Ref(DataType::Double(), "p")}, false, "percentile_approx(x, p)");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("NON_FOLDABLE_INPUT"), std::string::npos);
  r = BindPercentileApprox({Ref(DataType::Boolean()), DoubleLit(0.5)}, false, "percentile_approx(x, 0.5)");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("The first parameter requires the (\"NUMERIC\" or \"DATE\""), std::string::npos);
  r = BindPercentileApprox({Ref(DataType::Int()), Lit(Value(), DataType::Null())}, false, "percentile_approx(x, NULL)");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("UNEXPECTED_NULL"), std::string::npos);
  r = BindPercentileApprox({Ref(DataType::Int())}, false, "percentile_approx(x)");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("WRONG_NUM_ARGS"), std::string::npos);
}

TEST(ApproxFunctionListTest, Registered) {
  for (const char* name : {"approx_count_distinct", "percentile_approx", "approx_percentile"}) {
    const FunctionEntry* e = FindFunction(name);
    ASSERT_NE(e, nullptr) << name;
    EXPECT_EQ(e->kind, FunctionKind::kAggregate);
    EXPECT_NE(e->aggregate, nullptr);
  }
}

}  // namespace
}  // namespace sluice::expr
