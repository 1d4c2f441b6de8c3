#include <gtest/gtest.h>

#include <thread>

#include "sluice/connectors/memory/memory_sink.h"
#include "test_util.h"

namespace sluice::connectors {
namespace {

using types::Row;
using types::Value;

types::BatchPtr Rows(std::vector<int64_t> values) {
  auto schema = std::make_shared<types::Schema>(*types::Schema::Parse("value BIGINT"));
  std::vector<Row> rows;
  for (int64_t v : values) rows.push_back({Value::Int(v)});
  return types::Batch::FromRows(schema, rows);
}

std::vector<Row> Expect(std::vector<int64_t> values) { return Rows(std::move(values))->ToRows(); }

TEST(MemorySinkTest, AppendModeKeepsEveryBatchInOrder) {
  MemorySink sink;
  EXPECT_EQ(sink.LatestBatchId(), std::nullopt);
  EXPECT_EQ(sink.schema(), nullptr);
  ASSERT_OK(sink.AddBatch(0, {Rows({1, 2}), Rows({3})}, OutputMode::kAppend));
  ASSERT_OK(sink.AddBatch(1, {Rows({}), Rows({4})}, OutputMode::kAppend));
  EXPECT_EQ(sink.AllRows(), Expect({1, 2, 3, 4}));
  EXPECT_EQ(sink.RowsOfBatch(0), Expect({1, 2, 3}));
  EXPECT_EQ(sink.RowsOfBatch(1), Expect({4}));
  EXPECT_EQ(sink.RowsOfBatch(7), Expect({}));
  EXPECT_EQ(sink.RowsSinceBatch(0), Expect({4}));
  EXPECT_EQ(sink.LatestBatchId(), 1);
  EXPECT_EQ(sink.Snapshot().size(), 3u);  // empty partitions are not kept
  EXPECT_EQ(sink.num_rows(), 4);
  ASSERT_NE(sink.schema(), nullptr);
  EXPECT_EQ(sink.schema()->ToString(), "value BIGINT");
}

TEST(MemorySinkTest, ReplayedBatchIdsAreIgnored) {
  MemorySink sink;
  ASSERT_OK(sink.AddBatch(0, {Rows({1})}, OutputMode::kAppend));
  ASSERT_OK(sink.AddBatch(1, {Rows({2})}, OutputMode::kAppend));
  // After a restart the last batch is replayed with the same rows: not added twice.
  ASSERT_OK(sink.AddBatch(1, {Rows({2})}, OutputMode::kAppend));
  // Spark's MemorySink only accepts ids beyond the latest one.
  ASSERT_OK(sink.AddBatch(0, {Rows({9})}, OutputMode::kAppend));
  EXPECT_EQ(sink.AllRows(), Expect({1, 2}));
  EXPECT_TRUE(sink.idempotent());
  EXPECT_EQ(sink.Description(), "MemorySink");
}

TEST(MemorySinkTest, CompleteModeReplacesTheTable) {
  MemorySink sink;
  ASSERT_OK(sink.AddBatch(0, {Rows({1}), Rows({2})}, OutputMode::kComplete));
  ASSERT_OK(sink.AddBatch(1, {Rows({1}), Rows({2, 3})}, OutputMode::kComplete));
  EXPECT_EQ(sink.AllRows(), Expect({1, 2, 3}));
  EXPECT_EQ(sink.RowsOfBatch(0), Expect({}));  // replaced
  EXPECT_EQ(sink.RowsOfBatch(1), Expect({1, 2, 3}));
  ASSERT_OK(sink.AddBatch(1, {Rows({5})}, OutputMode::kComplete));  // replay ignored
  EXPECT_EQ(sink.AllRows(), Expect({1, 2, 3}));
  ASSERT_OK(sink.AddBatch(2, {Rows({})}, OutputMode::kComplete));  // an empty result empties the table
  EXPECT_EQ(sink.AllRows(), Expect({}));
  EXPECT_EQ(sink.LatestBatchId(), 2);
}

TEST(MemorySinkTest, ClearForgetsRowsAndBatchIds) {
  MemorySink sink;
  ASSERT_OK(sink.AddBatch(3, {Rows({1})}, OutputMode::kAppend));
  sink.Clear();
  EXPECT_EQ(sink.AllRows(), Expect({}));
  ASSERT_OK(sink.AddBatch(0, {Rows({2})}, OutputMode::kAppend));
  EXPECT_EQ(sink.AllRows(), Expect({2}));
}

TEST(MemorySinkTest, ReadsWhileWriting) {
  MemorySink sink;
  std::thread writer([&sink] {
    for (int64_t id = 0; id < 200; ++id) ASSERT_TRUE(sink.AddBatch(id, {Rows({id})}, OutputMode::kAppend).ok());
  });
  int64_t seen = 0;
  while (seen < 200) {
    auto rows = sink.AllRows();
    ASSERT_GE(static_cast<int64_t>(rows.size()), seen);  // the table only grows
    seen = static_cast<int64_t>(rows.size());
    for (int64_t i = 0; i < seen; ++i) ASSERT_EQ(rows[i][0], Value::Int(i));
  }
  writer.join();
}

}  // namespace
}  // namespace sluice::connectors
