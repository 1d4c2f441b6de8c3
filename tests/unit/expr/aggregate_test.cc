#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <ostream>
#include <set>

#include "sluice/expr/aggregates/aggregates.h"
#include "sluice/expr/function_registry.h"
#include "sluice/types/column.h"
#include "test_util.h"

namespace sluice::types {
// Readable gtest output for Values (found by argument-dependent lookup).
void PrintTo(const Value& v, std::ostream* os) {
  if (v.is_null()) {
    *os << "NULL";
  } else if (v.is_bool()) {
    *os << (v.bool_value() ? "true" : "false");
  } else if (v.is_int()) {
    *os << v.int_value();
  } else if (v.is_double()) {
    *os << FormatDouble(v.double_value()) << "D";
  } else if (v.is_string()) {
    *os << "'" << v.string_value() << "'";
  } else {
    *os << "[";
    for (size_t i = 0; i < v.list_value().size(); ++i) {
      if (i) *os << ", ";
      PrintTo(v.list_value()[i], os);
    }
    *os << "]";
  }
}
}  // namespace sluice::types

namespace sluice::expr {
namespace {

using types::Column;
using types::ColumnPtr;
using types::DataType;
using types::TypePtr;
using types::Value;

using Binder = Result<AggregateCall> (*)(std::vector<ExprPtr>, bool, const std::string&);

ColumnPtr Col(const TypePtr& type, const std::vector<Value>& values) {
  auto c = std::make_shared<Column>(type);
  for (const auto& v : values) c->AppendValue(v);
  return c;
}

ExprPtr Ref(const std::string& name, const TypePtr& type, int index = 0) { return MakeColumnRef(index, type, name); }

std::vector<Value> Ints(std::initializer_list<int64_t> v) {
  std::vector<Value> out;
  for (int64_t x : v) out.push_back(Value::Int(x));
  return out;
}

// The results of groups 0..num_groups-1.
std::vector<Value> Results(const AggregateFunction& f, const TypePtr& type, int num_groups) {
  Column out(type);
  std::vector<int32_t> groups;
  for (int g = 0; g < num_groups; ++g) groups.push_back(g);
  f.Finalize(groups.data(), num_groups, &out);
  std::vector<Value> values;
  for (int64_t i = 0; i < out.size(); ++i) values.push_back(out.GetValue(i));
  return values;
}

// Creates the function, feeds one batch and returns the per-group results.
std::vector<Value> RunOnce(const AggregateCall& call, const std::vector<int32_t>& groups,
                           const std::vector<ColumnPtr>& args, int num_groups) {
  auto f = call.create();
  f->Resize(num_groups);
  f->Update(groups.data(), args, static_cast<int64_t>(groups.size()));
  return Results(*f, call.result_type, num_groups);
}

AggregateCall Bind(Binder binder, std::vector<ExprPtr> args, const std::string& sql, bool distinct = false) {
  auto r = binder(std::move(args), distinct, sql);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(r).value() : AggregateCall{};
}

// Serializes every group of `f` and restores them into a fresh instance of `call`.
std::unique_ptr<AggregateFunction> RoundTrip(const AggregateCall& call, const AggregateFunction& f, int num_groups) {
  auto g = call.create();
  g->Resize(num_groups);
  for (int i = 0; i < num_groups; ++i) {
    std::string bytes;
    f.SerializeState(i, &bytes);
    std::string_view in = bytes;
    Status s = g->DeserializeState(i, &in);
    EXPECT_TRUE(s.ok()) << s.ToString();
    EXPECT_TRUE(in.empty()) << "group " << i << " left " << in.size() << " bytes";
  }
  return g;
}

// ---------------------------------------------------------------- count

TEST(CountTest, StarCountsEveryRowAndEmptyGroupIsZero) {
  AggregateCall call = Bind(BindCount, {}, "count(*)");
  EXPECT_EQ(call.ToString(), "count(1)");
  EXPECT_TRUE(call.result_type->Equals(*DataType::Bigint()));
  EXPECT_EQ(RunOnce(call, {0, 1, 0, 0}, {}, 3), Ints({3, 1, 0}));
}

TEST(CountTest, ColumnSkipsNulls) {
  AggregateCall call = Bind(BindCount, {Ref("value", DataType::Bigint())}, "count(value)");
  EXPECT_EQ(call.ToString(), "count(value)");
  auto col = Col(DataType::Bigint(), {Value::Int(1), Value(), Value::Int(3), Value()});
  EXPECT_EQ(RunOnce(call, {0, 0, 1, 1}, {col}, 2), Ints({1, 1}));
  // Without nulls every row counts.
  auto full = Col(DataType::Bigint(), Ints({1, 2, 3}));
  EXPECT_EQ(RunOnce(call, {1, 1, 1}, {full}, 2), Ints({0, 3}));
}

TEST(CountTest, SeveralColumnsCountRowsWhereAllAreNonNull) {
  AggregateCall call = Bind(BindCount, {Ref("a", DataType::Int()), Ref("b", DataType::String(), 1)}, "count(a, b)");
  EXPECT_EQ(call.ToString(), "count(a, b)");
  auto a = Col(DataType::Int(), {Value::Int(1), Value(), Value::Int(3), Value::Int(4), Value::Int(5)});
  auto b = Col(DataType::String(), {Value::String("x"), Value::String("y"), Value(), Value::String("z"), Value::String("w")});
  EXPECT_EQ(RunOnce(call, {0, 0, 0, 0, 1}, {a, b}, 2), Ints({2, 1}));
}

TEST(CountTest, LiteralOneCountsEveryRowAndNullLiteralNone) {
  AggregateCall one = Bind(BindCount, {MakeLiteral(Value::Int(1), DataType::Int())}, "count(1)");
  EXPECT_EQ(one.ToString(), "count(1)");
  auto ones = Column::MakeConstant(DataType::Int(), Value::Int(1), 3);
  EXPECT_EQ(RunOnce(one, {0, 0, 1}, {ones}, 2), Ints({2, 1}));
  AggregateCall none = Bind(BindCount, {MakeLiteral(Value(), DataType::Null())}, "count(NULL)");
  auto nulls = Column::MakeNull(DataType::Null(), 3);
  EXPECT_EQ(RunOnce(none, {0, 0, 1}, {nulls}, 2), Ints({0, 0}));
}

TEST(CountTest, MergeAndRoundTrip) {
  AggregateCall call = Bind(BindCount, {Ref("v", DataType::Int())}, "count(v)");
  auto col = Col(DataType::Int(), {Value::Int(1), Value(), Value::Int(3)});
  std::vector<int32_t> groups = {0, 1, 1};
  auto a = call.create();
  auto b = call.create();
  a->Resize(2);
  b->Resize(2);
  a->Update(groups.data(), {col}, 3);
  b->Update(groups.data(), {col}, 3);
  a->Merge(0, *b, 1);  // group 0 absorbs b's group 1 (1 row)
  EXPECT_EQ(Results(*a, call.result_type, 2), Ints({2, 1}));
  auto c = RoundTrip(call, *a, 2);
  EXPECT_EQ(Results(*c, call.result_type, 2), Ints({2, 1}));
}

TEST(CountTest, DistinctStarIsAnError) {
  auto r = BindCount({}, true, "count(DISTINCT *)");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kAnalysisError);
}

// ---------------------------------------------------------------- sum / avg

TEST(SumTest, IntegersSumToBigintWithNullForNoInput) {
  AggregateCall call = Bind(BindSum, {Ref("value", DataType::Int())}, "sum(value)");
  EXPECT_EQ(call.ToString(), "sum(value)");
  EXPECT_TRUE(call.result_type->Equals(*DataType::Bigint()));
  auto col = Col(DataType::Int(), {Value::Int(5), Value(), Value::Int(-2), Value(), Value::Int(7)});
  EXPECT_EQ(RunOnce(call, {0, 0, 0, 1, 2}, {col}, 4),
            (std::vector<Value>{Value::Int(3), Value(), Value::Int(7), Value()}));
}

TEST(SumTest, BigintOverflowIsRecordedAndWraps) {
  AggregateCall call = Bind(BindSum, {Ref("v", DataType::Bigint())}, "sum(v)");
  auto f = call.create();
  f->Resize(1);
  std::vector<int32_t> groups = {0, 0};
  auto col = Col(DataType::Bigint(), Ints({std::numeric_limits<int64_t>::max(), 1}));
  EXPECT_OK(AggregateRuntimeError(*f));
  f->Update(groups.data(), {col}, 2);
  Status s = AggregateRuntimeError(*f);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kExecutionError);
  EXPECT_NE(s.message().find("[ARITHMETIC_OVERFLOW] long overflow"), std::string::npos) << s.message();
  EXPECT_EQ(Results(*f, call.result_type, 1), Ints({std::numeric_limits<int64_t>::min()}));
}

