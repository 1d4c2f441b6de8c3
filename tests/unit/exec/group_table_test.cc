#include <gtest/gtest.h>

#include "sluice/exec/group_table.h"
#include "sluice/types/batch.h"
#include "test_util.h"

namespace sluice::exec {
namespace {

TEST(GroupTableTest, IntegralKeysGetDenseIdsInFirstSeenOrder) {
  GroupTable table({types::DataType::Bigint()});
  ASSERT_OK_AND_ASSIGN(types::BatchPtr b, types::Batch::FromPretty("BIGINT\n7\n3\n7\n9\n3"));
  std::vector<int32_t> ids(5), fresh;
  table.FindOrInsert({b->column(0)}, 5, ids.data(), &fresh);
  EXPECT_EQ(ids, (std::vector<int32_t>{0, 1, 0, 2, 1}));
  EXPECT_EQ(fresh, (std::vector<int32_t>{0, 1, 2}));
  // The encoded key restores the same group.
  EXPECT_EQ(table.InsertEncoded(table.encoded_key(2)), 2);
}

TEST(GroupTableTest, NullIsItsOwnGroupAndNeverMatchesInFind) {
  GroupTable table({types::DataType::Bigint()});
  ASSERT_OK_AND_ASSIGN(types::BatchPtr b, types::Batch::FromPretty("BIGINT\n1\n.\n1\n."));
  std::vector<int32_t> ids(4), fresh;
  table.FindOrInsert({b->column(0)}, 4, ids.data(), &fresh);
  EXPECT_EQ(ids, (std::vector<int32_t>{0, 1, 0, 1}));
  std::vector<int32_t> found(4);
  table.Find({b->column(0)}, 4, found.data());
  EXPECT_EQ(found, (std::vector<int32_t>{0, -1, 0, -1}));
}

TEST(GroupTableTest, CompositeKeysAndGrowth) {
  GroupTable table({types::DataType::String(), types::DataType::Int()});
  auto s = std::make_shared<types::Column>(types::DataType::String());
  auto i = std::make_shared<types::Column>(types::DataType::Int());
  const int n = 5000;
  for (int r = 0; r < n; ++r) {
    s->AppendString("k" + std::to_string(r % 1501));
    i->AppendInt32(r % 2);
  }
  std::vector<int32_t> ids(n), fresh;
  table.FindOrInsert({s, i}, n, ids.data(), &fresh);
  // (r % 1501, r % 2) takes 3000 distinct values for r < 5000.
  EXPECT_EQ(table.num_groups(), 3002);
  for (int r = 0; r + 3002 < n; ++r) EXPECT_EQ(ids[r], ids[r + 3002]);
}

TEST(GroupTableTest, CompactKeepsSurvivors) {
  GroupTable table({types::DataType::Bigint()});
  ASSERT_OK_AND_ASSIGN(types::BatchPtr b, types::Batch::FromPretty("BIGINT\n10\n20\n30"));
  std::vector<int32_t> ids(3), fresh, remap;
  table.FindOrInsert({b->column(0)}, 3, ids.data(), &fresh);
  table.Compact({1, 0, 1}, &remap);
  EXPECT_EQ(remap, (std::vector<int32_t>{0, -1, 1}));
  std::vector<int32_t> found(3);
  table.Find({b->column(0)}, 3, found.data());
  EXPECT_EQ(found, (std::vector<int32_t>{0, -1, 1}));
}

}  // namespace
}  // namespace sluice::exec
