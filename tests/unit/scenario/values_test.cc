#include "sluice/scenario/values.h"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "test_util.h"

namespace sluice::scenario {
namespace {

using types::DataType;
using types::Value;

types::Schema MakeSchema(const std::string& ddl) {
  auto s = types::Schema::Parse(ddl);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return s.ok() ? *s : types::Schema();
}

TimeZone Utc() { return *TimeZone::Parse("UTC"); }

TEST(ValuesTest, JsonToRowConvertsEveryType) {
  types::Schema schema = MakeSchema(
      "i INT, b BIGINT, d DOUBLE, s STRING, f BOOLEAN, ts TIMESTAMP, dt DATE, w STRUCT<start: TIMESTAMP, end: "
      "TIMESTAMP>, a ARRAY<INT>");
  Json row = Json::parse(R"([1, 9007199254740993, 2, "x", true, "1970-01-01 00:00:05.5", "1970-01-02",
                             {"start": "1970-01-01 00:00:00", "end": "1970-01-01 00:00:10"}, [1, null, 3]])");
  ASSERT_OK_AND_ASSIGN(types::Row r, JsonToRow(row, schema, Utc()));
  ASSERT_EQ(r.size(), 9u);
  EXPECT_EQ(r[0], Value::Int(1));
  EXPECT_EQ(r[1], Value::Int(9007199254740993LL));
  EXPECT_EQ(r[2], Value::Double(2.0));  // an integer in a DOUBLE column becomes a double
  EXPECT_EQ(r[3], Value::String("x"));
  EXPECT_EQ(r[4], Value::Bool(true));
  EXPECT_EQ(r[5], Value::Int(5500000));
  EXPECT_EQ(r[6], Value::Int(1));
  EXPECT_EQ(r[7], Value::MakeList({Value::Int(0), Value::Int(10 * kMicrosPerSecond)}));
  EXPECT_EQ(r[8], Value::MakeList({Value::Int(1), Value::Null(), Value::Int(3)}));
}

TEST(ValuesTest, NullsAndStructAsArray) {
  types::Schema schema = MakeSchema("i INT, w STRUCT<a: INT, b: STRING>");
  ASSERT_OK_AND_ASSIGN(types::Row r, JsonToRow(Json::parse(R"([null, [1, "q"]])"), schema, Utc()));
  EXPECT_TRUE(r[0].is_null());
  EXPECT_EQ(r[1], Value::MakeList({Value::Int(1), Value::String("q")}));
  // A struct object may leave fields out: they are null.
  ASSERT_OK_AND_ASSIGN(types::Row r2, JsonToRow(Json::parse(R"([1, {"b": "z"}])"), schema, Utc()));
  EXPECT_EQ(r2[1], Value::MakeList({Value::Null(), Value::String("z")}));
}

TEST(ValuesTest, TimestampsUseTheSessionTimeZone) {
  types::Schema schema = MakeSchema("ts TIMESTAMP");
  ASSERT_OK_AND_ASSIGN(TimeZone plus_one, TimeZone::Parse("+01:00"));
  ASSERT_OK_AND_ASSIGN(types::Row r, JsonToRow(Json::parse(R"(["1970-01-01 01:00:00"])"), schema, plus_one));
  EXPECT_EQ(r[0], Value::Int(0));
  EXPECT_EQ(ValueToJson(Value::Int(0), *DataType::Timestamp(), plus_one), Json("1970-01-01 01:00:00"));
}

TEST(ValuesTest, JsonToRowErrorsNameColumnAndValue) {
  types::Schema schema = MakeSchema("i INT, ts TIMESTAMP");
  auto wrong_width = JsonToRow(Json::parse("[1]"), schema, Utc());
  ASSERT_FALSE(wrong_width.ok());
  EXPECT_NE(wrong_width.status().message().find("has 1 values, but (i INT, ts TIMESTAMP) has 2 columns"),
            std::string::npos)
      << wrong_width.status().message();

  auto bad_int = JsonToRow(Json::parse(R"(["1", "1970-01-01 00:00:00"])"), schema, Utc());
  ASSERT_FALSE(bad_int.ok());
  EXPECT_EQ(bad_int.status().message(), "column 'i': expected an integer for INT, got \"1\"");

  auto bad_float = JsonToRow(Json::parse(R"([1.5, "1970-01-01 00:00:00"])"), schema, Utc());
  ASSERT_FALSE(bad_float.ok());

  auto bad_ts = JsonToRow(Json::parse(R"([1, "yesterday"])"), schema, Utc());
  ASSERT_FALSE(bad_ts.ok());
  EXPECT_NE(bad_ts.status().message().find("column 'ts': expected \"YYYY-MM-DD HH:MM:SS[.ffffff]\""),
            std::string::npos);

  auto rows = JsonToRows(Json::parse(R"([[1, null], [2, 3]])"), schema, Utc());
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.status().message().rfind("row 1: column 'ts'", 0), 0u) << rows.status().message();

