#include <gtest/gtest.h>

#include "sluice/sql/parser.h"
#include "test_util.h"

namespace sluice::sql {
namespace {

using types::DataType;
using types::Value;

std::string NameOf(std::string_view text) {
  auto e = ParseExpression(text);
  if (!e.ok()) return "ERROR: " + e.status().message();
  return AutoName(**e);
}

// Expected names are what Spark 4 shows for `SELECT <expr> FROM t` without an alias.
TEST(AutoNameTest, ColumnsAndFields) {
  EXPECT_EQ(NameOf("value"), "value");
  EXPECT_EQ(NameOf("e.value"), "value");
  EXPECT_EQ(NameOf("window.start"), "start");
  EXPECT_EQ(NameOf("`weird name`"), "weird name");
  EXPECT_EQ(NameOf("window(ts, '10 seconds').start"), "start");
  EXPECT_EQ(NameOf("arr[0]"), "arr[0]");
  EXPECT_EQ(NameOf("m['k']"), "m[k]");
}

TEST(AutoNameTest, Operators) {
  EXPECT_EQ(NameOf("value + 1"), "(value + 1)");
  EXPECT_EQ(NameOf("value % 10"), "(value % 10)");
  EXPECT_EQ(NameOf("value * 2 - 1"), "((value * 2) - 1)");
  EXPECT_EQ(NameOf("a = b"), "(a = b)");
  EXPECT_EQ(NameOf("a == b"), "(a = b)");
  EXPECT_EQ(NameOf("a != b"), "(NOT (a = b))");
  EXPECT_EQ(NameOf("a <> b"), "(NOT (a = b))");
  EXPECT_EQ(NameOf("a <=> b"), "(a <=> b)");
  EXPECT_EQ(NameOf("a AND b"), "(a AND b)");
  EXPECT_EQ(NameOf("a or b"), "(a OR b)");
  EXPECT_EQ(NameOf("a DIV b"), "(a div b)");
  EXPECT_EQ(NameOf("a || b"), "concat(a, b)");
  EXPECT_EQ(NameOf("a & b"), "(a & b)");
  EXPECT_EQ(NameOf("-value"), "(- value)");
  EXPECT_EQ(NameOf("~value"), "~value");
  EXPECT_EQ(NameOf("NOT a"), "(NOT a)");
  EXPECT_EQ(NameOf("a IS NULL"), "(a IS NULL)");
  EXPECT_EQ(NameOf("a IS NOT NULL"), "(a IS NOT NULL)");
  EXPECT_EQ(NameOf("a IN (1, 2)"), "(a IN (1, 2))");
  EXPECT_EQ(NameOf("a NOT IN (1)"), "(NOT (a IN (1)))");
  EXPECT_EQ(NameOf("a BETWEEN lo AND hi"), "((a >= lo) AND (a <= hi))");
  EXPECT_EQ(NameOf("a NOT BETWEEN 1 AND 2"), "(NOT ((a >= 1) AND (a <= 2)))");
  EXPECT_EQ(NameOf("name LIKE 'a%'"), "name LIKE a%");
  EXPECT_EQ(NameOf("name NOT LIKE 'a%'"), "(NOT name LIKE a%)");
  EXPECT_EQ(NameOf("name RLIKE '^a'"), "RLIKE(name, ^a)");
}

TEST(AutoNameTest, Functions) {
  EXPECT_EQ(NameOf("upper(name)"), "upper(name)");
  EXPECT_EQ(NameOf("SUM(value)"), "sum(value)");
  EXPECT_EQ(NameOf("count(*)"), "count(1)");
  EXPECT_EQ(NameOf("COUNT(*)"), "count(1)");
  EXPECT_EQ(NameOf("count(1)"), "count(1)");
  EXPECT_EQ(NameOf("count(DISTINCT user)"), "count(DISTINCT user)");
  EXPECT_EQ(NameOf("timestamp_seconds(value)"), "timestamp_seconds(value)");
  EXPECT_EQ(NameOf("date_format(ts, 'yyyy-MM-dd')"), "date_format(ts, yyyy-MM-dd)");
  EXPECT_EQ(NameOf("concat(a, 'x', 1)"), "concat(a, x, 1)");
  EXPECT_EQ(NameOf("window(ts, '10 seconds')"), "window");
  EXPECT_EQ(NameOf("session_window(ts, '5 minutes')"), "session_window");
  EXPECT_EQ(NameOf("explode(split(s, ' '))"), "col");
  EXPECT_EQ(NameOf("ceil(x)"), "CEIL(x)");
  EXPECT_EQ(NameOf("floor(x)"), "FLOOR(x)");
  EXPECT_EQ(NameOf("if(a > 1, 'x', 'y')"), "(IF((a > 1), x, y))");
  EXPECT_EQ(NameOf("max(value) + 1"), "(max(value) + 1)");
}

TEST(AutoNameTest, CastsAndCase) {
  EXPECT_EQ(NameOf("CAST(ts AS BIGINT)"), "CAST(ts AS BIGINT)");
  EXPECT_EQ(NameOf("cast(ts as long)"), "CAST(ts AS BIGINT)");
  EXPECT_EQ(NameOf("CAST(window.end AS BIGINT)"), "CAST(end AS BIGINT)");
  EXPECT_EQ(NameOf("ts::string"), "CAST(ts AS STRING)");
  EXPECT_EQ(NameOf("TRY_CAST(s AS INT)"), "TRY_CAST(s AS INT)");
  EXPECT_EQ(NameOf("CAST(x AS ARRAY<INT>)"), "CAST(x AS ARRAY<INT>)");
  EXPECT_EQ(NameOf("CASE WHEN a > 1 THEN x ELSE y END"), "CASE WHEN (a > 1) THEN x ELSE y END");
  EXPECT_EQ(NameOf("CASE a WHEN 1 THEN 'one' END"), "CASE WHEN (a = 1) THEN one END");
}

TEST(AutoNameTest, Literals) {
  EXPECT_EQ(NameOf("1"), "1");
  EXPECT_EQ(NameOf("42L"), "42");
  EXPECT_EQ(NameOf("-5"), "-5");
  EXPECT_EQ(NameOf("1.5"), "1.5");
  EXPECT_EQ(NameOf("'abc'"), "abc");
  EXPECT_EQ(NameOf("NULL"), "NULL");
  EXPECT_EQ(NameOf("true"), "true");
  EXPECT_EQ(NameOf("TIMESTAMP '2021-01-01 00:00:00'"), "TIMESTAMP '2021-01-01 00:00:00'");
  EXPECT_EQ(NameOf("DATE '2021-01-01'"), "DATE '2021-01-01'");
  EXPECT_EQ(NameOf("INTERVAL 10 SECONDS"), "INTERVAL '10' SECOND");
  EXPECT_EQ(NameOf("INTERVAL 2 MINUTES"), "INTERVAL '2' MINUTE");
  EXPECT_EQ(NameOf("INTERVAL 1500 MILLISECONDS"), "INTERVAL '1.5' SECOND");
}

TEST(ExprToStringTest, KeepsQualifiersAndLiteralSyntax) {
  auto text = [](std::string_view sql) { return ParseExpression(sql).value()->ToString(); };
  EXPECT_EQ(text("e.value + 1"), "(e.value + 1)");
  EXPECT_EQ(text("'it''s'"), "'it\\'s'");
  EXPECT_EQ(text("42L"), "42L");
  EXPECT_EQ(text("1.5"), "1.5D");
  EXPECT_EQ(text("NULL"), "NULL");
  EXPECT_EQ(text("a BETWEEN 1 AND 2"), "(a BETWEEN 1 AND 2)");
  EXPECT_EQ(text("a NOT LIKE 'x'"), "(a NOT LIKE 'x')");
  EXPECT_EQ(text("count(*)"), "count(1)");
  EXPECT_EQ(text("CAST(ts AS BIGINT)"), "CAST(ts AS BIGINT)");
}

TEST(BuildersTest, MakeFunctions) {
  ExprPtr col = MakeColumnRef({"e", "value"}, Position{1, 8});
  EXPECT_EQ(col->kind, ExprKind::kColumnRef);
  EXPECT_EQ(col->pos.column, 8);
  EXPECT_EQ(AutoName(*col), "value");
  ExprPtr one = MakeLiteral(Value::Int(1), DataType::Int());
  ExprPtr sum = MakeBinary("+", col, one);
  EXPECT_EQ(sum->ToString(), "(e.value + 1)");
  EXPECT_EQ(AutoName(*sum), "(value + 1)");
  EXPECT_EQ(MakeBinary("==", col, one)->op, "=");
  EXPECT_EQ(MakeBinary("!=", col, one)->op, "<>");
  EXPECT_EQ(MakeBinary("and", col, one)->op, "AND");
  ExprPtr f = MakeFunction("sum", {col}, /*distinct=*/true);
  EXPECT_EQ(f->kind, ExprKind::kFunction);
  EXPECT_EQ(AutoName(*f), "sum(DISTINCT value)");
  ExprPtr neg = MakeUnary("-", col);
  EXPECT_EQ(AutoName(*neg), "(- value)");
  EXPECT_EQ(AutoName(*MakeUnary("not", col)), "(NOT value)");
  ExprPtr null = MakeLiteral(Value::Null(), nullptr);
  EXPECT_EQ(null->literal_type->id(), types::TypeId::kNull);
}

}  // namespace
}  // namespace sluice::sql
