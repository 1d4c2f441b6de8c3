// Window expressions (func(...) OVER (PARTITION BY ... ORDER BY ...)) and QUALIFY: parsing,
// printing back, Spark's automatic names and syntax errors with positions.

#include <gtest/gtest.h>

#include "sluice/sql/parser.h"
#include "test_util.h"

namespace sluice::sql {
namespace {

std::string Shape(std::string_view text) {
  auto e = ParseExpression(text);
  if (!e.ok()) return "ERROR: " + e.status().message();
  return (*e)->ToString();
}

std::string QueryError(std::string_view text) {
  auto q = ParseQuery(text);
  return q.ok() ? "OK" : q.status().message();
}

TEST(ParseWindowTest, OverClauseBuildsAWindowNode) {
  ASSERT_OK_AND_ASSIGN(ExprPtr e, ParseExpression("ROW_NUMBER() OVER (PARTITION BY user, page ORDER BY ts)"));
  ASSERT_EQ(e->kind, ExprKind::kWindow);
  ASSERT_EQ(e->children.size(), 3u);
  EXPECT_EQ(e->children[0]->kind, ExprKind::kFunction);
  EXPECT_EQ(e->children[0]->name, "ROW_NUMBER");
  EXPECT_TRUE(e->children[0]->children.empty());
  EXPECT_EQ(e->children[1]->ToString(), "user");
  EXPECT_EQ(e->children[2]->ToString(), "page");
  ASSERT_EQ(e->window_order.size(), 1u);
  EXPECT_EQ(e->window_order[0].expr->ToString(), "ts");
  EXPECT_TRUE(e->window_order[0].ascending);
  EXPECT_FALSE(e->window_order[0].nulls_first.has_value());
  EXPECT_EQ(e->pos.line, 1);
  EXPECT_EQ(e->pos.column, 1);

  ASSERT_OK_AND_ASSIGN(ExprPtr desc, ParseExpression("sum(x) OVER (ORDER BY ts DESC NULLS FIRST, id)"));
  ASSERT_EQ(desc->kind, ExprKind::kWindow);
  EXPECT_EQ(desc->children.size(), 1u);  // no PARTITION BY
  ASSERT_EQ(desc->window_order.size(), 2u);
  EXPECT_FALSE(desc->window_order[0].ascending);
  EXPECT_EQ(desc->window_order[0].nulls_first, true);
  EXPECT_TRUE(desc->window_order[1].ascending);

  ASSERT_OK_AND_ASSIGN(ExprPtr empty, ParseExpression("rank() OVER ()"));
  EXPECT_EQ(empty->kind, ExprKind::kWindow);
  EXPECT_EQ(empty->children.size(), 1u);
  EXPECT_TRUE(empty->window_order.empty());
}

TEST(ParseWindowTest, WindowBindsTighterThanOperators) {
  EXPECT_EQ(Shape("row_number() OVER (PARTITION BY a ORDER BY b) = 1"),
            "(row_number() OVER (PARTITION BY a ORDER BY b) = 1)");
  EXPECT_EQ(Shape("1 >= row_number() OVER (PARTITION BY a)"), "(1 >= row_number() OVER (PARTITION BY a))");
  EXPECT_EQ(Shape("sum(x + 1) OVER (PARTITION BY a % 2) * 2"), "(sum((x + 1)) OVER (PARTITION BY (a % 2)) * 2)");
}

TEST(ParseWindowTest, ToStringParsesBackToTheSameTree) {
  for (const char* text : {"row_number() OVER (PARTITION BY user, page ORDER BY ts)",
                           "row_number() OVER (PARTITION BY e.user ORDER BY ts DESC)",
                           "sum(x) OVER (PARTITION BY k ORDER BY ts NULLS LAST, id DESC NULLS FIRST)",
                           "count(1) OVER (ORDER BY a)", "rank() OVER ()", "lag(x, 2) OVER (PARTITION BY k ORDER BY t)"}) {
    std::string printed = Shape(text);
    EXPECT_EQ(printed, text);
    EXPECT_EQ(Shape(printed), printed);
  }
  EXPECT_EQ(Shape("count(*) OVER (PARTITION BY k)"), "count(1) OVER (PARTITION BY k)");
  EXPECT_EQ(Shape("row_number() over (partition by a order by b asc)"), "row_number() OVER (PARTITION BY a ORDER BY b)");
}

// Spark names an unaliased window column after the resolved window (WindowExpression.sql),
// with the default frame its analyzer fills in.
TEST(ParseWindowTest, AutoNameAndSpecFollowSpark) {
  ASSERT_OK_AND_ASSIGN(ExprPtr rn, ParseExpression("row_number() OVER (PARTITION BY e.user ORDER BY ts)"));
  EXPECT_EQ(AutoName(*rn),
            "row_number() OVER (PARTITION BY user ORDER BY ts ASC NULLS FIRST ROWS BETWEEN UNBOUNDED PRECEDING AND "
            "CURRENT ROW)");
  EXPECT_EQ(WindowSpecSql(*rn),
            "(PARTITION BY user ORDER BY ts ASC NULLS FIRST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)");
  ASSERT_OK_AND_ASSIGN(ExprPtr desc, ParseExpression("rank() OVER (PARTITION BY k ORDER BY ts DESC)"));
  EXPECT_EQ(WindowSpecSql(*desc),
            "(PARTITION BY k ORDER BY ts DESC NULLS LAST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)");
  ASSERT_OK_AND_ASSIGN(ExprPtr sum, ParseExpression("sum(x) OVER (PARTITION BY k)"));
  EXPECT_EQ(AutoName(*sum), "sum(x) OVER (PARTITION BY k ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)");
  ASSERT_OK_AND_ASSIGN(ExprPtr running, ParseExpression("sum(x) OVER (PARTITION BY k ORDER BY t)"));
  EXPECT_EQ(WindowSpecSql(*running),
            "(PARTITION BY k ORDER BY t ASC NULLS FIRST RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)");
  ASSERT_OK_AND_ASSIGN(ExprPtr lag, ParseExpression("lag(x, 2) OVER (ORDER BY t)"));
  EXPECT_EQ(WindowSpecSql(*lag), "(ORDER BY t ASC NULLS FIRST ROWS BETWEEN 2 PRECEDING AND 2 PRECEDING)");
}

TEST(ParseWindowTest, QualifyFollowsHavingAndPrecedesOrderBy) {
  ASSERT_OK_AND_ASSIGN(
      QueryPtr q,
      ParseQuery("SELECT * FROM clicks WATERMARK ts DELAY OF INTERVAL 10 SECONDS\n"
                 "QUALIFY ROW_NUMBER() OVER (PARTITION BY user, page ORDER BY ts) = 1 ORDER BY ts LIMIT 3"));
  ASSERT_TRUE(q->qualify);
  EXPECT_EQ(q->qualify->ToString(), "(ROW_NUMBER() OVER (PARTITION BY user, page ORDER BY ts) = 1)");
  EXPECT_EQ(q->qualify->pos.line, 2);
  EXPECT_EQ(q->qualify->pos.column, 9);
  EXPECT_EQ(q->from->name, "clicks");
  ASSERT_TRUE(q->from->watermark);
  EXPECT_EQ(q->from->alias, "");
  EXPECT_EQ(q->order_by.size(), 1u);
  EXPECT_EQ(q->limit, 3);

  ASSERT_OK_AND_ASSIGN(QueryPtr all, ParseQuery("SELECT k, count(*) AS n FROM t WHERE x > 0 GROUP BY k HAVING n > 1 "
                                                "QUALIFY rank() OVER (ORDER BY n) <= 3"));
  EXPECT_EQ(all->where->ToString(), "(x > 0)");
  EXPECT_EQ(all->having->ToString(), "(n > 1)");
  EXPECT_EQ(all->qualify->ToString(), "(rank() OVER (ORDER BY n) <= 3)");

  // QUALIFY is not reserved: it still names a column, but is never taken as an alias.
  ASSERT_OK_AND_ASSIGN(QueryPtr column, ParseQuery("SELECT qualify FROM t QUALIFY qualify = 1"));
  EXPECT_EQ(column->select[0].expr->ToString(), "qualify");
  EXPECT_EQ(column->from->alias, "");
  EXPECT_EQ(column->qualify->ToString(), "(qualify = 1)");
}

TEST(ParseWindowTest, FlinkDeduplicationPatternParses) {
  ASSERT_OK_AND_ASSIGN(QueryPtr q,
                       ParseQuery("SELECT user, page, ts FROM (\n"
                                  "  SELECT *, ROW_NUMBER() OVER (PARTITION BY user, page ORDER BY ts) AS rn\n"
                                  "  FROM clicks WATERMARK ts DELAY OF INTERVAL 10 SECONDS)\n"
                                  "WHERE rn = 1"));
  ASSERT_EQ(q->from->kind, TableRef::Kind::kSubquery);
  const Query& sub = *q->from->subquery;
  ASSERT_EQ(sub.select.size(), 2u);
  EXPECT_EQ(sub.select[1].alias, "rn");
  EXPECT_EQ(sub.select[1].expr->kind, ExprKind::kWindow);
  EXPECT_EQ(sub.select[1].expr->pos.line, 2);
  EXPECT_EQ(sub.select[1].expr->pos.column, 13);
  EXPECT_EQ(q->where->ToString(), "(rn = 1)");
}

TEST(ParseWindowTest, SyntaxErrorsNameThePosition) {
  std::string named = QueryError("SELECT row_number() OVER w FROM t");
  EXPECT_NE(named.find("syntax error at line 1, column 26: named windows (OVER 'w') are not supported; write the "
                       "window inline"),
            std::string::npos)
      << named;
  std::string partition = QueryError("SELECT rank() OVER (PARTITION user) FROM t");
  EXPECT_NE(partition.find("line 1, column 31: expected BY after PARTITION, found 'user'"), std::string::npos)
      << partition;
  std::string frame = QueryError("SELECT sum(x) OVER (ORDER BY ts\n  ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM t");
  EXPECT_NE(frame.find("line 2, column 3: window frames (ROWS ...) are not supported"), std::string::npos) << frame;
  std::string unclosed = QueryError("SELECT rank() OVER (PARTITION BY a FROM t");
  EXPECT_NE(unclosed.find("line 1, column 36: expected ',', ORDER BY or ')', found 'FROM'"), std::string::npos)
      << unclosed;
  std::string stray = QueryError("SELECT rank() OVER (k) FROM t");
  EXPECT_NE(stray.find("line 1, column 21: expected PARTITION BY, ORDER BY or ')', found 'k'"), std::string::npos)
      << stray;
  std::string no_paren = QueryError("SELECT rank() OVER 1 FROM t");
  EXPECT_NE(no_paren.find("expected '(' after OVER, found '1'"), std::string::npos) << no_paren;
  std::string after_order = QueryError("SELECT rank() OVER (ORDER BY a b) FROM t");
  EXPECT_NE(after_order.find("expected ',' or ')', found 'b'"), std::string::npos) << after_order;

  std::string empty_qualify = QueryError("SELECT * FROM t\nQUALIFY");
  EXPECT_NE(empty_qualify.find("line 2, column 8: expected an expression, found end of input"), std::string::npos)
      << empty_qualify;
  std::string late_where = QueryError("SELECT * FROM t QUALIFY x = 1 WHERE y");
  EXPECT_NE(late_where.find("line 1, column 31: expected ORDER BY, LIMIT, UNION or end of query, found 'WHERE'"),
            std::string::npos)
      << late_where;
  // The caret points at the offending token.
  EXPECT_NE(named.find("SELECT row_number() OVER w FROM t\n                         ^"), std::string::npos) << named;
}

}  // namespace
}  // namespace sluice::sql