  types::Schema st = MakeSchema("w STRUCT<a: INT>");
  auto unknown_field = JsonToRow(Json::parse(R"([{"b": 1}])"), st, Utc());
  ASSERT_FALSE(unknown_field.ok());
  EXPECT_NE(unknown_field.status().message().find("no field 'b'"), std::string::npos);
}

TEST(ValuesTest, ValueToJsonRendersEveryType) {
  TimeZone utc = Utc();
  EXPECT_EQ(ValueToJson(Value::Null(), *DataType::Int(), utc), Json(nullptr));
  EXPECT_EQ(ValueToJson(Value::Int(7), *DataType::Bigint(), utc), Json(7));
  EXPECT_TRUE(ValueToJson(Value::Int(7), *DataType::Bigint(), utc).is_number_integer());
  EXPECT_TRUE(ValueToJson(Value::Double(2.0), *DataType::Double(), utc).is_number_float());
  EXPECT_EQ(ValueToJson(Value::Double(std::nan("")), *DataType::Double(), utc), Json("NaN"));
  EXPECT_EQ(ValueToJson(Value::Double(-std::numeric_limits<double>::infinity()), *DataType::Double(), utc),
            Json("-Infinity"));
  EXPECT_EQ(ValueToJson(Value::String("s"), *DataType::String(), utc), Json("s"));
  EXPECT_EQ(ValueToJson(Value::Bool(false), *DataType::Boolean(), utc), Json(false));
  EXPECT_EQ(ValueToJson(Value::Int(1500000), *DataType::Timestamp(), utc), Json("1970-01-01 00:00:01.5"));
  EXPECT_EQ(ValueToJson(Value::Int(31), *DataType::Date(), utc), Json("1970-02-01"));
  auto window = DataType::Struct({{"start", DataType::Timestamp(), true}, {"end", DataType::Timestamp(), true}});
  Json w = ValueToJson(Value::MakeList({Value::Int(0), Value::Int(10 * kMicrosPerSecond)}), *window, utc);
  EXPECT_EQ(w.dump(), R"({"start":"1970-01-01 00:00:00","end":"1970-01-01 00:00:10"})");
  auto arr = DataType::Array(DataType::String());
  EXPECT_EQ(ValueToJson(Value::MakeList({Value::String("a"), Value::Null()}), *arr, utc).dump(), R"(["a",null])");
  // A value that does not fit its type is still shown (by its own kind), never a crash.
  EXPECT_EQ(ValueToJson(Value::String("odd"), *DataType::Int(), utc), Json("odd"));
}

TEST(ValuesTest, RowToJsonUsesTheSchema) {
  types::Schema schema = MakeSchema("ts TIMESTAMP, n BIGINT");
  Json row = RowToJson({Value::Int(0), Value::Int(3)}, schema, Utc());
  EXPECT_EQ(row.dump(), R"(["1970-01-01 00:00:00",3])");
}

