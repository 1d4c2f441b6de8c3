#include "sluice/plan/analyzer.h"

#include <algorithm>
#include <cctype>

#include "sluice/common/strings.h"
#include "sluice/common/time.h"
#include "sluice/plan/row_number_dedup.h"
#include "sluice/plan/time_window.h"

namespace sluice::plan {

namespace {

constexpr int kMaxViewDepth = 32;

std::shared_ptr<PlanNode> NewNode(NodeKind kind, std::vector<PlanPtr> children) {
  auto n = std::make_shared<PlanNode>();
  n->kind = kind;
  for (const auto& c : children) n->streaming = n->streaming || c->streaming;
  n->children = std::move(children);
  return n;
}

// The output attribute of a projected expression: a plain column keeps its attribute
// (qualifier, event-time marker); anything else gets a fresh name.
Attribute OutputAttribute(const expr::ExprPtr& bound, const std::vector<Attribute>& input, const std::string& name) {
  int idx = expr::ColumnRefIndex(*bound);
  if (idx >= 0 && idx < static_cast<int>(input.size())) {
    Attribute a = input[idx];
    a.name = name;
    return a;
  }
  Attribute a;
  a.name = name;
  a.type = bound->type();
  // [time windows] window_time(w) keeps the event-time marker of w (plan/time_window.h).
  a.watermark_delay_micros = EventTimeDelay(*bound, input);
  return a;
}

bool IsStar(const sql::Expr& e) { return e.kind == sql::ExprKind::kStar; }

bool IsGeneratorCall(const sql::Expr& e) {
  if (e.kind != sql::ExprKind::kFunction) return false;
  const expr::FunctionEntry* entry = expr::FindFunction(e.name);
  return entry && entry->kind == expr::FunctionKind::kGenerator;
}

bool ContainsAggregate(const sql::Expr& e) {
  if (e.kind == sql::ExprKind::kFunction) {
    const expr::FunctionEntry* entry = expr::FindFunction(e.name);
    if (entry && entry->kind == expr::FunctionKind::kAggregate) return true;
  }
  for (const auto& c : e.children) {
    if (c && ContainsAggregate(*c)) return true;
  }
  return false;
}

// Splits an AST on AND into conjuncts.
void SplitConjuncts(const sql::ExprPtr& e, std::vector<sql::ExprPtr>* out) {
  if (e->kind == sql::ExprKind::kBinary && AsciiLower(e->op) == "and") {
    SplitConjuncts(e->children[0], out);
    SplitConjuncts(e->children[1], out);
  } else {
    out->push_back(e);
  }
}

// Expands '*' / 't.*' to column-reference items over `scope`.
Status ExpandStar(const sql::Expr& star, const std::vector<Attribute>& scope, std::vector<sql::SelectItem>* out) {
  bool any = false;
  for (const auto& a : scope) {
    if (!star.parts.empty() && AsciiLower(a.qualifier) != AsciiLower(star.parts[0])) continue;
    std::vector<std::string> parts;
    if (!a.qualifier.empty()) parts.push_back(a.qualifier);
    parts.push_back(a.name);
    out->push_back({sql::MakeColumnRef(parts, star.pos), ""});
    any = true;
  }
  if (!any && !star.parts.empty()) {
    return Status::AnalysisError("[CANNOT_RESOLVE_STAR_EXPAND] Cannot resolve " + star.parts[0] +
                                 ".* given input columns" + PositionSuffix(star.pos));
  }
  return Status::OK();
}

// [time windows] The GROUP BY expressions that may hold a window call, with GROUP BY
// ordinals and select aliases resolved to their select items.
std::vector<const sql::Expr*> GroupingWindowRoots(const LogicalPlan& p, const std::vector<Attribute>& input) {
  std::vector<const sql::Expr*> roots;
  for (const auto& g : p.group_by) {
    const sql::Expr* e = g.expr.get();
    if (e->kind == sql::ExprKind::kLiteral && e->value.is_int() && e->literal_type && e->literal_type->IsIntegral()) {
      int64_t ordinal = e->value.int_value();
      if (ordinal >= 1 && ordinal <= static_cast<int64_t>(p.items.size())) e = p.items[ordinal - 1].expr.get();
    } else if (e->kind == sql::ExprKind::kColumnRef && e->parts.size() == 1) {
      const std::string name = AsciiLower(e->parts[0]);
      bool is_column = false;
      for (const auto& a : input) is_column = is_column || AsciiLower(a.name) == name;
      for (size_t i = 0; i < p.items.size() && !is_column; ++i) {
        if (!p.items[i].alias.empty() && AsciiLower(p.items[i].alias) == name) {
          e = p.items[i].expr.get();
          break;
        }
      }
    }
    roots.push_back(e);
  }
  return roots;
}

}  // namespace

Result<PlanPtr> Analyzer::Analyze(const LogicalPlan& plan) { return Resolve(plan, 0); }

Result<PlanPtr> Analyzer::Resolve(const LogicalPlan& p, int depth) {
  if (p.kind == LogicalKind::kRelation) return ResolveRelation(p, depth);
  std::vector<PlanPtr> children;
  for (const auto& c : p.children) {
    SLUICE_ASSIGN_OR_RETURN(PlanPtr child, Resolve(*c, depth));
    children.push_back(child);
  }
  SLUICE_RETURN_IF_ERROR(CheckNoWindowFunctions(p, children));  // plan/row_number_dedup.h
  switch (p.kind) {
    case LogicalKind::kRelation: break;
    case LogicalKind::kSubqueryAlias: {
      auto n = std::make_shared<PlanNode>(*children[0]);
      for (auto& a : n->output) a.qualifier = p.name;
      return PlanPtr(n);
    }
    case LogicalKind::kProject: return ResolveProject(p, children[0]);
    case LogicalKind::kFilter: {
      SLUICE_ASSIGN_OR_RETURN(expr::ExprPtr cond, binder_.Bind(*p.condition, children[0]->output));
      if (cond->type()->id() != types::TypeId::kBoolean && cond->type()->id() != types::TypeId::kNull) {
        return Status::AnalysisError("[DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN] Cannot resolve \"" + p.condition->ToString() +
                                     "\" due to data type mismatch: Filter expression \"" + p.condition->ToString() +
                                     "\" of type \"" + cond->type()->ToString() + "\" is not a boolean." +
                                     PositionSuffix(p.condition->pos));
      }
      return MakeFilter(children[0], cond);
    }
    case LogicalKind::kAggregate: return ResolveAggregate(p, children[0]);
    case LogicalKind::kJoin: return ResolveJoin(p, children[0], children[1]);
    case LogicalKind::kUnion: return ResolveUnion(p, std::move(children));
    case LogicalKind::kDistinct: return ResolveDistinct(children[0]);
    case LogicalKind::kSort: return ResolveSort(p, children[0]);
    case LogicalKind::kLimit: {
      if (p.limit < 0) {
        return Status::AnalysisError("[INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE] The limit expression must be equal to "
                                     "or greater than 0, but got " + std::to_string(p.limit) + ".");
      }
      auto n = NewNode(NodeKind::kLimit, {children[0]});
      n->output = children[0]->output;
      n->limit = p.limit;
      return PlanPtr(n);
    }
    case LogicalKind::kWatermark: return ResolveWatermark(p, children[0]);
    case LogicalKind::kDeduplicate:
      if (p.row_number) return ResolveRowNumberDeduplicate(p, children[0], binder_);
      return ResolveDeduplicate(p, children[0]);
    case LogicalKind::kRepartition: {
      if (p.limit <= 0) {
        return Status::AnalysisError("repartition: the number of partitions must be positive, got " +
                                     std::to_string(p.limit));
      }
      auto n = NewNode(NodeKind::kRepartition, {children[0]});
      n->output = children[0]->output;
      n->limit = p.limit;
      return PlanPtr(n);
    }
    case LogicalKind::kWithColumns: return ResolveWithColumns(p, children[0]);
    case LogicalKind::kRename: return ResolveRename(p, children[0]);
  }
  return Status::Internal("unhandled logical plan node");
}

Result<PlanPtr> Analyzer::ResolveRelation(const LogicalPlan& p, int depth) {
  if (p.name.empty()) {
    // SELECT without FROM: a single row with no columns.
    auto info = std::make_shared<RelationInfo>();
    info->kind = RelationInfo::Kind::kTable;
    info->schema = std::make_shared<types::Schema>();
    info->rows.push_back(std::make_shared<types::Batch>(info->schema, std::vector<types::ColumnPtr>{}, 1));
    auto n = NewNode(NodeKind::kScan, {});
    n->relation = info;
    return PlanPtr(n);
  }
  auto info = catalog_.Lookup(p.name);
  if (!info) {
    sql::QueryPtr view = catalog_.LookupView(p.name);
    if (view) {
      if (depth > kMaxViewDepth) return Status::AnalysisError("view '" + p.name + "' refers to itself");
      SLUICE_ASSIGN_OR_RETURN(LogicalPlanPtr lp, QueryToLogicalPlan(*view));
      SLUICE_ASSIGN_OR_RETURN(PlanPtr resolved, Resolve(*lp, depth + 1));
      auto n = std::make_shared<PlanNode>(*resolved);
      for (auto& a : n->output) a.qualifier = p.name;
      return PlanPtr(n);
    }
    auto close = ClosestNames(p.name, catalog_.Names(), 5);
    std::string hint;
    for (size_t i = 0; i < close.size(); ++i) hint += (i ? ", " : "") + ("`" + close[i] + "`");
    return Status::AnalysisError("[TABLE_OR_VIEW_NOT_FOUND] The table or view `" + p.name + "` cannot be found." +
                                 (hint.empty() ? std::string(" No sources, tables or views are declared.")
                                               : " Available: [" + hint + "].") +
                                 PositionSuffix(p.pos));
  }
  auto n = NewNode(NodeKind::kScan, {});
  n->relation = info;
  n->streaming = info->kind == RelationInfo::Kind::kStream;
  for (const auto& f : info->schema->fields()) {
    Attribute a;
    a.name = f.name;
    a.type = f.type;
    a.nullable = f.nullable;
    a.qualifier = p.name;
    n->output.push_back(a);
  }
  return PlanPtr(n);
}

Result<PlanPtr> Analyzer::ResolveProject(const LogicalPlan& p, PlanPtr child) {
  for (const auto& item : p.items) {
    if (ContainsAggregate(*item.expr)) {
      // A select list with aggregates and no GROUP BY is a global aggregation.
      LogicalPlan agg = p;
      agg.kind = LogicalKind::kAggregate;
      return ResolveAggregate(agg, child);
    }
  }
  std::vector<sql::SelectItem> items;
  for (const auto& item : p.items) {
    if (IsStar(*item.expr)) {
      SLUICE_RETURN_IF_ERROR(ExpandStar(*item.expr, child->output, &items));
    } else {
      items.push_back(item);
    }
  }
  // [time windows] window()/session_window() items read a column that a Generate node
  // appends (Spark's TimeWindowing); see plan/time_window.h.
  std::vector<const sql::Expr*> window_roots;
  for (const auto& item : items) window_roots.push_back(item.expr.get());
  SLUICE_ASSIGN_OR_RETURN(TimeWindowColumn window, PlanTimeWindow(window_roots, child, binder_));
  child = window.child;
  // A generator item (explode) becomes a Generate node below the projection.
  int generator_item = -1;
  for (size_t i = 0; i < items.size(); ++i) {
    if (IsGeneratorCall(*items[i].expr)) {
      if (generator_item >= 0) {
        return Status::AnalysisError("[UNSUPPORTED_GENERATOR.MULTI_GENERATOR] The generator is not supported: only one "
                                     "generator allowed per SELECT clause but found 2." +
                                     PositionSuffix(items[i].expr->pos));
      }
      generator_item = static_cast<int>(i);
    }
  }
  PlanPtr input = child;
  if (generator_item >= 0) {
    const sql::Expr& g = *items[generator_item].expr;
    const expr::FunctionEntry* entry = expr::FindFunction(g.name);
    std::vector<expr::ExprPtr> args;
    for (const auto& a : g.children) {
      SLUICE_ASSIGN_OR_RETURN(expr::ExprPtr b, binder_.Bind(*a, child->output));
      args.push_back(b);
    }
    SLUICE_ASSIGN_OR_RETURN(expr::ExprPtr gen, entry->scalar(std::move(args), g.ToString()));
    auto n = NewNode(NodeKind::kGenerate, {child});
    n->generator = gen;
    n->output = child->output;
    Attribute a;
    auto* ge = dynamic_cast<const expr::GeneratorExpr*>(gen.get());
    a.name = items[generator_item].alias.empty() ? (ge ? ge->DefaultColumnName() : "col") : items[generator_item].alias;
    a.type = gen->type();
    n->output.push_back(a);
    input = n;
    // The item now refers to the generated column by position.
    items[generator_item].expr = nullptr;
  }
  std::vector<expr::ExprPtr> exprs;
  std::vector<Attribute> output;
  for (const auto& item : items) {
    if (!item.expr) {
      int idx = static_cast<int>(input->output.size()) - 1;
      exprs.push_back(expr::MakeColumnRef(idx, input->output[idx].type, input->output[idx].name));
      output.push_back(input->output[idx]);
      continue;
    }
    SLUICE_ASSIGN_OR_RETURN(expr::ExprPtr bound, binder_.Bind(*item.expr, input->output));
    bound = ReplaceTimeWindowCall(bound, window);  // [time windows]
    std::string name = item.alias.empty() ? sql::AutoName(*item.expr) : item.alias;
    output.push_back(OutputAttribute(bound, input->output, name));
    exprs.push_back(bound);
  }
  return MakeProject(input, std::move(exprs), std::move(output));
}

Result<PlanPtr> Analyzer::ResolveAggregate(const LogicalPlan& p, PlanPtr child) {
  // [time windows] A window()/session_window() call reads a column that a Generate node
  // appends to the input (Spark's TimeWindowing looks at keys, select list and HAVING);
  // while the select list binds, the key stays the call so that equal calls there match
  // it (plan/time_window.h).
  std::vector<const sql::Expr*> window_roots = GroupingWindowRoots(p, child->output);
  for (const auto& item : p.items) window_roots.push_back(item.expr.get());
  window_roots.push_back(p.having.get());
  SLUICE_ASSIGN_OR_RETURN(TimeWindowColumn window, PlanTimeWindow(window_roots, child, binder_));
  child = window.child;
  AggregateScope agg;
  agg.input = &child->output;
  agg.select_items = p.items;
  for (const auto& g : p.group_by) {
    sql::ExprPtr ast = g.expr;
    // GROUP BY 1 refers to the first select item (spark.sql.groupByOrdinal).
    if (ast->kind == sql::ExprKind::kLiteral && ast->value.is_int() && ast->literal_type &&
        ast->literal_type->IsIntegral()) {
      int64_t ordinal = ast->value.int_value();
      if (ordinal < 1 || ordinal > static_cast<int64_t>(p.items.size())) {
        return Status::AnalysisError("[GROUP_BY_POS_OUT_OF_RANGE] GROUP BY position " + std::to_string(ordinal) +
                                     " is not in select list (valid range is [1, " + std::to_string(p.items.size()) +
                                     "])." + PositionSuffix(ast->pos));
      }
      ast = p.items[ordinal - 1].expr;
    }
    auto bound = binder_.Bind(*ast, child->output);
    if (!bound.ok() && ast->kind == sql::ExprKind::kColumnRef && ast->parts.size() == 1) {
      // GROUP BY a select alias (spark.sql.groupByAliases).
      for (const auto& item : p.items) {
        if (!item.alias.empty() && AsciiLower(item.alias) == AsciiLower(ast->parts[0])) {
          ast = item.expr;
          bound = binder_.Bind(*ast, child->output);
          break;
        }
      }
    }
    if (!bound.ok()) return bound.status();
    std::string name = !g.alias.empty() ? g.alias : sql::AutoName(*ast);
    // [time windows] GROUP BY an alias of the window call may resolve to the window column.
    if (window.has_window() && expr::ColumnRefIndex(**bound) == window.column) *bound = window.call;
    agg.group_exprs.push_back(*bound);
    agg.keys.push_back(OutputAttribute(ReplaceTimeWindowCall(*bound, window), child->output, name));
  }
  std::vector<sql::SelectItem> items;
  for (const auto& item : p.items) {
    if (IsStar(*item.expr)) {
      SLUICE_RETURN_IF_ERROR(ExpandStar(*item.expr, child->output, &items));
    } else {
      items.push_back(item);
    }
  }
  std::vector<expr::ExprPtr> exprs;
  std::vector<Attribute> output;
  std::vector<Attribute> scratch;  // replaced below once the aggregate output is known
  for (const auto& item : items) {
    if (IsGeneratorCall(*item.expr)) {
      return Status::AnalysisError("[UNSUPPORTED_GENERATOR.OUTSIDE_SELECT] a generator cannot be used together with "
                                   "aggregate functions in one SELECT" + PositionSuffix(item.expr->pos));
    }
    SLUICE_ASSIGN_OR_RETURN(expr::ExprPtr bound, binder_.BindAggregateOutput(*item.expr, agg));
    if (ContainsTimeWindowExpr(*bound)) {  // [time windows] a window that is not a key
      return Status::AnalysisError("[MISSING_AGGREGATION] The non-aggregating expression \"" + item.expr->ToString() +
                                   "\" is based on columns which are not participating in the GROUP BY clause. Add "
                                   "the columns or the expression to the GROUP BY, aggregate the expression, or use "
                                   "\"any_value(" + item.expr->ToString() + ")\" if you do not care which of the "
                                   "values within a group is returned." + PositionSuffix(item.expr->pos));
    }
    std::string name = item.alias.empty() ? sql::AutoName(*item.expr) : item.alias;
    exprs.push_back(bound);
    output.push_back({name, bound->type(), "", true, std::nullopt});
  }
  expr::ExprPtr having;
  if (p.having) {
    SLUICE_ASSIGN_OR_RETURN(having, binder_.BindAggregateOutput(*p.having, agg));
    if (ContainsTimeWindowExpr(*having)) {  // [time windows] a window that is not a key
      return Status::AnalysisError("[MISSING_AGGREGATION] The non-aggregating expression \"" + p.having->ToString() +
                                   "\" is based on columns which are not participating in the GROUP BY clause." +
                                   PositionSuffix(p.having->pos));
    }
  }
  auto node = NewNode(NodeKind::kAggregate, {child});
  node->group_exprs = agg.group_exprs;
  for (size_t i = 0; i < node->group_exprs.size(); ++i) {  // [time windows]
    node->group_exprs[i] = ReplaceTimeWindowCall(node->group_exprs[i], window);
    if (window.session && expr::ColumnRefIndex(*node->group_exprs[i]) == window.column) {
      node->session_window_key = static_cast<int>(i);
    }
  }
  node->aggregates = agg.aggregates;
  node->output = agg.keys;
  for (const auto& call : agg.aggregates) node->output.push_back({call.ToString(), call.result_type, "", true, std::nullopt});
  for (auto& call : node->aggregates) {  // [time windows] e.g. count(window(ts, '5 seconds'))
    for (auto& arg : call.args) arg = ReplaceTimeWindowCall(arg, window);
  }
  // Key references in the select list keep the key's attribute (qualifier, event time).
  for (size_t i = 0; i < exprs.size(); ++i) {
    int idx = expr::ColumnRefIndex(*exprs[i]);
    if (idx >= 0 && idx < static_cast<int>(agg.keys.size())) {
      std::string name = output[i].name;
      output[i] = node->output[idx];
      output[i].name = name;
    } else {
      output[i].watermark_delay_micros = EventTimeDelay(*exprs[i], node->output);  // [time windows] window_time(key)
    }
  }
  PlanPtr top = node;
  if (having) top = MakeFilter(top, having);
  return MakeProject(top, std::move(exprs), std::move(output));
}

Result<PlanPtr> Analyzer::ResolveDistinct(PlanPtr child) {
  auto node = NewNode(NodeKind::kAggregate, {child});
  for (size_t i = 0; i < child->output.size(); ++i) {
    node->group_exprs.push_back(expr::MakeColumnRef(static_cast<int>(i), child->output[i].type, child->output[i].name));
  }
  node->output = child->output;
  return PlanPtr(node);
}

Result<PlanPtr> Analyzer::ResolveJoin(const LogicalPlan& p, PlanPtr left, PlanPtr right) {
  using sql::JoinType;
  if (left->streaming && right->streaming) {
    return Status::NotSupported("stream-stream joins are not supported yet; join a stream with a static table" +
                                PositionSuffix(p.pos));
  }
  const char* type_name = nullptr;
  switch (p.join_type) {
    case JoinType::kLeftOuter:
      if (right->streaming) type_name = "Left outer join with a streaming DataFrame/Dataset on the right and a static DataFrame/Dataset on the left";
      break;
    case JoinType::kRightOuter:
      if (left->streaming) type_name = "Right outer join with a streaming DataFrame/Dataset on the left and a static DataFrame/Dataset on the right";
      break;
    case JoinType::kFullOuter:
      if (left->streaming || right->streaming) type_name = "Full outer joins with streaming DataFrames/Datasets";
      break;
    case JoinType::kLeftSemi:
    case JoinType::kLeftAnti:
      if (right->streaming) type_name = "Left semi/anti joins with a streaming DataFrame/Dataset on the right";
      break;
    default: break;
  }
  if (type_name) return Status::AnalysisError(std::string(type_name) + " is not supported" + PositionSuffix(p.pos));

  auto node = NewNode(NodeKind::kJoin, {left, right});
  node->join_type = p.join_type;
  std::vector<Attribute> combined = left->output;
  bool right_nullable = p.join_type == JoinType::kLeftOuter || p.join_type == JoinType::kFullOuter;
  bool left_nullable = p.join_type == JoinType::kRightOuter || p.join_type == JoinType::kFullOuter;
  for (auto& a : combined) a.nullable = a.nullable || left_nullable;
  for (auto a : right->output) {
    a.nullable = a.nullable || right_nullable;
    combined.push_back(a);
  }
  std::vector<std::pair<int, int>> using_pairs;
  if (!p.using_columns.empty()) {
    for (const auto& name : p.using_columns) {
      auto li = binder_.ResolveColumnIndex({name}, left->output, p.pos);
      auto ri = binder_.ResolveColumnIndex({name}, right->output, p.pos);
      if (!li.ok() || !ri.ok()) {
        return Status::AnalysisError("[UNRESOLVED_USING_COLUMN_FOR_JOIN] USING column `" + name +
                                     "` cannot be resolved on the " + (li.ok() ? "right" : "left") + " side of the join." +
                                     PositionSuffix(p.pos));
      }
      node->left_keys.push_back(expr::MakeColumnRef(*li, left->output[*li].type, name));
      node->right_keys.push_back(expr::MakeColumnRef(*ri, right->output[*ri].type, name));
      using_pairs.push_back({*li, *ri});
    }
  } else if (p.condition) {
    std::vector<sql::ExprPtr> conjuncts;
    SplitConjuncts(p.condition, &conjuncts);
    std::vector<expr::ExprPtr> residual;
    for (const auto& c : conjuncts) {
      if (c->kind == sql::ExprKind::kBinary && (c->op == "=" || c->op == "==")) {
        auto l1 = binder_.Bind(*c->children[0], left->output);
        auto r1 = binder_.Bind(*c->children[1], right->output);
        if (l1.ok() && r1.ok()) {
          node->left_keys.push_back(*l1);
          node->right_keys.push_back(*r1);
          continue;
        }
        auto l2 = binder_.Bind(*c->children[1], left->output);
        auto r2 = binder_.Bind(*c->children[0], right->output);
        if (l2.ok() && r2.ok()) {
          node->left_keys.push_back(*l2);
          node->right_keys.push_back(*r2);
          continue;
        }
      }
      SLUICE_ASSIGN_OR_RETURN(expr::ExprPtr b, binder_.Bind(*c, combined));
      residual.push_back(b);
    }
    for (const auto& r : residual) {
      if (!node->residual) {
        node->residual = r;
      } else {
        SLUICE_ASSIGN_OR_RETURN(node->residual, expr::BindBinaryOperator("AND", node->residual, r, "AND"));
      }
    }
  }
  // Keys of both sides compare in their wider type.
  for (size_t i = 0; i < node->left_keys.size(); ++i) {
    auto wider = expr::WiderType(node->left_keys[i]->type(), node->right_keys[i]->type());
    if (!wider) {
      return Status::AnalysisError("[DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES] join keys have incompatible types: " +
                                   node->left_keys[i]->type()->ToString() + " and " +
                                   node->right_keys[i]->type()->ToString() + PositionSuffix(p.pos));
    }
    SLUICE_ASSIGN_OR_RETURN(node->left_keys[i], expr::ImplicitCast(node->left_keys[i], wider));
    SLUICE_ASSIGN_OR_RETURN(node->right_keys[i], expr::ImplicitCast(node->right_keys[i], wider));
  }
  if (node->left_keys.empty() && p.join_type != JoinType::kCross && p.join_type != JoinType::kInner) {
    return Status::NotSupported("an outer, semi or anti join needs at least one equality condition between the two sides" +
                                PositionSuffix(p.pos));
  }
  if (p.join_type == JoinType::kLeftSemi || p.join_type == JoinType::kLeftAnti) {
    node->output = left->output;
  } else {
    node->output = combined;
  }
  if (using_pairs.empty() || p.join_type == JoinType::kLeftSemi || p.join_type == JoinType::kLeftAnti) {
    return PlanPtr(node);
  }
  // USING: the key columns once (coalesced for a full join), then the other columns.
  std::vector<expr::ExprPtr> exprs;
  std::vector<Attribute> output;
  size_t left_size = left->output.size();
  for (const auto& [li, ri] : using_pairs) {
    int from = p.join_type == JoinType::kRightOuter ? static_cast<int>(left_size) + ri : li;
    expr::ExprPtr e = expr::MakeColumnRef(from, node->output[from].type, node->output[from].name);
    if (p.join_type == JoinType::kFullOuter) {
      const expr::FunctionEntry* coalesce = expr::FindFunction("coalesce");
      int r = static_cast<int>(left_size) + ri;
      SLUICE_ASSIGN_OR_RETURN(e, coalesce->scalar({e, expr::MakeColumnRef(r, node->output[r].type, node->output[r].name)},
                                                  "coalesce"));
    }
    Attribute a = node->output[from];
    a.qualifier.clear();
    exprs.push_back(e);
    output.push_back(a);
  }
  for (size_t i = 0; i < node->output.size(); ++i) {
    bool is_key = false;
    for (const auto& [li, ri] : using_pairs) is_key = is_key || static_cast<int>(i) == li || i == left_size + ri;
    if (is_key) continue;
    exprs.push_back(expr::MakeColumnRef(static_cast<int>(i), node->output[i].type, node->output[i].name));
    output.push_back(node->output[i]);
  }
  return MakeProject(node, std::move(exprs), std::move(output));
}

Result<PlanPtr> Analyzer::ResolveUnion(const LogicalPlan& p, std::vector<PlanPtr> children) {
  size_t width = children[0]->output.size();
  for (size_t i = 1; i < children.size(); ++i) {
    if (children[i]->output.size() != width) {
      return Status::AnalysisError("[NUM_COLUMNS_MISMATCH] UNION can only be performed on inputs with the same number of "
                                   "columns, but the first input has " + std::to_string(width) + " columns and the " +
                                   (i == 1 ? std::string("second") : std::to_string(i + 1) + "th") + " input has " +
                                   std::to_string(children[i]->output.size()) + " columns." + PositionSuffix(p.pos));
    }
  }
  std::vector<types::TypePtr> types;
  for (size_t c = 0; c < width; ++c) {
    types::TypePtr t = children[0]->output[c].type;
    for (size_t i = 1; i < children.size(); ++i) {
      auto w = expr::WiderType(t, children[i]->output[c].type);
      if (!w && p.inline_table) {
        return Status::AnalysisError(
            "[INVALID_INLINE_TABLE.INCOMPATIBLE_TYPES_IN_INLINE_TABLE] Invalid inline table. Found incompatible types in "
            "the column `" + children[0]->output[c].name + "` for inline table: \"" + t->ToString() + "\" and \"" +
            children[i]->output[c].type->ToString() + "\"." + PositionSuffix(p.pos));
      }
      if (!w) {
        return Status::AnalysisError("[INCOMPATIBLE_COLUMN_TYPE] UNION can only be performed on inputs with compatible "
                                     "column types. The column " + std::to_string(c + 1) + " of the input " +
                                     std::to_string(i + 1) + " has type \"" + children[i]->output[c].type->ToString() +
                                     "\" which is not compatible with \"" + t->ToString() + "\"." + PositionSuffix(p.pos));
      }
      t = w;
    }
    types.push_back(t);
  }
  for (auto& child : children) {
    bool needs_cast = false;
    for (size_t c = 0; c < width; ++c) needs_cast = needs_cast || !child->output[c].type->Equals(*types[c]);
    if (!needs_cast) continue;
    std::vector<expr::ExprPtr> exprs;
    std::vector<Attribute> output = child->output;
    for (size_t c = 0; c < width; ++c) {
      SLUICE_ASSIGN_OR_RETURN(
          expr::ExprPtr e,
          expr::ImplicitCast(expr::MakeColumnRef(static_cast<int>(c), child->output[c].type, child->output[c].name), types[c]));
      exprs.push_back(e);
      output[c].type = types[c];
    }
    child = MakeProject(child, std::move(exprs), std::move(output));
  }
  auto node = NewNode(NodeKind::kUnion, children);
  node->output = children[0]->output;
  for (auto& a : node->output) a.qualifier.clear();
  return PlanPtr(node);
}

Result<PlanPtr> Analyzer::ResolveSort(const LogicalPlan& p, PlanPtr child) {
  auto node = NewNode(NodeKind::kSort, {child});
  node->output = child->output;
  for (const auto& o : p.order) {
    SortKey k;
    k.ascending = o.ascending;
    k.nulls_first = o.nulls_first.value_or(o.ascending);
    auto bound = binder_.Bind(*o.expr, child->output);
    if (!bound.ok() && child->kind == NodeKind::kProject && !child->children.empty()) {
      // ORDER BY a column the SELECT list dropped is not supported; report the original error.
      return bound.status();
    }
    if (!bound.ok()) return bound.status();
    k.expr = *bound;
    node->sort_keys.push_back(k);
  }
  return PlanPtr(node);
}

Result<PlanPtr> Analyzer::ResolveWatermark(const LogicalPlan& p, PlanPtr child) {
  if (p.delay_micros < 0) {
    return Status::AnalysisError("delay threshold (" + FormatIntervalMicros(p.delay_micros) +
                                 ") should not be negative." + PositionSuffix(p.pos));
  }
  int column = -1;
  PlanPtr input = child;
  if (p.event_time->kind == sql::ExprKind::kColumnRef && p.event_time_name.empty()) {
    SLUICE_ASSIGN_OR_RETURN(column, binder_.ResolveColumnIndex(p.event_time->parts, child->output, p.event_time->pos));
  } else {
    // WATERMARK expr AS name: the event time is a new column.
    SLUICE_ASSIGN_OR_RETURN(expr::ExprPtr bound, binder_.Bind(*p.event_time, child->output));
    std::vector<expr::ExprPtr> exprs;
    std::vector<Attribute> output = child->output;
    for (size_t i = 0; i < child->output.size(); ++i) {
      exprs.push_back(expr::MakeColumnRef(static_cast<int>(i), child->output[i].type, child->output[i].name));
    }
    std::string name = p.event_time_name.empty() ? sql::AutoName(*p.event_time) : p.event_time_name;
    exprs.push_back(bound);
    output.push_back({name, bound->type(), "", true, std::nullopt});
    input = MakeProject(child, std::move(exprs), std::move(output));
    column = static_cast<int>(input->output.size()) - 1;
  }
  const Attribute& attr = input->output[column];
  if (attr.type->id() != types::TypeId::kTimestamp) {
    std::string type = attr.type->SimpleString();
    for (auto& c : type) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return Status::AnalysisError("[EVENT_TIME_IS_NOT_ON_TIMESTAMP_TYPE] The event time `" + attr.name +
                                 "` has the invalid type \"" + type + "\", but expected \"TIMESTAMP\"." +
                                 PositionSuffix(p.pos));
  }
  auto node = NewNode(NodeKind::kWatermark, {input});
  node->output = input->output;
  node->event_time_column = column;
  node->delay_micros = p.delay_micros;
  // A later watermark replaces an earlier one as the event-time column, as in Spark
  // (both still feed the global watermark).
  for (auto& a : node->output) a.watermark_delay_micros.reset();
  node->output[column].watermark_delay_micros = p.delay_micros;
  return PlanPtr(node);
}

Result<PlanPtr> Analyzer::ResolveDeduplicate(const LogicalPlan& p, PlanPtr child) {
  auto node = NewNode(NodeKind::kDeduplicate, {child});
  node->output = child->output;
  node->within_watermark = p.within_watermark;
  if (p.using_columns.empty()) {
    for (size_t i = 0; i < child->output.size(); ++i) node->key_columns.push_back(static_cast<int>(i));
  } else {
    for (const auto& name : p.using_columns) {
      auto idx = binder_.ResolveColumnIndex({name}, child->output, p.pos);
      if (!idx.ok()) {
        std::string names;
        for (size_t i = 0; i < child->output.size(); ++i) names += (i ? ", " : "") + child->output[i].name;
        return Status::AnalysisError("[UNRESOLVED_COLUMN_AMONG_FIELD_NAMES] Cannot resolve column name \"" + name +
                                     "\" among (" + names + ").");
      }
      node->key_columns.push_back(*idx);
    }
  }
  return PlanPtr(node);
}

Result<PlanPtr> Analyzer::ResolveWithColumns(const LogicalPlan& p, PlanPtr child) {
  // [time windows] withColumn("w", window(...)) reads the column a Generate node appends.
  std::vector<const sql::Expr*> window_roots;
  for (const auto& item : p.items) window_roots.push_back(item.expr.get());
  SLUICE_ASSIGN_OR_RETURN(TimeWindowColumn window, PlanTimeWindow(window_roots, child, binder_));
  const PlanPtr& source = window.child;
  std::vector<expr::ExprPtr> exprs;
  std::vector<Attribute> output = child->output;
  for (size_t i = 0; i < child->output.size(); ++i) {
    exprs.push_back(expr::MakeColumnRef(static_cast<int>(i), child->output[i].type, child->output[i].name));
  }
  for (const auto& item : p.items) {
    SLUICE_ASSIGN_OR_RETURN(expr::ExprPtr bound, binder_.Bind(*item.expr, source->output));
    bound = ReplaceTimeWindowCall(bound, window);  // [time windows]
    Attribute a = OutputAttribute(bound, source->output, item.alias);
    bool replaced = false;
    for (size_t i = 0; i < output.size(); ++i) {
      if (AsciiLower(output[i].name) == AsciiLower(item.alias)) {
        exprs[i] = bound;
        output[i] = a;
        replaced = true;
        break;
      }
    }
    if (!replaced) {
      exprs.push_back(bound);
      output.push_back(a);
    }
  }
  return MakeProject(source, std::move(exprs), std::move(output));
}

Result<PlanPtr> Analyzer::ResolveRename(const LogicalPlan& p, PlanPtr child) {
  auto node = std::make_shared<PlanNode>(*child);
  for (const auto& [from, to] : p.renames) {
    for (auto& a : node->output) {
      if (AsciiLower(a.name) == AsciiLower(from)) a.name = to;
    }
  }
  // Renaming only changes names: keep the child node, with the new output names.
  std::vector<expr::ExprPtr> exprs;
  for (size_t i = 0; i < child->output.size(); ++i) {
    exprs.push_back(expr::MakeColumnRef(static_cast<int>(i), child->output[i].type, node->output[i].name));
  }
  return MakeProject(child, std::move(exprs), node->output);
}

}  // namespace sluice::plan
