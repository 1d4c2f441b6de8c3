#include "sluice/scenario/plan_ops.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace sluice::scenario {
namespace {

using plan::LogicalKind;

std::string ShapeError(const std::string& plan) {
  Status st = CheckPlanShape(Json::parse(plan), "plan");
  return st.ok() ? "" : st.message();
}

TEST(PlanOpsTest, AcceptsEveryOperation) {
  EXPECT_EQ(ShapeError(R"J([{"source": "e"},
      {"select": ["value", "CAST(ts AS BIGINT) AS t"]},
      {"where": "value % 2 = 0"},
      {"withColumn": {"eventTime": "timestamp_seconds(value)"}},
      {"withWatermark": {"column": "eventTime", "delay": "10 seconds"}},
      {"dropDuplicates": []},
      {"dropDuplicatesWithinWatermark": ["id"]},
      {"groupBy": ["window(eventTime, '5 seconds') AS window"], "agg": ["count(*) AS count"]},
      {"join": {"right": [{"source": "f"}], "on": "l.id = r.id", "how": "inner", "left_alias": "l", "right_alias": "r"}},
      {"join": {"right": [{"source": "f"}], "using": ["id"]}},
      {"union": [{"source": "g"}]},
      {"withColumnRenamed": {"old": "new"}},
      {"orderBy": ["count DESC"]},
      {"limit": 10},
      {"repartition": 4}])J"),
            "");
}

TEST(PlanOpsTest, ShapeErrorsNameTheElement) {
  EXPECT_NE(ShapeError("[]").find("plan: a plan must be a non-empty list"), std::string::npos);
  EXPECT_NE(ShapeError(R"J([{"select": ["a"]}])J").find("plan[0]: the first element must be"), std::string::npos);
  EXPECT_NE(ShapeError(R"J([{"source": "e"}, {"source": "f"}])J").find("plan[1]: source is only allowed"),
            std::string::npos);
  EXPECT_NE(ShapeError(R"J([{"source": "e"}, {"filter": "x"}])J").find("unknown plan operation 'filter' (known:"),
            std::string::npos);
  EXPECT_NE(ShapeError(R"J([{"source": "e"}, {"select": "a"}])J").find("plan[1]: select must be"), std::string::npos);
  EXPECT_NE(ShapeError(R"J([{"source": "e"}, {"groupBy": ["a"]}])J").find("groupBy and agg go together"),
            std::string::npos);
  EXPECT_NE(ShapeError(R"J([{"source": "e"}, {"where": "a", "limit": 1}])J").find("one operation per element"),
            std::string::npos);
  EXPECT_NE(ShapeError(R"J([{"source": "e"}, {"withWatermark": {"column": "t"}}])J").find("withWatermark needs"),
            std::string::npos);
  EXPECT_NE(ShapeError(R"J([{"source": "e"}, {"limit": -1}])J").find("non-negative integer"), std::string::npos);
  EXPECT_NE(ShapeError(R"J([{"source": "e"}, {"join": {"right": [{"source": "f"}]}}])J").find("exactly one of 'on'"),
            std::string::npos);
  EXPECT_NE(ShapeError(R"J([{"source": "e"}, {"join": {"right": [{"source": "f"}], "on": "x", "side": "l"}}])J")
                .find("unknown join key 'side'"),
            std::string::npos);
  EXPECT_NE(ShapeError(R"J([{"source": "e"}, {"join": {"right": [{"source": "f"}, {"bad": 1}], "on": "x"}}])J")
                .find("plan[1].join.right[1]: unknown plan operation 'bad'"),
            std::string::npos);
  EXPECT_NE(ShapeError(R"J([{"source": "e"}, {"union": [{"where": "x"}]}])J").find("plan[1].union[0]"),
            std::string::npos);
}