TEST(ValuesTest, NormalizeExpectedRowCanonicalizesTimesOnly) {
  types::Schema schema = MakeSchema("ts TIMESTAMP, d DATE, s STRING, w STRUCT<start: TIMESTAMP>");
  Json row = Json::parse(
      R"(["2021-01-01 10:00:00.000", "2021-01-01", "2021-01-01 10:00:00.000", {"start": "2021-01-01 10:00:00.100"}])");
  Json normalized = NormalizeExpectedRow(row, schema, Utc());
  EXPECT_EQ(normalized.dump(),
            R"(["2021-01-01 10:00:00","2021-01-01","2021-01-01 10:00:00.000",{"start":"2021-01-01 10:00:00.1"}])");
  // Unparseable values and rows of another width stay as they are.
  EXPECT_EQ(NormalizeExpectedRow(Json::parse(R"(["nope", null, null, null])"), schema, Utc())[0], Json("nope"));
  EXPECT_EQ(NormalizeExpectedRow(Json::parse(R"(["2021-01-01 10:00:00.000"])"), schema, Utc())[0],
            Json("2021-01-01 10:00:00.000"));
}

TEST(ValuesTest, MatchingComparesNumbersNumerically) {
  EXPECT_TRUE(JsonValuesMatch(Json(3), Json(3.0)));
  EXPECT_TRUE(JsonValuesMatch(Json(3.0), Json(3)));
  EXPECT_TRUE(JsonValuesMatch(Json(0.1 + 0.2), Json(0.3)));  // within 1e-9 relative
  EXPECT_TRUE(JsonValuesMatch(Json(1e15), Json(1e15 + 0.5)));
  EXPECT_FALSE(JsonValuesMatch(Json(1.0), Json(1.00001)));
  EXPECT_FALSE(JsonValuesMatch(Json(3), Json(3.5)));
  EXPECT_FALSE(JsonValuesMatch(Json(0.0), Json(1e-12)));  // relative: nothing is close to zero but zero
  EXPECT_TRUE(JsonValuesMatch(Json(0), Json(-0.0)));
  // Two integers compare exactly, even where doubles could not tell them apart.
  EXPECT_FALSE(JsonValuesMatch(Json(9007199254740993LL), Json(9007199254740992LL)));
  EXPECT_TRUE(JsonValuesMatch(Json(5), Json(static_cast<uint64_t>(5))));
  EXPECT_FALSE(JsonValuesMatch(Json(-1), Json(std::numeric_limits<uint64_t>::max())));
}

TEST(ValuesTest, MatchingIsStrictForOtherKinds) {
  EXPECT_TRUE(JsonValuesMatch(Json("a"), Json("a")));
  EXPECT_FALSE(JsonValuesMatch(Json("a"), Json("A")));
  EXPECT_FALSE(JsonValuesMatch(Json("1"), Json(1)));
  EXPECT_FALSE(JsonValuesMatch(Json(nullptr), Json(0)));
  EXPECT_TRUE(JsonValuesMatch(Json(nullptr), Json(nullptr)));
  EXPECT_FALSE(JsonValuesMatch(Json(true), Json(1)));
  EXPECT_TRUE(JsonValuesMatch(Json::parse(R"([1, [2.0, "x"]])"), Json::parse(R"([1.0, [2, "x"]])")));
  EXPECT_FALSE(JsonValuesMatch(Json::parse("[1, 2]"), Json::parse("[1, 2, 3]")));
  // Objects match regardless of key order, but need the same keys.
  EXPECT_TRUE(JsonValuesMatch(Json::parse(R"({"a": 1, "b": 2})"), Json::parse(R"({"b": 2, "a": 1.0})")));
  EXPECT_FALSE(JsonValuesMatch(Json::parse(R"({"a": 1})"), Json::parse(R"({"a": 1, "b": 2})")));
}

TEST(ValuesTest, RenderJsonIsCompactAndReadable) {
  Json v = Json::parse(R"([1, "a\"b", null, 2.5, {"start": "x", "end": [true]}])");
  EXPECT_EQ(RenderJson(v), R"([1, "a\"b", null, 2.5, {"start": "x", "end": [true]}])");
  EXPECT_EQ(RenderJson(Json::array()), "[]");
  // Invalid UTF-8 (a BINARY value) is shown, not thrown.
  EXPECT_NO_THROW(RenderJson(Json(std::string("\xff\xfe"))));
}

}  // namespace
}  // namespace sluice::scenario
