#include "sluice/plan/time_window.h"

#include <gtest/gtest.h>

#include <map>

#include "sluice/plan/analyzer.h"
#include "sluice/plan/plan_builder.h"
#include "sluice/plan/streaming_checks.h"
#include "sluice/sql/parser.h"
#include "test_util.h"

namespace sluice::plan {
namespace {

// One stream `events(value BIGINT, user STRING, ts TIMESTAMP, gap STRING)`.
class TestCatalog : public Catalog {
 public:
  TestCatalog() {
    auto events = std::make_shared<RelationInfo>();
    events->kind = RelationInfo::Kind::kStream;
    events->name = "events";
    events->format = "memory";
    events->schema = std::make_shared<types::Schema>(
        types::Schema::Parse("value BIGINT, user STRING, ts TIMESTAMP, gap STRING").value());
    relations_["events"] = events;
  }
  std::shared_ptr<const RelationInfo> Lookup(const std::string& name) const override {
    auto it = relations_.find(name);
    return it == relations_.end() ? nullptr : it->second;
  }
  std::vector<std::string> Names() const override { return {"events"}; }

 private:
  std::map<std::string, std::shared_ptr<const RelationInfo>> relations_;
};

Result<PlanPtr> Analyze(const std::string& sql) {
  TestCatalog catalog;
  Config conf;
  Analyzer analyzer(catalog, conf);
  SLUICE_ASSIGN_OR_RETURN(sql::QueryPtr q, sql::ParseQuery(sql));
  SLUICE_ASSIGN_OR_RETURN(LogicalPlanPtr lp, QueryToLogicalPlan(*q));
  return analyzer.Analyze(*lp);
}

const PlanNode* Find(const PlanNode& root, NodeKind kind) {
  if (root.kind == kind) return &root;
  for (const auto& c : root.children) {
    if (const PlanNode* n = Find(*c, kind)) return n;
  }
  return nullptr;
}

constexpr const char* kWatermarked = "events WATERMARK ts DELAY OF INTERVAL 10 SECONDS";

TEST(TimeWindowTest, GroupByWindowAddsGenerateWithWatermarkedWindowColumn) {
  ASSERT_OK_AND_ASSIGN(PlanPtr plan, Analyze(std::string("SELECT window.start AS s, count(*) AS c FROM ") + kWatermarked +
                                             " GROUP BY window(ts, '5 seconds')"));
  const PlanNode* agg = Find(*plan, NodeKind::kAggregate);
  ASSERT_NE(agg, nullptr);
  EXPECT_EQ(agg->session_window_key, -1);
  ASSERT_EQ(agg->group_exprs.size(), 1u);
  EXPECT_EQ(agg->output[0].name, "window");
  EXPECT_EQ(agg->output[0].type->ToString(), "STRUCT<start: TIMESTAMP, end: TIMESTAMP>");
  EXPECT_EQ(agg->output[0].watermark_delay_micros, std::optional<int64_t>(10000000));
  const PlanNode& generate = *agg->children[0];
  ASSERT_EQ(generate.kind, NodeKind::kGenerate);
  EXPECT_EQ(generate.ToString(), "Generate window(ts#2, 5000000, 5000000, 0) AS window");
  // The key reads the generated column.
  EXPECT_EQ(expr::ColumnRefIndex(*agg->group_exprs[0]), static_cast<int>(generate.output.size()) - 1);
  EXPECT_TRUE(AggregateHasWatermarkKey(*agg));
  EXPECT_OK(CheckStreamingQuery(*plan, OutputMode::kAppend));
}

TEST(TimeWindowTest, SelectListWindowCallMatchesTheKey) {
  // The same call in the select list, GROUP BY an ordinal and GROUP BY an alias all
  // refer to the one key.
  for (const std::string group : {"window(ts, '5 seconds')", "1", "w"}) {
    ASSERT_OK_AND_ASSIGN(PlanPtr plan, Analyze(std::string("SELECT window(ts, '5 seconds') AS w, count(*) AS c FROM ") +
                                               kWatermarked + " GROUP BY " + group));
    EXPECT_EQ(plan->output[0].name, "w") << group;
    EXPECT_EQ(plan->output[0].watermark_delay_micros, std::optional<int64_t>(10000000)) << group;
    const PlanNode* agg = Find(*plan, NodeKind::kAggregate);
    ASSERT_NE(agg, nullptr);
    EXPECT_EQ(agg->children[0]->kind, NodeKind::kGenerate) << group;
    EXPECT_EQ(expr::ColumnRefIndex(*plan->exprs[0]), 0) << group;
  }
}

TEST(TimeWindowTest, SessionWindowMarksTheAggregation) {
  ASSERT_OK_AND_ASSIGN(PlanPtr plan,
                       Analyze(std::string("SELECT user, session_window.end AS e, count(*) AS c FROM ") + kWatermarked +
                               " GROUP BY user, session_window(ts, gap)"));
  const PlanNode* agg = Find(*plan, NodeKind::kAggregate);
  ASSERT_NE(agg, nullptr);
  EXPECT_EQ(agg->session_window_key, 1);
  EXPECT_EQ(agg->output[1].name, "session_window");
  EXPECT_EQ(agg->children[0]->ToString(), "Generate session_window(ts#2, gap#3) AS session_window");
  // Sluice supports session windows in every output mode.
  EXPECT_OK(CheckStreamingQuery(*plan, OutputMode::kUpdate));
  EXPECT_OK(CheckStreamingQuery(*plan, OutputMode::kAppend));
}

TEST(TimeWindowTest, WindowTimeKeepsTheEventTimeMarker) {
  ASSERT_OK_AND_ASSIGN(PlanPtr plan,
                       Analyze(std::string("SELECT window_time(window) AS wt, count(*) AS c FROM ") + kWatermarked +
                               " GROUP BY window(ts, '5 seconds')"));
  EXPECT_EQ(plan->output[0].watermark_delay_micros, std::optional<int64_t>(10000000));
  EXPECT_FALSE(plan->output[1].watermark_delay_micros.has_value());
}

TEST(TimeWindowTest, ChainedWindowOverAWindowColumnUsesItsWindowTime) {
  PlanBuilder first = PlanBuilder::Table("events");
  ASSERT_OK_AND_ASSIGN(first, first.WithWatermark("ts", "0 seconds"));
  ASSERT_OK_AND_ASSIGN(first, first.GroupByAgg({"window(ts, '5 seconds') AS window"}, {"count(*) AS count"}));
  ASSERT_OK_AND_ASSIGN(first, first.GroupByAgg({"window(window, '10 seconds') AS window"}, {"sum(count) AS sum"}));
  TestCatalog catalog;
  Config conf;
  Analyzer analyzer(catalog, conf);
  ASSERT_OK_AND_ASSIGN(PlanPtr plan, analyzer.Analyze(*first.plan()));
  const PlanNode* outer = Find(*plan, NodeKind::kAggregate);
  ASSERT_NE(outer, nullptr);
  EXPECT_EQ(outer->output[0].watermark_delay_micros, std::optional<int64_t>(0));
  const PlanNode& generate = *outer->children[0];
  ASSERT_EQ(generate.kind, NodeKind::kGenerate);
  // The input already has a `window` column: the generated one gets a fresh name.
  EXPECT_EQ(generate.output.back().name, "window_1");
  EXPECT_NE(generate.ToString().find("window(window_time(window#"), std::string::npos) << generate.ToString();
  EXPECT_OK(CheckStreamingQuery(*plan, OutputMode::kAppend));
}

TEST(TimeWindowTest, WindowInPlainSelectBecomesAColumn) {
  ASSERT_OK_AND_ASSIGN(PlanPtr plan, Analyze("SELECT value, window(ts, '10 seconds', '5 seconds') FROM events"));
  EXPECT_EQ(plan->output[1].name, "window");
  ASSERT_EQ(plan->kind, NodeKind::kProject);
  EXPECT_EQ(plan->children[0]->kind, NodeKind::kGenerate);
  EXPECT_EQ(expr::ColumnRefIndex(*plan->exprs[1]), 4);
}

TEST(TimeWindowTest, TwoDifferentWindowsAreRejected) {
  auto r = Analyze("SELECT count(*) FROM events GROUP BY window(ts, '5 seconds'), session_window(ts, '5 seconds')");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("Multiple time/session window expressions"), std::string::npos)
      << r.status().message();
}

TEST(TimeWindowTest, WindowThatIsNotAKeyIsMissingAggregation) {
  for (const std::string sql : {"SELECT window(ts, '5 seconds') AS w, count(*) FROM events",
                                "SELECT window(ts, '5 seconds') AS w, count(*) FROM events GROUP BY user"}) {
    auto r = Analyze(sql);
    ASSERT_FALSE(r.ok()) << sql;
    EXPECT_NE(r.status().message().find("MISSING_AGGREGATION"), std::string::npos) << r.status().message();
  }
}

TEST(TimeWindowTest, NoWindowLeavesThePlanAlone) {
  ASSERT_OK_AND_ASSIGN(PlanPtr plan, Analyze("SELECT user, count(*) FROM events GROUP BY user"));
  const PlanNode* agg = Find(*plan, NodeKind::kAggregate);
  ASSERT_NE(agg, nullptr);
  EXPECT_EQ(agg->children[0]->kind, NodeKind::kScan);
}

}  // namespace
}  // namespace sluice::plan
