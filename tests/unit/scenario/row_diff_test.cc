#include "sluice/scenario/row_diff.h"

#include <gtest/gtest.h>

namespace sluice::scenario {
namespace {

std::vector<Json> Rows(const std::string& text) {
  std::vector<Json> out;
  for (const auto& r : Json::parse(text)) out.push_back(r);
  return out;
}

TEST(RowDiffTest, UnorderedMatchesAsMultiset) {
  RowDiff d = DiffRows(Rows("[[1], [2], [3]]"), Rows("[[3], [1], [2]]"), false);
  EXPECT_TRUE(d.ok());
  EXPECT_EQ(d.expected_match, (std::vector<int64_t>{1, 2, 0}));
  EXPECT_EQ(d.actual_match, (std::vector<int64_t>{2, 0, 1}));
}

TEST(RowDiffTest, DuplicatesCount) {
  RowDiff d = DiffRows(Rows("[[1], [1], [2]]"), Rows("[[1], [2], [2]]"), false);
  EXPECT_FALSE(d.ok());
  EXPECT_EQ(d.num_missing, 1);
  EXPECT_EQ(d.num_extra, 1);
  EXPECT_EQ(d.expected_match, (std::vector<int64_t>{0, -1, 1}));
  EXPECT_EQ(d.actual_match, (std::vector<int64_t>{0, 2, -1}));
}

TEST(RowDiffTest, MissingAndExtraRows) {
  RowDiff d = DiffRows(Rows(R"([["a", 1], ["b", 2]])"), Rows(R"([["a", 1], ["b", 3], ["c", 4]])"), false);
  EXPECT_EQ(d.num_missing, 1);
  EXPECT_EQ(d.num_extra, 2);
  EXPECT_FALSE(d.same_rows_other_order);
}

TEST(RowDiffTest, ToleranceAppliesToLeftoverRows) {
  // 0.1 + 0.2 is not exactly 0.3, so the exact pass misses it and the pairwise pass finds it.
  std::vector<Json> actual = {Json::array({"x", 0.1 + 0.2}), Json::array({"y", 2.0})};
  RowDiff d = DiffRows(Rows(R"([["y", 2], ["x", 0.3]])"), actual, false);
  EXPECT_TRUE(d.ok());
  EXPECT_EQ(d.expected_match, (std::vector<int64_t>{1, 0}));
}

TEST(RowDiffTest, EmptySides) {
  EXPECT_TRUE(DiffRows({}, {}, false).ok());
  RowDiff d = DiffRows({}, Rows("[[1]]"), false);
  EXPECT_EQ(d.num_extra, 1);
  EXPECT_EQ(d.num_missing, 0);
}

TEST(RowDiffTest, OrderedComparesPositions) {
  EXPECT_TRUE(DiffRows(Rows("[[1], [2]]"), Rows("[[1], [2]]"), true).ok());
  RowDiff d = DiffRows(Rows("[[1], [2]]"), Rows("[[2], [1]]"), true);
  EXPECT_FALSE(d.ok());
  EXPECT_EQ(d.num_missing, 2);
  EXPECT_EQ(d.num_extra, 2);
  EXPECT_TRUE(d.same_rows_other_order);

  RowDiff shorter = DiffRows(Rows("[[1], [2], [3]]"), Rows("[[1], [2]]"), true);
  EXPECT_EQ(shorter.num_missing, 1);
  EXPECT_EQ(shorter.num_extra, 0);
  EXPECT_FALSE(shorter.same_rows_other_order);
}

TEST(RowDiffTest, LargeEqualResultsMatch) {
  std::vector<Json> expected, actual;
  for (int i = 0; i < 20000; ++i) {
    expected.push_back(Json::array({i, "v" + std::to_string(i % 7)}));
    actual.push_back(Json::array({19999 - i, "v" + std::to_string((19999 - i) % 7)}));
  }
  EXPECT_TRUE(DiffRows(expected, actual, false).ok());
}

}  // namespace
}  // namespace sluice::scenario