TEST(SumTest, DoublesAndStringsSumToDouble) {
  AggregateCall d = Bind(BindSum, {Ref("x", DataType::Double())}, "sum(x)");
  EXPECT_TRUE(d.result_type->Equals(*DataType::Double()));
  auto col = Col(DataType::Double(), {Value::Double(1.5), Value::Double(2.25), Value()});
  EXPECT_EQ(RunOnce(d, {0, 0, 1}, {col}, 2), (std::vector<Value>{Value::Double(3.75), Value()}));

  AggregateCall s = Bind(BindSum, {Ref("s", DataType::String())}, "sum(s)");
  EXPECT_TRUE(s.result_type->Equals(*DataType::Double()));
  ASSERT_EQ(s.args.size(), 1u);
  EXPECT_EQ(s.args[0]->kind(), ExprKind::kCast);
  EXPECT_TRUE(s.args[0]->type()->Equals(*DataType::Double()));
  EXPECT_EQ(s.ToString(), "sum(s)");
}

TEST(SumTest, NonNumericTypesAreSparkTypeMismatch) {
  auto r = BindSum({Ref("x", DataType::Array(DataType::Int()))}, false, "sum(x)");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kAnalysisError);
  EXPECT_EQ(r.status().message(),
            "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"sum(x)\" due to data type mismatch: The first "
            "parameter requires the \"NUMERIC\" or \"ANSI INTERVAL\" type, however \"x\" has the type \"ARRAY<INT>\".");
  for (const TypePtr& t : {DataType::Boolean(), DataType::Timestamp(), DataType::Struct({{"a", DataType::Int(), true}})}) {
    auto e = BindSum({Ref("x", t)}, false, "sum(x)");
    EXPECT_FALSE(e.ok()) << t->ToString();
    auto a = BindAvg({Ref("x", t)}, false, "avg(x)");
    EXPECT_FALSE(a.ok()) << t->ToString();
  }
  auto arity = BindSum({Ref("x", DataType::Int()), Ref("y", DataType::Int())}, false, "sum(x, y)");
  ASSERT_FALSE(arity.ok());
  EXPECT_NE(arity.status().message().find("WRONG_NUM_ARGS"), std::string::npos);
}

TEST(SumTest, MergeAndRoundTrip) {
  for (TypePtr t : {DataType::Int(), DataType::Bigint(), DataType::Double()}) {
    AggregateCall call = Bind(BindSum, {Ref("v", t)}, "sum(v)");
    auto col = Col(t, {Value::Int(-300), Value(), Value::Int(4)});
    if (t->id() == types::TypeId::kDouble) col = Col(t, {Value::Double(-300), Value(), Value::Double(4)});
    std::vector<int32_t> groups = {0, 1, 0};
    auto a = call.create();
    auto b = call.create();
    a->Resize(3);
    b->Resize(3);
    a->Update(groups.data(), {col}, 3);
    b->Update(groups.data(), {col}, 3);
    a->Merge(0, *b, 0);
    a->Merge(1, *b, 1);  // both NULL: stays NULL
    a->Merge(2, *b, 0);
    auto c = RoundTrip(call, *a, 3);
    for (const auto* f : {a.get(), c.get()}) {
      auto res = Results(*f, call.result_type, 3);
      EXPECT_EQ(res[0].AsDouble(), -592) << t->ToString();
      EXPECT_TRUE(res[1].is_null());
      EXPECT_EQ(res[2].AsDouble(), -296);
    }
  }
}

