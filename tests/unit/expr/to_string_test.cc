#include "expr_test_util.h"
#include "sluice/expr/expr_node.h"

namespace sluice::expr {
namespace {

using namespace testing;

TEST(ToStringTest, ExplainForms) {
  auto b = Rows("value BIGINT, name STRING, ts TIMESTAMP", {});
  ASSERT_OK_AND_ASSIGN(auto plus, Op("+", Col(*b, 0), Int(1)));
  EXPECT_EQ(plus->ToString(), "(value#0 + 1)");
  EXPECT_EQ(ToSql(*plus), "(value + 1L)");
  ASSERT_OK_AND_ASSIGN(auto upper, Call("upper", {Col(*b, 1)}));
  EXPECT_EQ(upper->ToString(), "upper(name#1)");
  ASSERT_OK_AND_ASSIGN(auto cast, MakeCast(Col(*b, 2), DataType::Bigint()));
  EXPECT_EQ(cast->ToString(), "CAST(ts#2 AS BIGINT)");
  ASSERT_OK_AND_ASSIGN(auto cmp, Op(">=", Col(*b, 1), Str("x")));
  EXPECT_EQ(cmp->ToString(), "(name#1 >= 'x')");
  ASSERT_OK_AND_ASSIGN(auto logic, Op("AND", cmp, Bool(true)));
  EXPECT_EQ(logic->ToString(), "((name#1 >= 'x') AND true)");
  ASSERT_OK_AND_ASSIGN(auto neg, BindUnaryOperator("NOT", logic, "NOT ..."));
  EXPECT_EQ(neg->ToString(), "(NOT ((name#1 >= 'x') AND true))");
  EXPECT_EQ(MakeLiteral(Value::Double(1.5), DataType::Double())->ToString(), "1.5");
  EXPECT_EQ(ToSql(*MakeLiteral(Value::Double(1.5), DataType::Double())), "1.5D");
  EXPECT_EQ(Null()->ToString(), "null");
  EXPECT_EQ(ColumnRefIndex(*Col(*b, 2)), 2);
  EXPECT_EQ(ColumnRefName(*Col(*b, 2)), "ts");
  EXPECT_EQ(LiteralValue(*Int(3))->int_value(), 3);
  EXPECT_EQ(LiteralValue(*plus), nullptr);
}

TEST(ToStringTest, FoldingAndWithChildren) {
  ASSERT_OK_AND_ASSIGN(auto sum, Op("+", Int(1), Int(2)));
  EXPECT_TRUE(sum->IsFoldable());
  EvalContext ctx;
  ASSERT_OK_AND_ASSIGN(Value v, EvaluateConstant(*sum, ctx));
  EXPECT_EQ(v, Value::Int(3));
  auto copy = sum->WithChildren({Int(5), Int(6)});
  EXPECT_EQ(copy->ToString(), "(5 + 6)");
  EXPECT_EQ(Eval1(copy), Value::Int(11));
  auto b = Pretty("INT\n1");
  ASSERT_OK_AND_ASSIGN(auto with_col, Op("+", Col(*b, 0), Int(2)));
  EXPECT_FALSE(with_col->IsFoldable());
}

TEST(ToStringTest, ConstantExpressionsBroadcastToBatchSize) {
  auto b = Pretty("INT\n1\n2\n3");
  ASSERT_OK_AND_ASSIGN(auto e, Call("upper", {Str("a")}));
  EXPECT_EQ(Eval(e, *b), (std::vector<Value>{Value::String("A"), Value::String("A"), Value::String("A")}));
  ASSERT_OK_AND_ASSIGN(auto sum, Op("+", Int(1), Int(2)));
  EXPECT_EQ(Eval(sum, *b), Ints({3, 3, 3}));
  EXPECT_EQ(Eval(Int(4), *b), Ints({4, 4, 4}));
}

}  // namespace
}  // namespace sluice::expr

namespace sluice::expr {
namespace {

using namespace testing;

TEST(IntervalTest, TimestampPlusMinusInterval) {
  auto b = Rows("ts TIMESTAMP", {{Value::Int(10'000'000)}, {Value()}});
  ASSERT_OK_AND_ASSIGN(auto minus, BindTimestampAddInterval(Col(*b, 0), 5'000'000, true, "ts - INTERVAL 5 SECONDS"));
  EXPECT_EQ(minus->type()->id(), types::TypeId::kTimestamp);
  EXPECT_EQ(minus->ToString(), "(ts#0 - INTERVAL '5 seconds')");
  EXPECT_EQ(Eval(minus, *b), (std::vector<Value>{Value::Int(5'000'000), Value()}));
  int64_t shift = 0;
  const Expr* operand = MatchTimestampAddInterval(*minus, &shift);
  ASSERT_NE(operand, nullptr);
  EXPECT_EQ(shift, -5'000'000);
  EXPECT_EQ(ColumnRefIndex(*operand), 0);
  EXPECT_EQ(MatchTimestampAddInterval(*Col(*b, 0), &shift), nullptr);
  ASSERT_OK_AND_ASSIGN(auto plus, BindTimestampAddInterval(Date(1), 3'600'000'000LL, false, "d + INTERVAL 1 HOUR"));
  EXPECT_EQ(Eval1(plus), Value::Int(86'400'000'000LL + 3'600'000'000LL));
  ASSERT_OK_AND_ASSIGN(auto overflow, BindTimestampAddInterval(Ts(INT64_MAX - 1), 10, false, "ts + INTERVAL"));
  EXPECT_NE(EvalError(overflow, *OneRow()).find("ARITHMETIC_OVERFLOW"), std::string::npos);
  EXPECT_FALSE(BindTimestampAddInterval(Int(1), 1, false, "1 + INTERVAL 1 MICROSECOND").ok());
}

}  // namespace
}  // namespace sluice::expr

namespace sluice::expr {
namespace {

using namespace testing;

TEST(EmptyBatchTest, EveryNodeHandlesZeroRows) {
  auto b = Rows("a BIGINT, s STRING, arr ARRAY<INT>", {});
  std::vector<ExprPtr> exprs;
  auto add = [&](Result<ExprPtr> e) {
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    exprs.push_back(*e);
  };
  add(Op("%", Col(*b, 0), Int(2)));
  add(Op("/", Col(*b, 0), Col(*b, 0)));
  add(Op("AND", *Op(">", Col(*b, 0), Int(1)), *Op("<", Col(*b, 0), Int(5))));
  add(Call("upper", {Col(*b, 1)}));
  add(Call("coalesce", {Col(*b, 0), Int(1)}));
  add(BindCase(nullptr, {*Op(">", Col(*b, 0), Int(1)), Str("x")}, Str("y"), "CASE"));
  add(BindIn(Col(*b, 0), {Int(1), Int(2)}, false, "IN"));
  add(BindLike("LIKE", Col(*b, 1), Str("a%"), false, "LIKE"));
  add(Call("size", {Col(*b, 2)}));
  add(BindSubscript(Col(*b, 2), Int(0), "arr[0]"));
  add(Call("upper", {Str("constant")}));
  add(MakeCast(Col(*b, 1), DataType::Int()));
  for (const auto& e : exprs) EXPECT_TRUE(Eval(e, *b).empty()) << e->ToString();
}

}  // namespace
}  // namespace sluice::expr
