#include <gtest/gtest.h>

#include "sluice/plan/analyzer.h"
#include "sluice/plan/optimizer.h"
#include "sluice/plan/streaming_checks.h"
#include "sluice/sql/parser.h"
#include "test_util.h"

namespace sluice::plan {
namespace {

// A catalog with one stream `events(value INT, user STRING, ts TIMESTAMP)` and one
// static table `users(user STRING, country STRING)`.
class TestCatalog : public Catalog {
 public:
  TestCatalog() {
    auto events = std::make_shared<RelationInfo>();
    events->kind = RelationInfo::Kind::kStream;
    events->name = "events";
    events->format = "memory";
    events->schema = std::make_shared<types::Schema>(types::Schema::Parse("value INT, user STRING, ts TIMESTAMP").value());
    relations_["events"] = events;
    auto users = std::make_shared<RelationInfo>();
    users->kind = RelationInfo::Kind::kTable;
    users->name = "users";
    users->schema = std::make_shared<types::Schema>(types::Schema::Parse("user STRING, country STRING").value());
    relations_["users"] = users;
  }
  std::shared_ptr<const RelationInfo> Lookup(const std::string& name) const override {
    auto it = relations_.find(name);
    return it == relations_.end() ? nullptr : it->second;
  }
  std::vector<std::string> Names() const override { return {"events", "users"}; }

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

std::string ErrorOf(const std::string& sql) {
  auto r = Analyze(sql);
  return r.ok() ? "<no error>" : r.status().message();
}

TEST(AnalyzerTest, UnknownColumnSuggestsClosestNames) {
  std::string msg = ErrorOf("SELECT usr FROM events");
  EXPECT_NE(msg.find("[UNRESOLVED_COLUMN.WITH_SUGGESTION]"), std::string::npos) << msg;
  EXPECT_NE(msg.find("`usr`"), std::string::npos) << msg;
  EXPECT_NE(msg.find("`events`.`user`"), std::string::npos) << msg;
  EXPECT_NE(msg.find("line 1, column 8"), std::string::npos) << msg;
}

TEST(AnalyzerTest, UnknownFunctionSuggestsKnownOnes) {
  std::string msg = ErrorOf("SELECT uper(user) FROM events");
  EXPECT_NE(msg.find("[UNRESOLVED_ROUTINE]"), std::string::npos) << msg;
  EXPECT_NE(msg.find("`upper`"), std::string::npos) << msg;
}

TEST(AnalyzerTest, TypeMismatchUsesSparkWording) {
  std::string msg = ErrorOf("SELECT upper(array(1)) FROM events");
  EXPECT_NE(msg.find("DATATYPE_MISMATCH"), std::string::npos) << msg;
  EXPECT_NE(msg.find("\"ARRAY<INT>\""), std::string::npos) << msg;
}

TEST(AnalyzerTest, UnknownTableListsAvailable) {
  std::string msg = ErrorOf("SELECT * FROM evnts");
  EXPECT_NE(msg.find("[TABLE_OR_VIEW_NOT_FOUND]"), std::string::npos) << msg;
  EXPECT_NE(msg.find("`events`"), std::string::npos) << msg;
}

TEST(AnalyzerTest, NonAggregatedColumnIsRejected) {
  std::string msg = ErrorOf("SELECT user, count(*) FROM events GROUP BY value");
  EXPECT_NE(msg.find("[MISSING_AGGREGATION]"), std::string::npos) << msg;
}

TEST(AnalyzerTest, AggregateOutputNamesFollowSpark) {
  ASSERT_OK_AND_ASSIGN(PlanPtr p, Analyze("SELECT value % 10, count(*), sum(value) FROM events GROUP BY value % 10"));
  ASSERT_EQ(p->output.size(), 3u);
  EXPECT_EQ(p->output[0].name, "(value % 10)");
  EXPECT_EQ(p->output[1].name, "count(1)");
  EXPECT_EQ(p->output[2].name, "sum(value)");
  EXPECT_EQ(p->output[2].type->id(), types::TypeId::kBigint);
  EXPECT_TRUE(p->streaming);
}

// Same column name, different parameter: two aggregates, not one.
TEST(AnalyzerTest, AggregatesMergeOnlyWhenEveryArgumentMatches) {
  ASSERT_OK_AND_ASSIGN(PlanPtr p, Analyze("SELECT approx_count_distinct(value), approx_count_distinct(value, 0.01), "
                                          "approx_count_distinct(value) + 1, count(*), count(1) FROM events"));
  const PlanNode* agg = p.get();
  while (agg->kind != NodeKind::kAggregate) agg = agg->children[0].get();
  EXPECT_EQ(agg->aggregates.size(), 3u);  // acd(value), acd(value, 0.01), count(1)
}

TEST(AnalyzerTest, GlobalSessionWindowIsRejectedOnStreams) {
  ASSERT_OK_AND_ASSIGN(PlanPtr p, Analyze("SELECT count(*) FROM events GROUP BY session_window(ts, '5 seconds')"));
  Status s = CheckStreamingQuery(*p, OutputMode::kComplete);
  EXPECT_NE(s.message().find("Global aggregation with session window in streaming query is not supported"),
            std::string::npos) << s.message();
  ASSERT_OK_AND_ASSIGN(PlanPtr keyed,
                       Analyze("SELECT user, count(*) FROM events GROUP BY user, session_window(ts, '5 seconds')"));
  EXPECT_OK(CheckStreamingQuery(*keyed, OutputMode::kComplete));
}

TEST(AnalyzerTest, StreamingChecksUseSparkMessages) {
  ASSERT_OK_AND_ASSIGN(PlanPtr agg, Analyze("SELECT value, count(*) FROM events GROUP BY value"));
  Status s = CheckStreamingQuery(*agg, OutputMode::kAppend);
  EXPECT_NE(s.message().find("Append output mode not supported when there are streaming aggregations"),
            std::string::npos);
  EXPECT_OK(CheckStreamingQuery(*agg, OutputMode::kComplete));
  ASSERT_OK_AND_ASSIGN(PlanPtr plain, Analyze("SELECT value FROM events"));
  s = CheckStreamingQuery(*plain, OutputMode::kComplete);
  EXPECT_NE(s.message().find("Complete output mode not supported when there are no streaming aggregations"),
            std::string::npos);
  ASSERT_OK_AND_ASSIGN(PlanPtr sorted, Analyze("SELECT value FROM events ORDER BY value"));
  s = CheckStreamingQuery(*sorted, OutputMode::kAppend);
  EXPECT_NE(s.message().find("Sorting is not supported on streaming DataFrames/Datasets"), std::string::npos);
}

TEST(AnalyzerTest, StreamStaticJoinRules) {
  ASSERT_OK_AND_ASSIGN(PlanPtr inner, Analyze("SELECT e.value, u.country FROM events e JOIN users u ON e.user = u.user"));
  EXPECT_TRUE(inner->streaming);
  std::string msg = ErrorOf("SELECT * FROM users u LEFT JOIN events e ON e.user = u.user");
  EXPECT_NE(msg.find("Left outer join with a streaming DataFrame/Dataset on the right"), std::string::npos) << msg;
}

TEST(OptimizerTest, FoldsConstantsAndPushesFiltersBelowProjections) {
  ASSERT_OK_AND_ASSIGN(PlanPtr p, Analyze("SELECT v FROM (SELECT value AS v, user FROM events) WHERE v > 1 + 1"));
  expr::EvalContext ctx;
  ASSERT_OK_AND_ASSIGN(PlanPtr o, Optimize(p, ctx));
  std::string tree = o->TreeString();
  // One projection over a filter with the folded constant, directly over the scan.
  EXPECT_EQ(o->kind, NodeKind::kProject) << tree;
  ASSERT_EQ(o->children[0]->kind, NodeKind::kFilter) << tree;
  EXPECT_NE(o->children[0]->predicate->ToString().find("2"), std::string::npos) << tree;
  EXPECT_EQ(o->children[0]->children[0]->kind, NodeKind::kScan) << tree;
}

}  // namespace
}  // namespace sluice::plan