TEST(AvgTest, AveragesAsDouble) {
  AggregateCall call = Bind(BindAvg, {Ref("value", DataType::Int())}, "avg(value)");
  EXPECT_EQ(call.ToString(), "avg(value)");
  EXPECT_TRUE(call.result_type->Equals(*DataType::Double()));
  auto col = Col(DataType::Int(), {Value::Int(1), Value::Int(2), Value(), Value::Int(7)});
  EXPECT_EQ(RunOnce(call, {0, 0, 0, 1}, {col}, 3), (std::vector<Value>{Value::Double(1.5), Value::Double(7), Value()}));
  AggregateCall mean = Bind(BindAvg, {Ref("value", DataType::Int())}, "MEAN(value)");
  EXPECT_EQ(mean.ToString(), "mean(value)");
}

TEST(AvgTest, MergeAndRoundTrip) {
  AggregateCall call = Bind(BindAvg, {Ref("v", DataType::Bigint())}, "avg(v)");
  auto col = Col(DataType::Bigint(), Ints({1, 2, 3, 10}));
  std::vector<int32_t> groups = {0, 0, 0, 1};
  auto a = call.create();
  auto b = call.create();
  a->Resize(2);
  b->Resize(2);
  a->Update(groups.data(), {col}, 4);
  b->Update(groups.data(), {col}, 4);
  a->Merge(0, *b, 1);  // {1,2,3,10}
  auto c = RoundTrip(call, *a, 2);
  EXPECT_EQ(Results(*c, call.result_type, 2), (std::vector<Value>{Value::Double(4), Value::Double(10)}));
}

// ---------------------------------------------------------------- variance family

TEST(VarianceTest, SampleAndPopulationStatistics) {
  auto col = Col(DataType::Int(), {Value::Int(1), Value::Int(2), Value::Int(3), Value::Int(4), Value::Int(5), Value()});
  std::vector<int32_t> groups = {0, 0, 0, 0, 1, 1};
  struct Case {
    Binder binder;
    const char* sql;
    const char* name;
    double group0;
    bool group1_null;  // group 1 has a single value
    double group1;
  };
  std::vector<Case> cases = {
      {BindVariance, "variance(x)", "variance(x)", 5.0 / 3, true, 0},
      {BindVariance, "var_samp(x)", "var_samp(x)", 5.0 / 3, true, 0},
      {BindVarPop, "var_pop(x)", "var_pop(x)", 1.25, false, 0},
      {BindStddev, "stddev(x)", "stddev(x)", std::sqrt(5.0 / 3), true, 0},
      {BindStddev, "std(x)", "std(x)", std::sqrt(5.0 / 3), true, 0},
      {BindStddev, "STDDEV_SAMP(x)", "stddev_samp(x)", std::sqrt(5.0 / 3), true, 0},
      {BindStddevPop, "stddev_pop(x)", "stddev_pop(x)", std::sqrt(1.25), false, 0},
  };
  for (const auto& c : cases) {
    AggregateCall call = Bind(c.binder, {Ref("x", DataType::Int())}, c.sql);
    EXPECT_EQ(call.ToString(), c.name);
    EXPECT_TRUE(call.result_type->Equals(*DataType::Double()));
    auto res = RunOnce(call, groups, {col}, 3);
    ASSERT_TRUE(res[0].is_double()) << c.sql;
    EXPECT_NEAR(res[0].double_value(), c.group0, 1e-12) << c.sql;
    if (c.group1_null) {
      EXPECT_TRUE(res[1].is_null()) << c.sql;
    } else {
      EXPECT_EQ(res[1], Value::Double(c.group1)) << c.sql;
    }
    EXPECT_TRUE(res[2].is_null()) << c.sql;
  }
}

TEST(VarianceTest, MergeMatchesSinglePassAndRoundTrips) {
  AggregateCall call = Bind(BindVarPop, {Ref("x", DataType::Double())}, "var_pop(x)");
  std::vector<Value> values;
  for (int i = 0; i < 100; ++i) values.push_back(Value::Double(std::sin(i) * 1000 + i));
  auto col = Col(DataType::Double(), values);
  std::vector<int32_t> all(100, 0);
  auto single = call.create();
  single->Resize(1);
  single->Update(all.data(), {col}, 100);

  auto left = call.create();
  auto right = call.create();
  left->Resize(1);
  right->Resize(1);
  left->Update(all.data(), {col->Slice(0, 37)}, 37);
  right->Update(all.data(), {col->Slice(37, 63)}, 63);
  left->Merge(0, *right, 0);
  double expected = Results(*single, call.result_type, 1)[0].double_value();
  EXPECT_NEAR(Results(*left, call.result_type, 1)[0].double_value(), expected, 1e-9 * expected);
  auto restored = RoundTrip(call, *left, 1);
  EXPECT_EQ(Results(*restored, call.result_type, 1), Results(*left, call.result_type, 1));
}

TEST(VarianceTest, TypeErrors) {
  auto r = BindStddev({Ref("x", DataType::Array(DataType::Int()))}, false, "stddev(x)");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("requires the \"DOUBLE\" type, however \"x\" has the type \"ARRAY<INT>\""),
            std::string::npos)
      << r.status().message();
  EXPECT_FALSE(BindVarPop({Ref("x", DataType::Boolean())}, false, "var_pop(x)").ok());
}

// ---------------------------------------------------------------- min / max

