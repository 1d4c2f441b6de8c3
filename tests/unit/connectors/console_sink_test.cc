#include <gtest/gtest.h>

#include <sstream>

#include "sluice/common/time.h"
#include "sluice/connectors/console/console_sink.h"
#include "sluice/connectors/console/show_string.h"
#include "test_util.h"

namespace sluice::connectors {
namespace {

using types::Row;
using types::Value;

types::SchemaPtr SchemaOf(const std::string& ddl) {
  return std::make_shared<types::Schema>(*types::Schema::Parse(ddl));
}

const char kHeader0[] =
    "-------------------------------------------\n"
    "Batch: 0\n"
    "-------------------------------------------\n";

TEST(ConsoleSinkTest, PrintsSparksFormatExactly) {
  std::ostringstream out;
  ConsoleSink sink(20, true, TimeZone{}, &out);
  auto schema = SchemaOf("value BIGINT, name STRING");
  auto first = types::Batch::FromRows(schema, {{Value::Int(1), Value::String("a")}, {Value::Int(2), Value::Null()}});
  auto second = types::Batch::FromRows(
      schema, {{Value::Int(3), Value::String("a long string of more than twenty characters")}});
  ASSERT_OK(sink.AddBatch(0, {first, second}, OutputMode::kAppend));
  EXPECT_EQ(out.str(), std::string(kHeader0) +
                           "+-----+--------------------+\n"
                           "|value|                name|\n"
                           "+-----+--------------------+\n"
                           "|    1|                   a|\n"
                           "|    2|                NULL|\n"
                           "|    3|a long string of ...|\n"
                           "+-----+--------------------+\n"
                           "\n");
}

TEST(ConsoleSinkTest, TruncateFalseLeftAlignsAndKeepsWholeCells) {
  std::ostringstream out;
  ConsoleSink sink(20, false, TimeZone{}, &out);
  auto schema = SchemaOf("value BIGINT, name STRING");
  auto batch = types::Batch::FromRows(
      schema, {{Value::Int(1), Value::String("a long string of more than twenty characters")}});
  ASSERT_OK(sink.AddBatch(4, {batch}, OutputMode::kUpdate));
  EXPECT_EQ(out.str(),
            "-------------------------------------------\n"
            "Batch: 4\n"
            "-------------------------------------------\n"
            "+-----+--------------------------------------------+\n"
            "|value|name                                        |\n"
            "+-----+--------------------------------------------+\n"
            "|1    |a long string of more than twenty characters|\n"
            "+-----+--------------------------------------------+\n"
            "\n");
}

TEST(ConsoleSinkTest, MoreRowsThanNumRowsPrintsFooter) {
  std::ostringstream out;
  ConsoleSink sink(2, true, TimeZone{}, &out);
  auto schema = SchemaOf("a INT");
  auto batch = types::Batch::FromRows(schema, {{Value::Int(1)}, {Value::Int(2)}, {Value::Int(300000)}});
  ASSERT_OK(sink.AddBatch(0, {batch}, OutputMode::kAppend));
  // The hidden third row does not widen the column.
  EXPECT_EQ(out.str(), std::string(kHeader0) +
                           "+---+\n"
                           "|  a|\n"
                           "+---+\n"
                           "|  1|\n"
                           "|  2|\n"
                           "+---+\n"
                           "only showing top 2 rows\n"
                           "\n");
  auto one = ShowString(*schema, {batch}, 1, 20, TimeZone{});
  EXPECT_EQ(one, "+---+\n|  a|\n+---+\n|  1|\n+---+\nonly showing top 1 row\n");
  auto zero = ShowString(*schema, {batch}, -5, 20, TimeZone{});
  EXPECT_EQ(zero, "+---+\n|  a|\n+---+\n+---+\nonly showing top 0 rows\n");
}

TEST(ConsoleSinkTest, EmptyBatchPrintsHeaderAndEmptyTable) {
  std::ostringstream out;
  ConsoleSink sink(20, true, TimeZone{}, &out);
  auto schema = SchemaOf("value BIGINT");
  ASSERT_OK(sink.AddBatch(0, {types::Batch::Empty(schema)}, OutputMode::kAppend));
  // Spark prints the closing border right after the header's: `+-----+` twice.
  EXPECT_EQ(out.str(), std::string(kHeader0) + "+-----+\n|value|\n+-----+\n+-----+\n\n");
}

TEST(ConsoleSinkTest, NoColumnsAtAll) {
  std::ostringstream out;
  ConsoleSink sink(20, true, TimeZone{}, &out);
  ASSERT_OK(sink.AddBatch(0, {}, OutputMode::kAppend));
  // Spark's emptyDataFrame.show().
  EXPECT_EQ(out.str(), std::string(kHeader0) + "++\n||\n++\n++\n\n");
}

TEST(ConsoleSinkTest, SchemaIsRememberedForBatchesWithoutPartitions) {
  std::ostringstream out;
  ConsoleSink sink(20, true, TimeZone{}, &out, SchemaOf("value BIGINT"));
  ASSERT_OK(sink.AddBatch(1, {}, OutputMode::kAppend));
  EXPECT_NE(out.str().find("|value|\n"), std::string::npos) << out.str();
}

TEST(ConsoleSinkTest, TimestampsUseTheSessionTimeZone) {
  std::ostringstream out;
  ASSERT_OK_AND_ASSIGN(TimeZone tz, TimeZone::Parse("+08:00"));
  ConsoleSink sink(20, true, tz, &out);
  auto schema = SchemaOf("ts TIMESTAMP, ok BOOLEAN, d DOUBLE");
  auto batch = types::Batch::FromRows(
      schema, {{Value::Int(5 * kMicrosPerSecond), Value::Bool(true), Value::Double(1.0)}});
  ASSERT_OK(sink.AddBatch(0, {batch}, OutputMode::kAppend));
  EXPECT_EQ(out.str(), std::string(kHeader0) +
                           "+-------------------+----+---+\n"
                           "|                 ts|  ok|  d|\n"
                           "+-------------------+----+---+\n"
                           "|1970-01-01 08:00:05|true|1.0|\n"
                           "+-------------------+----+---+\n"
                           "\n");
}

TEST(ConsoleSinkTest, EscapesControlCharactersAndCountsFullWidthCharacters) {
  auto schema = SchemaOf("s STRING");
  auto batch = types::Batch::FromRows(schema, {{Value::String("x\ny")}, {Value::String("日本")}});
  // "日本" is 2 chars but 4 columns wide (Spark's stringHalfWidth).
  EXPECT_EQ(ShowString(*schema, {batch}, 20, 20, TimeZone{}),
            "+----+\n"
            "|   s|\n"
            "+----+\n"
            "|x\\ny|\n"
            "|日本|\n"
            "+----+\n");
  // Truncation counts characters, not bytes.
  auto wide = types::Batch::FromRows(schema, {{Value::String("ééééééééééééééééééééé")}});  // 21 chars
  std::string table = ShowString(*schema, {wide}, 20, 20, TimeZone{});
  EXPECT_NE(table.find("|ééééééééééééééééé...|"), std::string::npos) << table;
}

TEST(ConsoleSinkTest, ShortTruncateHasNoEllipsis) {
  auto schema = SchemaOf("s STRING");
  auto batch = types::Batch::FromRows(schema, {{Value::String("abcdef")}});
  EXPECT_EQ(ShowString(*schema, {batch}, 20, 3, TimeZone{}), "+---+\n|  s|\n+---+\n|abc|\n+---+\n");
  EXPECT_EQ(ShowString(*schema, {batch}, 20, 5, TimeZone{}), "+-----+\n|    s|\n+-----+\n|ab...|\n+-----+\n");
}

TEST(ConsoleSinkTest, IsNotIdempotentAndHasSparksDescription) {
  std::ostringstream out;
  ConsoleSink sink(20, true, TimeZone{}, &out);
  EXPECT_FALSE(sink.idempotent());
  EXPECT_EQ(sink.Description(), "org.apache.spark.sql.execution.streaming.ConsoleTable$");
  auto batch = types::Batch::FromRows(SchemaOf("a INT"), {{Value::Int(1)}});
  ASSERT_OK(sink.AddBatch(0, {batch}, OutputMode::kAppend));
  ASSERT_OK(sink.AddBatch(0, {batch}, OutputMode::kAppend));  // a replay prints again
  std::string text = out.str();
  EXPECT_EQ(text.substr(text.size() / 2), text.substr(0, text.size() / 2));
}

}  // namespace
}  // namespace sluice::connectors
