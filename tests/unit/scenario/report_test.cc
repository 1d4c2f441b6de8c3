#include "sluice/scenario/report.h"

#include <gtest/gtest.h>

namespace sluice::scenario {
namespace {

std::vector<Json> Rows(const std::string& text) {
  std::vector<Json> out;
  for (const auto& r : Json::parse(text)) out.push_back(r);
  return out;
}

TEST(ReportTest, SideBySideUnordered) {
  auto expected = Rows(R"([[1, 10], [2, 20], [3, 30]])");
  auto actual = Rows(R"([[3, 30], [2, 21], [1, 10], [4, 40]])");
  RowDiff diff = DiffRows(expected, actual, false);
  EXPECT_EQ(FormatRowDiff(expected, actual, diff),
            "expected (3 rows) | actual (4 rows)\n"
            "  [1, 10]         |   [1, 10]\n"
            "- [2, 20]         |\n"
            "  [3, 30]         |   [3, 30]\n"
            "                  | + [2, 21]\n"
            "                  | + [4, 40]\n"
            "1 missing row, 2 extra rows\n");
}

TEST(ReportTest, SideBySideOrdered) {
  auto expected = Rows(R"([["a"], ["b"], ["c"]])");
  auto actual = Rows(R"([["a"], ["c"]])");
  RowDiff diff = DiffRows(expected, actual, true);
  EXPECT_EQ(FormatRowDiff(expected, actual, diff),
            "expected (3 rows) | actual (2 rows)\n"
            "  [\"a\"]           |   [\"a\"]\n"
            "- [\"b\"]           | + [\"c\"]\n"
            "- [\"c\"]           |\n"
            "2 missing rows, 1 extra row\n");
}

TEST(ReportTest, OrderedWithSameRowsSaysSo) {
  auto expected = Rows("[[1], [2]]");
  auto actual = Rows("[[2], [1]]");
  RowDiff diff = DiffRows(expected, actual, true);
  EXPECT_NE(DescribeRowCounts(diff).find("the same rows arrived in another order"), std::string::npos);
}

TEST(ReportTest, EmptyActual) {
  auto expected = Rows("[[1]]");
  RowDiff diff = DiffRows(expected, {}, false);
  EXPECT_EQ(FormatRowDiff(expected, {}, diff),
            "expected (1 row) | actual (0 rows)\n"
            "- [1]            |\n"
            "1 missing row, 0 extra rows\n");
}

TEST(ReportTest, LongResultsShowOnlyMismatches) {
  std::vector<Json> expected, actual;
  for (int i = 0; i < 200; ++i) {
    expected.push_back(Json::array({i}));
    actual.push_back(Json::array({i == 50 ? 1000 : i}));
  }
  RowDiff diff = DiffRows(expected, actual, false);
  std::string text = FormatRowDiff(expected, actual, diff);
  EXPECT_NE(text.find("- [50]"), std::string::npos);
  EXPECT_NE(text.find("+ [1000]"), std::string::npos);
  EXPECT_EQ(text.find("[49]"), std::string::npos);
  EXPECT_NE(text.find("(199 other lines not shown)"), std::string::npos) << text;
}

TEST(ReportTest, ErrorMismatch) {
  EXPECT_EQ(FormatErrorMismatch("boom", std::string("ExecutionError: bang")),
            "expected an error containing: boom\nactual error: ExecutionError: bang\n");
  EXPECT_EQ(FormatErrorMismatch("boom", std::nullopt),
            "expected an error containing: boom\nactual: no error; the query ran without failing\n");
}

TEST(ReportTest, ProgressMismatchShowsPathValuesAndReport) {
  Json progress = Json::parse(R"({"batchId": 2, "numInputRows": 3})");
  std::string text = FormatProgressMismatches(
      {{"numInputRows", Json(4), Json(3)}, {"eventTime.watermark", Json("1970-01-01T00:00:05.000Z"), std::nullopt},
       {"batchId", Json("<absent>"), Json(2)}},
      "last progress", progress);
  EXPECT_EQ(text,
            "path: numInputRows\n"
            "  expected: 4\n"
            "  actual:   3\n"
            "path: eventTime.watermark\n"
            "  expected: \"1970-01-01T00:00:05.000Z\"\n"
            "  actual:   <absent>\n"
            "path: batchId\n"
            "  expected: <absent>\n"
            "  actual:   2\n"
            "last progress:\n"
            "  {\n"
            "    \"batchId\": 2,\n"
            "    \"numInputRows\": 3\n"
            "  }\n");
}

TEST(ReportTest, IndentSkipsEmptyLines) {
  EXPECT_EQ(Indent("a\n\nb\n", 2), "  a\n\n  b\n");
  EXPECT_EQ(Indent("a", 4), "    a");
  EXPECT_EQ(Indent("", 4), "");
}

}  // namespace
}  // namespace sluice::scenario
