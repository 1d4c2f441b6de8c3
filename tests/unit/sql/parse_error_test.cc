#include <gtest/gtest.h>

#include <random>

#if defined(__linux__)
#include <pthread.h>
#endif
#include <string>
#include <vector>

#include "sluice/sql/parser.h"
#include "test_util.h"

namespace sluice::sql {
namespace {

std::string QueryError(std::string_view text) {
  auto q = ParseQuery(text);
  if (q.ok()) return "OK";
  EXPECT_EQ(q.status().code(), StatusCode::kParseError);
  return q.status().message();
}

std::string Repeat(std::string_view s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

TEST(ParseErrorTest, MessageHasPositionLineAndCaret) {
  EXPECT_EQ(QueryError("SELECT , FROM events"),
            "syntax error at line 1, column 8: expected an expression, found ','\n"
            "SELECT , FROM events\n"
            "       ^");
  EXPECT_EQ(QueryError("SELECT a,\n  b +\nFROM t"),
            "syntax error at line 3, column 1: expected an expression, found 'FROM'\n"
            "FROM t\n"
            "^");
  EXPECT_EQ(QueryError("SELECT a +"),
            "syntax error at line 1, column 11: expected an expression, found end of input\n"
            "SELECT a +\n"
            "          ^");
  EXPECT_EQ(QueryError("SELECT upper(name FROM t"),
            "syntax error at line 1, column 19: expected ',' or ')', found 'FROM'\n"
            "SELECT upper(name FROM t\n"
            "                  ^");
}

TEST(ParseErrorTest, CaretFollowsTabsAndUnicode) {
  EXPECT_EQ(QueryError("SELECT\t'é', ) FROM t"),
            "syntax error at line 1, column 13: expected an expression, found ')'\n"
            "SELECT\t'é', ) FROM t\n"
            "      \t     ^");
}

TEST(ParseErrorTest, LongLinesShowAWindow) {
  std::string sql = "SELECT " + Repeat("a + ", 100) + "FROM t";
  std::string message = QueryError(sql);
  ASSERT_NE(message.find("column 408: expected an expression, found 'FROM'"), std::string::npos) << message;
  size_t first_newline = message.find('\n');
  size_t second_newline = message.find('\n', first_newline + 1);
  std::string snippet = message.substr(first_newline + 1, second_newline - first_newline - 1);
  std::string caret = message.substr(second_newline + 1);
  EXPECT_LT(snippet.size(), 160u);
  EXPECT_EQ(snippet.substr(0, 3), "...");
  EXPECT_EQ(snippet.substr(caret.size() - 1, 4), "FROM");
}

TEST(ParseErrorTest, LexicalErrorsComeThroughTheParser) {
  EXPECT_EQ(QueryError("SELECT 'abc FROM t"),
            "syntax error at line 1, column 8: unterminated string literal: missing closing '\n"
            "SELECT 'abc FROM t\n"
            "       ^");
  EXPECT_NE(QueryError("SELECT a /* note").find("unterminated comment"), std::string::npos);
  EXPECT_NE(QueryError("SELECT a FROM t WHERE a ? 1").find("column 25: unexpected character '?'"), std::string::npos);
  auto script = ParseScript("SELECT 1; SELECT \"oops");
  ASSERT_FALSE(script.ok());
  EXPECT_NE(script.status().message().find("unterminated string literal"), std::string::npos);
}

TEST(ParseErrorTest, DeepNestingIsAnErrorNotACrash) {
  const int kDeep = 100000;
  EXPECT_NE(QueryError("SELECT " + Repeat("(", kDeep) + "1" + Repeat(")", kDeep)).find("nested too deeply"),
            std::string::npos);
  EXPECT_NE(QueryError("SELECT " + Repeat("NOT ", kDeep) + "a").find("nested too deeply"), std::string::npos);
  EXPECT_NE(QueryError("SELECT " + Repeat("- ", kDeep) + "a").find("nested too deeply"), std::string::npos);
  EXPECT_NE(QueryError("SELECT 1" + Repeat(" + 1", kDeep)).find("nested too deeply"), std::string::npos);
  EXPECT_NE(QueryError("SELECT a" + Repeat("[0]", kDeep)).find("nested too deeply"), std::string::npos);
  EXPECT_NE(QueryError("SELECT * FROM " + Repeat("(SELECT * FROM ", kDeep) + "t" + Repeat(")", kDeep))
                .find("nested too deeply"),
            std::string::npos);
  EXPECT_NE(QueryError("SELECT 1" + Repeat(" UNION ALL SELECT 1", kDeep)).find("nested too deeply"),
            std::string::npos);
  EXPECT_NE(QueryError("SELECT * FROM t" + Repeat(" JOIN t", kDeep)).find("nested too deeply"), std::string::npos);
  EXPECT_NE(QueryError("SELECT CAST(a AS " + Repeat("ARRAY<", kDeep) + "INT" + Repeat(">", kDeep) + ")")
                .find("nested too deeply"),
            std::string::npos);
  auto script = ParseScript("CREATE SOURCE s (a " + Repeat("ARRAY<", kDeep) + "INT" + Repeat(">", kDeep) +
                            ") USING memory");
  ASSERT_FALSE(script.ok());
  EXPECT_NE(script.status().message().find("nested too deeply"), std::string::npos);
  // Reasonable nesting still parses.
  EXPECT_EQ(QueryError("SELECT " + Repeat("(", 200) + "1" + Repeat(")", 200)), "OK");
  EXPECT_EQ(QueryError("SELECT 1" + Repeat(" + 1", 500)), "OK");
}

#if defined(__linux__)
// Deep input on a thread with a small stack stops at the stack reserve, not in a crash.
TEST(ParseErrorTest, DeepNestingOnASmallStackIsAnError) {
  struct Job {
    std::string sql;
    std::string message;
  };
  Job job{"SELECT " + Repeat("f(", 5000) + "1" + Repeat(")", 5000), ""};
  pthread_attr_t attr;
  ASSERT_EQ(pthread_attr_init(&attr), 0);
  ASSERT_EQ(pthread_attr_setstacksize(&attr, 768 * 1024), 0);
  pthread_t thread;
  auto run = [](void* arg) -> void* {
    auto* j = static_cast<Job*>(arg);
    auto q = ParseQuery(j->sql);
    j->message = q.ok() ? "OK" : q.status().message();
    return nullptr;
  };
  ASSERT_EQ(pthread_create(&thread, &attr, run, &job), 0);
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attr);
  EXPECT_NE(job.message.find("nested too deeply"), std::string::npos) << job.message.substr(0, 200);
}
#endif

TEST(EntryPointsTest, SelectAndOrderItems) {
  ASSERT_OK_AND_ASSIGN(SelectItem item, ParseSelectItem("value % 10 AS category"));
  EXPECT_EQ(item.alias, "category");
  EXPECT_EQ(item.expr->ToString(), "(value % 10)");
  ASSERT_OK_AND_ASSIGN(SelectItem bare, ParseSelectItem("window(eventTime, '5 seconds') w"));
  EXPECT_EQ(bare.alias, "w");
  ASSERT_OK_AND_ASSIGN(SelectItem none, ParseSelectItem("count(*)"));
  EXPECT_EQ(none.alias, "");
  EXPECT_FALSE(ParseSelectItem("a AS").ok());
  EXPECT_NE(ParseSelectItem("a b c").status().message().find("expected end of input, found 'c'"), std::string::npos);

  ASSERT_OK_AND_ASSIGN(OrderItem desc, ParseOrderItem("count DESC"));
  EXPECT_FALSE(desc.ascending);
  EXPECT_EQ(desc.expr->parts[0], "count");
  ASSERT_OK_AND_ASSIGN(OrderItem nulls, ParseOrderItem("ts ASC NULLS LAST"));
  EXPECT_TRUE(nulls.ascending);
  EXPECT_EQ(nulls.nulls_first, false);
  EXPECT_NE(ParseOrderItem("ts NULLS").status().message().find("expected FIRST or LAST after NULLS"),
            std::string::npos);

  ASSERT_OK_AND_ASSIGN(ExprPtr e, ParseExpression("value % 2 = 0"));
  EXPECT_EQ(e->ToString(), "((value % 2) = 0)");
  EXPECT_NE(ParseExpression("a b").status().message().find("expected an operator or end of expression, found 'b'"),
            std::string::npos);
  EXPECT_NE(ParseExpression("").status().message().find("expected an expression, found end of input"),
            std::string::npos);
}

// Random token soup and random bytes must give a result or a ParseError, never a crash.
TEST(ParseErrorTest, RandomInputNeverCrashes) {
  const std::vector<std::string> vocabulary = {
      "SELECT", "FROM", "WHERE", "GROUP", "BY", "HAVING", "ORDER", "LIMIT", "UNION", "ALL", "JOIN", "LEFT",
      "ON", "USING", "AS", "WATERMARK", "DELAY", "OF", "INTERVAL", "SECONDS", "CASE", "WHEN", "THEN", "ELSE",
      "END", "CAST", "NOT", "AND", "OR", "IN", "IS", "NULL", "BETWEEN", "LIKE", "TIMESTAMP", "DATE", "STREAM",
      "CREATE", "SOURCE", "SINK", "VIEW", "STREAMING", "QUERY", "TRIGGER", "OPTIONS", "SET", "EXPLAIN",
      "INSERT", "INTO", "USING", "a", "b", "t", "count", "window", "(", ")", "[", "]", ",", ".", ";", "*", "+",
      "-", "/", "%", "=", "<=>", "::", "||", "'x'", "'10 seconds'", "1", "2.5", "1e3", "`q`", "ARRAY", "<", ">"};
  std::mt19937 rng(42);
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    int length = static_cast<int>(rng() % 25);
    for (int j = 0; j < length; ++j) {
      text += vocabulary[rng() % vocabulary.size()];
      text += ' ';
    }
    auto script = ParseScript(text);
    if (!script.ok()) {
      EXPECT_EQ(script.status().code(), StatusCode::kParseError) << text;
    }
    auto query = ParseQuery(text);
    if (!query.ok()) {
      EXPECT_EQ(query.status().code(), StatusCode::kParseError) << text;
    }
    (void)ParseExpression(text);
  }
  for (int i = 0; i < 5000; ++i) {
    std::string text;
    int length = static_cast<int>(rng() % 40);
    for (int j = 0; j < length; ++j) text += static_cast<char>(rng() % 256);
    (void)ParseScript(text);
    (void)ParseQuery(text);
  }
}

}  // namespace
}  // namespace sluice::sql
