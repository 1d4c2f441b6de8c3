#include <set>

#include "expr_test_util.h"

namespace sluice::expr {
namespace {

using namespace testing;

TEST(FunctionListTest, SortedUniqueAndDocumented) {
  const auto& list = FunctionList();
  ASSERT_GT(list.size(), 150u);
  std::set<std::string> names;
  for (size_t i = 0; i < list.size(); ++i) {
    const auto& e = list[i];
    if (i > 0) {
      EXPECT_LT(std::string(list[i - 1].name), std::string(e.name)) << "list must be sorted";
    }
    EXPECT_TRUE(names.insert(e.name).second) << e.name;
    EXPECT_GT(std::string(e.signature).size(), 3u) << e.name;
    EXPECT_GT(std::string(e.description).size(), 3u) << e.name;
    EXPECT_EQ(std::string(e.example).rfind("SELECT ", 0), 0u) << e.name;
    if (e.kind == FunctionKind::kAggregate) {
      EXPECT_NE(e.aggregate, nullptr) << e.name;
    } else {
      EXPECT_NE(e.scalar, nullptr) << e.name;
    }
    for (char c : std::string(e.name)) {
      EXPECT_FALSE(std::isupper(static_cast<unsigned char>(c))) << e.name;
    }
  }
  for (const char* required : {"count", "sum", "avg", "mean", "min", "max", "first", "first_value", "last", "last_value",
                               "collect_list", "collect_set", "stddev", "stddev_samp", "std", "stddev_pop", "variance",
                               "var_samp", "var_pop"}) {
    const FunctionEntry* e = FindFunction(required);
    ASSERT_NE(e, nullptr) << required;
    EXPECT_EQ(e->kind, FunctionKind::kAggregate) << required;
  }
}

TEST(FunctionListTest, FindIsCaseInsensitive) {
  ASSERT_NE(FindFunction("UPPER"), nullptr);
  EXPECT_EQ(std::string(FindFunction("Upper")->name), "upper");
  EXPECT_EQ(FindFunction("explode")->kind, FunctionKind::kGenerator);
  EXPECT_EQ(FindFunction("no_such_function"), nullptr);
  EXPECT_EQ(FindFunction(""), nullptr);
}

TEST(FunctionListTest, SuggestionsByEditDistance) {
  auto s = SuggestFunctions("uper");
  ASSERT_FALSE(s.empty());
  EXPECT_EQ(s[0], "upper");
  auto t = SuggestFunctions("substrng");
  ASSERT_FALSE(t.empty());
  EXPECT_EQ(t[0], "substring");
  EXPECT_TRUE(SuggestFunctions("qqqqqqqqqqqq").empty());
  EXPECT_LE(SuggestFunctions("cos", 2).size(), 2u);
}

TEST(FunctionListTest, EveryScalarBinderRejectsAWrongArgumentCount) {
  // 12 arguments is too many for every fixed-arity function; the error is Spark's WRONG_NUM_ARGS.
  const std::set<std::string> variadic = {"array", "coalesce", "concat", "concat_ws", "greatest", "hash",
                                          "least", "named_struct", "struct"};
  for (const auto& e : FunctionList()) {
    if (e.scalar == nullptr || variadic.count(e.name)) continue;
    std::vector<ExprPtr> args(12, Int(1));
    auto r = e.scalar(args, std::string(e.name) + "(...)");
    ASSERT_FALSE(r.ok()) << e.name;
    EXPECT_NE(r.status().message().find("WRONG_NUM_ARGS"), std::string::npos) << e.name << ": " << r.status().message();
    EXPECT_EQ(r.status().code(), StatusCode::kAnalysisError) << e.name;
  }
}

TEST(FunctionListTest, AliasUsesTheCalledNameInMessagesAndExplain) {
  EXPECT_NE(BindError("substr", {Str("a")}).find("The `substr` requires [2, 3] parameters"), std::string::npos);
  ASSERT_OK_AND_ASSIGN(auto e, Call("ucase", {Str("a")}));
  EXPECT_EQ(e->ToString(), "ucase('a')");
}

}  // namespace
}  // namespace sluice::expr
