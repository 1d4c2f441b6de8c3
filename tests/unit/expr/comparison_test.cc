#include <cmath>

#include "expr_test_util.h"

namespace sluice::expr {
namespace {

using namespace testing;
using types::TypeId;

std::vector<Value> Bools(std::initializer_list<int> v) {
  std::vector<Value> out;
  for (int x : v) out.push_back(x < 0 ? Value() : Value::Bool(x != 0));
  return out;
}

TEST(ComparisonTest, IntegersWithNulls) {
  auto b = Pretty("BIGINT BIGINT\n1 2\n2 2\n3 2\n. 2\n1 .");
  const std::pair<const char*, std::vector<Value>> cases[] = {
      {"=", Bools({0, 1, 0, -1, -1})},  {"<>", Bools({1, 0, 1, -1, -1})}, {"<", Bools({1, 0, 0, -1, -1})},
      {"<=", Bools({1, 1, 0, -1, -1})}, {">", Bools({0, 0, 1, -1, -1})},  {">=", Bools({0, 1, 1, -1, -1})},
      {"<=>", Bools({0, 1, 0, 0, 0})},
  };
  for (const auto& [op, expected] : cases) {
    ASSERT_OK_AND_ASSIGN(auto e, Op(op, Col(*b, 0), Col(*b, 1)));
    EXPECT_EQ(e->type()->id(), TypeId::kBoolean);
    EXPECT_EQ(Eval(e, *b), expected) << op;
    ASSERT_OK_AND_ASSIGN(auto with_literal, Op(op, Col(*b, 0), Int(2)));
    auto got = Eval(with_literal, *b);
    for (int i = 0; i < 3; ++i) EXPECT_EQ(got[i], expected[i]) << op << " literal row " << i;
  }
  auto both_null = Pretty("INT INT\n. .");
  ASSERT_OK_AND_ASSIGN(auto nse, Op("<=>", Col(*both_null, 0), Col(*both_null, 1)));
  EXPECT_EQ(Eval(nse, *both_null), Bools({1}));
}

TEST(ComparisonTest, DoublesOrderNaNLast) {
  auto b = Rows("a DOUBLE, b DOUBLE", {{Value::Double(NAN), Value::Double(NAN)},
                                       {Value::Double(1), Value::Double(NAN)},
                                       {Value::Double(-0.0), Value::Double(0.0)}});
  ASSERT_OK_AND_ASSIGN(auto eq, Op("=", Col(*b, 0), Col(*b, 1)));
  EXPECT_EQ(Eval(eq, *b), Bools({1, 0, 1}));
  ASSERT_OK_AND_ASSIGN(auto lt, Op("<", Col(*b, 0), Col(*b, 1)));
  EXPECT_EQ(Eval(lt, *b), Bools({0, 1, 0}));
}

TEST(ComparisonTest, StringsCompareAsBytes) {
  auto b = Pretty("STRING STRING\nabc abd\nb a\nx x\né e");
  ASSERT_OK_AND_ASSIGN(auto lt, Op("<", Col(*b, 0), Col(*b, 1)));
  EXPECT_EQ(Eval(lt, *b), Bools({1, 0, 0, 0}));
  ASSERT_OK_AND_ASSIGN(auto eq, Op("=", Col(*b, 0), Str("x")));
  EXPECT_EQ(Eval(eq, *b), Bools({0, 0, 1, 0}));
  ASSERT_OK_AND_ASSIGN(auto ne, Op("<>", Str("x"), Col(*b, 1)));
  EXPECT_EQ(Eval(ne, *b), Bools({1, 1, 0, 1}));
}

TEST(ComparisonTest, StringAgainstNumberCastsTheString) {
  auto b = Pretty("STRING BIGINT\n10 10\n9 10");
  ASSERT_OK_AND_ASSIGN(auto eq, Op("=", Col(*b, 0), Col(*b, 1)));
  EXPECT_EQ(eq->children()[0]->kind(), ExprKind::kCast);
  EXPECT_EQ(Eval(eq, *b), Bools({1, 0}));
  // As numbers, '9' < 10 (as strings it would not be).
  ASSERT_OK_AND_ASSIGN(auto lt, Op("<", Col(*b, 0), Col(*b, 1)));
  EXPECT_EQ(Eval(lt, *b), Bools({0, 1}));
  auto bad = Pretty("STRING BIGINT\nabc 1");
  ASSERT_OK_AND_ASSIGN(auto e, Op("=", Col(*bad, 0), Col(*bad, 1)));
  EXPECT_NE(EvalError(e, *bad).find("CAST_INVALID_INPUT"), std::string::npos);
  EXPECT_EQ(Eval(e, *bad, Lenient()), Bools({-1}));
}

TEST(ComparisonTest, TimestampsDatesAndStrings) {
  // 2021-01-01 00:00:00 UTC = 1609459200 s; the date 2021-01-01 = day 18628.
  auto b = Rows("ts TIMESTAMP, d DATE", {{Value::Int(1609459200LL * 1000000), Value::Int(18628)}});
  ASSERT_OK_AND_ASSIGN(auto ts_eq, Op("=", Col(*b, 0), Str("2021-01-01 00:00:00")));
  EXPECT_EQ(Eval(ts_eq, *b), Bools({1}));
  ASSERT_OK_AND_ASSIGN(auto d_eq, Op("=", Col(*b, 1), Str("2021-01-01")));
  EXPECT_EQ(Eval(d_eq, *b), Bools({1}));
  ASSERT_OK_AND_ASSIGN(auto mixed, Op("=", Col(*b, 0), Col(*b, 1)));
  EXPECT_EQ(mixed->children()[1]->type()->id(), TypeId::kTimestamp);
  EXPECT_EQ(Eval(mixed, *b), Bools({1}));
  // The string is read in the session time zone.
  EXPECT_EQ(Eval(ts_eq, *b, InZone("+01:00")), Bools({0}));
  ASSERT_OK_AND_ASSIGN(auto gt, Op(">", Col(*b, 0), Str("2021-01-01 00:30:00")));
  EXPECT_EQ(Eval(gt, *b), Bools({0}));
  EXPECT_EQ(Eval(gt, *b, InZone("+01:00")), Bools({1}));
}

TEST(ComparisonTest, BooleansAndNested) {
  auto b = Pretty("BOOLEAN BOOLEAN\ntrue false\nfalse false");
  ASSERT_OK_AND_ASSIGN(auto gt, Op(">", Col(*b, 0), Col(*b, 1)));
  EXPECT_EQ(Eval(gt, *b), Bools({1, 0}));
  ASSERT_OK_AND_ASSIGN(auto a1, Call("array", {Int(1), Int(2)}));
  ASSERT_OK_AND_ASSIGN(auto a2, Call("array", {Int(1), Int(3)}));
  ASSERT_OK_AND_ASSIGN(auto lt, Op("<", a1, a2));
  EXPECT_EQ(Eval1(lt), Value::Bool(true));
}

TEST(ComparisonTest, IncomparableTypesFailAtBind) {
  ASSERT_OK_AND_ASSIGN(auto arr, Call("array", {Int(1)}));
  auto e = Op("=", arr, Int(1));
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.status().message().find("BINARY_OP_DIFF_TYPES"), std::string::npos);
  EXPECT_NE(e.status().message().find("(\"ARRAY<INT>\" and \"INT\")"), std::string::npos);
}

TEST(LogicalTest, ThreeValuedLogic) {
  // Every combination of TRUE, FALSE, NULL.
  auto b = Pretty("BOOLEAN BOOLEAN\ntrue true\ntrue false\ntrue .\nfalse true\nfalse false\nfalse .\n. true\n. false\n. .");
  ASSERT_OK_AND_ASSIGN(auto a, Op("AND", Col(*b, 0), Col(*b, 1)));
  EXPECT_EQ(Eval(a, *b), Bools({1, 0, -1, 0, 0, 0, -1, 0, -1}));
  ASSERT_OK_AND_ASSIGN(auto o, Op("OR", Col(*b, 0), Col(*b, 1)));
  EXPECT_EQ(Eval(o, *b), Bools({1, 1, 1, 1, 0, -1, 1, -1, -1}));
  ASSERT_OK_AND_ASSIGN(auto n, BindUnaryOperator("NOT", Col(*b, 0), "NOT c0"));
  EXPECT_EQ(Eval(n, *b), Bools({0, 0, 0, 1, 1, 1, -1, -1, -1}));
}

TEST(LogicalTest, RightSideOnlyEvaluatedWhereNeeded) {
  // Spark never evaluates 10 / b for rows where b <> 0 is false: no DIVIDE_BY_ZERO.
  auto b = Pretty("BIGINT\n0\n5\n20");
  ASSERT_OK_AND_ASSIGN(auto nonzero, Op("<>", Col(*b, 0), Int(0)));
  ASSERT_OK_AND_ASSIGN(auto div, Op("/", Int(10), Col(*b, 0)));
  ASSERT_OK_AND_ASSIGN(auto big, Op(">", div, Int(1)));
  ASSERT_OK_AND_ASSIGN(auto guarded, Op("AND", nonzero, big));
  EXPECT_EQ(Eval(guarded, *b), Bools({0, 1, 0}));
  ASSERT_OK_AND_ASSIGN(auto zero, Op("=", Col(*b, 0), Int(0)));
  ASSERT_OK_AND_ASSIGN(auto guarded_or, Op("OR", zero, big));
  EXPECT_EQ(Eval(guarded_or, *b), Bools({1, 1, 0}));
  // Without the guard the error is raised.
  EXPECT_NE(EvalError(big, *b).find("DIVIDE_BY_ZERO"), std::string::npos);
}

TEST(LogicalTest, NonBooleanOperandsFail) {
  auto e = Op("AND", Int(1), Int(2));
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.status().message().find("requires the input type \"BOOLEAN\", not \"INT\""), std::string::npos);
  auto n = BindUnaryOperator("NOT", Int(1), "(NOT 1)");
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.status().message(),
            "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"(NOT 1)\" due to data type mismatch: The first "
            "parameter requires the \"BOOLEAN\" type, however \"1\" has the type \"INT\".");
}

}  // namespace
}  // namespace sluice::expr
