#include <gtest/gtest.h>

#include "sluice/common/time.h"
#include "sluice/sql/parser.h"
#include "test_util.h"

namespace sluice::sql {
namespace {

using types::TypeId;

// The parse rendered with Expr::ToString, whose parentheses show the tree shape.
std::string Shape(std::string_view text) {
  auto e = ParseExpression(text);
  if (!e.ok()) return "ERROR: " + e.status().message();
  return (*e)->ToString();
}

ExprPtr MustParse(std::string_view text) {
  auto e = ParseExpression(text);
  EXPECT_TRUE(e.ok()) << text << ": " << e.status().ToString();
  return e.ok() ? *e : nullptr;
}

TEST(ParseExprTest, LogicalPrecedence) {
  EXPECT_EQ(Shape("a OR b AND c"), "(a OR (b AND c))");
  EXPECT_EQ(Shape("a AND b OR c"), "((a AND b) OR c)");
  EXPECT_EQ(Shape("NOT a = b"), "(NOT (a = b))");
  EXPECT_EQ(Shape("NOT a AND b"), "((NOT a) AND b)");
  EXPECT_EQ(Shape("NOT NOT a"), "(NOT (NOT a))");
  EXPECT_EQ(Shape("a AND NOT b OR c"), "((a AND (NOT b)) OR c)");
  EXPECT_EQ(Shape("! a"), "(NOT a)");
  EXPECT_EQ(Shape("a and b or not c"), "((a AND b) OR (NOT c))");
}

TEST(ParseExprTest, ArithmeticAndBitwisePrecedence) {
  EXPECT_EQ(Shape("a + b * c"), "(a + (b * c))");
  EXPECT_EQ(Shape("a - b - c"), "((a - b) - c)");
  EXPECT_EQ(Shape("a * b / c % d"), "(((a * b) / c) % d)");
  EXPECT_EQ(Shape("a DIV b"), "(a div b)");
  EXPECT_EQ(Shape("a || b + c"), "((a || b) + c)");
  EXPECT_EQ(Shape("a | b ^ c & d"), "(a | (b ^ (c & d)))");
  EXPECT_EQ(Shape("a & b + c"), "(a & (b + c))");
  EXPECT_EQ(Shape("a + b = c * d"), "((a + b) = (c * d))");
  EXPECT_EQ(Shape("a | b = c"), "((a | b) = c)");
  EXPECT_EQ(Shape("(a + b) * c"), "((a + b) * c)");
  EXPECT_EQ(Shape("-a * b"), "((- a) * b)");
  EXPECT_EQ(Shape("- - a"), "(- (- a))");
  EXPECT_EQ(Shape("~a & b"), "(~a & b)");
  EXPECT_EQ(Shape("+a"), "a");
}

TEST(ParseExprTest, ComparisonOperatorsNormalize) {
  EXPECT_EQ(Shape("a == b"), "(a = b)");
  EXPECT_EQ(Shape("a != b"), "(a <> b)");
  EXPECT_EQ(Shape("a <> b"), "(a <> b)");
  EXPECT_EQ(Shape("a <=> b"), "(a <=> b)");
  EXPECT_EQ(Shape("a <= b AND a >= c AND a < d AND a > e"), "((((a <= b) AND (a >= c)) AND (a < d)) AND (a > e))");
  EXPECT_EQ(Shape("a = b = c"), "((a = b) = c)");
}

TEST(ParseExprTest, Predicates) {
  EXPECT_EQ(Shape("a IS NULL"), "(a IS NULL)");
  EXPECT_EQ(Shape("a IS NOT NULL AND b"), "((a IS NOT NULL) AND b)");
  EXPECT_EQ(Shape("a IN (1, 2, 3)"), "(a IN (1, 2, 3))");
  EXPECT_EQ(Shape("a NOT IN ('x')"), "(a NOT IN ('x'))");
  EXPECT_EQ(Shape("a BETWEEN 1 AND 2 AND c"), "((a BETWEEN 1 AND 2) AND c)");
  EXPECT_EQ(Shape("a NOT BETWEEN b - 1 AND b + 1"), "(a NOT BETWEEN (b - 1) AND (b + 1))");
  EXPECT_EQ(Shape("name LIKE 'a%'"), "(name LIKE 'a%')");
  EXPECT_EQ(Shape("name NOT LIKE 'a%'"), "(name NOT LIKE 'a%')");
  EXPECT_EQ(Shape("name RLIKE '^a'"), "(name RLIKE '^a')");
  EXPECT_EQ(Shape("name REGEXP '^a'"), "(name RLIKE '^a')");
  EXPECT_EQ(Shape("name ILIKE 'A%'"), "(name ILIKE 'A%')");
  EXPECT_EQ(Shape("a IS NOT DISTINCT FROM b"), "(a <=> b)");
  EXPECT_EQ(Shape("a IS DISTINCT FROM b"), "(NOT (a <=> b))");
  EXPECT_EQ(Shape("NOT a IN (1)"), "(NOT (a IN (1)))");

  ExprPtr in = MustParse("a NOT IN (1, 2)");
  ASSERT_EQ(in->kind, ExprKind::kIn);
  EXPECT_TRUE(in->negated);
  EXPECT_EQ(in->children.size(), 3u);
  ExprPtr like = MustParse("a LIKE 'x'");
  EXPECT_EQ(like->kind, ExprKind::kLike);
  EXPECT_EQ(like->op, "LIKE");
  EXPECT_FALSE(like->negated);
}

TEST(ParseExprTest, NumericLiterals) {
  struct Case {
    const char* text;
    TypeId type;
  };
  for (const Case& c : {Case{"42", TypeId::kInt}, Case{"2147483647", TypeId::kInt},
                        Case{"2147483648", TypeId::kBigint}, Case{"42L", TypeId::kBigint},
                        Case{"7S", TypeId::kInt}, Case{"7Y", TypeId::kInt}, Case{"1.5", TypeId::kDouble},
                        Case{"1e3", TypeId::kDouble}, Case{"1.5D", TypeId::kDouble}, Case{".5", TypeId::kDouble},
                        Case{"99999999999999999999", TypeId::kDouble}}) {
    ExprPtr e = MustParse(c.text);
    ASSERT_TRUE(e) << c.text;
    ASSERT_EQ(e->kind, ExprKind::kLiteral) << c.text;
    EXPECT_EQ(e->literal_type->id(), c.type) << c.text;
  }
  EXPECT_EQ(MustParse("42")->value.int_value(), 42);
  EXPECT_EQ(MustParse("42L")->value.int_value(), 42);
  EXPECT_DOUBLE_EQ(MustParse("1e3")->value.double_value(), 1000.0);
  // A minus sign directly before a number makes a negative literal.
  ExprPtr neg = MustParse("-5");
  ASSERT_EQ(neg->kind, ExprKind::kLiteral);
  EXPECT_EQ(neg->value.int_value(), -5);
  ExprPtr min = MustParse("-9223372036854775808L");
  ASSERT_EQ(min->kind, ExprKind::kLiteral);
  EXPECT_EQ(min->value.int_value(), INT64_MIN);
  EXPECT_EQ(MustParse("-2147483648")->literal_type->id(), TypeId::kInt);
  EXPECT_EQ(Shape("a-1"), "(a - 1)");
  EXPECT_EQ(Shape("-arr[0]"), "(- arr[0])");
}

TEST(ParseExprTest, NumericLiteralRangeErrors) {
  EXPECT_NE(Shape("9223372036854775808L").find("BIGINT literal out of range"), std::string::npos);
  EXPECT_NE(Shape("300Y").find("TINYINT literal out of range"), std::string::npos);
  EXPECT_NE(Shape("40000S").find("SMALLINT literal out of range"), std::string::npos);
  EXPECT_NE(Shape("1e400").find("DOUBLE literal out of range"), std::string::npos);
}

TEST(ParseExprTest, OtherLiterals) {
  ExprPtr s = MustParse("'abc' 'def'");
  ASSERT_EQ(s->kind, ExprKind::kLiteral);
  EXPECT_EQ(s->literal_type->id(), TypeId::kString);
  EXPECT_EQ(s->value.string_value(), "abcdef");
  EXPECT_EQ(MustParse("\"dq\"")->value.string_value(), "dq");
  EXPECT_TRUE(MustParse("TRUE")->value.bool_value());
  EXPECT_FALSE(MustParse("false")->value.bool_value());
  ExprPtr null = MustParse("NULL");
  EXPECT_TRUE(null->value.is_null());
  EXPECT_EQ(null->literal_type->id(), TypeId::kNull);

  ExprPtr ts = MustParse("TIMESTAMP '2021-01-01 00:00:01'");
  EXPECT_EQ(ts->literal_type->id(), TypeId::kTimestamp);
  EXPECT_EQ(ts->value.int_value(), 1609459201LL * kMicrosPerSecond);
  ExprPtr date = MustParse("DATE '2021-01-01'");
  EXPECT_EQ(date->literal_type->id(), TypeId::kDate);
  EXPECT_EQ(date->value.int_value(), 18628);
  EXPECT_NE(Shape("TIMESTAMP 'yesterday'").find("invalid TIMESTAMP literal 'yesterday'"), std::string::npos);
  EXPECT_NE(Shape("DATE '2021-13-45'").find("invalid DATE literal"), std::string::npos);
  // Years whose values would overflow are rejected, not wrapped.
  EXPECT_NE(Shape("TIMESTAMP '\n9999999-01-01'").find("invalid TIMESTAMP literal"), std::string::npos);
  EXPECT_NE(Shape("DATE '9999999-01-01'").find("invalid DATE literal"), std::string::npos);
  EXPECT_EQ(MustParse("TIMESTAMP '9999-12-31 23:59:59'")->literal_type->id(), TypeId::kTimestamp);
  // Without a string after them, DATE and TIMESTAMP are column names.
  EXPECT_EQ(MustParse("date")->kind, ExprKind::kColumnRef);
  EXPECT_EQ(Shape("timestamp + 1"), "(timestamp + 1)");
}

TEST(ParseExprTest, Intervals) {
  struct Case {
    const char* text;
    int64_t micros;
  };
  for (const Case& c : {Case{"INTERVAL 10 SECONDS", 10 * kMicrosPerSecond},
                        Case{"INTERVAL '10 seconds'", 10 * kMicrosPerSecond},
                        Case{"INTERVAL '10' SECOND", 10 * kMicrosPerSecond},
                        Case{"INTERVAL 1 MINUTE 30 SECONDS", 90 * kMicrosPerSecond},
                        Case{"interval 2 hours", 2 * kMicrosPerHour},
                        Case{"INTERVAL 100 MILLISECONDS", 100 * kMicrosPerMilli},
                        Case{"INTERVAL 1 DAY", kMicrosPerDay},
                        Case{"INTERVAL -5 SECONDS", -5 * kMicrosPerSecond},
                        Case{"INTERVAL 1.5 SECONDS", 1500 * kMicrosPerMilli}}) {
    ExprPtr e = MustParse(c.text);
    ASSERT_TRUE(e) << c.text;
    ASSERT_EQ(e->kind, ExprKind::kInterval) << c.text;
    EXPECT_EQ(e->interval_micros, c.micros) << c.text;
  }
  EXPECT_EQ(Shape("ts - INTERVAL 5 SECONDS"), "(ts - INTERVAL '5' SECOND)");
  EXPECT_EQ(Shape("INTERVAL 1 MINUTE AND x"), "(INTERVAL '1' MINUTE AND x)");
  EXPECT_NE(Shape("INTERVAL 1 MONTH").find("months or years are not supported"), std::string::npos);
  EXPECT_NE(Shape("INTERVAL 5 FORTNIGHTS").find("expected an interval unit"), std::string::npos);
  EXPECT_NE(Shape("INTERVAL 'soon'").find("cannot parse interval"), std::string::npos);
  EXPECT_NE(Shape("INTERVAL '1.2.3 seconds'").find("is not a number"), std::string::npos);
  EXPECT_NE(Shape("INTERVAL '99999999999999999999 weeks'").find("out of range"), std::string::npos);
}

TEST(ParseExprTest, NamesAndAccess) {
  ExprPtr col = MustParse("e.value");
  ASSERT_EQ(col->kind, ExprKind::kColumnRef);
  EXPECT_EQ(col->parts, (std::vector<std::string>{"e", "value"}));
  ExprPtr window_end = MustParse("window.end");
  EXPECT_EQ(window_end->parts, (std::vector<std::string>{"window", "end"}));
  ExprPtr quoted = MustParse("`weird name`.`x.y`");
  EXPECT_EQ(quoted->parts, (std::vector<std::string>{"weird name", "x.y"}));
  EXPECT_EQ(quoted->ToString(), "`weird name`.`x.y`");

  ExprPtr star = MustParse("*");
  EXPECT_EQ(star->kind, ExprKind::kStar);
  EXPECT_TRUE(star->parts.empty());
  ExprPtr tstar = MustParse("t.*");
  EXPECT_EQ(tstar->kind, ExprKind::kStar);
  EXPECT_EQ(tstar->parts, (std::vector<std::string>{"t"}));

  ExprPtr sub = MustParse("arr[0]");
  ASSERT_EQ(sub->kind, ExprKind::kSubscript);
  EXPECT_EQ(sub->children[0]->parts[0], "arr");
  ExprPtr field = MustParse("arr[i + 1].x");
  ASSERT_EQ(field->kind, ExprKind::kField);
  EXPECT_EQ(field->name, "x");
  EXPECT_EQ(field->ToString(), "arr[(i + 1)].x");
  ExprPtr call_field = MustParse("struct(a, b).a");
  EXPECT_EQ(call_field->kind, ExprKind::kField);
  ExprPtr paren_field = MustParse("(s).f");
  EXPECT_EQ(paren_field->kind, ExprKind::kField);
  // Names that are keywords elsewhere work as columns.
  EXPECT_EQ(MustParse("count")->kind, ExprKind::kColumnRef);
  EXPECT_EQ(MustParse("_1")->parts[0], "_1");
}

TEST(ParseExprTest, FunctionCalls) {
  ExprPtr f = MustParse("coalesce(a, b, 1)");
  ASSERT_EQ(f->kind, ExprKind::kFunction);
  EXPECT_EQ(f->name, "coalesce");
  EXPECT_EQ(f->children.size(), 3u);
  ExprPtr count = MustParse("COUNT(*)");
  EXPECT_TRUE(count->is_count_star);
  EXPECT_TRUE(count->children.empty());
  EXPECT_EQ(count->ToString(), "COUNT(1)");
  ExprPtr distinct = MustParse("count(DISTINCT user)");
  EXPECT_TRUE(distinct->distinct);
  EXPECT_EQ(distinct->ToString(), "count(DISTINCT user)");
  EXPECT_EQ(MustParse("now()")->children.size(), 0u);
  // Keywords as function names.
  for (const char* text : {"left(s, 2)", "right(s, 2)", "if(a > 1, 'x', 'y')", "date_format(ts, 'yyyy')",
                           "window(ts, '10 seconds')", "timestamp_seconds(value)", "replace(s, 'a', 'b')",
                           "date(ts)", "timestamp(s)"}) {
    ExprPtr e = MustParse(text);
    ASSERT_TRUE(e) << text;
    EXPECT_EQ(e->kind, ExprKind::kFunction) << text;
  }
  EXPECT_EQ(Shape("sum(value * 2) + 1"), "(sum((value * 2)) + 1)");
  EXPECT_EQ(Shape("upper(name) = 'A'"), "(upper(name) = 'A')");
}

TEST(ParseExprTest, CaseExpressions) {
  ExprPtr searched = MustParse("CASE WHEN a > 1 THEN 'x' WHEN a > 0 THEN 'y' ELSE 'z' END");
  ASSERT_EQ(searched->kind, ExprKind::kCase);
  EXPECT_FALSE(searched->has_operand);
  EXPECT_TRUE(searched->has_else);
  EXPECT_EQ(searched->children.size(), 5u);
  EXPECT_EQ(searched->ToString(), "CASE WHEN (a > 1) THEN 'x' WHEN (a > 0) THEN 'y' ELSE 'z' END");
  ExprPtr simple = MustParse("CASE kind WHEN 1 THEN 'one' END");
  EXPECT_TRUE(simple->has_operand);
  EXPECT_FALSE(simple->has_else);
  EXPECT_EQ(simple->children.size(), 3u);
  EXPECT_EQ(simple->ToString(), "CASE kind WHEN 1 THEN 'one' END");
  EXPECT_NE(Shape("CASE WHEN a THEN b").find("expected WHEN, ELSE or END, found end of input"), std::string::npos);
  EXPECT_NE(Shape("CASE END").find("expected WHEN"), std::string::npos);
}

TEST(ParseExprTest, Casts) {
  ExprPtr c = MustParse("CAST(ts AS BIGINT)");
  ASSERT_EQ(c->kind, ExprKind::kCast);
  EXPECT_EQ(c->op, "CAST");
  EXPECT_EQ(c->cast_type->id(), TypeId::kBigint);
  EXPECT_EQ(c->ToString(), "CAST(ts AS BIGINT)");
  ExprPtr t = MustParse("try_cast(s AS int)");
  EXPECT_EQ(t->op, "TRY_CAST");
  EXPECT_EQ(t->cast_type->id(), TypeId::kInt);
  ExprPtr colon = MustParse("value::string");
  ASSERT_EQ(colon->kind, ExprKind::kCast);
  EXPECT_EQ(colon->cast_type->id(), TypeId::kString);
  EXPECT_EQ(Shape("a::bigint + 1"), "(CAST(a AS BIGINT) + 1)");
  ExprPtr nested = MustParse("CAST(x AS ARRAY<STRUCT<a: INT, b: STRING>>)");
  EXPECT_EQ(nested->cast_type->ToString(), "ARRAY<STRUCT<a: INT, b: STRING>>");
  EXPECT_EQ(MustParse("CAST(x AS VARCHAR(10))")->cast_type->id(), TypeId::kString);
  EXPECT_EQ(MustParse("CAST(x AS STRUCT<>)")->cast_type->id(), TypeId::kStruct);
  EXPECT_NE(Shape("CAST(x AS DECIMAL(10, 2))").find("unknown or invalid type 'DECIMAL(10, 2)'"), std::string::npos);
  EXPECT_NE(Shape("CAST(x BIGINT)").find("expected AS"), std::string::npos);
}

TEST(ParseExprTest, PositionsPointAtTheExpressionStart) {
  ExprPtr e = MustParse("  a +\n  foo(b)");
  EXPECT_EQ(e->pos.line, 1);
  EXPECT_EQ(e->pos.column, 3);
  EXPECT_EQ(e->children[1]->pos.line, 2);
  EXPECT_EQ(e->children[1]->pos.column, 3);
  EXPECT_EQ(e->children[1]->children[0]->pos.column, 7);
}

TEST(ParseExprTest, UnsupportedFormsHaveClearErrors) {
  EXPECT_NE(Shape("a IN (SELECT b FROM t)").find("IN (subquery) is not supported"), std::string::npos);
  EXPECT_NE(Shape("(SELECT 1)").find("scalar subqueries are not supported"), std::string::npos);
  EXPECT_NE(Shape("EXISTS (SELECT 1)").find("EXISTS (subquery) is not supported"), std::string::npos);
  EXPECT_NE(Shape("row_number() OVER (ORDER BY a ROWS 1 PRECEDING)").find("window frames (ROWS ...) are not supported"),
            std::string::npos);
  EXPECT_NE(Shape("a IS TRUE").find("expected NULL, NOT NULL or DISTINCT FROM after IS"), std::string::npos);
  EXPECT_NE(Shape("a = NOT b").find("expected an expression, found 'NOT'"), std::string::npos);
}

}  // namespace
}  // namespace sluice::sql
