#include "expr_test_util.h"

namespace sluice::expr {
namespace {

using namespace testing;
using types::TypeId;

Value S(const char* s) { return Value::String(s); }

TEST(StringFunctionsTest, ConcatAndConcatWs) {
  EXPECT_EQ(CallValue("concat", {Str("Spark"), Str("SQL")}), S("SparkSQL"));
  EXPECT_TRUE(CallValue("concat", {Str("a"), Null()}).is_null());
  EXPECT_EQ(CallValue("concat", {Str("n"), Int(1)}), S("n1"));
  EXPECT_EQ(CallValue("concat", {}), S(""));
  EXPECT_EQ(CallValue("concat_ws", {Str("-"), Str("a"), Null(), Str("b")}), S("a-b"));
  ASSERT_OK_AND_ASSIGN(auto arr, Call("array", {Str("x"), Str("y")}));
  EXPECT_EQ(CallValue("concat_ws", {Str(","), arr, Str("z")}), S("x,y,z"));
  EXPECT_TRUE(CallValue("concat_ws", {Null(DataType::String()), Str("a")}).is_null());
  ASSERT_OK_AND_ASSIGN(auto a1, Call("array", {Int(1)}));
  ASSERT_OK_AND_ASSIGN(auto a2, Call("array", {Int(2), Int(3)}));
  EXPECT_EQ(CallValue("concat", {a1, a2}), Value::MakeList({Value::Int(1), Value::Int(2), Value::Int(3)}));
  ASSERT_OK_AND_ASSIGN(auto op, Op("||", Str("a"), Int(1)));
  EXPECT_EQ(Eval1(op), S("a1"));
}

TEST(StringFunctionsTest, CaseConversion) {
  EXPECT_EQ(CallValue("upper", {Str("SparkSql")}), S("SPARKSQL"));
  EXPECT_EQ(CallValue("lower", {Str("SparkSql")}), S("sparksql"));
  EXPECT_EQ(CallValue("upper", {Str("ñandú ÿ")}), S("ÑANDÚ Ÿ"));
  EXPECT_EQ(CallValue("lower", {Str("ÀÉÎ Σ")}), S("àéî σ"));
  EXPECT_EQ(CallValue("initcap", {Str("sPark sql")}), S("Spark Sql"));
  EXPECT_EQ(CallValue("ucase", {Int(5)}), S("5"));  // numbers are cast to STRING, as Spark
  EXPECT_TRUE(CallValue("upper", {Null()}).is_null());
}

TEST(StringFunctionsTest, BadArgumentTypeUsesSparkWording) {
  ASSERT_OK_AND_ASSIGN(auto arr, Call("array", {Int(1)}));
  EXPECT_EQ(BindError("upper", {arr}),
            "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"upper(array(1))\" due to data type mismatch: "
            "The first parameter requires the \"STRING\" type, however \"array(1)\" has the type \"ARRAY<INT>\".");
  EXPECT_EQ(BindError("substring", {Str("a")}),
            "[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `substring` requires [2, 3] parameters but the actual number is "
            "1. Please, refer to 'https://spark.apache.org/docs/latest/sql-ref-functions.html' for a fix.");
  EXPECT_NE(BindError("lpad", {Str("a"), arr}).find("The second parameter requires the \"INT\" type"),
            std::string::npos);
}

TEST(StringFunctionsTest, Substring) {
  auto sub = [](const char* s, int pos, int len = -1) {
    std::vector<ExprPtr> args{Str(s), Int(pos)};
    if (len >= 0) args.push_back(Int(len));
    return CallValue("substring", args);
  };
  EXPECT_EQ(sub("Spark SQL", 5), S("k SQL"));
  EXPECT_EQ(sub("Spark SQL", 5, 1), S("k"));
  EXPECT_EQ(sub("Spark SQL", -3), S("SQL"));
  EXPECT_EQ(sub("Spark SQL", -3, 2), S("SQ"));
  EXPECT_EQ(sub("Spark SQL", 0, 2), S("Sp"));
  EXPECT_EQ(sub("Spark SQL", 1, 0), S(""));
  EXPECT_EQ(sub("Spark", -10, 3), S(""));
  EXPECT_EQ(sub("Spark", 10), S(""));
  EXPECT_EQ(sub("ñandú", 2, 3), S("and"));
  EXPECT_EQ(sub("ñandú", -1), S("ú"));
  EXPECT_EQ(CallValue("substr", {Str("abc"), Int(2)}), S("bc"));
  EXPECT_TRUE(CallValue("substring", {Str("abc"), Null()}).is_null());
  EXPECT_EQ(CallValue("left", {Str("Spark SQL"), Int(3)}), S("Spa"));
  EXPECT_EQ(CallValue("right", {Str("Spark SQL"), Int(3)}), S("SQL"));
}

TEST(StringFunctionsTest, LengthTrimPad) {
  EXPECT_EQ(CallValue("length", {Str("ñandú ")}), Value::Int(6));
  EXPECT_EQ(CallValue("char_length", {Str("")}), Value::Int(0));
  EXPECT_EQ(CallValue("octet_length", {Str("ñ")}), Value::Int(2));
  EXPECT_EQ(CallValue("trim", {Str("  a b  ")}), S("a b"));
  EXPECT_EQ(CallValue("ltrim", {Str("  a  ")}), S("a  "));
  EXPECT_EQ(CallValue("rtrim", {Str("  a  ")}), S("  a"));
  EXPECT_EQ(CallValue("trim", {Str("\ta\t")}), S("\ta\t"));  // only spaces, as Spark
  EXPECT_EQ(CallValue("trim", {Str("SL"), Str("SSparkSQLS")}), S("parkSQ"));
  EXPECT_EQ(CallValue("lpad", {Str("hi"), Int(5), Str("ab")}), S("abahi"));
  EXPECT_EQ(CallValue("rpad", {Str("hi"), Int(5), Str("ab")}), S("hiaba"));
  EXPECT_EQ(CallValue("lpad", {Str("hello"), Int(2)}), S("he"));
  EXPECT_EQ(CallValue("lpad", {Str("hi"), Int(4)}), S("  hi"));
  EXPECT_EQ(CallValue("rpad", {Str("hi"), Int(4), Str("")}), S("hi"));
}

TEST(StringFunctionsTest, SearchAndReplace) {
  EXPECT_EQ(CallValue("instr", {Str("SparkSQL"), Str("SQL")}), Value::Int(6));
  EXPECT_EQ(CallValue("instr", {Str("ñaSQL"), Str("SQL")}), Value::Int(3));
  EXPECT_EQ(CallValue("instr", {Str("abc"), Str("z")}), Value::Int(0));
  EXPECT_EQ(CallValue("locate", {Str("bar"), Str("foobarbar"), Int(5)}), Value::Int(7));
  EXPECT_EQ(CallValue("locate", {Str("bar"), Str("foobarbar")}), Value::Int(4));
  EXPECT_EQ(CallValue("replace", {Str("ABCabc"), Str("abc"), Str("DEF")}), S("ABCDEF"));
  EXPECT_EQ(CallValue("replace", {Str("ABCabc"), Str("abc")}), S("ABC"));
  EXPECT_EQ(CallValue("reverse", {Str("Spark ñ")}), S("ñ krapS"));
  EXPECT_EQ(CallValue("translate", {Str("AaBbCc"), Str("abc"), Str("12")}), S("A1B2C"));
  EXPECT_EQ(CallValue("repeat", {Str("ab"), Int(3)}), S("ababab"));
  EXPECT_EQ(CallValue("ascii", {Str("A")}), Value::Int(65));
  EXPECT_EQ(CallValue("chr", {Int(321)}), S("A"));
  EXPECT_EQ(CallValue("startswith", {Str("Spark"), Str("Sp")}), Value::Bool(true));
  EXPECT_EQ(CallValue("endswith", {Str("Spark"), Str("Sp")}), Value::Bool(false));
  EXPECT_EQ(CallValue("contains", {Str("Spark"), Str("ar")}), Value::Bool(true));
}

TEST(StringFunctionsTest, Split) {
  auto list = [](std::initializer_list<const char*> v) {
    Value::List l;
    for (auto s : v) l.push_back(Value::String(s));
    return Value::MakeList(l);
  };
  EXPECT_EQ(CallValue("split", {Str("oneAtwoBthreeC"), Str("[ABC]")}), list({"one", "two", "three", ""}));
  EXPECT_EQ(CallValue("split", {Str("oneAtwoBthreeC"), Str("[ABC]"), Int(2)}), list({"one", "twoBthreeC"}));
  EXPECT_EQ(CallValue("split", {Str("a,b,,c,,"), Str(",")}), list({"a", "b", "", "c", "", ""}));
  EXPECT_EQ(CallValue("split", {Str("abc"), Str("")}), list({"a", "b", "c"}));
  EXPECT_EQ(CallValue("split", {Str(""), Str(",")}), list({""}));
  EXPECT_EQ(CallValue("split", {Str("no-match"), Str(",")}), list({"no-match"}));
  EXPECT_EQ(CallValue("split", {Str(",a"), Str(",")}), list({"", "a"}));
  EXPECT_TRUE(CallValue("split", {Null(), Str(",")}).is_null());
}

TEST(StringFunctionsTest, RegexpFunctions) {
  EXPECT_EQ(CallValue("regexp_extract", {Str("100-200"), Str("(\\d+)-(\\d+)"), Int(2)}), S("200"));
  EXPECT_EQ(CallValue("regexp_extract", {Str("100-200"), Str("(\\d+)-(\\d+)")}), S("100"));
  EXPECT_EQ(CallValue("regexp_extract", {Str("abc"), Str("(\\d+)"), Int(1)}), S(""));
  EXPECT_EQ(CallValue("regexp_extract", {Str("a"), Str("(x)?a"), Int(1)}), S(""));
  EXPECT_NE(BindError("regexp_extract", {Str("a"), Str("(a)"), Int(2)}).find("REGEX_GROUP_INDEX"), std::string::npos);
  EXPECT_EQ(CallValue("regexp_replace", {Str("100-200"), Str("(\\d+)"), Str("<$1>")}), S("<100>-<200>"));
  EXPECT_EQ(CallValue("regexp_replace", {Str("aaa"), Str("a"), Str("b"), Int(2)}), S("abb"));
  EXPECT_EQ(CallValue("regexp_extract_all", {Str("100-200, 300-400"), Str("(\\d+)-(\\d+)"), Int(1)}),
            Value::MakeList({Value::String("100"), Value::String("300")}));
  // A non-literal pattern is compiled per distinct value.
  auto b = Pretty("STRING STRING\nab12 \\d+\nab12 [a-z]+");
  ASSERT_OK_AND_ASSIGN(auto e, Call("regexp_extract", {Col(*b, 0), Col(*b, 1), Int(0)}));
  EXPECT_EQ(Eval(e, *b), (std::vector<Value>{S("12"), S("ab")}));
  EXPECT_NE(BindError("regexp_replace", {Str("a"), Str("("), Str("b")}).find("INVALID_PARAMETER_VALUE.PATTERN"),
            std::string::npos);
}

TEST(StringFunctionsTest, ColumnInputsWithNulls) {
  auto b = Pretty("STRING INT\nabc 2\n. 1\nxyz .");
  ASSERT_OK_AND_ASSIGN(auto e, Call("substring", {Col(*b, 0), Col(*b, 1)}));
  EXPECT_EQ(Eval(e, *b), (std::vector<Value>{S("bc"), Value(), Value()}));
  ASSERT_OK_AND_ASSIGN(auto len, Call("length", {Col(*b, 0)}));
  EXPECT_EQ(Eval(len, *b), (std::vector<Value>{Value::Int(3), Value(), Value::Int(3)}));
}

}  // namespace
}  // namespace sluice::expr
