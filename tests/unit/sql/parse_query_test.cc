#include <gtest/gtest.h>

#include "sluice/common/time.h"
#include "sluice/sql/parser.h"
#include "test_util.h"

namespace sluice::sql {
namespace {

QueryPtr MustParse(std::string_view text) {
  auto q = ParseQuery(text);
  EXPECT_TRUE(q.ok()) << text << "\n" << q.status().ToString();
  return q.ok() ? *q : nullptr;
}

std::string ErrorOf(std::string_view text) {
  auto q = ParseQuery(text);
  return q.ok() ? "OK" : q.status().message();
}

TEST(ParseQueryTest, SelectClauses) {
  QueryPtr q = MustParse(
      "SELECT DISTINCT value, count(*) AS n, value % 10 category FROM events "
      "WHERE value > 0 GROUP BY value, category HAVING count(*) > 1 ORDER BY n DESC, value LIMIT 5");
  ASSERT_TRUE(q);
  EXPECT_TRUE(q->set_op.empty());
  EXPECT_TRUE(q->distinct);
  ASSERT_EQ(q->select.size(), 3u);
  EXPECT_EQ(q->select[0].alias, "");
  EXPECT_EQ(q->select[1].alias, "n");
  EXPECT_TRUE(q->select[1].expr->is_count_star);
  EXPECT_EQ(q->select[2].alias, "category");
  EXPECT_EQ(q->select[2].expr->ToString(), "(value % 10)");
  ASSERT_TRUE(q->from);
  EXPECT_EQ(q->from->kind, TableRef::Kind::kNamed);
  EXPECT_EQ(q->from->name, "events");
  EXPECT_EQ(q->where->ToString(), "(value > 0)");
  ASSERT_EQ(q->group_by.size(), 2u);
  EXPECT_EQ(q->having->ToString(), "(count(1) > 1)");
  ASSERT_EQ(q->order_by.size(), 2u);
  EXPECT_FALSE(q->order_by[0].ascending);
  EXPECT_TRUE(q->order_by[1].ascending);
  EXPECT_FALSE(q->order_by[1].nulls_first.has_value());
  EXPECT_EQ(q->limit, 5);
  EXPECT_EQ(q->pos.line, 1);
  EXPECT_EQ(q->pos.column, 1);
}

TEST(ParseQueryTest, SelectWithoutFromAndStars) {
  QueryPtr q = MustParse("select 1, 'a'");
  EXPECT_FALSE(q->from);
  EXPECT_EQ(q->select.size(), 2u);
  QueryPtr star = MustParse("SELECT *, e.* FROM events e");
  EXPECT_EQ(star->select[0].expr->kind, ExprKind::kStar);
  EXPECT_EQ(star->select[1].expr->kind, ExprKind::kStar);
  EXPECT_EQ(star->select[1].expr->parts, (std::vector<std::string>{"e"}));
  EXPECT_EQ(star->from->alias, "e");
  // Aliases may be keywords after AS, and quoted.
  QueryPtr aliases = MustParse("SELECT count(*) AS count, a AS `my col`, b AS window FROM t");
  EXPECT_EQ(aliases->select[0].alias, "count");
  EXPECT_EQ(aliases->select[1].alias, "my col");
  EXPECT_EQ(aliases->select[2].alias, "window");
}

TEST(ParseQueryTest, OrderByNullsAndLimitAll) {
  QueryPtr q = MustParse("SELECT a FROM t ORDER BY a ASC NULLS LAST, b DESC NULLS FIRST LIMIT ALL");
  ASSERT_EQ(q->order_by.size(), 2u);
  EXPECT_EQ(q->order_by[0].nulls_first, false);
  EXPECT_EQ(q->order_by[1].nulls_first, true);
  EXPECT_FALSE(q->limit.has_value());
}

TEST(ParseQueryTest, UnionIsLeftAssociative) {
  QueryPtr q = MustParse("SELECT a FROM x UNION ALL SELECT a FROM y UNION SELECT a FROM z ORDER BY a LIMIT 3");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->set_op, "UNION");
  ASSERT_TRUE(q->left);
  EXPECT_EQ(q->left->set_op, "UNION ALL");
  EXPECT_EQ(q->left->left->from->name, "x");
  EXPECT_EQ(q->left->right->from->name, "y");
  EXPECT_EQ(q->right->from->name, "z");
  // ORDER BY and LIMIT apply to the whole union.
  EXPECT_EQ(q->order_by.size(), 1u);
  EXPECT_EQ(q->limit, 3);
  EXPECT_TRUE(q->right->order_by.empty());
  EXPECT_EQ(MustParse("SELECT 1 UNION DISTINCT SELECT 2")->set_op, "UNION");
}

TEST(ParseQueryTest, ParenthesizedQueries) {
  QueryPtr q = MustParse("(SELECT a FROM x) UNION ALL (SELECT a FROM y)");
  EXPECT_EQ(q->set_op, "UNION ALL");
  // An operand with its own LIMIT keeps it; the outer LIMIT wraps the query.
  QueryPtr wrapped = MustParse("(SELECT a FROM x LIMIT 1) LIMIT 2");
  ASSERT_TRUE(wrapped->from);
  EXPECT_EQ(wrapped->from->kind, TableRef::Kind::kSubquery);
  EXPECT_EQ(wrapped->from->subquery->limit, 1);
  EXPECT_EQ(wrapped->limit, 2);
  EXPECT_EQ(wrapped->select[0].expr->kind, ExprKind::kStar);
}

TEST(ParseQueryTest, Joins) {
  struct Case {
    const char* sql;
    JoinType type;
  };
  for (const Case& c : {Case{"JOIN", JoinType::kInner}, Case{"INNER JOIN", JoinType::kInner},
                        Case{"LEFT JOIN", JoinType::kLeftOuter}, Case{"LEFT OUTER JOIN", JoinType::kLeftOuter},
                        Case{"RIGHT JOIN", JoinType::kRightOuter}, Case{"RIGHT OUTER JOIN", JoinType::kRightOuter},
                        Case{"FULL JOIN", JoinType::kFullOuter}, Case{"FULL OUTER JOIN", JoinType::kFullOuter},
                        Case{"LEFT SEMI JOIN", JoinType::kLeftSemi}, Case{"SEMI JOIN", JoinType::kLeftSemi},
                        Case{"LEFT ANTI JOIN", JoinType::kLeftAnti}, Case{"ANTI JOIN", JoinType::kLeftAnti}}) {
    std::string sql = std::string("SELECT * FROM a ") + c.sql + " b ON a.id = b.id";
    QueryPtr q = MustParse(sql);
    ASSERT_TRUE(q) << sql;
    ASSERT_EQ(q->from->kind, TableRef::Kind::kJoin) << sql;
    EXPECT_EQ(q->from->join_type, c.type) << sql;
    EXPECT_EQ(q->from->left->name, "a");
    EXPECT_EQ(q->from->right->name, "b");
    EXPECT_EQ(q->from->join_condition->ToString(), "(a.id = b.id)");
  }
  QueryPtr cross = MustParse("SELECT * FROM a CROSS JOIN b");
  EXPECT_EQ(cross->from->join_type, JoinType::kCross);
  EXPECT_FALSE(cross->from->join_condition);
  QueryPtr comma = MustParse("SELECT * FROM a, b x, c");
  ASSERT_EQ(comma->from->kind, TableRef::Kind::kJoin);
  EXPECT_EQ(comma->from->join_type, JoinType::kCross);
  EXPECT_EQ(comma->from->right->name, "c");
  EXPECT_EQ(comma->from->left->right->alias, "x");
  QueryPtr using_q = MustParse("SELECT * FROM a JOIN b USING (key, window) LEFT JOIN c USING (key)");
  ASSERT_EQ(using_q->from->kind, TableRef::Kind::kJoin);
  EXPECT_EQ(using_q->from->join_type, JoinType::kLeftOuter);
  EXPECT_EQ(using_q->from->using_columns, (std::vector<std::string>{"key"}));
  EXPECT_EQ(using_q->from->left->using_columns, (std::vector<std::string>{"key", "window"}));
  QueryPtr nested = MustParse("SELECT * FROM (a JOIN b ON a.k = b.k) JOIN c ON c.k = a.k");
  EXPECT_EQ(nested->from->left->kind, TableRef::Kind::kJoin);
}

TEST(ParseQueryTest, SubqueriesAndAliases) {
  QueryPtr q = MustParse("SELECT id FROM (SELECT value % 10 AS id FROM events) AS s");
  ASSERT_EQ(q->from->kind, TableRef::Kind::kSubquery);
  EXPECT_EQ(q->from->alias, "s");
  EXPECT_EQ(q->from->subquery->select[0].alias, "id");
  QueryPtr bare = MustParse("SELECT * FROM (SELECT 1) t");
  EXPECT_EQ(bare->from->alias, "t");
  QueryPtr none = MustParse("SELECT * FROM (SELECT 1)");
  EXPECT_EQ(none->from->alias, "");
  QueryPtr union_sub = MustParse("SELECT * FROM ((SELECT 1) UNION ALL (SELECT 2)) u");
  EXPECT_EQ(union_sub->from->subquery->set_op, "UNION ALL");
  QueryPtr qualified = MustParse("SELECT * FROM db.events");
  EXPECT_EQ(qualified->from->name, "db.events");
}

TEST(ParseQueryTest, StreamTables) {
  QueryPtr fn = MustParse("SELECT * FROM STREAM(events) e");
  EXPECT_EQ(fn->from->name, "events");
  EXPECT_EQ(fn->from->alias, "e");
  QueryPtr word = MustParse("SELECT * FROM STREAM events WHERE x");
  EXPECT_EQ(word->from->name, "events");
  EXPECT_EQ(word->from->alias, "");
  // A table that is called stream.
  QueryPtr named = MustParse("SELECT * FROM stream WHERE x");
  EXPECT_EQ(named->from->name, "stream");
}

// Spark's inline table: the rows become a balanced UNION ALL of one-row SELECTs named
// col1..colN or by the alias list.
TEST(ParseQueryTest, InlineTable) {
  QueryPtr q = MustParse("SELECT * FROM VALUES (1, 'a'), (2, 'b'), (3, 'c') AS t(id, name)");
  ASSERT_EQ(q->from->kind, TableRef::Kind::kSubquery);
  EXPECT_EQ(q->from->alias, "t");
  const Query& rows = *q->from->subquery;
  EXPECT_EQ(rows.set_op, "UNION ALL");
  EXPECT_TRUE(rows.inline_table);
  ASSERT_EQ(rows.left->set_op, "UNION ALL");  // (row 0 UNION ALL row 1) UNION ALL row 2
  const Query& first = *rows.left->left;
  ASSERT_EQ(first.select.size(), 2u);
  EXPECT_EQ(first.select[0].alias, "id");
  EXPECT_EQ(first.select[1].alias, "name");
  EXPECT_EQ(first.select[1].expr->ToString(), "'a'");
  EXPECT_EQ(rows.right->select[0].expr->ToString(), "3");

  // Without aliases: col1.., one column per bare expression; VALUES alone is a query.
  QueryPtr bare = MustParse("VALUES 1, 2");
  EXPECT_EQ(bare->set_op, "UNION ALL");
  EXPECT_EQ(bare->left->select[0].alias, "col1");
  QueryPtr single = MustParse("SELECT col1 FROM VALUES ('x') ORDER BY col1");
  EXPECT_EQ(single->from->subquery->set_op, "");
  EXPECT_EQ(single->from->subquery->select[0].alias, "col1");

  // A thousand rows nest only ~10 levels deep.
  std::string many = "SELECT * FROM VALUES (0)";
  for (int i = 1; i < 1000; ++i) many += ", (" + std::to_string(i) + ")";
  EXPECT_NE(MustParse(many), nullptr);

  EXPECT_NE(ErrorOf("SELECT * FROM VALUES (1, 2), (3)").find(
                "[INVALID_INLINE_TABLE.NUM_COLUMNS_MISMATCH] Invalid inline table. Inline table expected 2 columns but "
                "found 1 columns in row 1."),
            std::string::npos);
  EXPECT_NE(ErrorOf("SELECT * FROM VALUES (1, x + 1)").find("Cannot evaluate the expression \"(x + 1)\""),
            std::string::npos)
      << ErrorOf("SELECT * FROM VALUES (1, x + 1)");
  EXPECT_NE(ErrorOf("SELECT * FROM VALUES (1, 2) AS t(a)").find("Number of column aliases: 1; number of columns: 2"),
            std::string::npos);
}

TEST(ParseQueryTest, WatermarkClause) {
  QueryPtr q = MustParse(
      "SELECT * FROM events WATERMARK timestamp_seconds(value) AS eventTime DELAY OF INTERVAL 10 SECONDS AS e");
  ASSERT_TRUE(q->from->watermark.has_value());
  const WatermarkClause& w = *q->from->watermark;
  EXPECT_EQ(w.event_time->ToString(), "timestamp_seconds(value)");
  EXPECT_EQ(w.name, "eventTime");
  EXPECT_EQ(w.delay_micros, 10 * kMicrosPerSecond);
  EXPECT_EQ(w.pos.column, 22);
  EXPECT_EQ(q->from->alias, "e");

  QueryPtr plain = MustParse("SELECT * FROM events WATERMARK ts DELAY OF INTERVAL '1 minute' e");
  EXPECT_EQ(plain->from->watermark->name, "");
  EXPECT_EQ(plain->from->watermark->event_time->parts[0], "ts");
  EXPECT_EQ(plain->from->watermark->delay_micros, kMicrosPerMinute);
  EXPECT_EQ(plain->from->alias, "e");

  QueryPtr alias_first = MustParse("SELECT * FROM events AS e WATERMARK ts DELAY OF INTERVAL 0 SECONDS");
  EXPECT_EQ(alias_first->from->alias, "e");
  EXPECT_EQ(alias_first->from->watermark->delay_micros, 0);

  QueryPtr negative = MustParse("SELECT * FROM events WATERMARK ts DELAY OF INTERVAL -5 SECONDS");
  EXPECT_EQ(negative->from->watermark->delay_micros, -5 * kMicrosPerSecond);

  QueryPtr sub = MustParse(
      "SELECT * FROM (SELECT value FROM events) WATERMARK timestamp_seconds(value) AS t DELAY OF INTERVAL 2 "
      "MINUTES JOIN other ON x = y");
  EXPECT_EQ(sub->from->left->kind, TableRef::Kind::kSubquery);
  EXPECT_EQ(sub->from->left->watermark->delay_micros, 2 * kMicrosPerMinute);

  // Months and years in a delay count 31 days a month, as Spark's watermark delay
  // (IntervalUtils.getDuration); windows and triggers still reject them.
  constexpr int64_t kMonth = 31 * kMicrosPerDay;
  EXPECT_EQ(MustParse("SELECT * FROM events WATERMARK ts DELAY OF INTERVAL '2 years 5 months'")
                ->from->watermark->delay_micros,
            29 * kMonth);
  EXPECT_EQ(MustParse("SELECT * FROM events WATERMARK ts DELAY OF INTERVAL 1 YEAR 1 DAY")->from->watermark->delay_micros,
            12 * kMonth + kMicrosPerDay);
  EXPECT_EQ(MustParse("SELECT * FROM events WATERMARK ts DELAY OF '1 month'")->from->watermark->delay_micros, kMonth);
  EXPECT_NE(ErrorOf("SELECT * FROM events GROUP BY window(ts, INTERVAL 1 MONTH)").find("months or years are not supported"),
            std::string::npos);

  EXPECT_NE(ErrorOf("SELECT * FROM events WATERMARK ts DELAY INTERVAL 1 SECOND").find("expected OF after DELAY"),
            std::string::npos);
  EXPECT_NE(ErrorOf("SELECT * FROM events WATERMARK ts OF").find("expected AS name or DELAY OF, found 'OF'"),
            std::string::npos);
}

TEST(ParseQueryTest, ClauseErrorsListWhatMayFollow) {
  EXPECT_NE(ErrorOf("SELECT a b c FROM t")
                .find("expected ',', FROM, WHERE, GROUP BY, HAVING, QUALIFY, ORDER BY, LIMIT, UNION or end of query, "
                      "found 'c'"),
            std::string::npos);
  EXPECT_NE(ErrorOf("SELECT a FROM t WHERE x y").find(
                "expected GROUP BY, HAVING, QUALIFY, ORDER BY, LIMIT, UNION or end of query, found 'y'"),
            std::string::npos);
  EXPECT_NE(ErrorOf("SELECT * FROM (SELECT a FROM t WHERE x y) s")
                .find("expected GROUP BY, HAVING, QUALIFY, ORDER BY, LIMIT, UNION or ')', found 'y'"),
            std::string::npos);
  EXPECT_NE(ErrorOf("SELECT a FROM t LIMIT 1 2").find("expected end of query, found '2'"), std::string::npos);
  EXPECT_NE(ErrorOf("SELECT a FROM t LIMIT x").find("expected a non-negative integer or ALL after LIMIT"),
            std::string::npos);
  EXPECT_NE(ErrorOf("FROM t").find("expected SELECT, VALUES or '(', found 'FROM'"), std::string::npos);
  EXPECT_NE(ErrorOf("SELECT a FROM t INTERSECT SELECT a FROM u").find("INTERSECT is not supported"),
            std::string::npos);
  EXPECT_NE(ErrorOf("SELECT a FROM t LEFT x").find("expected JOIN, OUTER JOIN, SEMI JOIN or ANTI JOIN after LEFT"),
            std::string::npos);
  EXPECT_NE(ErrorOf("SELECT a FROM").find("expected a table name or '(', found end of input"), std::string::npos);
  EXPECT_EQ(ErrorOf("SELECT a FROM t;"), "OK");
}

}  // namespace
}  // namespace sluice::sql
