#include "expr_test_util.h"

namespace sluice::expr {
namespace {

using namespace testing;

std::vector<Value> Bools(std::initializer_list<int> v) {
  std::vector<Value> out;
  for (int x : v) out.push_back(x < 0 ? Value() : Value::Bool(x != 0));
  return out;
}

TEST(PredicateTest, IsNull) {
  auto b = Pretty("STRING\na\n.");
  ASSERT_OK_AND_ASSIGN(auto is_null, BindIsNull(Col(*b, 0), false));
  ASSERT_OK_AND_ASSIGN(auto not_null, BindIsNull(Col(*b, 0), true));
  EXPECT_EQ(Eval(is_null, *b), Bools({0, 1}));
  EXPECT_EQ(Eval(not_null, *b), Bools({1, 0}));
  EXPECT_EQ(not_null->ToString(), "isnotnull(c0#0)");
}

TEST(PredicateTest, InListNullSemantics) {
  auto b = Pretty("BIGINT\n1\n3\n.");
  ASSERT_OK_AND_ASSIGN(auto in, BindIn(Col(*b, 0), {Int(1), Int(2)}, false, "c0 IN (1, 2)"));
  EXPECT_EQ(Eval(in, *b), Bools({1, 0, -1}));
  // x IN (1, NULL): true when found, NULL (not false) otherwise.
  ASSERT_OK_AND_ASSIGN(auto with_null, BindIn(Col(*b, 0), {Int(1), Null()}, false, "c0 IN (1, NULL)"));
  EXPECT_EQ(Eval(with_null, *b), Bools({1, -1, -1}));
  ASSERT_OK_AND_ASSIGN(auto not_in, BindIn(Col(*b, 0), {Int(1), Null()}, true, "c0 NOT IN (1, NULL)"));
  EXPECT_EQ(Eval(not_in, *b), Bools({0, -1, -1}));
  EXPECT_EQ(in->ToString(), "(c0#0 IN (1, 2))");
}

TEST(PredicateTest, InListManyValuesStringsAndColumns) {
  auto b = Pretty("INT STRING INT\n15 b 7\n99 z 99");
  std::vector<ExprPtr> many;
  for (int i = 0; i < 20; ++i) many.push_back(Int(i));
  ASSERT_OK_AND_ASSIGN(auto in_many, BindIn(Col(*b, 0), many, false, "c0 IN (...)"));
  EXPECT_EQ(Eval(in_many, *b), Bools({1, 0}));
  ASSERT_OK_AND_ASSIGN(auto in_str, BindIn(Col(*b, 1), {Str("a"), Str("b")}, false, "c1 IN ('a', 'b')"));
  EXPECT_EQ(Eval(in_str, *b), Bools({1, 0}));
  ASSERT_OK_AND_ASSIGN(auto in_col, BindIn(Col(*b, 0), {Int(1), Col(*b, 2)}, false, "c0 IN (1, c2)"));
  EXPECT_EQ(Eval(in_col, *b), Bools({0, 1}));
  ASSERT_OK_AND_ASSIGN(auto widened, BindIn(Col(*b, 0), {Dbl(15.0)}, false, "c0 IN (15.0D)"));
  EXPECT_EQ(Eval(widened, *b), Bools({1, 0}));
  ASSERT_OK_AND_ASSIGN(auto arr, Call("array", {Int(1)}));
  auto bad = BindIn(Col(*b, 0), {arr}, false, "c0 IN (array(1))");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("DATA_DIFF_TYPES"), std::string::npos);
}

TEST(PredicateTest, Between) {
  auto b = Pretty("INT\n1\n5\n10\n.");
  ASSERT_OK_AND_ASSIGN(auto between, BindBetween(Col(*b, 0), Int(2), Int(10), false, "c0 BETWEEN 2 AND 10"));
  EXPECT_EQ(Eval(between, *b), Bools({0, 1, 1, -1}));
  ASSERT_OK_AND_ASSIGN(auto not_between, BindBetween(Col(*b, 0), Int(2), Int(10), true, "c0 NOT BETWEEN 2 AND 10"));
  EXPECT_EQ(Eval(not_between, *b), Bools({1, 0, 0, -1}));
}

TEST(PredicateTest, Like) {
  auto b = Pretty("STRING\nSpark\nspark\nSpork\nSp\n.\nx%y\nxay\nñandú");
  auto like = [&](const std::string& pattern, const std::string& op = "LIKE") {
    auto e = BindLike(op, Col(*b, 0), Str(pattern), false, "c0 " + op + " '" + pattern + "'");
    EXPECT_TRUE(e.ok()) << e.status().ToString();
    return e.ok() ? Eval(*e, *b) : std::vector<Value>{};
  };
  EXPECT_EQ(like("Sp%"), Bools({1, 0, 1, 1, -1, 0, 0, 0}));
  EXPECT_EQ(like("%rk"), Bools({1, 1, 1, 0, -1, 0, 0, 0}));
  EXPECT_EQ(like("%pa%"), Bools({1, 1, 0, 0, -1, 0, 0, 0}));
  EXPECT_EQ(like("Sp_rk"), Bools({1, 0, 1, 0, -1, 0, 0, 0}));
  EXPECT_EQ(like("Spark"), Bools({1, 0, 0, 0, -1, 0, 0, 0}));
  EXPECT_EQ(like("x\\%y"), Bools({0, 0, 0, 0, -1, 1, 0, 0}));
  EXPECT_EQ(like("x%y"), Bools({0, 0, 0, 0, -1, 1, 1, 0}));
  EXPECT_EQ(like("_and_"), Bools({0, 0, 0, 0, -1, 0, 0, 1}));  // '_' is one character, not one byte
  EXPECT_EQ(like("%a%a%"), Bools({0, 0, 0, 0, -1, 0, 0, 0}));
  EXPECT_EQ(like("%"), Bools({1, 1, 1, 1, -1, 1, 1, 1}));
  EXPECT_EQ(like("SPARK", "ILIKE"), Bools({1, 1, 0, 0, -1, 0, 0, 0}));
  ASSERT_OK_AND_ASSIGN(auto not_like, BindLike("LIKE", Col(*b, 0), Str("Sp%"), true, "c0 NOT LIKE 'Sp%'"));
  EXPECT_EQ(Eval(not_like, *b)[1], Value::Bool(true));
}

TEST(PredicateTest, LikeWithColumnPattern) {
  auto b = Pretty("STRING STRING\nabc a%\nabc b%\nabc .");
  ASSERT_OK_AND_ASSIGN(auto e, BindLike("LIKE", Col(*b, 0), Col(*b, 1), false, "c0 LIKE c1"));
  EXPECT_EQ(Eval(e, *b), Bools({1, 0, -1}));
}

TEST(PredicateTest, InvalidLikeEscape) {
  auto e = BindLike("LIKE", Str("a"), Str("a\\b"), false, "'a' LIKE 'a\\b'");
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.status().message().find("the escape character is not allowed to precede 'b'"), std::string::npos);
}

