// Every "query" in the Spark-derived conformance scenarios must parse.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "sluice/sql/parser.h"

namespace sluice::sql {
namespace {

void CollectQueries(const nlohmann::json& node, std::vector<std::string>* out) {
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      if (key == "query" && value.is_string()) {
        out->push_back(value.get<std::string>());
      } else {
        CollectQueries(value, out);
      }
    }
  } else if (node.is_array()) {
    for (const auto& item : node) CollectQueries(item, out);
  }
}

TEST(ConformanceQueriesTest, AllScenarioQueriesParse) {
  std::filesystem::path dir(SLUICE_CONFORMANCE_DIR);
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "no conformance scenarios at " << dir;
  int num_queries = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path());
    nlohmann::json scenario = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
    ASSERT_FALSE(scenario.is_discarded()) << entry.path();
    std::vector<std::string> queries;
    CollectQueries(scenario, &queries);
    for (const auto& sql : queries) {
      ++num_queries;
      auto q = ParseQuery(sql);
      EXPECT_TRUE(q.ok()) << entry.path().filename() << "\n" << q.status().ToString();
    }
  }
  EXPECT_GT(num_queries, 10);
}

// A few scenario queries inline, with the shape the analyzer relies on.
TEST(ConformanceQueriesTest, StreamStreamJoinShape) {
  auto q = ParseQuery(
      "SELECT leftKey, rightKey, CAST(leftTime AS INT) AS leftSeconds FROM leftInput WATERMARK "
      "timestamp_seconds(time) AS leftTime DELAY OF INTERVAL 10 SECONDS RIGHT OUTER JOIN rightInput WATERMARK "
      "timestamp_seconds(time) AS rightTime DELAY OF INTERVAL 10 SECONDS ON leftKey = rightKey AND leftTime "
      "BETWEEN rightTime - INTERVAL 5 SECONDS AND rightTime + INTERVAL 5 SECONDS");
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  const TableRef& join = *(*q)->from;
  ASSERT_EQ(join.kind, TableRef::Kind::kJoin);
  EXPECT_EQ(join.join_type, JoinType::kRightOuter);
  EXPECT_EQ(join.left->name, "leftInput");
  EXPECT_EQ(join.left->watermark->name, "leftTime");
  EXPECT_EQ(join.right->watermark->name, "rightTime");
  EXPECT_EQ(join.join_condition->ToString(),
            "((leftKey = rightKey) AND (leftTime BETWEEN (rightTime - INTERVAL '5' SECOND) AND "
            "(rightTime + INTERVAL '5' SECOND)))");
}

TEST(ConformanceQueriesTest, SessionWindowShape) {
  auto q = ParseQuery(
      "SELECT sessionId, CAST(session_window.end AS BIGINT) - CAST(session_window.start AS BIGINT) AS "
      "durationSeconds, count(*) AS numEvents FROM (SELECT explode(split(_1, ' ')) AS sessionId, eventTime FROM "
      "events WATERMARK timestamp_seconds(_2) AS eventTime DELAY OF INTERVAL 30 SECONDS) GROUP BY "
      "session_window(eventTime, '10 seconds'), sessionId");
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  EXPECT_EQ((*q)->group_by.size(), 2u);
  EXPECT_EQ((*q)->from->kind, TableRef::Kind::kSubquery);
  EXPECT_EQ((*q)->from->alias, "");
  EXPECT_EQ((*q)->from->subquery->from->watermark->delay_micros, 30000000);
  EXPECT_EQ(AutoName(*(*q)->select[1].expr), "(CAST(end AS BIGINT) - CAST(start AS BIGINT))");
}

}  // namespace
}  // namespace sluice::sql