TEST(MinMaxTest, NumbersWithNullsAndEmptyGroups) {
  AggregateCall mn = Bind(BindMin, {Ref("v", DataType::Bigint())}, "min(v)");
  AggregateCall mx = Bind(BindMax, {Ref("v", DataType::Bigint())}, "max(v)");
  EXPECT_EQ(mn.ToString(), "min(v)");
  EXPECT_TRUE(mx.result_type->Equals(*DataType::Bigint()));
  auto col = Col(DataType::Bigint(), {Value::Int(5), Value(), Value::Int(-2), Value::Int(9), Value()});
  std::vector<int32_t> groups = {0, 0, 0, 1, 2};
  EXPECT_EQ(RunOnce(mn, groups, {col}, 4), (std::vector<Value>{Value::Int(-2), Value::Int(9), Value(), Value()}));
  EXPECT_EQ(RunOnce(mx, groups, {col}, 4), (std::vector<Value>{Value::Int(5), Value::Int(9), Value(), Value()}));
}

TEST(MinMaxTest, DoublesOrderNaNLargest) {
  double nan = std::nan("");
  auto col = Col(DataType::Double(), {Value::Double(1), Value::Double(nan), Value::Double(-3), Value::Double(nan)});
  std::vector<int32_t> groups = {0, 0, 0, 1};
  auto mx = RunOnce(Bind(BindMax, {Ref("d", DataType::Double())}, "max(d)"), groups, {col}, 2);
  EXPECT_TRUE(std::isnan(mx[0].double_value()));
  EXPECT_TRUE(std::isnan(mx[1].double_value()));
  auto mn = RunOnce(Bind(BindMin, {Ref("d", DataType::Double())}, "min(d)"), groups, {col}, 2);
  EXPECT_EQ(mn[0], Value::Double(-3));
  EXPECT_TRUE(std::isnan(mn[1].double_value()));
}

TEST(MinMaxTest, StringsCompareBytewise) {
  // "B" < "a" < "é" (0xC3 0xA9) in UTF-8 byte order.
  auto col = Col(DataType::String(), {Value::String("a"), Value::String("\xc3\xa9"), Value(), Value::String("B")});
  std::vector<int32_t> groups = {0, 0, 0, 0};
  EXPECT_EQ(RunOnce(Bind(BindMin, {Ref("s", DataType::String())}, "min(s)"), groups, {col}, 1),
            (std::vector<Value>{Value::String("B")}));
  EXPECT_EQ(RunOnce(Bind(BindMax, {Ref("s", DataType::String())}, "max(s)"), groups, {col}, 1),
            (std::vector<Value>{Value::String("\xc3\xa9")}));
}

TEST(MinMaxTest, BooleansDatesTimestampsAndArrays) {
  std::vector<int32_t> groups = {0, 0, 0};
  auto b = Col(DataType::Boolean(), {Value::Bool(true), Value::Bool(false), Value()});
  EXPECT_EQ(RunOnce(Bind(BindMin, {Ref("b", DataType::Boolean())}, "min(b)"), groups, {b}, 1),
            (std::vector<Value>{Value::Bool(false)}));
  EXPECT_EQ(RunOnce(Bind(BindMax, {Ref("b", DataType::Boolean())}, "max(b)"), groups, {b}, 1),
            (std::vector<Value>{Value::Bool(true)}));
  auto d = Col(DataType::Date(), Ints({19000, -5, 300}));
  EXPECT_EQ(RunOnce(Bind(BindMin, {Ref("d", DataType::Date())}, "min(d)"), groups, {d}, 1), Ints({-5}));
  auto ts = Col(DataType::Timestamp(), Ints({1700000000000000, 1800000000000000, 1}));
  EXPECT_EQ(RunOnce(Bind(BindMax, {Ref("t", DataType::Timestamp())}, "max(t)"), groups, {ts}, 1), Ints({1800000000000000}));
  TypePtr arr = DataType::Array(DataType::Int());
  auto a = Col(arr, {Value::MakeList(Ints({1, 2})), Value::MakeList(Ints({1})), Value::MakeList(Ints({0, 9}))});
  EXPECT_EQ(RunOnce(Bind(BindMax, {Ref("a", arr)}, "max(a)"), groups, {a}, 1), (std::vector<Value>{Value::MakeList(Ints({1, 2}))}));
  EXPECT_EQ(RunOnce(Bind(BindMin, {Ref("a", arr)}, "min(a)"), groups, {a}, 1), (std::vector<Value>{Value::MakeList(Ints({0, 9}))}));
}

TEST(MinMaxTest, MergeAndRoundTripPerLayout) {
  struct Case {
    TypePtr type;
    std::vector<Value> values;  // values[0] < values[1]
  };
  std::vector<Case> cases = {
      {DataType::Int(), Ints({-1, 4})},
      {DataType::String(), {Value::String("apple"), Value::String("b: a longer string than the inline buffer")}},
      {DataType::Array(DataType::String()), {Value::MakeList({Value::String("a")}), Value::MakeList({Value::String("b")})}},
  };
  for (const auto& c : cases) {
    AggregateCall call = Bind(BindMax, {Ref("v", c.type)}, "max(v)");
    auto a = call.create();
    auto b = call.create();
    a->Resize(3);
    b->Resize(3);
    std::vector<int32_t> g0 = {0}, g1 = {1};
    a->Update(g0.data(), {Col(c.type, {c.values[0]})}, 1);
    b->Update(g0.data(), {Col(c.type, {c.values[1]})}, 1);
    b->Update(g1.data(), {Col(c.type, {c.values[0]})}, 1);
    a->Merge(0, *b, 0);  // larger wins
    a->Merge(1, *b, 1);  // empty dst takes src
    a->Merge(2, *b, 2);  // both empty
    auto expected = std::vector<Value>{c.values[1], c.values[0], Value()};
    EXPECT_EQ(Results(*a, call.result_type, 3), expected) << c.type->ToString();
    auto r = RoundTrip(call, *a, 3);
    EXPECT_EQ(Results(*r, call.result_type, 3), expected) << c.type->ToString();
    EXPECT_GT(a->MemoryBytes(), 0);
  }
}

