#include "expr_test_util.h"

namespace sluice::expr {
namespace {

using namespace testing;
using types::TypeId;

Value L(std::initializer_list<Value> v) { return Value::MakeList(v); }

TEST(CollectionFunctionsTest, ArrayConstructionAndSize) {
  ASSERT_OK_AND_ASSIGN(auto arr, Call("array", {Int(1), Big(2), Null()}));
  EXPECT_EQ(arr->type()->ToString(), "ARRAY<BIGINT>");
  EXPECT_EQ(Eval1(arr), L({Value::Int(1), Value::Int(2), Value()}));
  EXPECT_EQ(CallValue("size", {arr}), Value::Int(3));
  EXPECT_EQ(CallValue("cardinality", {arr}), Value::Int(3));
  EXPECT_TRUE(CallValue("size", {Null()}).is_null());
  ASSERT_OK_AND_ASSIGN(auto nested, Call("array", {Int(1)}));
  EXPECT_NE(BindError("array", {Int(1), nested}).find("Input to `array` should all be the same type"),
            std::string::npos);
  EXPECT_NE(BindError("size", {Int(1)}).find("requires the \"ARRAY\" type"), std::string::npos);
}

TEST(CollectionFunctionsTest, ArrayContains) {
  ASSERT_OK_AND_ASSIGN(auto arr, Call("array", {Int(1), Int(2)}));
  ASSERT_OK_AND_ASSIGN(auto with_null, Call("array", {Int(1), Null()}));
  EXPECT_EQ(CallValue("array_contains", {arr, Int(2)}), Value::Bool(true));
  EXPECT_EQ(CallValue("array_contains", {arr, Int(3)}), Value::Bool(false));
  EXPECT_EQ(CallValue("array_contains", {with_null, Int(1)}), Value::Bool(true));
  EXPECT_TRUE(CallValue("array_contains", {with_null, Int(3)}).is_null());
  EXPECT_TRUE(CallValue("array_contains", {arr, Null()}).is_null());
  EXPECT_EQ(CallValue("array_contains", {arr, Dbl(2.0)}), Value::Bool(true));
  EXPECT_NE(BindError("array_contains", {arr, Str("x")}).find("ARRAY_FUNCTION_DIFF_TYPES"), std::string::npos);
}

TEST(CollectionFunctionsTest, ElementAccess) {
  auto b = Rows("arr ARRAY<STRING>, i INT", {{L({Value::String("a"), Value::String("b")}), Value::Int(1)},
                                             {L({}), Value::Int(0)},
                                             {Value(), Value::Int(0)}});
  ASSERT_OK_AND_ASSIGN(auto sub, BindSubscript(Col(*b, 0), Col(*b, 1), "arr[i]"));
  EXPECT_EQ(sub->ToString(), "arr#0[i#1]");
  // Out of range is an error in ANSI mode and NULL otherwise.
  EXPECT_NE(EvalError(sub, *b).find("[INVALID_ARRAY_INDEX] The index 0 is out of bounds. The array has 0 elements."),
            std::string::npos);
  EXPECT_EQ(Eval(sub, *b, Lenient()), (std::vector<Value>{Value::String("b"), Value(), Value()}));
  ASSERT_OK_AND_ASSIGN(auto get, Call("get", {Col(*b, 0), Int(5)}));
  EXPECT_EQ(Eval(get, *b), (std::vector<Value>{Value(), Value(), Value()}));
  ASSERT_OK_AND_ASSIGN(auto arr, Call("array", {Int(10), Int(20), Int(30)}));
  EXPECT_EQ(CallValue("element_at", {arr, Int(1)}), Value::Int(10));
  EXPECT_EQ(CallValue("element_at", {arr, Int(-1)}), Value::Int(30));
  EXPECT_TRUE(CallValue("try_element_at", {arr, Int(4)}).is_null());
  ASSERT_OK_AND_ASSIGN(auto zero, Call("element_at", {arr, Int(0)}));
  EXPECT_NE(EvalError(zero, *OneRow()).find("[INVALID_INDEX_OF_ZERO]"), std::string::npos);
  ASSERT_OK_AND_ASSIGN(auto out_of_range, Call("element_at", {arr, Int(4)}));
  EXPECT_NE(EvalError(out_of_range, *OneRow()).find("[INVALID_ARRAY_INDEX_IN_ELEMENT_AT]"), std::string::npos);
  EXPECT_TRUE(Eval1(out_of_range, Lenient()).is_null());
  auto not_array = BindSubscript(Int(1), Int(0), "1[0]");
  ASSERT_FALSE(not_array.ok());
  EXPECT_NE(not_array.status().message().find("[INVALID_EXTRACT_BASE_FIELD_TYPE]"), std::string::npos);
}

TEST(CollectionFunctionsTest, StructsAndFieldAccess) {
  auto b = Pretty("BIGINT STRING\n1 a\n. b");
  ASSERT_OK_AND_ASSIGN(auto st, Call("struct", {Col(*b, 0), Col(*b, 1), Int(7)}));
  EXPECT_EQ(st->type()->ToString(), "STRUCT<c0: BIGINT, c1: STRING, col3: INT>");
  ASSERT_OK_AND_ASSIGN(auto field, BindGetField(st, "C1", "s.C1"));
  EXPECT_EQ(Eval(field, *b), (std::vector<Value>{Value::String("a"), Value::String("b")}));
  ASSERT_OK_AND_ASSIGN(auto first, BindGetField(st, "c0", "s.c0"));
  EXPECT_EQ(Eval(first, *b), (std::vector<Value>{Value::Int(1), Value()}));
  EXPECT_EQ(first->ToString(), "struct(c0#0, c1#1, 7).c0");
  auto missing = BindGetField(st, "zz", "s.zz");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(), "[FIELD_NOT_FOUND] No such struct field `zz` in `c0`, `c1`, `col3`.");
  ASSERT_OK_AND_ASSIGN(auto named, Call("named_struct", {Str("x"), Int(1), Str("y"), Col(*b, 1)}));
  EXPECT_EQ(named->type()->ToString(), "STRUCT<x: INT, y: STRING>");
  EXPECT_EQ(Eval(named, *b)[1], L({Value::Int(1), Value::String("b")}));
  ASSERT_OK_AND_ASSIGN(auto by_subscript, BindSubscript(named, Str("y"), "s['y']"));
  EXPECT_EQ(Eval(by_subscript, *b)[0], Value::String("a"));
  EXPECT_NE(BindError("named_struct", {Col(*b, 1), Int(1)}).find("CREATE_NAMED_STRUCT_WITHOUT_FOLDABLE_STRING"),
            std::string::npos);
}

TEST(CollectionFunctionsTest, FieldOfNullStructIsNull) {
  auto b = Rows("s STRUCT<a: INT>", {{L({Value::Int(1)})}, {Value()}});
  ASSERT_OK_AND_ASSIGN(auto field, BindGetField(Col(*b, 0), "a", "s.a"));
  EXPECT_EQ(Eval(field, *b), (std::vector<Value>{Value::Int(1), Value()}));
  auto arr = Rows("xs ARRAY<STRUCT<a: INT>>", {{L({L({Value::Int(1)}), L({Value::Int(2)})})}});
  ASSERT_OK_AND_ASSIGN(auto fields, BindGetField(Col(*arr, 0), "a", "xs.a"));
  EXPECT_EQ(fields->type()->ToString(), "ARRAY<INT>");
  EXPECT_EQ(Eval(fields, *arr), (std::vector<Value>{L({Value::Int(1), Value::Int(2)})}));
}

TEST(CollectionFunctionsTest, Explode) {
  auto b = Rows("id INT, xs ARRAY<INT>", {{Value::Int(1), L({Value::Int(10), Value::Int(20)})},
                                          {Value::Int(2), L({})},
                                          {Value::Int(3), Value()},
                                          {Value::Int(4), L({Value()})}});
  ASSERT_OK_AND_ASSIGN(auto e, Call("explode", {Col(*b, 1)}));
  ASSERT_EQ(e->kind(), ExprKind::kGenerator);
  const auto& gen = static_cast<const GeneratorExpr&>(*e);
  EXPECT_EQ(gen.DefaultColumnName(), "col");
  EXPECT_EQ(gen.ToString(), "explode(xs#1)");
  EvalContext ctx;
  std::vector<int32_t> rows;
  types::ColumnPtr out;
  ASSERT_OK(gen.Generate(*b, ctx, &rows, &out));
  EXPECT_EQ(rows, (std::vector<int32_t>{0, 0, 3}));
  ASSERT_EQ(out->size(), 3);
  EXPECT_EQ(out->GetValue(0), Value::Int(10));
  EXPECT_EQ(out->GetValue(1), Value::Int(20));
  EXPECT_TRUE(out->GetValue(2).is_null());
  ASSERT_OK_AND_ASSIGN(auto outer, Call("explode_outer", {Col(*b, 1)}));
  ASSERT_OK(static_cast<const GeneratorExpr&>(*outer).Generate(*b, ctx, &rows, &out));
  EXPECT_EQ(rows, (std::vector<int32_t>{0, 0, 1, 2, 3}));
  EXPECT_FALSE(e->Evaluate(*b, ctx).ok());
  EXPECT_NE(BindError("explode", {Int(1)}).find("UNEXPECTED_INPUT_TYPE"), std::string::npos);
}

TEST(CollectionFunctionsTest, ArrayUtilities) {
  ASSERT_OK_AND_ASSIGN(auto arr, Call("array", {Str("b"), Null(), Str("a"), Str("b")}));
  EXPECT_EQ(CallValue("array_join", {arr, Str(",")}), Value::String("b,a,b"));
  EXPECT_EQ(CallValue("array_join", {arr, Str(","), Str("?")}), Value::String("b,?,a,b"));
  EXPECT_EQ(CallValue("sort_array", {arr}), L({Value(), Value::String("a"), Value::String("b"), Value::String("b")}));
  EXPECT_EQ(CallValue("sort_array", {arr, Bool(false)}),
            L({Value::String("b"), Value::String("b"), Value::String("a"), Value()}));
  EXPECT_EQ(CallValue("array_distinct", {arr}), L({Value::String("b"), Value(), Value::String("a")}));
  EXPECT_EQ(CallValue("array_max", {arr}), Value::String("b"));
  EXPECT_EQ(CallValue("array_min", {arr}), Value::String("a"));
  EXPECT_EQ(CallValue("array_position", {arr, Str("a")}), Value::Int(3));
  EXPECT_EQ(CallValue("reverse", {arr}), L({Value::String("b"), Value::String("a"), Value(), Value::String("b")}));
  ASSERT_OK_AND_ASSIGN(auto nums, Call("array", {Int(1), Int(2), Int(3), Int(4)}));
  EXPECT_EQ(CallValue("slice", {nums, Int(2), Int(2)}), L({Value::Int(2), Value::Int(3)}));
  EXPECT_EQ(CallValue("slice", {nums, Int(-2), Int(5)}), L({Value::Int(3), Value::Int(4)}));
}

TEST(CollectionFunctionsTest, Sequence) {
  EXPECT_EQ(CallValue("sequence", {Int(1), Int(5), Int(2)}), L({Value::Int(1), Value::Int(3), Value::Int(5)}));
  EXPECT_EQ(CallValue("sequence", {Int(3), Int(1)}), L({Value::Int(3), Value::Int(2), Value::Int(1)}));
  EXPECT_EQ(CallValue("sequence", {Int(2), Int(2), Int(0)}), L({Value::Int(2)}));
  ASSERT_OK_AND_ASSIGN(auto longs, Call("sequence", {Big(9223372036854775806LL), Big(9223372036854775807LL)}));
  EXPECT_EQ(longs->type()->ToString(), "ARRAY<BIGINT>");
  EXPECT_EQ(Eval1(longs), L({Value::Int(9223372036854775806LL), Value::Int(9223372036854775807LL)}));
  EXPECT_TRUE(CallValue("sequence", {Int(1), Null()}).is_null());
  ASSERT_OK_AND_ASSIGN(auto wrong_way, Call("sequence", {Int(1), Int(5), Int(-1)}));
  auto one_row = Rows("x INT", {{Value::Int(0)}});
  EXPECT_NE(EvalError(wrong_way, *one_row).find("Illegal sequence boundaries: 1 to 5 by -1"), std::string::npos);
  EXPECT_NE(BindError("sequence", {Str("a"), Int(2)}).find("BIGINT"), std::string::npos);
}

}  // namespace
}  // namespace sluice::expr
