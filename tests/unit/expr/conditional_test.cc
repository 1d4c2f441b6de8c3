#include <cmath>

#include "expr_test_util.h"

namespace sluice::expr {
namespace {

using namespace testing;
using types::TypeId;

TEST(ConditionalTest, SearchedCase) {
  auto b = Pretty("INT\n1\n5\n.");
  ASSERT_OK_AND_ASSIGN(auto lt3, Op("<", Col(*b, 0), Int(3)));
  ASSERT_OK_AND_ASSIGN(auto e, BindCase(nullptr, {lt3, Str("small")}, Str("big"), "CASE ..."));
  EXPECT_EQ(Eval(e, *b), (std::vector<Value>{Value::String("small"), Value::String("big"), Value::String("big")}));
  ASSERT_OK_AND_ASSIGN(auto no_else, BindCase(nullptr, {lt3, Int(1)}, nullptr, "CASE ..."));
  EXPECT_EQ(Eval(no_else, *b), (std::vector<Value>{Value::Int(1), Value(), Value()}));
  EXPECT_EQ(e->ToString(), "CASE WHEN (c0#0 < 3) THEN 'small' ELSE 'big' END");
}

TEST(ConditionalTest, SimpleCaseAndTypeWidening) {
  auto b = Pretty("INT\n1\n2\n3");
  ASSERT_OK_AND_ASSIGN(auto e, BindCase(Col(*b, 0), {Int(1), Int(10), Int(2), Dbl(2.5)}, nullptr, "CASE c0 ..."));
  EXPECT_EQ(e->type()->id(), TypeId::kDouble);
  EXPECT_EQ(Eval(e, *b), (std::vector<Value>{Value::Double(10), Value::Double(2.5), Value()}));
  ASSERT_OK_AND_ASSIGN(auto arr, Call("array", {Int(1)}));
  auto bad = BindCase(nullptr, {Bool(true), Int(1)}, arr, "CASE WHEN true THEN 1 ELSE array(1) END");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("Input to `casewhen` should all be the same type, but it's [\"INT\", \"ARRAY<INT>\"]"),
            std::string::npos);
  auto not_bool = BindCase(nullptr, {Int(1), Int(1)}, nullptr, "CASE WHEN 1 THEN 1 END");
  ASSERT_FALSE(not_bool.ok());
  EXPECT_NE(not_bool.status().message().find("requires the \"BOOLEAN\" type"), std::string::npos);
}

TEST(ConditionalTest, CaseOnlyEvaluatesTakenBranches) {
  auto b = Pretty("BIGINT\n0\n4");
  ASSERT_OK_AND_ASSIGN(auto zero, Op("=", Col(*b, 0), Int(0)));
  ASSERT_OK_AND_ASSIGN(auto div, Op("/", Int(8), Col(*b, 0)));
  ASSERT_OK_AND_ASSIGN(auto e, BindCase(nullptr, {zero, Null()}, div, "CASE ..."));
  EXPECT_EQ(Eval(e, *b), (std::vector<Value>{Value(), Value::Double(2)}));
  ASSERT_OK_AND_ASSIGN(auto iff, Call("if", {zero, Dbl(-1), div}));
  EXPECT_EQ(Eval(iff, *b), (std::vector<Value>{Value::Double(-1), Value::Double(2)}));
  EXPECT_EQ(iff->ToString(), "if((c0#0 = 0), -1.0, (8.0 / CAST(c0#0 AS DOUBLE)))");
}

TEST(ConditionalTest, Coalesce) {
  auto b = Pretty("INT BIGINT\n1 10\n. 20\n. .");
  ASSERT_OK_AND_ASSIGN(auto e, Call("coalesce", {Col(*b, 0), Col(*b, 1), Int(0)}));
  EXPECT_EQ(e->type()->id(), TypeId::kBigint);
  EXPECT_EQ(Eval(e, *b), Ints({1, 20, 0}));
  ASSERT_OK_AND_ASSIGN(auto two, Call("coalesce", {Col(*b, 0), Col(*b, 1)}));
  EXPECT_EQ(Eval(two, *b), (std::vector<Value>{Value::Int(1), Value::Int(20), Value()}));
  ASSERT_OK_AND_ASSIGN(auto nvl, Call("nvl", {Col(*b, 0), Int(-1)}));
  EXPECT_EQ(Eval(nvl, *b), Ints({1, -1, -1}));
  ASSERT_OK_AND_ASSIGN(auto ifnull, Call("ifnull", {Col(*b, 0), Str("x")}));
  EXPECT_EQ(ifnull->type()->id(), TypeId::kString);
  EXPECT_EQ(Eval(ifnull, *b)[1], Value::String("x"));
  EXPECT_EQ(BindError("coalesce", {}).substr(0, 35), "[WRONG_NUM_ARGS.WITHOUT_SUGGESTION]");
}

TEST(ConditionalTest, CoalesceSkipsErrorsOfUnusedArguments) {
  auto b = Pretty("BIGINT BIGINT\n1 0");
  ASSERT_OK_AND_ASSIGN(auto div, Op("DIV", Col(*b, 0), Col(*b, 1)));
  ASSERT_OK_AND_ASSIGN(auto e, Call("coalesce", {Col(*b, 0), div}));
  EXPECT_EQ(Eval(e, *b), Ints({1}));
}

TEST(ConditionalTest, NullIfNvl2AndNullFunctions) {
  auto b = Pretty("INT\n1\n2\n.");
  ASSERT_OK_AND_ASSIGN(auto nullif, Call("nullif", {Col(*b, 0), Int(2)}));
  EXPECT_EQ(Eval(nullif, *b), (std::vector<Value>{Value::Int(1), Value(), Value()}));
  ASSERT_OK_AND_ASSIGN(auto nvl2, Call("nvl2", {Col(*b, 0), Str("y"), Str("n")}));
  EXPECT_EQ(Eval(nvl2, *b), (std::vector<Value>{Value::String("y"), Value::String("y"), Value::String("n")}));
  ASSERT_OK_AND_ASSIGN(auto isnull, Call("isnull", {Col(*b, 0)}));
  EXPECT_EQ(Eval(isnull, *b), (std::vector<Value>{Value::Bool(false), Value::Bool(false), Value::Bool(true)}));
  EXPECT_EQ(CallValue("nanvl", {Dbl(NAN), Int(3)}), Value::Double(3));
  EXPECT_NE(BindError("if", {Int(1), Int(2), Int(3)}).find("requires the \"BOOLEAN\" type"), std::string::npos);
}

}  // namespace
}  // namespace sluice::expr

namespace sluice::expr {
namespace {

using namespace testing;

TEST(ConditionalTest, BranchErrorsOnOtherRowsAreIgnoredForStrings) {
  // The ELSE branch fails for 'x' in ANSI mode, but that row takes the THEN branch.
  auto b = Pretty("STRING\n12\nx\n.\n7");
  ASSERT_OK_AND_ASSIGN(auto is_x, Op("=", Col(*b, 0), Str("x")));
  ASSERT_OK_AND_ASSIGN(auto as_int, MakeCast(Col(*b, 0), DataType::Int()));
  ASSERT_OK_AND_ASSIGN(auto text, MakeCast(as_int, DataType::String()));
  ASSERT_OK_AND_ASSIGN(auto e, BindCase(nullptr, {is_x, Str("none")}, text, "CASE ..."));
  EXPECT_EQ(Eval(e, *b), (std::vector<Value>{Value::String("12"), Value::String("none"), Value(),
                                             Value::String("7")}));
  // Without the guard the cast fails.
  EXPECT_NE(EvalError(text, *b).find("CAST_INVALID_INPUT"), std::string::npos);
}

}  // namespace
}  // namespace sluice::expr