// ---------------------------------------------------------------- first / last

TEST(FirstLastTest, IncludesNullsUnlessIgnored) {
  auto col = Col(DataType::String(), {Value(), Value::String("a"), Value::String("b"), Value()});
  std::vector<int32_t> groups = {0, 0, 0, 0};
  auto first = Bind(BindFirst, {Ref("x", DataType::String())}, "first(x)");
  auto last = Bind(BindLast, {Ref("x", DataType::String())}, "last(x)");
  EXPECT_EQ(first.ToString(), "first(x)");
  EXPECT_TRUE(first.result_type->Equals(*DataType::String()));
  EXPECT_EQ(RunOnce(first, groups, {col}, 2), (std::vector<Value>{Value(), Value()}));
  EXPECT_EQ(RunOnce(last, groups, {col}, 1), (std::vector<Value>{Value()}));

  auto lit_true = MakeLiteral(Value::Bool(true), DataType::Boolean());
  auto first_ig = Bind(BindFirst, {Ref("x", DataType::String()), lit_true}, "first(x, true)");
  auto last_ig = Bind(BindLast, {Ref("x", DataType::String()), lit_true}, "last(x, true)");
  EXPECT_EQ(first_ig.ToString(), "first(x)");
  EXPECT_EQ(first_ig.args.size(), 1u);
  EXPECT_EQ(RunOnce(first_ig, groups, {col}, 1), (std::vector<Value>{Value::String("a")}));
  EXPECT_EQ(RunOnce(last_ig, groups, {col}, 1), (std::vector<Value>{Value::String("b")}));
  auto first_value = Bind(BindFirst, {Ref("x", DataType::String())}, "first_value(x)");
  EXPECT_EQ(first_value.ToString(), "first_value(x)");
}

TEST(FirstLastTest, OrderAcrossUpdatesAndMerge) {
  auto first = Bind(BindFirst, {Ref("v", DataType::Int())}, "first(v)");
  auto last = Bind(BindLast, {Ref("v", DataType::Int())}, "last(v)");
  for (const auto* call : {&first, &last}) {
    auto a = call->create();
    auto b = call->create();
    a->Resize(2);
    b->Resize(2);
    std::vector<int32_t> groups = {0, 1, 0};
    a->Update(groups.data(), {Col(DataType::Int(), Ints({1, 2, 3}))}, 3);
    a->Update(groups.data(), {Col(DataType::Int(), Ints({4, 5, 6}))}, 3);
    b->Update(groups.data(), {Col(DataType::Int(), Ints({7, 8, 9}))}, 3);
    a->Merge(0, *b, 0);
    bool is_first = call == &first;
    auto expected = is_first ? Ints({1, 2}) : Ints({9, 5});
    EXPECT_EQ(Results(*a, call->result_type, 2), expected);
    auto r = RoundTrip(*call, *a, 2);
    EXPECT_EQ(Results(*r, call->result_type, 2), expected);
  }
}

TEST(FirstLastTest, SeenNullSurvivesRoundTrip) {
  auto first = Bind(BindFirst, {Ref("v", DataType::Int())}, "first(v)");
  auto a = first.create();
  a->Resize(1);
  std::vector<int32_t> g = {0};
  a->Update(g.data(), {Col(DataType::Int(), {Value()})}, 1);
  auto r = RoundTrip(first, *a, 1);
  r->Update(g.data(), {Col(DataType::Int(), Ints({5}))}, 1);
  EXPECT_EQ(Results(*r, first.result_type, 1), (std::vector<Value>{Value()}));  // first row was NULL
}

TEST(FirstLastTest, SecondArgumentMustBeABooleanLiteral) {
  auto r = BindFirst({Ref("x", DataType::Int()), Ref("flag", DataType::Boolean(), 1)}, false, "first(x, flag)");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kAnalysisError);
  EXPECT_NE(r.status().message().find("The second argument in first should be a boolean literal"), std::string::npos)
      << r.status().message();
  EXPECT_FALSE(BindLast({Ref("x", DataType::Int()), MakeLiteral(Value::Int(1), DataType::Int())}, false, "last(x, 1)").ok());
  EXPECT_FALSE(BindFirst({}, false, "first()").ok());
  EXPECT_FALSE(BindFirst({Ref("x", DataType::Int()), MakeLiteral(Value(), DataType::Boolean())}, false, "first(x, NULL)").ok());
}

// ---------------------------------------------------------------- collect_list / collect_set

TEST(CollectTest, ListKeepsOrderAndSkipsNulls) {
  auto call = Bind(BindCollectList, {Ref("x", DataType::String())}, "collect_list(x)");
  EXPECT_EQ(call.ToString(), "collect_list(x)");
  EXPECT_EQ(call.result_type->ToString(), "ARRAY<STRING>");
  auto col = Col(DataType::String(), {Value::String("b"), Value(), Value::String("a"), Value::String("b"), Value::String("z")});
  auto res = RunOnce(call, {0, 0, 0, 0, 1}, {col}, 3);
  EXPECT_EQ(res, (std::vector<Value>{Value::MakeList({Value::String("b"), Value::String("a"), Value::String("b")}),
                                     Value::MakeList({Value::String("z")}), Value::MakeList({})}));
}

TEST(CollectTest, SetKeepsFirstSeenOrder) {
  auto call = Bind(BindCollectSet, {Ref("x", DataType::Int())}, "collect_set(x)");
  EXPECT_EQ(call.ToString(), "collect_set(x)");
  auto col = Col(DataType::Int(), {Value::Int(3), Value::Int(1), Value(), Value::Int(3), Value::Int(2), Value::Int(1)});
  EXPECT_EQ(RunOnce(call, {0, 0, 0, 0, 0, 0}, {col}, 2),
            (std::vector<Value>{Value::MakeList(Ints({3, 1, 2})), Value::MakeList({})}));
}

