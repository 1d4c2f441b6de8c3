#include <cmath>

#include "expr_test_util.h"
#include "sluice/expr/functions/math_functions.h"

namespace sluice::expr {
namespace {

using namespace testing;
using types::TypeId;

TEST(MathFunctionsTest, RoundHalfUpOnDecimalForm) {
  EXPECT_EQ(CallValue("round", {Dbl(2.5)}), Value::Double(3));
  EXPECT_EQ(CallValue("round", {Dbl(-2.5)}), Value::Double(-3));
  EXPECT_EQ(CallValue("round", {Dbl(0.145), Int(2)}), Value::Double(0.15));  // binary 0.1449999..., decimal 0.145
  EXPECT_EQ(CallValue("round", {Dbl(1.005), Int(2)}), Value::Double(1.01));
  EXPECT_EQ(CallValue("round", {Dbl(123.456), Int(-1)}), Value::Double(120));
  EXPECT_EQ(CallValue("round", {Dbl(9.99), Int(1)}), Value::Double(10));
  EXPECT_EQ(CallValue("round", {Dbl(0.0004), Int(2)}), Value::Double(0));
  EXPECT_EQ(CallValue("round", {Int(125), Int(-1)}), Value::Int(130));
  EXPECT_EQ(CallValue("round", {Int(-125), Int(-1)}), Value::Int(-130));
  EXPECT_EQ(CallValue("bround", {Dbl(2.5)}), Value::Double(2));
  EXPECT_EQ(CallValue("bround", {Dbl(3.5)}), Value::Double(4));
  EXPECT_EQ(CallValue("bround", {Int(25), Int(-1)}), Value::Int(20));
  EXPECT_TRUE(std::isnan(CallValue("round", {Dbl(NAN), Int(1)}).double_value()));
  EXPECT_TRUE(CallValue("round", {Null()}).is_null());
  ASSERT_OK_AND_ASSIGN(auto r, Call("round", {Int(5)}));
  EXPECT_EQ(r->type()->id(), TypeId::kInt);
  EXPECT_NE(BindError("round", {Dbl(1), Dbl(1)}).find("The second parameter requires the \"INT\" type"),
            std::string::npos);
  auto b = Pretty("DOUBLE INT\n1.5 0");
  EXPECT_FALSE(Call("round", {Col(*b, 0), Col(*b, 1)}).ok());  // the scale must be a constant
}

TEST(MathFunctionsTest, FloorCeilReturnBigint) {
  ASSERT_OK_AND_ASSIGN(auto f, Call("floor", {Dbl(-0.1)}));
  EXPECT_EQ(f->type()->id(), TypeId::kBigint);
  EXPECT_EQ(Eval1(f), Value::Int(-1));
  EXPECT_EQ(CallValue("ceil", {Dbl(-0.1)}), Value::Int(0));
  EXPECT_EQ(CallValue("ceiling", {Dbl(1.1)}), Value::Int(2));
  EXPECT_EQ(CallValue("floor", {Int(5)}), Value::Int(5));
  EXPECT_EQ(CallValue("ceil", {Str("2.5")}), Value::Int(3));
}

TEST(MathFunctionsTest, Transcendental) {
  EXPECT_EQ(CallValue("pow", {Int(2), Int(10)}), Value::Double(1024));
  EXPECT_EQ(CallValue("power", {Dbl(4), Dbl(0.5)}), Value::Double(2));
  EXPECT_EQ(CallValue("sqrt", {Int(16)}), Value::Double(4));
  EXPECT_TRUE(std::isnan(CallValue("sqrt", {Int(-1)}).double_value()));
  EXPECT_EQ(CallValue("exp", {Int(0)}), Value::Double(1));
  EXPECT_EQ(CallValue("ln", {Int(1)}), Value::Double(0));
  EXPECT_TRUE(CallValue("ln", {Int(0)}).is_null());
  EXPECT_TRUE(CallValue("log", {Int(-1)}).is_null());
  EXPECT_EQ(CallValue("log", {Int(10), Int(100)}), Value::Double(2));
  EXPECT_EQ(CallValue("log10", {Int(1000)}), Value::Double(3));
  EXPECT_EQ(CallValue("log2", {Int(8)}), Value::Double(3));
  EXPECT_EQ(CallValue("sign", {Int(-7)}), Value::Double(-1));
  EXPECT_EQ(CallValue("signum", {Dbl(0)}), Value::Double(0));
  EXPECT_EQ(CallValue("abs", {Int(-3)}), Value::Int(3));
  EXPECT_EQ(CallValue("degrees", {Dbl(M_PI)}), Value::Double(180));
  EXPECT_EQ(CallValue("pi", {}), Value::Double(M_PI));
  ASSERT_OK_AND_ASSIGN(auto abs_min, Call("abs", {Int(INT32_MIN)}));
  EXPECT_NE(EvalError(abs_min, *OneRow()).find("ARITHMETIC_OVERFLOW"), std::string::npos);
  ASSERT_OK_AND_ASSIGN(auto arr, Call("array", {Int(1)}));
  EXPECT_NE(BindError("sqrt", {arr}).find("requires the \"NUMERIC\" type"), std::string::npos);
}

TEST(MathFunctionsTest, DoubleKernelWithNullsAndInvalidRows) {
  auto b = Pretty("DOUBLE\n100\n-1\n.\n0.1");
  ASSERT_OK_AND_ASSIGN(auto e, Call("log10", {Col(*b, 0)}));
  EXPECT_EQ(Eval(e, *b), (std::vector<Value>{Value::Double(2), Value(), Value(), Value::Double(-1)}));
  auto no_nulls = Pretty("DOUBLE\n100\n-1");
  EXPECT_EQ(Eval(e, *no_nulls), (std::vector<Value>{Value::Double(2), Value()}));
}

TEST(MathFunctionsTest, GreatestLeast) {
  EXPECT_EQ(CallValue("greatest", {Int(10), Int(9), Int(2)}), Value::Int(10));
  EXPECT_EQ(CallValue("least", {Int(10), Null(), Int(2)}), Value::Int(2));
  EXPECT_EQ(CallValue("greatest", {Int(1), Dbl(1.5)}), Value::Double(1.5));
  EXPECT_EQ(CallValue("greatest", {Dbl(1), Dbl(NAN)}).double_value() != CallValue("greatest", {Dbl(1), Dbl(NAN)}).double_value(),
            true);  // NaN is the largest double
  EXPECT_TRUE(CallValue("greatest", {Null(DataType::Int()), Null(DataType::Int())}).is_null());
  EXPECT_EQ(CallValue("greatest", {Str("a"), Str("b")}), Value::String("b"));
  EXPECT_NE(BindError("greatest", {Int(1), Str("a")}).find("DATA_DIFF_TYPES"), std::string::npos);
  EXPECT_NE(BindError("greatest", {Int(1)}).find("requires > 1 parameters"), std::string::npos);
}

TEST(MathFunctionsTest, ModAndPmod) {
  EXPECT_EQ(CallValue("mod", {Int(-7), Int(2)}), Value::Int(-1));
  EXPECT_EQ(CallValue("pmod", {Int(-10), Int(3)}), Value::Int(2));
  EXPECT_EQ(CallValue("pmod", {Int(10), Int(-3)}), Value::Int(1));
  ASSERT_OK_AND_ASSIGN(auto by_zero, Call("pmod", {Int(1), Int(0)}));
  EXPECT_NE(EvalError(by_zero, *OneRow()).find("DIVIDE_BY_ZERO"), std::string::npos);
}

TEST(MathFunctionsTest, RandIsSeededPerPartitionAndNotFoldable) {
  auto b = Pretty("INT\n1\n2\n3");
  ASSERT_OK_AND_ASSIGN(auto r, Call("rand", {Int(42)}));
  EXPECT_FALSE(r->IsDeterministic());
  EXPECT_FALSE(r->IsFoldable());
  EXPECT_EQ(r->ToString(), "rand(42)");
  auto first = Eval(r, *b);
  auto again = Eval(r, *b);
  EXPECT_EQ(first, again);
  EXPECT_NE(first[0], first[1]);
  for (const auto& v : first) {
    EXPECT_GE(v.double_value(), 0.0);
    EXPECT_LT(v.double_value(), 1.0);
  }
  EvalContext other;
  other.partition_index = 1;
  EXPECT_NE(Eval(r, *b, other), first);
  ASSERT_OK_AND_ASSIGN(auto unseeded, Call("random", {}));
  EXPECT_EQ(Eval(unseeded, *b).size(), 3u);
  ASSERT_OK_AND_ASSIGN(auto n, Call("randn", {Int(7)}));
  EXPECT_EQ(Eval(n, *b).size(), 3u);
  EXPECT_NE(BindError("rand", {Str("x")}).find("The first parameter requires"), std::string::npos);
}

TEST(MathFunctionsTest, SparkRandSequence) {
  // Spark: SELECT rand(0) -> 0.7604953758285915 (XORShiftRandom seeded through MurmurHash3).
  EXPECT_DOUBLE_EQ(CallValue("rand", {Int(0)}).double_value(), 0.7604953758285915);
}

}  // namespace
}  // namespace sluice::expr
