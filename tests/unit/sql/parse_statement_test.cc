#include <gtest/gtest.h>

#include "sluice/common/time.h"
#include "sluice/sql/parser.h"
#include "test_util.h"

namespace sluice::sql {
namespace {

using types::TypeId;

std::string ScriptError(std::string_view text) {
  auto r = ParseScript(text);
  return r.ok() ? "OK" : r.status().message();
}

constexpr std::string_view kPipeline = R"sql(
-- A pipeline with every statement kind.
SET spark.sql.shuffle.partitions = 4;
set sluice.sql.session.timeZone='UTC' ;
CREATE OR REPLACE TEMPORARY SOURCE events (user STRING, value BIGINT, ts TIMESTAMP)
  USING memory OPTIONS (rowsPerSecond 5, `key.x` 'v', "quoted key" = 'q', kafka.bootstrap.servers 'h:9092',
                        enabled true, ratio = -1.5);
CREATE STREAM clicks USING rate;
CREATE SINK out USING console OPTIONS (truncate false);
CREATE TABLE users (user STRING, country STRING) USING json OPTIONS (path '/data/users.json');
CREATE VIEW big AS SELECT * FROM events WHERE value > 10;
CREATE STREAMING QUERY counts
  OPTIONS (checkpointLocation '/tmp/cp')
  TRIGGER PROCESSING TIME '2 seconds'
  OUTPUT MODE complete
  AS INSERT INTO out
  SELECT user, count(*) AS n FROM big GROUP BY user;
CREATE STREAMING QUERY TRIGGER ONCE AS INSERT INTO out SELECT * FROM clicks;
CREATE STREAMING QUERY q3 TRIGGER AVAILABLE NOW AS INSERT INTO out SELECT * FROM clicks;
EXPLAIN SELECT 1;
EXPLAIN EXTENDED SELECT a FROM t UNION ALL SELECT a FROM u;
SELECT * FROM users
)sql";

TEST(ParseStatementTest, PipelineWithAllStatementKinds) {
  ASSERT_OK_AND_ASSIGN(std::vector<StatementPtr> stmts, ParseScript(kPipeline));
  ASSERT_EQ(stmts.size(), 13u);

  const Statement& set = *stmts[0];
  EXPECT_EQ(set.kind, StatementKind::kSet);
  EXPECT_EQ(set.set_key, "spark.sql.shuffle.partitions");
  EXPECT_EQ(set.set_value, "4");
  EXPECT_EQ(set.text, "SET spark.sql.shuffle.partitions = 4");
  EXPECT_EQ(set.pos.line, 3);
  EXPECT_EQ(set.pos.column, 1);
  EXPECT_EQ(stmts[1]->set_key, "sluice.sql.session.timeZone");
  EXPECT_EQ(stmts[1]->set_value, "UTC");

  const Statement& source = *stmts[2];
  EXPECT_EQ(source.kind, StatementKind::kCreateSource);
  EXPECT_TRUE(source.or_replace);
  EXPECT_EQ(source.name, "events");
  EXPECT_EQ(source.format, "memory");
  ASSERT_TRUE(source.schema.has_value());
  EXPECT_EQ(source.schema->ToString(), "user STRING, value BIGINT, ts TIMESTAMP");
  std::vector<std::pair<std::string, std::string>> expected_options = {
      {"rowsPerSecond", "5"},   {"key.x", "v"},      {"quoted key", "q"},
      {"kafka.bootstrap.servers", "h:9092"}, {"enabled", "true"}, {"ratio", "-1.5"}};
  EXPECT_EQ(source.options, expected_options);
  EXPECT_EQ(source.text.substr(0, 40), "CREATE OR REPLACE TEMPORARY SOURCE event");
  EXPECT_EQ(source.text.back(), ')');

  EXPECT_EQ(stmts[3]->kind, StatementKind::kCreateSource);
  EXPECT_EQ(stmts[3]->name, "clicks");
  EXPECT_FALSE(stmts[3]->schema.has_value());
  EXPECT_FALSE(stmts[3]->or_replace);

  EXPECT_EQ(stmts[4]->kind, StatementKind::kCreateSink);
  EXPECT_EQ(stmts[4]->format, "console");
  EXPECT_EQ(stmts[4]->options[0], (std::pair<std::string, std::string>{"truncate", "false"}));

  EXPECT_EQ(stmts[5]->kind, StatementKind::kCreateTable);
  EXPECT_EQ(stmts[5]->schema->num_fields(), 2u);
  EXPECT_EQ(stmts[5]->options[0].second, "/data/users.json");

  EXPECT_EQ(stmts[6]->kind, StatementKind::kCreateView);
  EXPECT_EQ(stmts[6]->name, "big");
  ASSERT_TRUE(stmts[6]->query);
  EXPECT_EQ(stmts[6]->query->where->ToString(), "(value > 10)");

  const Statement& start = *stmts[7];
  EXPECT_EQ(start.kind, StatementKind::kStartQuery);
  EXPECT_EQ(start.start.name, "counts");
  EXPECT_EQ(start.start.output_mode, "complete");
  EXPECT_EQ(start.start.trigger, "processingTime");
  EXPECT_EQ(start.start.trigger_interval, "2 seconds");
  EXPECT_EQ(start.start.options.at("checkpointLocation"), "/tmp/cp");
  EXPECT_EQ(start.start.sink, "out");
  ASSERT_TRUE(start.start.query);
  EXPECT_EQ(start.start.query->group_by.size(), 1u);
  EXPECT_EQ(start.text.substr(0, 29), "CREATE STREAMING QUERY counts");
  EXPECT_TRUE(start.text.ends_with("GROUP BY user")) << start.text;

  EXPECT_EQ(stmts[8]->start.name, "");
  EXPECT_EQ(stmts[8]->start.trigger, "once");
  EXPECT_EQ(stmts[8]->start.output_mode, "");
  EXPECT_EQ(stmts[9]->start.name, "q3");
  EXPECT_EQ(stmts[9]->start.trigger, "availableNow");

  EXPECT_EQ(stmts[10]->kind, StatementKind::kExplain);
  EXPECT_FALSE(stmts[10]->extended);
  EXPECT_EQ(stmts[11]->kind, StatementKind::kExplain);
  EXPECT_TRUE(stmts[11]->extended);
  EXPECT_EQ(stmts[11]->query->set_op, "UNION ALL");

  EXPECT_EQ(stmts[12]->kind, StatementKind::kQuery);
  EXPECT_EQ(stmts[12]->text, "SELECT * FROM users");
}

TEST(ParseStatementTest, StatementTextIsTheStatementsOwnSource) {
  ASSERT_OK_AND_ASSIGN(auto stmts, ParseScript("SELECT 1;\n  SELECT 2 /* two */ ;;; SELECT 3"));
  ASSERT_EQ(stmts.size(), 3u);
  EXPECT_EQ(stmts[0]->text, "SELECT 1");
  EXPECT_EQ(stmts[1]->text, "SELECT 2");
  EXPECT_EQ(stmts[1]->pos.line, 2);
  EXPECT_EQ(stmts[1]->pos.column, 3);
  EXPECT_EQ(stmts[2]->text, "SELECT 3");
}

TEST(ParseStatementTest, EmptyScripts) {
  ASSERT_OK_AND_ASSIGN(auto none, ParseScript(""));
  EXPECT_TRUE(none.empty());
  ASSERT_OK_AND_ASSIGN(auto only_comments, ParseScript("  -- nothing\n ; /* here */ ;"));
  EXPECT_TRUE(only_comments.empty());
}

TEST(ParseStatementTest, SetValues) {
  ASSERT_OK_AND_ASSIGN(auto stmts, ParseScript("SET a.b = 'x;y'; SET `c.d`=\"q\"; SET e = some text here -- c\n;"
                                               "SET spark.sql.streaming.stateStore.providerClass = org.a.B"));
  ASSERT_EQ(stmts.size(), 4u);
  EXPECT_EQ(stmts[0]->set_value, "x;y");
  EXPECT_EQ(stmts[1]->set_key, "c.d");
  EXPECT_EQ(stmts[1]->set_value, "q");
  EXPECT_EQ(stmts[2]->set_value, "some text here");
  EXPECT_EQ(stmts[3]->set_value, "org.a.B");
  EXPECT_NE(ScriptError("SET x").find("expected 'SET key = value'"), std::string::npos);
  EXPECT_NE(ScriptError("SET a b = c").find("expected a configuration key"), std::string::npos);
}

TEST(ParseStatementTest, TriggerIntervalsAreChecked) {
  ASSERT_OK_AND_ASSIGN(auto stmts,
                       ParseScript("CREATE STREAMING QUERY q TRIGGER PROCESSING TIME INTERVAL 1 MINUTE "
                                   "AS INSERT INTO s SELECT 1"));
  EXPECT_EQ(stmts[0]->start.trigger_interval, "1 minutes");
  EXPECT_NE(ScriptError("CREATE STREAMING QUERY q TRIGGER PROCESSING TIME 'often' AS INSERT INTO s SELECT 1")
                .find("cannot parse interval 'often'"),
            std::string::npos);
  EXPECT_NE(ScriptError("CREATE STREAMING QUERY q TRIGGER CONTINUOUS '1 second' AS INSERT INTO s SELECT 1")
                .find("continuous triggers are not supported"),
            std::string::npos);
}

TEST(ParseStatementTest, StatementErrors) {
  EXPECT_NE(ScriptError("DROP TABLE x").find("expected a statement (SELECT, VALUES, CREATE, SET or EXPLAIN), found 'DROP'"),
            std::string::npos);
  EXPECT_NE(ScriptError("CREATE INDEX i").find("expected SOURCE, STREAM, SINK, TABLE, VIEW or STREAMING QUERY"),
            std::string::npos);
  EXPECT_NE(ScriptError("CREATE SOURCE s (a INT)").find("expected USING format or OPTIONS, found end of input"),
            std::string::npos);
  EXPECT_NE(ScriptError("CREATE SOURCE s (a FOO) USING memory").find("invalid column list"), std::string::npos);
  EXPECT_NE(ScriptError("CREATE SOURCE s (a INT USING memory").find("expected ')' closing the column list"),
            std::string::npos);
  EXPECT_NE(ScriptError("CREATE SINK s USING console OPTIONS (a 'x', A 'y')").find("duplicate option 'A'"),
            std::string::npos);
  EXPECT_NE(ScriptError("CREATE SINK s USING console OPTIONS (a)").find("expected an option value"),
            std::string::npos);
  EXPECT_NE(ScriptError("CREATE STREAMING QUERY q INSERT INTO s SELECT 1")
                .find("expected OUTPUT MODE, TRIGGER, OPTIONS or AS INSERT INTO, found 'INSERT'"),
            std::string::npos);
  EXPECT_NE(ScriptError("CREATE STREAMING QUERY q OUTPUT MODE append OUTPUT MODE update AS INSERT INTO s SELECT 1")
                .find("OUTPUT MODE is given twice"),
            std::string::npos);
  EXPECT_NE(ScriptError("SELECT 1 SELECT 2").find("UNION, ';' or end of input, found 'SELECT'"), std::string::npos);
  EXPECT_NE(ScriptError("CREATE VIEW v SELECT 1").find("expected AS"), std::string::npos);
}

}  // namespace
}  // namespace sluice::sql