TEST(CollectTest, MergeAndRoundTrip) {
  auto list = Bind(BindCollectList, {Ref("x", DataType::Bigint())}, "collect_list(x)");
  auto set = Bind(BindCollectSet, {Ref("x", DataType::Bigint())}, "collect_set(x)");
  for (const auto* call : {&list, &set}) {
    auto a = call->create();
    auto b = call->create();
    a->Resize(2);
    b->Resize(2);
    std::vector<int32_t> groups = {0, 0};
    a->Update(groups.data(), {Col(DataType::Bigint(), Ints({1, 2}))}, 2);
    b->Update(groups.data(), {Col(DataType::Bigint(), Ints({2, 3}))}, 2);
    a->Merge(0, *b, 0);
    auto expected = call == &list ? Value::MakeList(Ints({1, 2, 2, 3})) : Value::MakeList(Ints({1, 2, 3}));
    EXPECT_EQ(Results(*a, call->result_type, 1)[0], expected);
    auto r = RoundTrip(*call, *a, 2);
    EXPECT_EQ(Results(*r, call->result_type, 2), (std::vector<Value>{expected, Value::MakeList({})}));
    // A restored state keeps absorbing rows.
    r->Update(groups.data(), {Col(DataType::Bigint(), Ints({4, 1}))}, 2);
    auto after = call == &list ? Value::MakeList(Ints({1, 2, 2, 3, 4, 1})) : Value::MakeList(Ints({1, 2, 3, 4}));
    EXPECT_EQ(Results(*r, call->result_type, 1)[0], after);
    r->Clear(0);
    EXPECT_EQ(Results(*r, call->result_type, 1)[0], Value::MakeList({}));
  }
}

// ---------------------------------------------------------------- DISTINCT

TEST(DistinctTest, CountDistinctAcrossUpdatesAndRestart) {
  auto call = Bind(BindCount, {Ref("user", DataType::String())}, "count(DISTINCT user)", true);
  EXPECT_EQ(call.ToString(), "count(DISTINCT user)");
  auto f = call.create();
  f->Resize(2);
  std::vector<int32_t> groups = {0, 0, 1};
  f->Update(groups.data(), {Col(DataType::String(), {Value::String("a"), Value::String("a"), Value::String("b")})}, 3);
  f->Update(groups.data(), {Col(DataType::String(), {Value::String("b"), Value(), Value::String("b")})}, 3);
  EXPECT_EQ(Results(*f, call.result_type, 2), Ints({2, 1}));
  auto restored = RoundTrip(call, *f, 2);
  restored->Update(groups.data(), {Col(DataType::String(), {Value::String("a"), Value::String("c"), Value::String("c")})}, 3);
  EXPECT_EQ(Results(*restored, call.result_type, 2), Ints({3, 2}));
}

TEST(DistinctTest, CountDistinctTuplesSkipsTuplesWithNull) {
  auto call = Bind(BindCount, {Ref("a", DataType::Int()), Ref("b", DataType::Int(), 1)}, "count(DISTINCT a, b)", true);
  EXPECT_EQ(call.ToString(), "count(DISTINCT a, b)");
  auto a = Col(DataType::Int(), {Value::Int(1), Value::Int(1), Value::Int(1), Value(), Value::Int(2)});
  auto b = Col(DataType::Int(), {Value::Int(1), Value::Int(1), Value::Int(2), Value::Int(1), Value()});
  EXPECT_EQ(RunOnce(call, {0, 0, 0, 0, 0}, {a, b}, 1), Ints({2}));
}

TEST(DistinctTest, SumAvgAndCollectListDistinct) {
  auto col = Col(DataType::Int(), Ints({5, 5, 1, 5, 1, 3}));
  std::vector<int32_t> groups = {0, 0, 0, 0, 0, 1};
  auto sum = Bind(BindSum, {Ref("v", DataType::Int())}, "sum(DISTINCT v)", true);
  EXPECT_EQ(sum.ToString(), "sum(DISTINCT v)");
  EXPECT_EQ(RunOnce(sum, groups, {col}, 2), Ints({6, 3}));
  auto avg = Bind(BindAvg, {Ref("v", DataType::Int())}, "avg(DISTINCT v)", true);
  EXPECT_EQ(RunOnce(avg, groups, {col}, 2), (std::vector<Value>{Value::Double(3), Value::Double(3)}));
  auto list = Bind(BindCollectList, {Ref("v", DataType::Int())}, "collect_list(DISTINCT v)", true);
  EXPECT_EQ(RunOnce(list, groups, {col}, 2)[0], Value::MakeList(Ints({5, 1})));
  auto var = Bind(BindVarPop, {Ref("v", DataType::Int())}, "var_pop(DISTINCT v)", true);
  EXPECT_EQ(RunOnce(var, groups, {col}, 2)[0], Value::Double(4));
  // DISTINCT does not change min.
  auto mn = Bind(BindMin, {Ref("v", DataType::Int())}, "min(DISTINCT v)", true);
  EXPECT_EQ(mn.ToString(), "min(DISTINCT v)");
  EXPECT_EQ(RunOnce(mn, groups, {col}, 2), Ints({1, 3}));
}

TEST(DistinctTest, MergeDoesNotDoubleCountSharedValues) {
  auto call = Bind(BindSum, {Ref("v", DataType::Bigint())}, "sum(DISTINCT v)", true);
  auto a = call.create();
  auto b = call.create();
  a->Resize(1);
  b->Resize(1);
  std::vector<int32_t> groups = {0, 0};
  a->Update(groups.data(), {Col(DataType::Bigint(), Ints({1, 2}))}, 2);
  b->Update(groups.data(), {Col(DataType::Bigint(), Ints({2, 10}))}, 2);
  a->Merge(0, *b, 0);
  EXPECT_EQ(Results(*a, call.result_type, 1), Ints({13}));
  a->Update(groups.data(), {Col(DataType::Bigint(), Ints({10, 10}))}, 2);
  EXPECT_EQ(Results(*a, call.result_type, 1), Ints({13}));
  a->Clear(0);
  a->Update(groups.data(), {Col(DataType::Bigint(), Ints({10, 10}))}, 2);
  EXPECT_EQ(Results(*a, call.result_type, 1), Ints({10}));
}

