// ROW_NUMBER() ... = 1 in SQL becomes a Deduplicate node (plan/row_number_dedup.h); every
// other window function is an error that names it and its position.

#include <gtest/gtest.h>

#include <functional>

#include "sluice/plan/analyzer.h"
#include "sluice/plan/row_number_dedup.h"
#include "sluice/plan/streaming_checks.h"
#include "sluice/sql/parser.h"
#include "test_util.h"

namespace sluice::plan {
namespace {

// A stream `clicks(user STRING, page STRING, ts TIMESTAMP, value INT)` and a static table
// `pages(page STRING, title STRING)`.
class DedupCatalog : public Catalog {
 public:
  DedupCatalog() {
    auto clicks = std::make_shared<RelationInfo>();
    clicks->kind = RelationInfo::Kind::kStream;
    clicks->name = "clicks";
    clicks->format = "memory";
    clicks->schema = std::make_shared<types::Schema>(
        types::Schema::Parse("user STRING, page STRING, ts TIMESTAMP, value INT").value());
    relations_["clicks"] = clicks;
    auto pages = std::make_shared<RelationInfo>();
    pages->kind = RelationInfo::Kind::kTable;
    pages->name = "pages";
    pages->schema = std::make_shared<types::Schema>(types::Schema::Parse("page STRING, title STRING").value());
    relations_["pages"] = pages;
  }
  std::shared_ptr<const RelationInfo> Lookup(const std::string& name) const override {
    auto it = relations_.find(name);
    return it == relations_.end() ? nullptr : it->second;
  }
  std::vector<std::string> Names() const override { return {"clicks", "pages"}; }

