#include <limits>

#include "expr_test_util.h"
#include "sluice/expr/arithmetic.h"

namespace sluice::expr {
namespace {

using namespace testing;
using types::TypeId;

TEST(ArithmeticTest, ResultTypesFollowSpark) {
  auto b = Pretty("INT BIGINT DOUBLE\n1 2 0.5");
  auto type_of = [&](const std::string& op, int l, int r) {
    auto e = Op(op, Col(*b, l), Col(*b, r));
    EXPECT_TRUE(e.ok()) << e.status().ToString();
    return e.ok() ? (*e)->type()->id() : TypeId::kNull;
  };
  EXPECT_EQ(type_of("+", 0, 0), TypeId::kInt);
  EXPECT_EQ(type_of("+", 0, 1), TypeId::kBigint);
  EXPECT_EQ(type_of("*", 1, 2), TypeId::kDouble);
  EXPECT_EQ(type_of("/", 0, 0), TypeId::kDouble);
  EXPECT_EQ(type_of("DIV", 0, 0), TypeId::kBigint);
  EXPECT_EQ(type_of("%", 0, 0), TypeId::kInt);
  EXPECT_EQ(type_of("%", 0, 1), TypeId::kBigint);
}

TEST(ArithmeticTest, ValuesAndNulls) {
  auto b = Pretty("BIGINT BIGINT\n7 2\n-7 2\n. 3\n4 .");
  ASSERT_OK_AND_ASSIGN(auto add, Op("+", Col(*b, 0), Col(*b, 1)));
  EXPECT_EQ(Eval(add, *b), (std::vector<Value>{Value::Int(9), Value::Int(-5), Value(), Value()}));
  ASSERT_OK_AND_ASSIGN(auto rem, Op("%", Col(*b, 0), Col(*b, 1)));
  EXPECT_EQ(Eval(rem, *b), (std::vector<Value>{Value::Int(1), Value::Int(-1), Value(), Value()}));
  ASSERT_OK_AND_ASSIGN(auto div, Op("/", Col(*b, 0), Col(*b, 1)));
  EXPECT_EQ(Eval(div, *b)[0], Value::Double(3.5));
  ASSERT_OK_AND_ASSIGN(auto idiv, Op("DIV", Col(*b, 0), Col(*b, 1)));
  EXPECT_EQ(Eval(idiv, *b)[1], Value::Int(-3));
}

TEST(ArithmeticTest, RemainderByPowerOfTwoLiteralKeepsDividendSign) {
  auto b = Pretty("BIGINT\n-9\n-8\n-1\n0\n1\n9\n.");
  for (int64_t m : {1, 2, 4, 8, 3}) {
    ASSERT_OK_AND_ASSIGN(auto rem, Op("%", Col(*b, 0), Int(m)));
    auto got = Eval(rem, *b);
    const int64_t in[] = {-9, -8, -1, 0, 1, 9};
    for (int i = 0; i < 6; ++i) EXPECT_EQ(got[i], Value::Int(in[i] % m)) << in[i] << " % " << m;
    EXPECT_TRUE(got[6].is_null());
    ASSERT_OK_AND_ASSIGN(auto idiv, Op("DIV", Col(*b, 0), Int(m)));
    auto q = Eval(idiv, *b);
    for (int i = 0; i < 6; ++i) EXPECT_EQ(q[i], Value::Int(in[i] / m)) << in[i] << " div " << m;
    ASSERT_OK_AND_ASSIGN(auto pmod, Call("pmod", {Col(*b, 0), Int(m)}));
    auto p = Eval(pmod, *b);
    for (int i = 0; i < 6; ++i) EXPECT_EQ(p[i], Value::Int(((in[i] % m) + m) % m)) << "pmod " << in[i];
  }
}

// Division by a literal uses multiply-high "magic numbers"; it must agree with the
// hardware division used for column divisors on every value.
TEST(ArithmeticTest, ConstantDivisorMatchesGenericDivision) {
  std::vector<types::Row> rows;
  const int64_t values[] = {0, 1, -1, 2, -2, 3, -3, 7, -7, 99, -100, 1000003, -999999937, INT64_MAX, INT64_MIN,
                            INT64_MAX - 1, INT64_MIN + 1, 4611686018427387904LL, -4611686018427387905LL};
  const int64_t divisors[] = {3, -3, 5, 7, -7, 10, 641, -1000, 1000000007, INT64_MAX, INT64_MIN, -2, -4, 6, 12};
  for (int64_t v : values) rows.push_back({Value::Int(v)});
  auto b = Rows("v BIGINT", rows);
  for (int64_t d : divisors) {
    rows.clear();
    for (int64_t v : values) rows.push_back({Value::Int(v), Value::Int(d)});
    auto both = Rows("v BIGINT, d BIGINT", rows);
    for (const char* op : {"%", "DIV"}) {
      ASSERT_OK_AND_ASSIGN(auto by_literal, Op(op, Col(*b, 0), Big(d)));
      ASSERT_OK_AND_ASSIGN(auto by_column, Op(op, Col(*both, 0), Col(*both, 1)));
      EXPECT_EQ(Eval(by_literal, *b, Lenient()), Eval(by_column, *both, Lenient())) << op << " " << d;
    }
    ASSERT_OK_AND_ASSIGN(auto pmod_literal, Call("pmod", {Col(*b, 0), Big(d)}));
    ASSERT_OK_AND_ASSIGN(auto pmod_column, Call("pmod", {Col(*both, 0), Col(*both, 1)}));
    EXPECT_EQ(Eval(pmod_literal, *b, Lenient()), Eval(pmod_column, *both, Lenient())) << "pmod " << d;
  }
  auto ints = Pretty("INT\n-7\n7\n-2147483648\n2147483647");
  ASSERT_OK_AND_ASSIGN(auto rem3, Op("%", Col(*ints, 0), Int(3)));
  EXPECT_EQ(Eval(rem3, *ints), Ints({-1, 1, -2, 1}));
}

TEST(ArithmeticTest, LiteralOperandIsCastToColumnType) {
  auto b = Pretty("BIGINT\n10");
  ASSERT_OK_AND_ASSIGN(auto e, Op("%", Col(*b, 0), Int(3)));
  EXPECT_EQ(e->ToString(), "(c0#0 % 3)");
  EXPECT_EQ(e->children()[1]->kind(), ExprKind::kLiteral);
  EXPECT_EQ(e->children()[1]->type()->id(), TypeId::kBigint);
}

TEST(ArithmeticTest, AnsiOverflowIsAnError) {
  auto b = Pretty("INT INT\n2147483647 1\n1 1");
  ASSERT_OK_AND_ASSIGN(auto add, Op("+", Col(*b, 0), Col(*b, 1)));
  EXPECT_EQ(EvalError(add, *b),
            "[ARITHMETIC_OVERFLOW] integer overflow. Use 'try_add' to tolerate overflow and return NULL instead. If "
            "necessary set \"spark.sql.ansi.enabled\" to \"false\" to bypass this error.");
  // Non-ANSI: wraps around, as Java's int arithmetic.
  EXPECT_EQ(Eval(add, *b, Lenient()), (std::vector<Value>{Value::Int(-2147483648LL), Value::Int(2)}));
  ASSERT_OK_AND_ASSIGN(auto try_add, Call("try_add", {Col(*b, 0), Col(*b, 1)}));
  EXPECT_EQ(Eval(try_add, *b), (std::vector<Value>{Value(), Value::Int(2)}));
  auto big = Pretty("BIGINT\n9223372036854775807");
  ASSERT_OK_AND_ASSIGN(auto mul, Op("*", Col(*big, 0), Int(2)));
  EXPECT_NE(EvalError(mul, *big).find("[ARITHMETIC_OVERFLOW] long overflow. Use 'try_multiply'"), std::string::npos);
  ASSERT_OK_AND_ASSIGN(auto neg, BindUnaryOperator("-", Col(*big, 0), "-c0"));
  EXPECT_EQ(Eval(neg, *big), (std::vector<Value>{Value::Int(-9223372036854775807LL)}));
}

TEST(ArithmeticTest, DivisionByZero) {
  auto b = Pretty("BIGINT BIGINT\n1 0\n4 2\n. 0");
  const std::string kMessage =
      "[DIVIDE_BY_ZERO] Division by zero. Use `try_divide` to tolerate divisor being 0 and return NULL instead. If "
      "necessary set \"spark.sql.ansi.enabled\" to \"false\" to bypass this error.";
  for (const char* op : {"/", "%", "DIV"}) {
    ASSERT_OK_AND_ASSIGN(auto e, Op(op, Col(*b, 0), Col(*b, 1)));
    EXPECT_EQ(EvalError(e, *b), kMessage) << op;
    auto lenient = Eval(e, *b, Lenient());
    EXPECT_TRUE(lenient[0].is_null()) << op;
    EXPECT_FALSE(lenient[1].is_null()) << op;
    EXPECT_TRUE(lenient[2].is_null()) << op;
    ASSERT_OK_AND_ASSIGN(auto by_literal, Op(op, Col(*b, 0), Int(0)));
    EXPECT_EQ(EvalError(by_literal, *b), kMessage) << op;
  }
  // A NULL dividend over a zero divisor is NULL, not an error.
  auto only_null = Pretty("BIGINT BIGINT\n. 0");
  ASSERT_OK_AND_ASSIGN(auto e, Op("/", Col(*only_null, 0), Col(*only_null, 1)));
  EXPECT_EQ(EvalError(e, *only_null), "");
  ASSERT_OK_AND_ASSIGN(auto try_div, Call("try_divide", {Col(*b, 0), Col(*b, 1)}));
  EXPECT_EQ(Eval(try_div, *b), (std::vector<Value>{Value(), Value::Double(2), Value()}));
}

TEST(ArithmeticTest, MinValueDividedByMinusOneDoesNotTrap) {
  auto b = Pretty("BIGINT BIGINT\n-9223372036854775808 -1");
  ASSERT_OK_AND_ASSIGN(auto rem, Op("%", Col(*b, 0), Col(*b, 1)));
  EXPECT_EQ(Eval(rem, *b), Ints({0}));
  ASSERT_OK_AND_ASSIGN(auto idiv, Op("DIV", Col(*b, 0), Col(*b, 1)));
  EXPECT_NE(EvalError(idiv, *b).find("ARITHMETIC_OVERFLOW"), std::string::npos);
}

TEST(ArithmeticTest, StringsAndNullsCoerce) {
  auto b = Pretty("STRING INT\n5 2");
  ASSERT_OK_AND_ASSIGN(auto add, Op("+", Col(*b, 0), Col(*b, 1)));
  EXPECT_EQ(add->type()->id(), TypeId::kInt);
  EXPECT_EQ(Eval(add, *b), Ints({7}));
  ASSERT_OK_AND_ASSIGN(auto with_null, Op("+", Col(*b, 1), Null()));
  EXPECT_EQ(with_null->type()->id(), TypeId::kInt);
  EXPECT_TRUE(Eval(with_null, *b)[0].is_null());
  auto malformed = Pretty("STRING INT\nabc 2");
  ASSERT_OK_AND_ASSIGN(auto bad, Op("+", Col(*malformed, 0), Col(*malformed, 1)));
  EXPECT_NE(EvalError(bad, *malformed).find("[CAST_INVALID_INPUT] The value 'abc' of the type \"STRING\" cannot be cast to \"INT\""),
            std::string::npos);
}

TEST(ArithmeticTest, IncompatibleTypesFailAtBind) {
  auto b = Pretty("BOOLEAN INT\ntrue 1");
  auto e = Op("+", Col(*b, 0), Col(*b, 1));
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().message(),
            "[DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES] Cannot resolve \"(c0 + c1)\" due to data type mismatch: the left "
            "and right operands of the binary operator have incompatible types (\"BOOLEAN\" and \"INT\").");
  auto same = Op("*", Col(*b, 0), Col(*b, 0));
  ASSERT_FALSE(same.ok());
  EXPECT_NE(same.status().message().find("BINARY_OP_WRONG_TYPE"), std::string::npos);
  auto bit = Op("&", Dbl(1.5), Int(1));
  ASSERT_FALSE(bit.ok());
}

TEST(ArithmeticTest, BitwiseAndDateArithmetic) {
  auto b = Pretty("INT INT\n12 10");
  ASSERT_OK_AND_ASSIGN(auto a, Op("&", Col(*b, 0), Col(*b, 1)));
  ASSERT_OK_AND_ASSIGN(auto o, Op("|", Col(*b, 0), Col(*b, 1)));
  ASSERT_OK_AND_ASSIGN(auto x, Op("^", Col(*b, 0), Col(*b, 1)));
  ASSERT_OK_AND_ASSIGN(auto n, BindUnaryOperator("~", Col(*b, 0), "~c0"));
  EXPECT_EQ(Eval(a, *b), Ints({8}));
  EXPECT_EQ(Eval(o, *b), Ints({14}));
  EXPECT_EQ(Eval(x, *b), Ints({6}));
  EXPECT_EQ(Eval(n, *b), Ints({-13}));
  ASSERT_OK_AND_ASSIGN(auto plus_days, Op("+", Date(0), Int(31)));
  EXPECT_EQ(plus_days->type()->id(), TypeId::kDate);
  EXPECT_EQ(Eval1(plus_days), Value::Int(31));
}

TEST(ArithmeticTest, DoubleOperations) {
  auto b = Pretty("DOUBLE DOUBLE\n7.5 2\n-7.5 2");
  ASSERT_OK_AND_ASSIGN(auto rem, Op("%", Col(*b, 0), Col(*b, 1)));
  EXPECT_EQ(Eval(rem, *b), (std::vector<Value>{Value::Double(1.5), Value::Double(-1.5)}));
  ASSERT_OK_AND_ASSIGN(auto pmod, Call("pmod", {Col(*b, 0), Col(*b, 1)}));
  EXPECT_EQ(Eval(pmod, *b), (std::vector<Value>{Value::Double(1.5), Value::Double(0.5)}));
}

// The literal fast path (modulo by a power of two) over a large column; speed is
// measured in bench/, this checks every value.
TEST(ArithmeticTest, ModuloByLiteralOverOneMillionRows) {
  const int64_t n = 1'000'000;
  auto column = types::Column::Make(DataType::Bigint(), n);
  for (int64_t i = 0; i < n; ++i) column->data<int64_t>()[i] = i - n / 2;
  auto schema = std::make_shared<types::Schema>(std::vector<types::StructField>{{"value", DataType::Bigint(), true}});
  Batch batch(schema, {column}, n);
  ASSERT_OK_AND_ASSIGN(auto rem, Op("%", Col(batch, 0), Int(2)));
  ASSERT_OK_AND_ASSIGN(auto eq, Op("=", rem, Int(0)));
  EvalContext ctx;
  auto out = eq->Evaluate(batch, ctx);
  ASSERT_TRUE(out.ok());
  for (int64_t i = 0; i < n; ++i) {
    ASSERT_EQ((*out)->data<uint8_t>()[i], ((i - n / 2) % 2 == 0) ? 1 : 0) << "row " << i;
  }
}

}  // namespace
}  // namespace sluice::expr
