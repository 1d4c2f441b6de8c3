#include <gtest/gtest.h>

#include "sluice/types/batch.h"
#include "sluice/types/hash.h"
#include "sluice/types/row_codec.h"
#include "test_util.h"

namespace sluice::types {
namespace {

TEST(SchemaTest, ParsesSparkDdl) {
  ASSERT_OK_AND_ASSIGN(Schema s, Schema::Parse("user STRING, ts TIMESTAMP, tags ARRAY<STRING>, w STRUCT<start: TIMESTAMP, end: TIMESTAMP>"));
  ASSERT_EQ(s.num_fields(), 4u);
  EXPECT_EQ(s.field(2).type->ToString(), "ARRAY<STRING>");
  EXPECT_EQ(s.field(3).type->SimpleString(), "struct<start:timestamp,end:timestamp>");
  EXPECT_EQ(s.FieldIndex("TS"), 1);
}

TEST(SchemaTest, ErrorNamesPositionAndExpectation) {
  auto r = Schema::Parse("user STRNG");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("position 6"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("expected a type"), std::string::npos);
}

TEST(ColumnTest, NullsAndValues) {
  auto c = std::make_shared<Column>(DataType::Bigint());
  c->AppendInt64(1);
  c->AppendNull();
  c->AppendInt64(3);
  EXPECT_EQ(c->size(), 3);
  EXPECT_FALSE(c->IsNull(0));
  EXPECT_TRUE(c->IsNull(1));
  EXPECT_FALSE(c->IsNull(2));
  EXPECT_EQ(c->GetValue(2), Value::Int(3));
  auto null_col = Column::MakeNull(DataType::String(), 2);
  null_col->AppendString("x");
  EXPECT_TRUE(null_col->IsNull(1));
  EXPECT_FALSE(null_col->IsNull(2));
}

TEST(BatchTest, FromPrettyRoundTripsThroughCodec) {
  ASSERT_OK_AND_ASSIGN(BatchPtr b, Batch::FromPretty("BIGINT STRING\n1 a\n2 .\n. c"));
  ASSERT_EQ(b->num_rows(), 3);
  std::string bytes;
  SerializeBatch(*b, &bytes);
  ASSERT_OK_AND_ASSIGN(BatchPtr back, DeserializeBatch(b->schema(), bytes));
  EXPECT_EQ(back->ToRows(), b->ToRows());
  auto bad = DeserializeBatch(b->schema(), bytes.substr(0, bytes.size() - 1));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kCorruption);
}

TEST(BatchTest, FilterAndGather) {
  ASSERT_OK_AND_ASSIGN(BatchPtr b, Batch::FromPretty("BIGINT INT\n1 10\n2 20\n3 30"));
  uint8_t keep[] = {1, 0, 1};
  auto c = b->column(0)->Filter(keep, 2);
  EXPECT_EQ(c->GetValue(1), Value::Int(3));
  auto g = b->Gather({2, 0});
  EXPECT_EQ(g->GetRow(0), (Row{Value::Int(3), Value::Int(30)}));
}

TEST(ValueTest, SparkDoubleFormatting) {
  EXPECT_EQ(FormatDouble(6.0), "6.0");
  EXPECT_EQ(FormatDouble(0.1), "0.1");
  EXPECT_EQ(FormatDouble(1e10), "1.0E10");
  EXPECT_EQ(FormatDouble(123.456), "123.456");
  EXPECT_EQ(FormatDouble(-2.5e-5), "-2.5E-5");
}

TEST(HashTest, EqualValuesHashEqual) {
  ASSERT_OK_AND_ASSIGN(BatchPtr b, Batch::FromPretty("STRING\nab\ncd\nab"));
  std::vector<uint64_t> h(3);
  HashColumn(*b->column(0), h.data(), false);
  EXPECT_EQ(h[0], h[2]);
  EXPECT_NE(h[0], h[1]);
}

}  // namespace
}  // namespace sluice::types
