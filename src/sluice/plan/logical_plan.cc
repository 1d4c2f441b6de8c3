#include "sluice/plan/logical_plan.h"

#include "sluice/expr/function_registry.h"
#include "sluice/plan/row_number_dedup.h"

namespace sluice::plan {

LogicalPlanPtr MakeRelation(std::string name, sql::Position pos) {
  auto p = std::make_shared<LogicalPlan>();
  p->kind = LogicalKind::kRelation;
  p->name = std::move(name);
  p->pos = pos;
  return p;
}

LogicalPlanPtr MakeFilterPlan(LogicalPlanPtr child, sql::ExprPtr condition) {
  auto f = std::make_shared<LogicalPlan>();
  f->kind = LogicalKind::kFilter;
  f->pos = condition->pos;
  f->children.push_back(std::move(child));
  f->condition = std::move(condition);
  return f;
}

LogicalPlanPtr MakeUnary(LogicalKind kind, LogicalPlanPtr child) {
  auto p = std::make_shared<LogicalPlan>();
  p->kind = kind;
  p->children.push_back(std::move(child));
  return p;
}

namespace {

bool ContainsAggregateCall(const sql::Expr& e);

Result<LogicalPlanPtr> TableRefToPlan(const sql::TableRef& ref) {
  LogicalPlanPtr plan;
  switch (ref.kind) {
    case sql::TableRef::Kind::kNamed: plan = MakeRelation(ref.name, ref.pos); break;
    case sql::TableRef::Kind::kSubquery: {
      SLUICE_ASSIGN_OR_RETURN(plan, QueryToLogicalPlan(*ref.subquery));
      break;
    }
    case sql::TableRef::Kind::kJoin: {
      SLUICE_ASSIGN_OR_RETURN(LogicalPlanPtr left, TableRefToPlan(*ref.left));
      SLUICE_ASSIGN_OR_RETURN(LogicalPlanPtr right, TableRefToPlan(*ref.right));
      auto j = std::make_shared<LogicalPlan>();
      j->kind = LogicalKind::kJoin;
      j->pos = ref.pos;
      j->children = {left, right};
      j->join_type = ref.join_type;
      j->condition = ref.join_condition;
      j->using_columns = ref.using_columns;
      return LogicalPlanPtr(j);
    }
  }
  if (ref.watermark) {
    auto w = std::make_shared<LogicalPlan>();
    w->kind = LogicalKind::kWatermark;
    w->pos = ref.watermark->pos;
    w->children.push_back(plan);
    w->event_time = ref.watermark->event_time;
    w->event_time_name = ref.watermark->name;
    w->delay_micros = ref.watermark->delay_micros;
    plan = w;
  }
  // A subquery without alias is still a scope boundary; a named table keeps its name
  // as qualifier unless aliased.
  if (!ref.alias.empty() || ref.kind == sql::TableRef::Kind::kSubquery) {
    auto a = std::make_shared<LogicalPlan>();
    a->kind = LogicalKind::kSubqueryAlias;
    a->name = ref.alias;
    a->children.push_back(plan);
    plan = a;
  }
  return plan;
}

bool IsAggregateName(const std::string& name) {
  const expr::FunctionEntry* entry = expr::FindFunction(name);
  return entry != nullptr && entry->kind == expr::FunctionKind::kAggregate;
}

bool ContainsAggregateCall(const sql::Expr& e) {
  if (e.kind == sql::ExprKind::kFunction && IsAggregateName(e.name)) return true;
  for (const auto& c : e.children) {
    if (c && ContainsAggregateCall(*c)) return true;
  }
  return false;
}

}  // namespace

Result<LogicalPlanPtr> QueryToLogicalPlan(const sql::Query& query) {
  // WHERE rn = 1 over a subquery's ROW_NUMBER() column is that subquery's QUALIFY.
  if (sql::QueryPtr moved = MoveRowNumberFilterIntoSubquery(query)) return QueryToLogicalPlan(*moved);
  LogicalPlanPtr plan;
  if (!query.set_op.empty()) {
    SLUICE_ASSIGN_OR_RETURN(LogicalPlanPtr left, QueryToLogicalPlan(*query.left));
    SLUICE_ASSIGN_OR_RETURN(LogicalPlanPtr right, QueryToLogicalPlan(*query.right));
    auto u = std::make_shared<LogicalPlan>();
    u->kind = LogicalKind::kUnion;
    u->pos = query.pos;
    u->children = {left, right};
    u->union_all = query.set_op == "UNION ALL";
    u->inline_table = query.inline_table;
    plan = u;
    if (!u->union_all) plan = MakeUnary(LogicalKind::kDistinct, plan);
  } else {
    if (query.from) {
      SLUICE_ASSIGN_OR_RETURN(plan, TableRefToPlan(*query.from));
    } else {
      plan = MakeRelation("", query.pos);  // SELECT without FROM: one empty row
    }
    if (query.where) plan = MakeFilterPlan(plan, query.where);
    bool has_aggregate = !query.group_by.empty() || query.having;
    for (const auto& item : query.select) has_aggregate = has_aggregate || ContainsAggregateCall(*item.expr);
    // QUALIFY ROW_NUMBER() OVER (...) = 1 deduplicates (plan/row_number_dedup.h).
    SLUICE_ASSIGN_OR_RETURN(WindowedInput windowed, PlanRowNumberDedup(query, plan, has_aggregate));
    auto p = std::make_shared<LogicalPlan>();
    p->children.push_back(windowed.plan);
    p->items = std::move(windowed.select);
    p->pos = query.pos;
    if (has_aggregate) {
      p->kind = LogicalKind::kAggregate;
      for (const auto& g : query.group_by) p->group_by.push_back({g, ""});
      p->having = query.having;
    } else {
      p->kind = LogicalKind::kProject;
    }
    plan = p;
    if (query.distinct) plan = MakeUnary(LogicalKind::kDistinct, plan);
  }
  if (!query.order_by.empty()) {
    auto s = std::make_shared<LogicalPlan>();
    s->kind = LogicalKind::kSort;
    s->children.push_back(plan);
    s->order = query.order_by;
    plan = s;
  }
  if (query.limit) {
    auto l = std::make_shared<LogicalPlan>();
    l->kind = LogicalKind::kLimit;
    l->children.push_back(plan);
    l->limit = *query.limit;
    plan = l;
  }
  return plan;
}

std::string LogicalPlan::ToString(int indent) const {
  std::string pad(indent * 2, ' ');
  std::string line;
  auto items_text = [](const std::vector<sql::SelectItem>& items) {
    std::string out;
    for (size_t i = 0; i < items.size(); ++i) {
      if (i) out += ", ";
      out += items[i].expr->ToString();
      if (!items[i].alias.empty()) out += " AS " + items[i].alias;
    }
    return out;
  };
  switch (kind) {
    case LogicalKind::kRelation: line = "'UnresolvedRelation [" + name + "]"; break;
    case LogicalKind::kSubqueryAlias: line = "'SubqueryAlias " + name; break;
    case LogicalKind::kProject: line = "'Project [" + items_text(items) + "]"; break;
    case LogicalKind::kFilter: line = "'Filter " + condition->ToString(); break;
    case LogicalKind::kAggregate: line = "'Aggregate [" + items_text(group_by) + "], [" + items_text(items) + "]"; break;
    case LogicalKind::kJoin: line = "'Join " + std::string(condition ? condition->ToString() : ""); break;
    case LogicalKind::kUnion: line = union_all ? "'Union" : "'Union (distinct)"; break;
    case LogicalKind::kDistinct: line = "'Distinct"; break;
    case LogicalKind::kSort: line = "'Sort"; break;
    case LogicalKind::kLimit: line = "'Limit " + std::to_string(limit); break;
    case LogicalKind::kWatermark: line = "'EventTimeWatermark " + event_time->ToString(); break;
    case LogicalKind::kDeduplicate:
      line = within_watermark ? "'DeduplicateWithinWatermark" : "'Deduplicate";
      if (row_number) line += " " + row_number->ToString();
      break;
    case LogicalKind::kRepartition: line = "'Repartition " + std::to_string(limit); break;
    case LogicalKind::kWithColumns: line = "'WithColumns [" + items_text(items) + "]"; break;
    case LogicalKind::kRename: line = "'WithColumnsRenamed"; break;
  }
  std::string out = pad + line + "\n";
  for (const auto& c : children) out += c->ToString(indent + 1);
  return out;
}

}  // namespace sluice::plan