 private:
  std::map<std::string, std::shared_ptr<const RelationInfo>> relations_;
};

Result<LogicalPlanPtr> Logical(const std::string& text) {
  SLUICE_ASSIGN_OR_RETURN(sql::QueryPtr q, sql::ParseQuery(text));
  return QueryToLogicalPlan(*q);
}

Result<PlanPtr> Analyze(const std::string& text) {
  DedupCatalog catalog;
  Config conf;
  Analyzer analyzer(catalog, conf);
  SLUICE_ASSIGN_OR_RETURN(LogicalPlanPtr lp, Logical(text));
  return analyzer.Analyze(*lp);
}

Status ErrorOf(const std::string& text) {
  auto r = Analyze(text);
  return r.ok() ? Status::OK() : r.status();
}

// Nodes of `kind` in pre-order.
std::vector<const PlanNode*> Find(const PlanNode& root, NodeKind kind) {
  std::vector<const PlanNode*> out;
  std::function<void(const PlanNode&)> walk = [&](const PlanNode& n) {
    if (n.kind == kind) out.push_back(&n);
    for (const auto& c : n.children) walk(*c);
  };
  walk(root);
  return out;
}

std::vector<const LogicalPlan*> FindLogical(const LogicalPlan& root, LogicalKind kind) {
  std::vector<const LogicalPlan*> out;
  std::function<void(const LogicalPlan&)> walk = [&](const LogicalPlan& n) {
    if (n.kind == kind) out.push_back(&n);
    for (const auto& c : n.children) walk(*c);
  };
  walk(root);
  return out;
}

// The names of a Deduplicate node's key columns.
std::vector<std::string> KeyNames(const PlanNode& dedup) {
  std::vector<std::string> names;
  for (int k : dedup.key_columns) names.push_back(dedup.output[k].name);
  return names;
}

constexpr const char* kFlinkPattern =
    "SELECT user, page, ts FROM (\n"
    "  SELECT *, ROW_NUMBER() OVER (PARTITION BY user, page ORDER BY ts) AS rn\n"
    "  FROM clicks WATERMARK ts DELAY OF INTERVAL 10 SECONDS)\n"
    "WHERE rn = 1";

TEST(RowNumberDedupTest, SubqueryPatternBecomesDeduplicateWithinWatermark) {
  ASSERT_OK_AND_ASSIGN(LogicalPlanPtr lp, Logical(kFlinkPattern));
  auto dedups = FindLogical(*lp, LogicalKind::kDeduplicate);
  ASSERT_EQ(dedups.size(), 1u) << lp->ToString();
  EXPECT_EQ(dedups[0]->using_columns, (std::vector<std::string>{"user", "page"}));
  ASSERT_TRUE(dedups[0]->row_number);
  EXPECT_EQ(dedups[0]->pos.line, 2);
  EXPECT_EQ(dedups[0]->pos.column, 13);
  // rn = 1 was the only predicate: no filter is left.
  EXPECT_TRUE(FindLogical(*lp, LogicalKind::kFilter).empty()) << lp->ToString();

  ASSERT_OK_AND_ASSIGN(PlanPtr plan, Analyze(kFlinkPattern));
  auto nodes = Find(*plan, NodeKind::kDeduplicate);
  ASSERT_EQ(nodes.size(), 1u);
  EXPECT_TRUE(nodes[0]->within_watermark);
  EXPECT_EQ(KeyNames(*nodes[0]), (std::vector<std::string>{"user", "page"}));
  EXPECT_EQ(Find(*nodes[0], NodeKind::kWatermark).size(), 1u);  // the watermark is below the dedup
  ASSERT_EQ(plan->output.size(), 3u);
  EXPECT_EQ(plan->output[2].name, "ts");
  EXPECT_OK(CheckStreamingQuery(*plan, OutputMode::kAppend));
}

TEST(RowNumberDedupTest, QualifyWithoutWatermarkIsDropDuplicates) {
  ASSERT_OK_AND_ASSIGN(PlanPtr plan,
                       Analyze("SELECT * FROM clicks QUALIFY ROW_NUMBER() OVER (PARTITION BY user ORDER BY ts) = 1"));
  auto nodes = Find(*plan, NodeKind::kDeduplicate);
  ASSERT_EQ(nodes.size(), 1u);
  EXPECT_FALSE(nodes[0]->within_watermark);
  EXPECT_EQ(KeyNames(*nodes[0]), (std::vector<std::string>{"user"}));
  EXPECT_EQ(plan->output.size(), 4u);  // SELECT * adds no rn column
  EXPECT_OK(CheckStreamingQuery(*plan, OutputMode::kAppend));
}

TEST(RowNumberDedupTest, OrderByOtherThanTheWatermarkIsDropDuplicates) {
  for (const char* order : {"ORDER BY value", "", "ORDER BY ts, value", "ORDER BY ts + INTERVAL 1 SECOND"}) {
    std::string text = std::string("SELECT * FROM clicks WATERMARK ts DELAY OF INTERVAL 5 SECONDS QUALIFY "
                                   "ROW_NUMBER() OVER (PARTITION BY user ") + order + ") = 1";
    ASSERT_OK_AND_ASSIGN(PlanPtr plan, Analyze(text));
    auto nodes = Find(*plan, NodeKind::kDeduplicate);
    ASSERT_EQ(nodes.size(), 1u) << text;
    EXPECT_FALSE(nodes[0]->within_watermark) << text;
  }
  // The watermark column among the keys: plain dropDuplicates, which evicts by event time.
  ASSERT_OK_AND_ASSIGN(PlanPtr keyed, Analyze("SELECT * FROM clicks WATERMARK ts DELAY OF INTERVAL 5 SECONDS "
                                              "QUALIFY ROW_NUMBER() OVER (PARTITION BY user, ts) = 1"));
  auto nodes = Find(*keyed, NodeKind::kDeduplicate);
  ASSERT_EQ(nodes.size(), 1u);
  EXPECT_FALSE(nodes[0]->within_watermark);
  EXPECT_EQ(KeyNames(*nodes[0]), (std::vector<std::string>{"user", "ts"}));
  EXPECT_TRUE(nodes[0]->output[2].watermark_delay_micros.has_value());
}

TEST(RowNumberDedupTest, EveryFirstRowPredicateIsRecognized) {
  for (const char* predicate : {"rn = 1", "1 = rn", "rn <= 1", "rn < 2", "1 >= rn", "2 > rn", "d.rn = 1", "rn = 1L",
                                "rn = 1 AND rn < 2"}) {
    std::string text = std::string("SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY user ORDER BY ts) AS rn "
                                   "FROM clicks) d WHERE ") + predicate;
    ASSERT_OK_AND_ASSIGN(PlanPtr plan, Analyze(text));
    EXPECT_EQ(Find(*plan, NodeKind::kDeduplicate).size(), 1u) << text;
    EXPECT_TRUE(Find(*plan, NodeKind::kFilter).empty()) << text;
  }
  for (const char* predicate : {"rn = 1", "1 = rn", "rn <= 1", "rn < 2"}) {
    std::string text = std::string("SELECT user, row_number() OVER (PARTITION BY user) AS rn FROM clicks QUALIFY ") +
                       predicate;
    ASSERT_OK_AND_ASSIGN(PlanPtr plan, Analyze(text));
    EXPECT_EQ(Find(*plan, NodeKind::kDeduplicate).size(), 1u) << text;
  }
}

TEST(RowNumberDedupTest, RnColumnIsTheIntegerOne) {
  ASSERT_OK_AND_ASSIGN(PlanPtr plan, Analyze("SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY user) AS rn "
                                             "FROM clicks) WHERE rn = 1"));
  ASSERT_EQ(plan->output.size(), 5u);
  EXPECT_EQ(plan->output[4].name, "rn");
  EXPECT_EQ(plan->output[4].type->id(), types::TypeId::kInt);
  const PlanNode* project = plan.get();
  ASSERT_EQ(project->kind, NodeKind::kProject);
  // The outer SELECT * reads the inner projection, whose rn is the literal 1.
  auto projects = Find(*plan, NodeKind::kProject);
  ASSERT_GE(projects.size(), 2u);
  const types::Value* one = expr::LiteralValue(*projects[1]->exprs[4]);
  ASSERT_NE(one, nullptr);
  EXPECT_EQ(one->int_value(), 1);
}

TEST(RowNumberDedupTest, OtherPredicatesStayAFilterAboveTheDeduplication) {
  ASSERT_OK_AND_ASSIGN(LogicalPlanPtr lp,
                       Logical("SELECT user FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY user) AS rn FROM clicks "
                               "WHERE value > 0) WHERE page <> 'home' AND rn = 1"));
  auto filters = FindLogical(*lp, LogicalKind::kFilter);
  ASSERT_EQ(filters.size(), 2u) << lp->ToString();
  // Pre-order: the outer WHERE is above the deduplication, the inner WHERE below it.
  EXPECT_EQ(filters[0]->condition->ToString(), "(page <> 'home')");
  EXPECT_EQ(FindLogical(*filters[0], LogicalKind::kDeduplicate).size(), 1u);
  EXPECT_EQ(filters[1]->condition->ToString(), "(value > 0)");
  EXPECT_TRUE(FindLogical(*filters[1], LogicalKind::kDeduplicate).empty());

  ASSERT_OK_AND_ASSIGN(LogicalPlanPtr q, Logical("SELECT user FROM clicks WHERE value > 0 QUALIFY page <> 'home' AND "
                                                 "ROW_NUMBER() OVER (PARTITION BY user) = 1"));
  auto qualify_filters = FindLogical(*q, LogicalKind::kFilter);
  ASSERT_EQ(qualify_filters.size(), 2u) << q->ToString();
  EXPECT_EQ(qualify_filters[0]->condition->ToString(), "(page <> 'home')");
  EXPECT_EQ(FindLogical(*qualify_filters[0], LogicalKind::kDeduplicate).size(), 1u);
  ASSERT_OK(Analyze("SELECT user FROM clicks WHERE value > 0 QUALIFY page <> 'home' AND "
                    "ROW_NUMBER() OVER (PARTITION BY user) = 1")
                .status());
}

TEST(RowNumberDedupTest, SelectDistinctStaysAnAggregation) {
  ASSERT_OK_AND_ASSIGN(PlanPtr plan, Analyze("SELECT DISTINCT user FROM clicks"));
  EXPECT_TRUE(Find(*plan, NodeKind::kDeduplicate).empty());
  EXPECT_EQ(Find(*plan, NodeKind::kAggregate).size(), 1u);
}

// ---- errors

void ExpectStreamingWindowError(const std::string& text, const std::vector<std::string>& parts) {
  Status s = ErrorOf(text);
  ASSERT_FALSE(s.ok()) << text;
  EXPECT_EQ(s.code(), StatusCode::kAnalysisError) << s.ToString();
  const std::string& msg = s.message();
  EXPECT_NE(msg.find("[NON_TIME_WINDOW_NOT_SUPPORTED_IN_STREAMING] Window function is not supported in "),
            std::string::npos)
      << msg;
  EXPECT_NE(msg.find("on streaming DataFrames/Datasets. Structured Streaming only supports time-window aggregation "
                     "using the WINDOW function. (window specification: "),
            std::string::npos)
      << msg;
  EXPECT_NE(msg.find("; to keep the first row per key write ROW_NUMBER() OVER (PARTITION BY ...) = 1 in WHERE or "
                     "QUALIFY"),
            std::string::npos)
      << msg;
  for (const auto& part : parts) EXPECT_NE(msg.find(part), std::string::npos) << "missing '" << part << "' in " << msg;
}

TEST(RowNumberDedupTest, DescendingOrderIsRejected) {
  ExpectStreamingWindowError(
      "SELECT user FROM (\n  SELECT *, ROW_NUMBER() OVER (PARTITION BY user ORDER BY ts DESC) AS rn FROM clicks)\n"
      "WHERE rn = 1",
      {"in ROW_NUMBER() (as column `rn`)",
       "(window specification: (PARTITION BY USER ORDER BY TS DESC NULLS LAST ROWS BETWEEN UNBOUNDED PRECEDING AND "
       "CURRENT ROW))",
       "ORDER BY ... DESC is not supported: keeping the latest row per key would need retracting rows",
       "(line 2, column 13)"});
  ExpectStreamingWindowError(
      "SELECT * FROM clicks QUALIFY ROW_NUMBER() OVER (PARTITION BY user ORDER BY ts DESC) = 1",
      {"ORDER BY ... DESC is not supported", "(line 1, column 30)"});
}

TEST(RowNumberDedupTest, TopNIsRejected) {
  ExpectStreamingWindowError(
      "SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY user ORDER BY ts) AS rn FROM clicks) WHERE rn <= 3",
      {"(as column `rn`)", "top-N per key is not supported", "(line 1, column 26)"});
  ExpectStreamingWindowError("SELECT * FROM clicks QUALIFY ROW_NUMBER() OVER (PARTITION BY user) <= 3",
                             {"top-N per key is not supported"});
  // OR is not a conjunction: the window is not a deduplication.
  ExpectStreamingWindowError("SELECT * FROM clicks QUALIFY ROW_NUMBER() OVER (PARTITION BY user) = 1 OR value > 0",
                             {"ROW_NUMBER()"});
}

TEST(RowNumberDedupTest, OtherWindowFunctionsAreRejected) {
  ExpectStreamingWindowError(
      "SELECT user, rank() OVER (PARTITION BY user ORDER BY ts) AS r FROM clicks",
      {"in RANK() (as column `r`)", "(window specification: (PARTITION BY USER ORDER BY TS ASC NULLS FIRST ROWS "
                                    "BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW))", "(line 1, column 14)"});
  ExpectStreamingWindowError(
      "SELECT user, sum(value) OVER (PARTITION BY user) FROM clicks",
      {"in SUM(VALUE) (as column `sum(value) OVER (PARTITION BY user ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED "
       "FOLLOWING)`)"});
  ExpectStreamingWindowError("SELECT * FROM (SELECT *, rank() OVER (PARTITION BY user) AS rn FROM clicks) WHERE rn = 1",
                             {"in RANK() (as column `rn`)"});
  ExpectStreamingWindowError("SELECT * FROM clicks QUALIFY dense_rank() OVER (PARTITION BY user ORDER BY ts) = 1",
                             {"in DENSE_RANK()"});
  // QUALIFY may name a select alias of a window that is not a deduplication.
  ExpectStreamingWindowError("SELECT *, rank() OVER (PARTITION BY user) AS r FROM clicks QUALIFY r = 1", {"RANK()"});
  // Over an aggregation.
  ExpectStreamingWindowError(
      "SELECT user, count(*) AS n FROM clicks GROUP BY user QUALIFY ROW_NUMBER() OVER (PARTITION BY user) = 1",
      {"ROW_NUMBER()"});
}

TEST(RowNumberDedupTest, MissingPartitionByIsRejected) {
  ExpectStreamingWindowError("SELECT * FROM clicks QUALIFY ROW_NUMBER() OVER (ORDER BY ts) = 1",
                             {"(window specification: (ORDER BY TS ASC NULLS FIRST",
                              "ROW_NUMBER() needs PARTITION BY to name the deduplication key"});
}

TEST(RowNumberDedupTest, WindowInWhereIsRejected) {
  Status s = ErrorOf("SELECT * FROM clicks WHERE ROW_NUMBER() OVER (PARTITION BY user) = 1");
  EXPECT_EQ(s.code(), StatusCode::kAnalysisError) << s.ToString();
  EXPECT_NE(s.message().find("[UNSUPPORTED_EXPR_FOR_OPERATOR]"), std::string::npos) << s.ToString();
  EXPECT_NE(s.message().find("Invalid expressions: [ROW_NUMBER() OVER (PARTITION BY user)]"), std::string::npos)
      << s.ToString();
  EXPECT_NE(s.message().find("(line 1, column 28)"), std::string::npos) << s.ToString();
}

TEST(RowNumberDedupTest, QualifyNeedsAWindowFunction) {
  Status s = ErrorOf("SELECT * FROM clicks QUALIFY value > 1");
  EXPECT_EQ(s.code(), StatusCode::kAnalysisError) << s.ToString();
  EXPECT_NE(s.message().find("QUALIFY (value > 1) has no window function"), std::string::npos) << s.ToString();
  EXPECT_NE(s.message().find("(line 1, column 30)"), std::string::npos) << s.ToString();
}

TEST(RowNumberDedupTest, PartitionKeysMustBeColumnsThatExist) {
  Status expr = ErrorOf("SELECT * FROM clicks QUALIFY ROW_NUMBER() OVER (PARTITION BY lower(user)) = 1");
  EXPECT_EQ(expr.code(), StatusCode::kAnalysisError) << expr.ToString();
  EXPECT_NE(expr.message().find("PARTITION BY of ROW_NUMBER() deduplication must list columns, found lower(user)"),
            std::string::npos)
      << expr.ToString();
  EXPECT_NE(expr.message().find("(line 1, column 62)"), std::string::npos) << expr.ToString();

  Status missing = ErrorOf("SELECT * FROM clicks QUALIFY ROW_NUMBER() OVER (PARTITION BY usr ORDER BY ts) = 1");
  EXPECT_EQ(missing.code(), StatusCode::kAnalysisError) << missing.ToString();
  EXPECT_NE(missing.message().find("`usr`"), std::string::npos) << missing.ToString();
  EXPECT_NE(missing.message().find("(line 1, column 62)"), std::string::npos) << missing.ToString();

  Status order = ErrorOf("SELECT * FROM clicks QUALIFY ROW_NUMBER() OVER (PARTITION BY user ORDER BY tss) = 1");
  EXPECT_EQ(order.code(), StatusCode::kAnalysisError) << order.ToString();
  EXPECT_NE(order.message().find("`tss`"), std::string::npos) << order.ToString();
}

TEST(RowNumberDedupTest, StaticTablesAreNotSupportedYet) {
  Status dedup = ErrorOf("SELECT * FROM pages QUALIFY ROW_NUMBER() OVER (PARTITION BY page) = 1");
  EXPECT_EQ(dedup.code(), StatusCode::kNotSupported) << dedup.ToString();
  EXPECT_NE(dedup.message().find("window functions (OVER) are not supported on static tables yet: ROW_NUMBER() OVER "
                                 "(PARTITION BY page) (line 1, column 29)"),
            std::string::npos)
      << dedup.ToString();
  Status sum = ErrorOf("SELECT page,\n  count(*) OVER (PARTITION BY title) AS n FROM pages");
  EXPECT_EQ(sum.code(), StatusCode::kNotSupported) << sum.ToString();
  EXPECT_NE(sum.message().find("(line 2, column 3)"), std::string::npos) << sum.ToString();
}

}  // namespace
}  // namespace sluice::plan