TEST(PlanOpsTest, BuildsTheLogicalPlan) {
  Json plan = Json::parse(R"J([{"source": "events"},
      {"select": ["_1 AS leftId", "timestamp_seconds(_2) AS leftTime"]},
      {"withWatermark": {"column": "leftTime", "delay": "5 seconds"}},
      {"join": {"right": [{"source": "events"}, {"where": "_1 % 2 = 0"}],
                "on": "l.leftId = r._1", "how": "left_outer", "left_alias": "l", "right_alias": "r"}},
      {"withColumn": {"x": "leftId + 1"}},
      {"dropDuplicatesWithinWatermark": ["leftId"]},
      {"limit": 3}])J");
  ASSERT_OK(CheckPlanShape(plan, "plan"));
  ASSERT_OK_AND_ASSIGN(plan::LogicalPlanPtr root, BuildLogicalPlan(plan));
  ASSERT_EQ(root->kind, LogicalKind::kLimit);
  EXPECT_EQ(root->limit, 3);
  const auto& dedup = root->children[0];
  ASSERT_EQ(dedup->kind, LogicalKind::kDeduplicate);
  EXPECT_TRUE(dedup->within_watermark);
  EXPECT_EQ(dedup->using_columns, std::vector<std::string>{"leftId"});
  const auto& with = dedup->children[0];
  ASSERT_EQ(with->kind, LogicalKind::kWithColumns);
  const auto& join = with->children[0];
  ASSERT_EQ(join->kind, LogicalKind::kJoin);
  EXPECT_EQ(join->join_type, sql::JoinType::kLeftOuter);
  ASSERT_EQ(join->children.size(), 2u);
  ASSERT_EQ(join->children[0]->kind, LogicalKind::kSubqueryAlias);
  EXPECT_EQ(join->children[0]->name, "l");
  EXPECT_EQ(join->children[0]->children[0]->kind, LogicalKind::kWatermark);
  EXPECT_EQ(join->children[0]->children[0]->delay_micros, 5 * kMicrosPerSecond);
  ASSERT_EQ(join->children[1]->kind, LogicalKind::kSubqueryAlias);
  EXPECT_EQ(join->children[1]->name, "r");
  EXPECT_EQ(join->children[1]->children[0]->kind, LogicalKind::kFilter);
  EXPECT_EQ(join->children[1]->children[0]->children[0]->kind, LogicalKind::kRelation);
  EXPECT_EQ(join->children[1]->children[0]->children[0]->name, "events");
}

TEST(PlanOpsTest, GroupByUnionUsingAndDropDuplicates) {
  Json plan = Json::parse(R"J([{"source": "a"},
      {"union": [{"source": "b"}]},
      {"join": {"right": [{"source": "c"}], "using": ["id"]}},
      {"dropDuplicates": []},
      {"groupBy": ["id"], "agg": ["count(*) AS n"]}])J");
  ASSERT_OK(CheckPlanShape(plan, "plan"));
  ASSERT_OK_AND_ASSIGN(plan::LogicalPlanPtr root, BuildLogicalPlan(plan));
  ASSERT_EQ(root->kind, LogicalKind::kAggregate);
  EXPECT_EQ(root->group_by.size(), 1u);
  EXPECT_EQ(root->items.size(), 2u);  // the key, then the aggregate
  const auto& dedup = root->children[0];
  ASSERT_EQ(dedup->kind, LogicalKind::kDeduplicate);
  EXPECT_FALSE(dedup->within_watermark);
  EXPECT_TRUE(dedup->using_columns.empty());
  const auto& join = dedup->children[0];
  ASSERT_EQ(join->kind, LogicalKind::kJoin);
  EXPECT_EQ(join->join_type, sql::JoinType::kInner);  // "how" defaults to inner
  EXPECT_EQ(join->using_columns, std::vector<std::string>{"id"});
  EXPECT_EQ(join->children[0]->kind, LogicalKind::kUnion);
}

TEST(PlanOpsTest, BuildErrorsNameTheElement) {
  auto bad_expr = BuildLogicalPlan(Json::parse(R"J([{"source": "e"}, {"where": "value >"}])J"));
  ASSERT_FALSE(bad_expr.ok());
  EXPECT_EQ(bad_expr.status().message().rfind("plan[1] (where): ", 0), 0u) << bad_expr.status().message();

  auto bad_join = BuildLogicalPlan(
      Json::parse(R"J([{"source": "e"}, {"join": {"right": [{"source": "f"}], "on": "a = b", "how": "sideways"}}])J"));
  ASSERT_FALSE(bad_join.ok());
  EXPECT_EQ(bad_join.status().code(), StatusCode::kAnalysisError);
  EXPECT_NE(bad_join.status().message().find("plan[1] (join): [UNSUPPORTED_JOIN_TYPE]"), std::string::npos);

  auto bad_delay =
      BuildLogicalPlan(Json::parse(R"J([{"source": "e"}, {"withWatermark": {"column": "t", "delay": "soon"}}])J"));
  ASSERT_FALSE(bad_delay.ok());
  EXPECT_NE(bad_delay.status().message().find("plan[1] (withWatermark)"), std::string::npos);
}

}  // namespace
}  // namespace sluice::scenario