// ---------------------------------------------------------------- against a reference

TEST(AggregateReferenceTest, RandomRowsMatchANaiveComputation) {
  const int kRows = 1000, kGroups = 37;
  std::vector<int32_t> groups;
  std::vector<Value> a, b;
  uint64_t state = 42;
  auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<int64_t>(state >> 33);
  };
  for (int i = 0; i < kRows; ++i) {
    groups.push_back(static_cast<int32_t>(next() % kGroups));
    a.push_back(next() % 5 == 0 ? Value() : Value::Int(next() % 2001 - 1000));
    b.push_back(next() % 3 == 0 ? Value() : Value::Int(next() % 7));
  }
  auto col_a = Col(DataType::Bigint(), a);
  auto col_b = Col(DataType::Int(), b);
  std::vector<int64_t> count_a(kGroups), count_ab(kGroups), sum_a(kGroups), rows(kGroups);
  std::vector<Value> min_a(kGroups), max_a(kGroups);
  std::vector<std::set<int64_t>> distinct_b(kGroups);
  for (int i = 0; i < kRows; ++i) {
    int g = groups[i];
    rows[g]++;
    if (!b[i].is_null()) distinct_b[g].insert(b[i].int_value());
    if (a[i].is_null()) continue;
    int64_t v = a[i].int_value();
    count_a[g]++;
    if (!b[i].is_null()) count_ab[g]++;
    sum_a[g] += v;
    if (min_a[g].is_null() || v < min_a[g].int_value()) min_a[g] = a[i];
    if (max_a[g].is_null() || v > max_a[g].int_value()) max_a[g] = a[i];
  }
  auto ra = Ref("a", DataType::Bigint());
  auto rb = Ref("b", DataType::Int(), 1);
  auto counts = RunOnce(Bind(BindCount, {ra}, "count(a)"), groups, {col_a}, kGroups);
  auto counts_ab = RunOnce(Bind(BindCount, {ra, rb}, "count(a, b)"), groups, {col_a, col_b}, kGroups);
  auto stars = RunOnce(Bind(BindCount, {}, "count(*)"), groups, {}, kGroups);
  auto sums = RunOnce(Bind(BindSum, {ra}, "sum(a)"), groups, {col_a}, kGroups);
  auto avgs = RunOnce(Bind(BindAvg, {ra}, "avg(a)"), groups, {col_a}, kGroups);
  auto mins = RunOnce(Bind(BindMin, {ra}, "min(a)"), groups, {col_a}, kGroups);
  auto maxs = RunOnce(Bind(BindMax, {ra}, "max(a)"), groups, {col_a}, kGroups);
  auto distincts = RunOnce(Bind(BindCount, {rb}, "count(DISTINCT b)", true), groups, {col_b}, kGroups);
  for (int g = 0; g < kGroups; ++g) {
    EXPECT_EQ(counts[g], Value::Int(count_a[g])) << g;
    EXPECT_EQ(counts_ab[g], Value::Int(count_ab[g])) << g;
    EXPECT_EQ(stars[g], Value::Int(rows[g])) << g;
    EXPECT_EQ(sums[g], count_a[g] ? Value::Int(sum_a[g]) : Value()) << g;
    EXPECT_EQ(avgs[g], count_a[g] ? Value::Double(static_cast<double>(sum_a[g]) / count_a[g]) : Value()) << g;
    EXPECT_EQ(mins[g], min_a[g]) << g;
    EXPECT_EQ(maxs[g], max_a[g]) << g;
    EXPECT_EQ(distincts[g], Value::Int(static_cast<int64_t>(distinct_b[g].size()))) << g;
  }
}

// ---------------------------------------------------------------- all functions

struct AnyCall {
  const char* label;
  AggregateCall call;
};

std::vector<AnyCall> AllCalls() {
  auto i = [] { return Ref("v", DataType::Int()); };
  auto s = [] { return Ref("s", DataType::String()); };
  return {
      {"count(*)", Bind(BindCount, {}, "count(*)")},
      {"count(v)", Bind(BindCount, {i()}, "count(v)")},
      {"sum", Bind(BindSum, {i()}, "sum(v)")},
      {"avg", Bind(BindAvg, {i()}, "avg(v)")},
      {"min", Bind(BindMin, {s()}, "min(s)")},
      {"max", Bind(BindMax, {i()}, "max(v)")},
      {"first", Bind(BindFirst, {s()}, "first(s)")},
      {"last", Bind(BindLast, {i()}, "last(v)")},
      {"collect_list", Bind(BindCollectList, {s()}, "collect_list(s)")},
      {"collect_set", Bind(BindCollectSet, {i()}, "collect_set(v)")},
      {"stddev", Bind(BindStddev, {i()}, "stddev(v)")},
      {"stddev_pop", Bind(BindStddevPop, {i()}, "stddev_pop(v)")},
      {"variance", Bind(BindVariance, {i()}, "variance(v)")},
      {"var_pop", Bind(BindVarPop, {i()}, "var_pop(v)")},
      {"count distinct", Bind(BindCount, {s()}, "count(DISTINCT s)", true)},
      {"sum distinct", Bind(BindSum, {i()}, "sum(DISTINCT v)", true)},
  };
}

// Feeds rows to group 0 (ints or strings depending on the call's argument type).
void Feed(const AggregateCall& call, AggregateFunction* f) {
  std::vector<int32_t> groups = {0, 0, 0};
  std::vector<ColumnPtr> args;
  for (const auto& a : call.args) {
    if (a->type()->id() == types::TypeId::kString) {
      args.push_back(Col(DataType::String(), {Value::String("x"), Value::String("yy"), Value::String("x")}));
    } else {
      args.push_back(Col(DataType::Int(), Ints({3, 8, 3})));
    }
  }
  f->Update(groups.data(), args, 3);
}

