#include "sluice/plan/plan_builder.h"

#include <algorithm>
#include <cctype>

#include "sluice/common/time.h"
#include "sluice/sql/parser.h"

namespace sluice::plan {

namespace {
std::shared_ptr<LogicalPlan> Node(LogicalKind kind, const LogicalPlanPtr& child) {
  auto n = std::make_shared<LogicalPlan>();
  n->kind = kind;
  n->children.push_back(child);
  return n;
}
}  // namespace

PlanBuilder PlanBuilder::Select(std::vector<sql::SelectItem> items) const {
  auto n = Node(LogicalKind::kProject, plan_);
  n->items = std::move(items);
  return PlanBuilder(n);
}

Result<PlanBuilder> PlanBuilder::SelectExpr(const std::vector<std::string>& exprs) const {
  std::vector<sql::SelectItem> items;
  for (const auto& e : exprs) {
    SLUICE_ASSIGN_OR_RETURN(sql::SelectItem item, sql::ParseSelectItem(e));
    items.push_back(item);
  }
  return Select(std::move(items));
}

PlanBuilder PlanBuilder::Where(sql::ExprPtr condition) const {
  auto n = Node(LogicalKind::kFilter, plan_);
  n->condition = std::move(condition);
  return PlanBuilder(n);
}

Result<PlanBuilder> PlanBuilder::Where(const std::string& condition) const {
  SLUICE_ASSIGN_OR_RETURN(sql::ExprPtr e, sql::ParseExpression(condition));
  return Where(e);
}

PlanBuilder PlanBuilder::WithColumn(const std::string& name, sql::ExprPtr value) const {
  auto n = Node(LogicalKind::kWithColumns, plan_);
  n->items.push_back({std::move(value), name});
  return PlanBuilder(n);
}

PlanBuilder PlanBuilder::WithColumnRenamed(const std::string& from, const std::string& to) const {
  auto n = Node(LogicalKind::kRename, plan_);
  n->renames.push_back({from, to});
  return PlanBuilder(n);
}

Result<PlanBuilder> PlanBuilder::WithWatermark(const std::string& column, const std::string& delay) const {
  auto micros = ParseIntervalMicros(delay, kWatermarkMicrosPerMonth);
  if (!micros.ok()) {
    return Status::AnalysisError("withWatermark: cannot parse delay threshold '" + delay + "': " +
                                 micros.status().message());
  }
  SLUICE_ASSIGN_OR_RETURN(sql::ExprPtr col, sql::ParseExpression(column));
  auto n = Node(LogicalKind::kWatermark, plan_);
  n->event_time = col;
  n->delay_micros = *micros;
  return PlanBuilder(n);
}

PlanBuilder PlanBuilder::DropDuplicates(std::vector<std::string> columns, bool within_watermark) const {
  auto n = Node(LogicalKind::kDeduplicate, plan_);
  n->using_columns = std::move(columns);
  n->within_watermark = within_watermark;
  return PlanBuilder(n);
}

PlanBuilder PlanBuilder::GroupByAgg(std::vector<sql::SelectItem> keys, std::vector<sql::SelectItem> aggregates) const {
  auto n = Node(LogicalKind::kAggregate, plan_);
  n->group_by = keys;
  // Spark's groupBy().agg() output: the grouping columns, then the aggregates.
  n->items = keys;
  for (auto& a : aggregates) n->items.push_back(std::move(a));
  return PlanBuilder(n);
}

Result<PlanBuilder> PlanBuilder::GroupByAgg(const std::vector<std::string>& keys,
                                            const std::vector<std::string>& aggregates) const {
  std::vector<sql::SelectItem> k, a;
  for (const auto& s : keys) {
    SLUICE_ASSIGN_OR_RETURN(sql::SelectItem item, sql::ParseSelectItem(s));
    k.push_back(item);
  }
  for (const auto& s : aggregates) {
    SLUICE_ASSIGN_OR_RETURN(sql::SelectItem item, sql::ParseSelectItem(s));
    a.push_back(item);
  }
  return GroupByAgg(std::move(k), std::move(a));
}

Result<sql::JoinType> PlanBuilder::ParseJoinType(const std::string& how) {
  std::string h;
  for (char c : how) {
    if (c != '_') h += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (h == "inner") return sql::JoinType::kInner;
  if (h == "left" || h == "leftouter") return sql::JoinType::kLeftOuter;
  if (h == "right" || h == "rightouter") return sql::JoinType::kRightOuter;
  if (h == "full" || h == "outer" || h == "fullouter") return sql::JoinType::kFullOuter;
  if (h == "semi" || h == "leftsemi") return sql::JoinType::kLeftSemi;
  if (h == "anti" || h == "leftanti") return sql::JoinType::kLeftAnti;
  if (h == "cross") return sql::JoinType::kCross;
  return Status::AnalysisError("[UNSUPPORTED_JOIN_TYPE] Unsupported join type '" + how +
                               "'. Supported join types include: 'inner', 'outer', 'full', 'fullouter', 'full_outer', "
                               "'leftouter', 'left', 'left_outer', 'rightouter', 'right', 'right_outer', 'leftsemi', "
                               "'left_semi', 'semi', 'leftanti', 'left_anti', 'anti', 'cross'.");
}

Result<PlanBuilder> PlanBuilder::Join(const PlanBuilder& right, sql::ExprPtr on, const std::string& how) const {
  SLUICE_ASSIGN_OR_RETURN(sql::JoinType type, ParseJoinType(how));
  auto n = std::make_shared<LogicalPlan>();
  n->kind = LogicalKind::kJoin;
  n->children = {plan_, right.plan_};
  n->join_type = type;
  n->condition = std::move(on);
  return PlanBuilder(n);
}

Result<PlanBuilder> PlanBuilder::JoinUsing(const PlanBuilder& right, std::vector<std::string> columns,
                                           const std::string& how) const {
  SLUICE_ASSIGN_OR_RETURN(PlanBuilder j, Join(right, nullptr, how));
  auto n = std::make_shared<LogicalPlan>(*j.plan_);
  n->using_columns = std::move(columns);
  return PlanBuilder(n);
}

PlanBuilder PlanBuilder::Alias(const std::string& alias) const {
  auto n = Node(LogicalKind::kSubqueryAlias, plan_);
  n->name = alias;
  return PlanBuilder(n);
}

PlanBuilder PlanBuilder::Union(const PlanBuilder& other) const {
  auto n = std::make_shared<LogicalPlan>();
  n->kind = LogicalKind::kUnion;
  n->children = {plan_, other.plan_};
  n->union_all = true;
  return PlanBuilder(n);
}

Result<PlanBuilder> PlanBuilder::OrderBy(const std::vector<std::string>& order) const {
  std::vector<sql::OrderItem> items;
  for (const auto& o : order) {
    SLUICE_ASSIGN_OR_RETURN(sql::OrderItem item, sql::ParseOrderItem(o));
    items.push_back(item);
  }
  return OrderBy(std::move(items));
}

PlanBuilder PlanBuilder::OrderBy(std::vector<sql::OrderItem> order) const {
  auto n = Node(LogicalKind::kSort, plan_);
  n->order = std::move(order);
  return PlanBuilder(n);
}

PlanBuilder PlanBuilder::Limit(int64_t limit) const {
  auto n = Node(LogicalKind::kLimit, plan_);
  n->limit = limit;
  return PlanBuilder(n);
}

PlanBuilder PlanBuilder::Repartition(int64_t partitions) const {
  auto n = Node(LogicalKind::kRepartition, plan_);
  n->limit = partitions;
  return PlanBuilder(n);
}

PlanBuilder PlanBuilder::Distinct() const { return PlanBuilder(Node(LogicalKind::kDistinct, plan_)); }

}  // namespace sluice::plan
