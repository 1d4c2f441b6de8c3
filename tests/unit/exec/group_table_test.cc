#include <gtest/gtest.h>

#include <optional>
#include <set>
#include <string>

#include "sluice/exec/group_table.h"
#include "sluice/types/batch.h"
#include "sluice/types/row_codec.h"
#include "test_util.h"

namespace sluice::exec {
namespace {

TEST(GroupTableTest, IntegralKeysGetDenseIdsInFirstSeenOrder) {
  GroupTable table({types::DataType::Bigint()});
  ASSERT_OK_AND_ASSIGN(types::BatchPtr b, types::Batch::FromPretty("BIGINT\n7\n3\n7\n9\n3"));
  std::vector<int32_t> ids(5), fresh;
  table.FindOrInsert({b->column(0)}, 5, ids.data(), &fresh);
  EXPECT_EQ(ids, (std::vector<int32_t>{0, 1, 0, 2, 1}));
  // The first row of each new group, in id order.
  EXPECT_EQ(fresh, (std::vector<int32_t>{0, 1, 3}));
  // The encoded key restores the same group.
  EXPECT_EQ(table.InsertEncoded(table.EncodedKey(2)), 2);
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

namespace sluice::exec {
namespace {

// Fixed-width composite keys take the integer path when a batch has no NULLs and the
// encoded path otherwise; both (and state restore) must find the same groups.
TEST(GroupTableTest, FixedWidthCompositeKeysAgreeAcrossPaths) {
  auto window = types::DataType::Struct({{"start", types::DataType::Timestamp(), true},
                                         {"end", types::DataType::Timestamp(), true}});
  GroupTable table({window, types::DataType::Bigint()});
  auto make = [&](const std::vector<types::Row>& rows) {
    auto schema = std::make_shared<types::Schema>(
        std::vector<types::StructField>{{"w", window, true}, {"k", types::DataType::Bigint(), true}});
    return types::Batch::FromRows(schema, rows);
  };
  using types::Value;
  auto w = [](int64_t s) { return Value::MakeList({Value::Int(s), Value::Int(s + 10)}); };
  auto clean = make({{w(0), Value::Int(1)}, {w(10), Value::Int(1)}, {w(0), Value::Int(1)}, {w(0), Value::Int(2)}});
  std::vector<int32_t> ids(4), fresh;
  table.FindOrInsert({clean->column(0), clean->column(1)}, 4, ids.data(), &fresh);
  EXPECT_EQ(ids, (std::vector<int32_t>{0, 1, 0, 2}));
  // A batch with a NULL key goes through the encoded path and still finds the old groups.
  auto with_null = make({{w(10), Value::Int(1)}, {w(0), Value()}, {w(0), Value::Int(2)}});
  std::vector<int32_t> ids2(3);
  fresh.clear();
  table.FindOrInsert({with_null->column(0), with_null->column(1)}, 3, ids2.data(), &fresh);
  EXPECT_EQ(ids2, (std::vector<int32_t>{1, 3, 2}));
  // Restoring an encoded key finds its group; the integer path finds the NULL-free ones.
  EXPECT_EQ(table.InsertEncoded(table.EncodedKey(2)), 2);
  EXPECT_EQ(table.InsertEncoded(table.EncodedKey(3)), 3);
  std::vector<int32_t> found(4);
  table.Find({clean->column(0), clean->column(1)}, 4, found.data());
  EXPECT_EQ(found, (std::vector<int32_t>{0, 1, 0, 2}));
  // A restored table (keys inserted from bytes first) agrees with the integer path.
  GroupTable restored({window, types::DataType::Bigint()});
  for (int g = 0; g < 4; ++g) EXPECT_EQ(restored.InsertEncoded(table.EncodedKey(g)), g);
  std::vector<int32_t> again(4);
  fresh.clear();
  restored.FindOrInsert({clean->column(0), clean->column(1)}, 4, again.data(), &fresh);
  EXPECT_EQ(again, (std::vector<int32_t>{0, 1, 0, 2}));
  EXPECT_TRUE(fresh.empty());
}

}  // namespace
}  // namespace sluice::exec

namespace sluice::exec {
namespace {

// Keys span several probe chunks and make the table grow; the words of every group
// must encode to exactly what types::EncodeValue writes (state store keys).
TEST(GroupTableTest, FixedKeysAcrossChunksEncodeLikeTheRowCodec) {
  auto window = types::DataType::Struct({{"start", types::DataType::Timestamp(), true},
                                         {"end", types::DataType::Timestamp(), true}});
  GroupTable table({window, types::DataType::Int(), types::DataType::Boolean(), types::DataType::Double()});
  const int n = 5000;
  auto w = types::Column::Make(window, n);
  auto k = types::Column::Make(types::DataType::Int(), n);
  auto b = types::Column::Make(types::DataType::Boolean(), n);
  auto d = types::Column::Make(types::DataType::Double(), n);
  for (int r = 0; r < n; ++r) {
    w->mutable_children()[0]->data<int64_t>()[r] = (r % 7) * 1000;
    w->mutable_children()[1]->data<int64_t>()[r] = (r % 7) * 1000 + 1000;
    k->data<int32_t>()[r] = -(r % 300);
    b->data<uint8_t>()[r] = r % 2;
    d->data<double>()[r] = (r % 3 == 0) ? -0.0 : (r % 3 == 1 ? 0.0 : 2.5);
  }
  std::vector<int32_t> ids(n), fresh;
  table.FindOrInsert({w, k, b, d}, n, ids.data(), &fresh);
  // -0.0 and 0.0 are one key; (r % 7, r % 300, r % 2, r % 3 == 2) repeats every 4200 rows.
  std::set<std::string> distinct;
  for (int r = 0; r < n; ++r) {
    std::string bytes;
    types::EncodeValue(*w, r, &bytes);
    types::EncodeValue(*k, r, &bytes);
    types::EncodeValue(*b, r, &bytes);
    types::EncodeValue(*d, r, &bytes);
    distinct.insert(bytes);
    ASSERT_EQ(table.EncodedKey(ids[r]), bytes) << "row " << r;
  }
  EXPECT_EQ(table.num_groups(), static_cast<int64_t>(distinct.size()));
  ASSERT_EQ(fresh.size(), distinct.size());
  for (size_t g = 0; g < fresh.size(); ++g) EXPECT_EQ(ids[fresh[g]], static_cast<int32_t>(g));
  std::vector<int32_t> found(n);
  table.Find({w, k, b, d}, n, found.data());
  EXPECT_EQ(found, ids);
}

// A struct key with a NULL field is a group of its own that Find still matches; a
// NULL key column never matches in Find. Compact keeps both kinds of groups.
TEST(GroupTableTest, NullBearingFixedKeysSurviveCompact) {
  auto pair = types::DataType::Struct({{"a", types::DataType::Bigint(), true}, {"b", types::DataType::Bigint(), true}});
  GroupTable table({pair});
  auto s = std::make_shared<types::Column>(pair);
  auto add = [&](std::optional<int64_t> a, std::optional<int64_t> b) {
    s->AppendValue(types::Value::MakeList({a ? types::Value::Int(*a) : types::Value(),
                                           b ? types::Value::Int(*b) : types::Value()}));
  };
  add(1, 2);
  add(1, std::nullopt);
  add(3, 4);
  add(1, std::nullopt);
  s->AppendNull();
  std::vector<int32_t> ids(5), fresh, remap;
  table.FindOrInsert({s}, 5, ids.data(), &fresh);
  EXPECT_EQ(ids, (std::vector<int32_t>{0, 1, 2, 1, 3}));
  std::vector<int32_t> found(5);
  table.Find({s}, 5, found.data());
  EXPECT_EQ(found, (std::vector<int32_t>{0, 1, 2, 1, -1}));
  table.Compact({0, 1, 1, 1}, &remap);
  EXPECT_EQ(remap, (std::vector<int32_t>{-1, 0, 1, 2}));
  table.Find({s}, 5, found.data());
  EXPECT_EQ(found, (std::vector<int32_t>{-1, 0, 1, 0, -1}));
  std::string bytes;
  types::EncodeValue(*s, 1, &bytes);
  EXPECT_EQ(table.EncodedKey(0), bytes);
  EXPECT_EQ(table.InsertEncoded(bytes), 0);
  EXPECT_EQ(table.InsertEncoded(table.EncodedKey(1)), 1);
}

TEST(GroupTableTest, EncodedKeysRoundTripAfterCompact) {
  GroupTable table({types::DataType::String()});
  ASSERT_OK_AND_ASSIGN(types::BatchPtr b, types::Batch::FromPretty("STRING\nx\ny\n.\nz\ny"));
  std::vector<int32_t> ids(5), fresh, remap;
  table.FindOrInsert({b->column(0)}, 5, ids.data(), &fresh);
  EXPECT_EQ(ids, (std::vector<int32_t>{0, 1, 2, 3, 1}));
  EXPECT_EQ(fresh, (std::vector<int32_t>{0, 1, 2, 3}));
  table.Compact({1, 0, 1, 1}, &remap);
  std::vector<int32_t> found(5);
  table.Find({b->column(0)}, 5, found.data());
  EXPECT_EQ(found, (std::vector<int32_t>{0, -1, -1, 2, -1}));
  std::string z;
  types::EncodeValue(*b->column(0), 3, &z);
  EXPECT_EQ(table.EncodedKey(2), z);
  EXPECT_EQ(table.InsertEncoded(z), 2);
}

}  // namespace
}  // namespace sluice::exec