TEST(AggregateStateTest, EveryStrictPrefixOfAStateIsCorruption) {
  for (const auto& c : AllCalls()) {
    auto f = c.call.create();
    f->Resize(1);
    Feed(c.call, f.get());
    std::string bytes;
    f->SerializeState(0, &bytes);
    for (size_t len = 0; len < bytes.size(); ++len) {
      auto g = c.call.create();
      g->Resize(1);
      std::string_view in(bytes.data(), len);
      Status s = g->DeserializeState(0, &in);
      EXPECT_EQ(s.code(), StatusCode::kCorruption) << c.label << " prefix " << len << " of " << bytes.size();
    }
  }
}

TEST(AggregateStateTest, RoundTripClearResizeAndMemory) {
  for (const auto& c : AllCalls()) {
    auto f = c.call.create();
    f->Resize(2);
    int64_t empty_bytes = f->MemoryBytes();
    Feed(c.call, f.get());
    EXPECT_GE(f->MemoryBytes(), empty_bytes) << c.label;
    auto before = Results(*f, c.call.result_type, 2);
    EXPECT_FALSE(before[0].is_null()) << c.label;
    auto r = RoundTrip(c.call, *f, 2);
    EXPECT_EQ(Results(*r, c.call.result_type, 2), before) << c.label;
    // Growing keeps existing groups; new groups start empty.
    f->Resize(1000);
    auto grown = Results(*f, c.call.result_type, 1000);
    EXPECT_EQ(grown[0], before[0]) << c.label;
    EXPECT_EQ(grown[999], before[1]) << c.label;
    EXPECT_GE(f->MemoryBytes(), 1000) << c.label;
    f->Clear(0);
    EXPECT_EQ(Results(*f, c.call.result_type, 1)[0], before[1]) << c.label;
    EXPECT_OK(AggregateRuntimeError(*f));
  }
}

// Compaction moves states with CopyState: the copy must be exact (same bytes, same
// results), overwrite whatever the destination held, and copy empty groups as empty.
TEST(AggregateCopyStateTest, CopiesAreExactAndOverwriteTheDestination) {
  auto ints = Col(DataType::Int(), {Value::Int(5), Value(), Value::Int(-7), Value::Int(9)});
  auto doubles = Col(DataType::Double(), {Value::Double(0.1), Value::Double(0.2), Value(), Value::Double(1e300)});
  auto strings = Col(DataType::String(), {Value::String("b"), Value(), Value::String("a"), Value::String("c")});
  struct Case {
    const char* label;
    AggregateCall call;
    ColumnPtr arg;
  };
  std::vector<Case> cases = {
      {"count", Bind(BindCount, {Ref("v", DataType::Int())}, "count(v)"), ints},
      {"sum int", Bind(BindSum, {Ref("v", DataType::Int())}, "sum(v)"), ints},
      {"sum double", Bind(BindSum, {Ref("d", DataType::Double())}, "sum(d)"), doubles},
      {"avg", Bind(BindAvg, {Ref("d", DataType::Double())}, "avg(d)"), doubles},
      {"min string", Bind(BindMin, {Ref("s", DataType::String())}, "min(s)"), strings},
      {"max int", Bind(BindMax, {Ref("v", DataType::Int())}, "max(v)"), ints},
      {"variance (default copy)", Bind(BindVariance, {Ref("d", DataType::Double())}, "variance(d)"), doubles},
      {"first", Bind(BindFirst, {Ref("s", DataType::String())}, "first(s)"), strings},
  };
  // Source groups: 0 gets rows 0 and 2, 1 gets row 1 (NULL only), 2 gets row 3, 3 none.
  const std::vector<int32_t> src_groups = {0, 1, 0, 2};
  for (auto& c : cases) {
    auto src = c.call.create();
    src->Resize(4);
    src->Update(src_groups.data(), {c.arg}, 4);
    // The destination starts with values in every group, so a copy must replace them.
    auto dst = c.call.create();
    dst->Resize(4);
    const std::vector<int32_t> all = {3, 3, 3, 3};
    dst->Update(all.data(), {c.arg}, 4);
    const std::vector<int32_t> dst_groups = {2, 3, 0, 1};
    for (int g = 0; g < 4; ++g) dst->CopyState(dst_groups[g], *src, g);
    for (int g = 0; g < 4; ++g) {
      std::string want, got;
      src->SerializeState(g, &want);
      dst->SerializeState(dst_groups[g], &got);
      EXPECT_EQ(got, want) << c.label << ", group " << g;
    }
    auto want = Results(*src, c.call.result_type, 4);
    auto got = Results(*dst, c.call.result_type, 4);
    for (int g = 0; g < 4; ++g) EXPECT_EQ(got[dst_groups[g]], want[g]) << c.label << ", group " << g;
  }
}

TEST(AggregateCallTest, NamesStripExpressionIdsFromNonColumnArguments) {
  auto lit = MakeLiteral(Value::Int(5), DataType::Int());
  auto call = Bind(BindSum, {lit}, "sum(5)");
  EXPECT_EQ(call.ToString(), "sum(5)");
  EXPECT_EQ(Bind(BindCollectList, {Ref("x", DataType::Int())}, "array_agg(x)").ToString(), "array_agg(x)");
  // Spark's pretty names: string literals bare, NULL upper-case, implicit casts hidden.
  EXPECT_EQ(Bind(BindCount, {MakeLiteral(Value::String("a"), DataType::String())}, "count('a')").ToString(), "count(a)");
  auto sum_null = Bind(BindSum, {MakeLiteral(Value(), DataType::Null())}, "sum(NULL)");
  EXPECT_EQ(sum_null.ToString(), "sum(NULL)");
  EXPECT_TRUE(sum_null.result_type->Equals(*DataType::Double()));
  EXPECT_TRUE(sum_null.args[0]->type()->Equals(*DataType::Double()));
}

}  // namespace
}  // namespace sluice::expr