TEST(PredicateTest, Rlike) {
  auto b = Pretty("STRING\nabc123\nxyz\n.");
  ASSERT_OK_AND_ASSIGN(auto e, BindLike("RLIKE", Col(*b, 0), Str("\\d+$"), false, "c0 RLIKE '\\\\d+$'"));
  EXPECT_EQ(Eval(e, *b), Bools({1, 0, -1}));
  EXPECT_EQ(e->ToString(), "RLIKE(c0#0, '\\\\d+$')");
  ASSERT_OK_AND_ASSIGN(auto f, Call("regexp_like", {Col(*b, 0), Str("^x")}));
  EXPECT_EQ(Eval(f, *b), Bools({0, 1, -1}));
  auto bad = BindLike("RLIKE", Col(*b, 0), Str("(unclosed"), false, "c0 RLIKE '(unclosed'");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("[INVALID_PARAMETER_VALUE.PATTERN]"), std::string::npos);
}

}  // namespace
}  // namespace sluice::expr

namespace sluice::expr {
namespace {

using namespace testing;

TEST(PredicateTest, LikeBacktracking) {
  const std::pair<const char*, const char*> matches[] = {
      {"xxabcx", "%a_c%"}, {"aXbYc", "a%b%c"}, {"aaab", "%aab"}, {"abcabc", "%abc"}, {"", "%"}, {"ab", "a%%b"},
      {"a_b", "a\\_b"},    {"a\\b", "a\\\\b"}};
  const std::pair<const char*, const char*> misses[] = {{"aXbY", "a%b%c"}, {"ab", "a_b"}, {"abc", "%abd"},
                                                        {"", "_"},         {"aXb", "a\\_b"}};
  for (const auto& [text, pattern] : matches) {
    ASSERT_OK_AND_ASSIGN(auto e, BindLike("LIKE", Str(text), Str(pattern), false, "LIKE"));
    EXPECT_EQ(Eval1(e), Value::Bool(true)) << text << " LIKE " << pattern;
  }
  for (const auto& [text, pattern] : misses) {
    ASSERT_OK_AND_ASSIGN(auto e, BindLike("LIKE", Str(text), Str(pattern), false, "LIKE"));
    EXPECT_EQ(Eval1(e), Value::Bool(false)) << text << " LIKE " << pattern;
  }
}

TEST(PredicateTest, WithChildrenRebuildsCompiledState) {
  auto b = Pretty("STRING\nabc\nxyz");
  ASSERT_OK_AND_ASSIGN(auto like, BindLike("LIKE", Col(*b, 0), Str("a%"), false, "c0 LIKE 'a%'"));
  auto other = like->WithChildren({Col(*b, 0), Str("x%")});
  EXPECT_EQ(Eval(other, *b), (std::vector<Value>{Value::Bool(false), Value::Bool(true)}));
  auto ints = Pretty("INT\n1\n2");
  ASSERT_OK_AND_ASSIGN(auto in, BindIn(Col(*ints, 0), {Int(1)}, false, "c0 IN (1)"));
  auto in2 = in->WithChildren({Col(*ints, 0), Int(2)});
  EXPECT_EQ(Eval(in2, *ints), (std::vector<Value>{Value::Bool(false), Value::Bool(true)}));
  auto in3 = in->WithChildren({Col(*ints, 0), Col(*ints, 0)});
  EXPECT_EQ(Eval(in3, *ints), (std::vector<Value>{Value::Bool(true), Value::Bool(true)}));
}

}  // namespace
}  // namespace sluice::expr
