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

// Structs of fixed-width fields take a fast path that must give exactly the hash of
// their encoded bytes (shuffle partitions of existing checkpoints depend on it).
TEST(HashTest, FixedWidthStructHashesItsEncodedBytes) {
  auto schema = std::make_shared<Schema>(
      Schema::Parse("w STRUCT<start: TIMESTAMP, end: TIMESTAMP>, m STRUCT<a: DOUBLE, b: INT, c: BOOLEAN, d: DATE>")
          .value());
  using L = Value::List;
  std::vector<Row> rows = {
      {Value::MakeList(L{Value::Int(0), Value::Int(10000000)}),
       Value::MakeList(L{Value::Double(-0.0), Value::Int(7), Value::Bool(true), Value::Int(19000)})},
      {Value::MakeList(L{Value::Int(-5), Value()}), Value::MakeList(L{Value(), Value::Int(-1), Value(), Value()})},
      {Value(), Value::MakeList(L{Value::Double(0.0), Value::Int(7), Value::Bool(true), Value::Int(19000)})},
      {Value::MakeList(L{Value::Int(0), Value::Int(10000000)}), Value()},
  };
  BatchPtr b = Batch::FromRows(schema, rows);
  for (int c = 0; c < 2; ++c) {
    const Column& column = *b->column(c);
    for (bool combine : {false, true}) {
      std::vector<uint64_t> h(rows.size(), 12345);
      HashColumn(column, h.data(), combine);
      for (size_t i = 0; i < rows.size(); ++i) {
        if (column.IsNull(static_cast<int64_t>(i))) continue;
        std::string bytes;
        EncodeValue(column, static_cast<int64_t>(i), &bytes);
        uint64_t expected = combine ? HashCombine(12345, HashBytes(bytes)) : HashBytes(bytes);
        EXPECT_EQ(h[i], expected) << "column " << c << " row " << i << " combine " << combine;
      }
    }
  }
  std::vector<uint64_t> h(rows.size());
  HashColumn(*b->column(1), h.data(), false);
  EXPECT_EQ(h[0], h[2]);  // -0.0 and 0.0 hash alike
  HashColumn(*b->column(0), h.data(), false);
  EXPECT_EQ(h[0], h[3]);
  EXPECT_NE(h[0], h[1]);
}

}  // namespace
}  // namespace sluice::types
