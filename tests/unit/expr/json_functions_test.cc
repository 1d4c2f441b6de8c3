#include "expr_test_util.h"

namespace sluice::expr {
namespace {

using namespace testing;
using types::TypeId;

Value S(const char* s) { return Value::String(s); }

TEST(JsonFunctionsTest, FromJson) {
  ASSERT_OK_AND_ASSIGN(auto e, Call("from_json", {Str("{\"a\": 1, \"b\": \"x\", \"c\": [1, 2]}"),
                                                  Str("a INT, b STRING, c ARRAY<BIGINT>, d DOUBLE")}));
  EXPECT_EQ(e->type()->ToString(), "STRUCT<a: INT, b: STRING, c: ARRAY<BIGINT>, d: DOUBLE>");
  EXPECT_EQ(Eval1(e), Value::MakeList({Value::Int(1), S("x"), Value::MakeList({Value::Int(1), Value::Int(2)}), Value()}));
  // Malformed JSON: PERMISSIVE gives a struct of NULLs, not a NULL struct.
  ASSERT_OK_AND_ASSIGN(auto bad, Call("from_json", {Str("{oops"), Str("a INT")}));
  EXPECT_EQ(Eval1(bad), Value::MakeList({Value()}));
  // A field of the wrong type is NULL; a non-string value read as STRING keeps its JSON text.
  ASSERT_OK_AND_ASSIGN(auto mixed, Call("from_json", {Str("{\"a\": \"x\", \"b\": {\"k\": true}}"), Str("a INT, b STRING")}));
  EXPECT_EQ(Eval1(mixed), Value::MakeList({Value(), S("{\"k\":true}")}));
  EXPECT_TRUE(CallValue("from_json", {Null(DataType::String()), Str("a INT")}).is_null());
  ASSERT_OK_AND_ASSIGN(auto nested, Call("from_json", {Str("{\"s\": {\"t\": \"2021-01-01 00:00:00\"}}"),
                                                       Str("STRUCT<s: STRUCT<t: TIMESTAMP>>")}));
  EXPECT_EQ(Eval1(nested, InZone("+01:00")),
            Value::MakeList({Value::MakeList({Value::Int(1609459200LL * 1000000 - 3600LL * 1000000)})}));
  EXPECT_NE(BindError("from_json", {Str("{}"), Str("a INTEGERX")}).find("invalid schema"), std::string::npos);
  auto b = Pretty("STRING\nx");
  EXPECT_NE(BindError("from_json", {Str("{}"), Col(*b, 0)}).find("must be a STRING literal"), std::string::npos);
}

TEST(JsonFunctionsTest, FromJsonOverColumn) {
  auto b = Rows("j STRING", {{S("{\"a\":1}")}, {Value()}, {S("[1]")}, {S("{\"a\":2}")}});
  ASSERT_OK_AND_ASSIGN(auto e, Call("from_json", {Col(*b, 0), Str("a INT")}));
  EXPECT_EQ(Eval(e, *b), (std::vector<Value>{Value::MakeList({Value::Int(1)}), Value(), Value::MakeList({Value()}),
                                             Value::MakeList({Value::Int(2)})}));
}

TEST(JsonFunctionsTest, ToJson) {
  ASSERT_OK_AND_ASSIGN(auto st, Call("named_struct", {Str("a"), Int(1), Str("b"), Str("x\"y"), Str("c"), Null(),
                                                      Str("d"), Dbl(1.5)}));
  EXPECT_EQ(CallValue("to_json", {st}), S("{\"a\":1,\"b\":\"x\\\"y\",\"d\":1.5}"));
  ASSERT_OK_AND_ASSIGN(auto ts, Call("named_struct", {Str("t"), Ts(1609459200LL * 1000000), Str("d"), Date(18628)}));
  EXPECT_EQ(CallValue("to_json", {ts}), S("{\"t\":\"2021-01-01T00:00:00.000Z\",\"d\":\"2021-01-01\"}"));
  EXPECT_EQ(CallValue("to_json", {ts}, InZone("+08:00")),
            S("{\"t\":\"2021-01-01T08:00:00.000+08:00\",\"d\":\"2021-01-01\"}"));
  ASSERT_OK_AND_ASSIGN(auto arr, Call("array", {Int(1), Null(), Int(3)}));
  EXPECT_EQ(CallValue("to_json", {arr}), S("[1,null,3]"));
  EXPECT_NE(BindError("to_json", {Int(1)}).find("UNEXPECTED_INPUT_TYPE"), std::string::npos);
}

TEST(JsonFunctionsTest, GetJsonObject) {
  const char* doc = "{\"a\": {\"b\": [10, {\"c\": \"deep\"}]}, \"s\": \"str\", \"n\": null, \"f\": 1.5}";
  EXPECT_EQ(CallValue("get_json_object", {Str(doc), Str("$.s")}), S("str"));
  EXPECT_EQ(CallValue("get_json_object", {Str(doc), Str("$.a.b[0]")}), S("10"));
  EXPECT_EQ(CallValue("get_json_object", {Str(doc), Str("$.a.b[1].c")}), S("deep"));
  EXPECT_EQ(CallValue("get_json_object", {Str(doc), Str("$['a']['b'][1]")}), S("{\"c\":\"deep\"}"));
  EXPECT_EQ(CallValue("get_json_object", {Str(doc), Str("$.f")}), S("1.5"));
  EXPECT_TRUE(CallValue("get_json_object", {Str(doc), Str("$.missing")}).is_null());
  EXPECT_TRUE(CallValue("get_json_object", {Str(doc), Str("$.n")}).is_null());
  EXPECT_TRUE(CallValue("get_json_object", {Str(doc), Str("a.b")}).is_null());
  EXPECT_TRUE(CallValue("get_json_object", {Str("{bad"), Str("$.a")}).is_null());
  EXPECT_EQ(CallValue("get_json_object", {Str("[{\"x\":1},{\"x\":2}]"), Str("$[*].x")}), S("[1,2]"));
  EXPECT_EQ(CallValue("json_array_length", {Str("[1,2,3]")}), Value::Int(3));
  EXPECT_TRUE(CallValue("json_array_length", {Str("{}")}).is_null());
}

}  // namespace
}  // namespace sluice::expr
