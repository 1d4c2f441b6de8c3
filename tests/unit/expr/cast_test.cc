#include <cmath>

#include "expr_test_util.h"

namespace sluice::expr {
namespace {

using namespace testing;
using types::TypeId;
using types::TypePtr;

Value CastOf(ExprPtr e, TypePtr to, EvalContext ctx = {}, bool try_cast = false) {
  auto c = MakeCast(std::move(e), std::move(to), try_cast);
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  return c.ok() ? Eval1(*c, std::move(ctx)) : Value();
}

std::string CastError(ExprPtr e, TypePtr to, EvalContext ctx = {}) {
  auto c = MakeCast(std::move(e), std::move(to));
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  return c.ok() ? EvalError(*c, *OneRow(), std::move(ctx)) : "";
}

TEST(CastTest, StringToNumbers) {
  EXPECT_EQ(CastOf(Str(" 42 "), DataType::Int()), Value::Int(42));
  EXPECT_EQ(CastOf(Str("-9223372036854775808"), DataType::Bigint()), Value::Int(INT64_MIN));
  EXPECT_EQ(CastOf(Str("+7"), DataType::Bigint()), Value::Int(7));
  EXPECT_EQ(CastOf(Str("1.5e3"), DataType::Double()), Value::Double(1500));
  EXPECT_EQ(CastOf(Str(" -0.25 "), DataType::Double()), Value::Double(-0.25));
  EXPECT_TRUE(std::isinf(CastOf(Str("Infinity"), DataType::Double()).double_value()));
  EXPECT_TRUE(std::isnan(CastOf(Str("NaN"), DataType::Double()).double_value()));
  // Legacy (non-ANSI) casts truncate a fraction; ANSI rejects it.
  EXPECT_EQ(CastOf(Str("1.9"), DataType::Int(), Lenient()), Value::Int(1));
  EXPECT_EQ(CastOf(Str("1.9"), DataType::Int(), {}, /*try_cast=*/true), Value::Int(1));
  EXPECT_EQ(CastError(Str("1.9"), DataType::Int()),
            "[CAST_INVALID_INPUT] The value '1.9' of the type \"STRING\" cannot be cast to \"INT\" because it is "
            "malformed. Correct the value as per the syntax, or change its target type. Use `try_cast` to tolerate "
            "malformed input and return NULL instead. If necessary set \"spark.sql.ansi.enabled\" to \"false\" to "
            "bypass this error.");
}

TEST(CastTest, MalformedStrings) {
  EXPECT_NE(CastError(Str("abc"), DataType::Int()).find("The value 'abc' of the type \"STRING\" cannot be cast to \"INT\""),
            std::string::npos);
  EXPECT_TRUE(CastOf(Str("abc"), DataType::Int(), Lenient()).is_null());
  EXPECT_TRUE(CastOf(Str("abc"), DataType::Int(), {}, true).is_null());
  EXPECT_TRUE(CastOf(Str("99999999999"), DataType::Int(), Lenient()).is_null());
  EXPECT_NE(CastError(Str("2021-13-01"), DataType::Date()).find("CAST_INVALID_INPUT"), std::string::npos);
  EXPECT_NE(CastError(Str("maybe"), DataType::Boolean()).find("to \"BOOLEAN\""), std::string::npos);
  EXPECT_NE(CastError(Str("0x10"), DataType::Double()).find("CAST_INVALID_INPUT"), std::string::npos);
}

TEST(CastTest, NumericConversions) {
  EXPECT_EQ(CastOf(Dbl(3.99), DataType::Int()), Value::Int(3));
  EXPECT_EQ(CastOf(Dbl(-3.99), DataType::Bigint()), Value::Int(-3));
  EXPECT_EQ(CastOf(Int(3), DataType::Double()), Value::Double(3));
  EXPECT_EQ(CastOf(Big(3000000000LL), DataType::Int(), Lenient()), Value::Int(-1294967296));
  EXPECT_EQ(CastError(Big(3000000000LL), DataType::Int()),
            "[CAST_OVERFLOW] The value 3000000000L of the type \"BIGINT\" cannot be cast to \"INT\" due to an "
            "overflow. Use `try_cast` to tolerate overflow and return NULL instead. If necessary set "
            "\"spark.sql.ansi.enabled\" to \"false\" to bypass this error.");
  EXPECT_NE(CastError(Dbl(1e20), DataType::Bigint()).find("The value 1.0E20D of the type \"DOUBLE\""), std::string::npos);
  EXPECT_EQ(CastOf(Dbl(1e20), DataType::Bigint(), Lenient()), Value::Int(INT64_MAX));
  EXPECT_EQ(CastOf(Dbl(NAN), DataType::Int(), Lenient()), Value::Int(0));
  EXPECT_TRUE(CastOf(Dbl(1e20), DataType::Int(), {}, true).is_null());
}

TEST(CastTest, Booleans) {
  EXPECT_EQ(CastOf(Str(" YES "), DataType::Boolean()), Value::Bool(true));
  for (const char* t : {"t", "true", "y", "1"}) EXPECT_EQ(CastOf(Str(t), DataType::Boolean()), Value::Bool(true)) << t;
  for (const char* f : {"f", "FALSE", "n", "no", "0"}) EXPECT_EQ(CastOf(Str(f), DataType::Boolean()), Value::Bool(false)) << f;
  EXPECT_EQ(CastOf(Int(2), DataType::Boolean()), Value::Bool(true));
  EXPECT_EQ(CastOf(Dbl(0), DataType::Boolean()), Value::Bool(false));
  EXPECT_EQ(CastOf(Bool(true), DataType::Int()), Value::Int(1));
  EXPECT_EQ(CastOf(Bool(false), DataType::String()), Value::String("false"));
}

TEST(CastTest, ToString) {
  EXPECT_EQ(CastOf(Int(-5), DataType::String()), Value::String("-5"));
  EXPECT_EQ(CastOf(Dbl(1.0), DataType::String()), Value::String("1.0"));
  EXPECT_EQ(CastOf(Dbl(1e10), DataType::String()), Value::String("1.0E10"));
  EXPECT_EQ(CastOf(Dbl(0.1), DataType::String()), Value::String("0.1"));
  EXPECT_EQ(CastOf(Date(18628), DataType::String()), Value::String("2021-01-01"));
  EXPECT_EQ(CastOf(Ts(1609459200LL * 1000000 + 500000), DataType::String()), Value::String("2021-01-01 00:00:00.5"));
  EXPECT_EQ(CastOf(Ts(1609459200LL * 1000000), DataType::String(), InZone("+08:00")),
            Value::String("2021-01-01 08:00:00"));
  ASSERT_OK_AND_ASSIGN(auto arr, Call("array", {Int(1), Int(2), Null()}));
  EXPECT_EQ(CastOf(arr, DataType::String()), Value::String("[1, 2, null]"));
  ASSERT_OK_AND_ASSIGN(auto st, Call("named_struct", {Str("a"), Int(1), Str("b"), Str("x")}));
  EXPECT_EQ(CastOf(st, DataType::String()), Value::String("{1, x}"));
}

TEST(CastTest, Timestamps) {
  const int64_t t = 1609459200LL * 1000000;  // 2021-01-01 00:00:00 UTC
  EXPECT_EQ(CastOf(Ts(t + 1500000), DataType::Bigint()), Value::Int(1609459201));
  EXPECT_EQ(CastOf(Ts(-1500000), DataType::Bigint()), Value::Int(-2));  // floor, as Spark
  EXPECT_EQ(CastOf(Ts(t + 1500000), DataType::Double()), Value::Double(1609459201.5));
  EXPECT_EQ(CastOf(Big(1609459200), DataType::Timestamp()), Value::Int(t));
  EXPECT_EQ(CastOf(Dbl(1.25), DataType::Timestamp()), Value::Int(1250000));
  EXPECT_EQ(CastOf(Str("2021-01-01T00:00:00Z"), DataType::Timestamp(), InZone("+08:00")), Value::Int(t));
  EXPECT_EQ(CastOf(Str("2021-01-01 08:00:00"), DataType::Timestamp(), InZone("+08:00")), Value::Int(t));
  EXPECT_EQ(CastOf(Str("2021-01-01"), DataType::Timestamp()), Value::Int(t));
  // DATE <-> TIMESTAMP go through the session time zone.
  EXPECT_EQ(CastOf(Date(18628), DataType::Timestamp(), InZone("+08:00")), Value::Int(t - 8LL * 3600 * 1000000));
  EXPECT_EQ(CastOf(Ts(t - 1), DataType::Date()), Value::Int(18627));
  EXPECT_EQ(CastOf(Ts(t - 1), DataType::Date(), InZone("+08:00")), Value::Int(18628));
}

TEST(CastTest, InvalidCastsFailAtBind) {
  ASSERT_OK_AND_ASSIGN(auto arr, Call("array", {Int(1)}));
  auto e = MakeCast(arr, DataType::Int());
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), StatusCode::kAnalysisError);
  EXPECT_EQ(e.status().message(),
            "[DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION] Cannot resolve \"CAST(array(1) AS INT)\" due to data type "
            "mismatch: cannot cast \"ARRAY<INT>\" to \"INT\".");
  auto ts = MakeCast(Ts(0), DataType::Boolean());
  ASSERT_FALSE(ts.ok());
  EXPECT_NE(ts.status().message().find("cannot cast \"TIMESTAMP\" to \"BOOLEAN\""), std::string::npos);
  EXPECT_FALSE(MakeCast(Date(0), DataType::Int()).ok());
  EXPECT_FALSE(MakeCast(Int(1), DataType::Binary()).ok());
}

TEST(CastTest, NestedCasts) {
  ASSERT_OK_AND_ASSIGN(auto arr, Call("array", {Str("1"), Str("2")}));
  Value v = CastOf(arr, DataType::Array(DataType::Int()));
  EXPECT_EQ(v, Value::MakeList({Value::Int(1), Value::Int(2)}));
  EXPECT_TRUE(CastOf(Null(), DataType::Array(DataType::Int())).is_null());
}

TEST(CastTest, ColumnsWithNulls) {
  auto b = Pretty("STRING\n1\n.\nx");
  ASSERT_OK_AND_ASSIGN(auto c, MakeCast(Col(*b, 0), DataType::Bigint(), true));
  EXPECT_EQ(c->ToString(), "TRY_CAST(c0#0 AS BIGINT)");
  EXPECT_EQ(Eval(c, *b), (std::vector<Value>{Value::Int(1), Value(), Value()}));
}

}  // namespace
}  // namespace sluice::expr
