#include "sluice/plan/row_number_dedup.h"

#include "sluice/common/strings.h"
#include <algorithm>
#include <cctype>
#include <optional>

namespace sluice::plan {

namespace {

constexpr const char* kFirstRowHint =
    "; to keep the first row per key write ROW_NUMBER() OVER (PARTITION BY ...) = 1 in WHERE or QUALIFY";

std::string Upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
  return s;
}

// The first window expression in `e`, in pre-order, or null.
const sql::Expr* FindWindow(const sql::Expr& e) {
  if (e.kind == sql::ExprKind::kWindow) return &e;
  for (const auto& c : e.children) {
    if (!c) continue;
    if (const sql::Expr* w = FindWindow(*c)) return w;
  }
  return nullptr;
}

bool ContainsWindow(const sql::Expr& e) { return FindWindow(e) != nullptr; }

void SplitConjuncts(const sql::ExprPtr& e, std::vector<sql::ExprPtr>* out) {
  if (e->kind == sql::ExprKind::kBinary && e->op == "AND" && e->children.size() == 2) {
    SplitConjuncts(e->children[0], out);
    SplitConjuncts(e->children[1], out);
  } else {
    out->push_back(e);
  }
}

sql::ExprPtr JoinConjuncts(const std::vector<sql::ExprPtr>& conjuncts) {
  sql::ExprPtr out;
  for (const auto& c : conjuncts) out = out ? sql::MakeBinary("AND", out, c, out->pos) : c;
  return out;
}

std::optional<int64_t> IntegerLiteral(const sql::Expr& e) {
  if (e.kind != sql::ExprKind::kLiteral || !e.literal_type || !e.literal_type->IsIntegral() || !e.value.is_int()) {
    return std::nullopt;
  }
  return e.value.int_value();
}

// When `c` keeps exactly the rows whose operand is 1 among row numbers (x = 1, 1 = x,
// x <= 1, 1 >= x, x < 2, 2 > x), returns that operand; otherwise null.
const sql::ExprPtr* KeepsFirstOnly(const sql::Expr& c) {
  if (c.kind != sql::ExprKind::kBinary || c.children.size() != 2) return nullptr;
  if (auto n = IntegerLiteral(*c.children[1])) {
    if ((c.op == "=" || c.op == "<=") ? *n == 1 : (c.op == "<" && *n == 2)) return &c.children[0];
  }
  if (auto n = IntegerLiteral(*c.children[0])) {
    if ((c.op == "=" || c.op == ">=") ? *n == 1 : (c.op == ">" && *n == 2)) return &c.children[1];
  }
  return nullptr;
}

bool IsRowNumberCall(const sql::Expr& w) {
  return w.kind == sql::ExprKind::kWindow && !w.children.empty() && w.children[0]->kind == sql::ExprKind::kFunction &&
         AsciiLower(w.children[0]->name) == "row_number";
}

bool HasDescendingOrder(const sql::Expr& w) {
  return std::any_of(w.window_order.begin(), w.window_order.end(), [](const sql::OrderItem& o) { return !o.ascending; });
}

// ROW_NUMBER() OVER (PARTITION BY ... [ORDER BY ascending items]): the first row per key.
bool IsFirstRowWindow(const sql::Expr& w) {
  return IsRowNumberCall(w) && w.children[0]->children.empty() && !w.children[0]->distinct && w.children.size() > 1 &&
         !HasDescendingOrder(w);
}

bool SameWindow(const sql::Expr& a, const sql::Expr& b) {
  return &a == &b || (a.kind == sql::ExprKind::kWindow && b.kind == sql::ExprKind::kWindow &&
                      AsciiLower(a.ToString()) == AsciiLower(b.ToString()));
}

// The column name a select item gets.
std::string ItemName(const sql::SelectItem& item) { return item.alias.empty() ? sql::AutoName(*item.expr) : item.alias; }

// Replaces references to select aliases of window items (QUALIFY rn = 1) by the items.
sql::ExprPtr SubstituteWindowAliases(const sql::ExprPtr& e, const std::vector<sql::SelectItem>& select) {
  if (e->kind == sql::ExprKind::kColumnRef && e->parts.size() == 1) {
    for (const auto& item : select) {
      if (!item.alias.empty() && AsciiLower(item.alias) == AsciiLower(e->parts[0]) && ContainsWindow(*item.expr)) return item.expr;
    }
    return e;
  }
  if (e->kind == sql::ExprKind::kWindow) return e;
  std::vector<sql::ExprPtr> children;
  bool changed = false;
  for (const auto& c : e->children) {
    children.push_back(c ? SubstituteWindowAliases(c, select) : c);
    changed = changed || children.back() != c;
  }
  if (!changed) return e;
  auto copy = std::make_shared<sql::Expr>(*e);
  copy->children = std::move(children);
  return copy;
}

// Why a ROW_NUMBER() window is not a deduplication, for the error message.
std::string RowNumberReason(const sql::Expr& w) {
  if (!IsRowNumberCall(w)) return "";
  if (w.children.size() <= 1) return "; ROW_NUMBER() needs PARTITION BY to name the deduplication key";
  if (HasDescendingOrder(w)) {
    return "; ORDER BY ... DESC is not supported: keeping the latest row per key would need retracting rows "
           "already emitted";
  }
  if (!w.children[0]->children.empty()) return "; ROW_NUMBER() takes no arguments";
  return "; ROW_NUMBER() deduplicates only as rn = 1 (or rn <= 1, rn < 2) in QUALIFY or in the WHERE right around "
         "its subquery, without GROUP BY; top-N per key is not supported";
}

}  // namespace

// ---------------------------------------------------------------------------
// SQL side
// ---------------------------------------------------------------------------

sql::QueryPtr MoveRowNumberFilterIntoSubquery(const sql::Query& query) {
  if (!query.set_op.empty() || !query.where || !query.from || query.from->kind != sql::TableRef::Kind::kSubquery ||
      !query.from->subquery || !query.from->subquery->set_op.empty()) {
    return nullptr;
  }
  const sql::TableRef& from = *query.from;
  const sql::Query& sub = *from.subquery;
  std::vector<sql::ExprPtr> conjuncts;
  SplitConjuncts(query.where, &conjuncts);
  for (size_t i = 0; i < conjuncts.size(); ++i) {
    const sql::ExprPtr* operand = KeepsFirstOnly(*conjuncts[i]);
    if (!operand || (*operand)->kind != sql::ExprKind::kColumnRef) continue;
    const std::vector<std::string>& parts = (*operand)->parts;
    if (parts.empty() || parts.size() > 2) continue;
    if (parts.size() == 2 && (from.alias.empty() || AsciiLower(parts[0]) != AsciiLower(from.alias))) continue;
    const sql::SelectItem* item = nullptr;
    for (const auto& s : sub.select) {
      if (s.expr->kind == sql::ExprKind::kWindow && IsFirstRowWindow(*s.expr) &&
          AsciiLower(ItemName(s)) == AsciiLower(parts.back())) {
        item = &s;
        break;
      }
    }
    if (!item) continue;
    // rn = 1 outside the subquery filters right after its window: that is its QUALIFY.
    auto new_sub = std::make_shared<sql::Query>(sub);
    sql::ExprPtr keep_first =
        sql::MakeBinary("=", item->expr, sql::MakeLiteral(types::Value::Int(1), types::DataType::Int()), item->expr->pos);
    new_sub->qualify = sub.qualify ? sql::MakeBinary("AND", sub.qualify, keep_first, sub.qualify->pos) : keep_first;
    auto new_from = std::make_shared<sql::TableRef>(from);
    new_from->subquery = new_sub;
    auto new_query = std::make_shared<sql::Query>(query);
    new_query->from = new_from;
    conjuncts.erase(conjuncts.begin() + static_cast<std::ptrdiff_t>(i));
    new_query->where = JoinConjuncts(conjuncts);
    return new_query;
  }
  return nullptr;
}

Result<WindowedInput> PlanRowNumberDedup(const sql::Query& query, LogicalPlanPtr input, bool has_aggregate) {
  WindowedInput out{std::move(input), query.select};
  if (query.where) {
    if (const sql::Expr* w = FindWindow(*query.where)) {
      // Spark's CheckAnalysis rejects window functions in a Filter the same way.
      return Status::AnalysisError(
          "[UNSUPPORTED_EXPR_FOR_OPERATOR] A query operator contains one or more unsupported expressions. Consider "
          "to rewrite it to avoid window functions, aggregate functions, and generator functions in the WHERE "
          "clause. Invalid expressions: [" + w->ToString() + "]; compute the window function in a subquery and "
          "filter its column outside, or use QUALIFY" + PositionSuffix(w->pos));
    }
  }
  if (!query.qualify) return out;
  sql::ExprPtr qualify = SubstituteWindowAliases(query.qualify, query.select);
  if (!ContainsWindow(*qualify)) {
    return Status::AnalysisError("QUALIFY " + query.qualify->ToString() +
                                 " has no window function; filter with WHERE or HAVING instead, or write "
                                 "QUALIFY ROW_NUMBER() OVER (PARTITION BY ...) = 1" + PositionSuffix(query.qualify->pos));
  }
  // Windows over an aggregation are not supported: the filter keeps them for
  // CheckNoWindowFunctions to report.
  if (has_aggregate) {
    out.plan = MakeFilterPlan(out.plan, qualify);
    return out;
  }
  std::vector<sql::ExprPtr> conjuncts;
  SplitConjuncts(qualify, &conjuncts);
  const sql::Expr* window = nullptr;
  for (const auto& c : conjuncts) {
    const sql::ExprPtr* operand = KeepsFirstOnly(*c);
    if (operand && IsFirstRowWindow(**operand)) {
      window = operand->get();
      break;
    }
  }
  // Every conjunct that keeps the first row of this window is answered by the deduplication
  // (`qualify` keeps the erased conjuncts, and `window` with them, alive).
  std::erase_if(conjuncts, [&](const sql::ExprPtr& c) {
    const sql::ExprPtr* operand = window ? KeepsFirstOnly(*c) : nullptr;
    return operand && SameWindow(**operand, *window);
  });
  if (!window) {
    out.plan = MakeFilterPlan(out.plan, qualify);
    return out;
  }
  auto dedup = std::make_shared<LogicalPlan>();
  dedup->kind = LogicalKind::kDeduplicate;
  dedup->pos = window->pos;
  dedup->children.push_back(out.plan);
  for (size_t i = 1; i < window->children.size(); ++i) {
    const sql::Expr& key = *window->children[i];
    if (key.kind != sql::ExprKind::kColumnRef) {
      return Status::AnalysisError("PARTITION BY of ROW_NUMBER() deduplication must list columns, found " +
                                   key.ToString() + "; compute it as a column in a subquery first" +
                                   PositionSuffix(key.pos));
    }
    dedup->using_columns.push_back(key.parts.back());
  }
  dedup->row_number = std::make_shared<sql::Expr>(*window);
  out.plan = dedup;
  if (!conjuncts.empty()) out.plan = MakeFilterPlan(out.plan, JoinConjuncts(conjuncts));
  // The row number of every row that passed is 1 (Spark's row_number() is an INT).
  for (auto& item : out.select) {
    if (item.expr->kind == sql::ExprKind::kWindow && SameWindow(*item.expr, *dedup->row_number)) {
      item = sql::SelectItem{sql::MakeLiteral(types::Value::Int(1), types::DataType::Int(), item.expr->pos),
                             ItemName(item)};
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Analysis side
// ---------------------------------------------------------------------------

Status CheckNoWindowFunctions(const LogicalPlan& p, const std::vector<PlanPtr>& children) {
  const sql::Expr* window = nullptr;
  std::string column;
  auto scan = [&](const sql::ExprPtr& e, const std::string& alias) {
    if (window || !e) return;
    window = FindWindow(*e);
    if (!window) return;
    column = window == e.get() && !alias.empty() ? alias : sql::AutoName(*window);
  };
  for (const auto& item : p.items) scan(item.expr, item.alias);
  for (const auto& item : p.group_by) scan(item.expr, item.alias);
  scan(p.having, "");
  scan(p.condition, "");
  for (const auto& item : p.order) scan(item.expr, "");
  scan(p.event_time, p.event_time_name);
  if (!window) return Status::OK();

  bool streaming = std::any_of(children.begin(), children.end(), [](const PlanPtr& c) { return c && c->streaming; });
  if (!streaming) {
    return Status::NotSupported("window functions (OVER) are not supported on static tables yet: " +
                                window->ToString() + PositionSuffix(window->pos));
  }
  // Spark's UnsupportedOperationChecker message, with its toSQLStmt / toSQLId quoting.
  std::string function = window->children.empty() ? std::string("?") : sql::AutoName(*window->children[0]);
  return Status::AnalysisError(
      "[NON_TIME_WINDOW_NOT_SUPPORTED_IN_STREAMING] Window function is not supported in " + Upper(function) +
      " (as column `" + column + "`) on streaming DataFrames/Datasets. Structured Streaming only supports "
      "time-window aggregation using the WINDOW function. (window specification: " +
      Upper(sql::WindowSpecSql(*window)) + ")" + kFirstRowHint + RowNumberReason(*window) +
      PositionSuffix(window->pos));
}

Result<PlanPtr> ResolveRowNumberDeduplicate(const LogicalPlan& p, const PlanPtr& child,
                                            const ExpressionBinder& binder) {
  const sql::Expr& window = *p.row_number;
  if (!child->streaming) {
    return Status::NotSupported("window functions (OVER) are not supported on static tables yet: " +
                                window.ToString() + PositionSuffix(window.pos));
  }
  auto node = std::make_shared<PlanNode>();
  node->kind = NodeKind::kDeduplicate;
  node->children = {child};
  node->output = child->output;
  node->streaming = child->streaming;
  for (size_t i = 1; i < window.children.size(); ++i) {
    const sql::Expr& key = *window.children[i];
    SLUICE_ASSIGN_OR_RETURN(int index, binder.ResolveColumnIndex(key.parts, child->output, key.pos));
    node->key_columns.push_back(index);
  }
  // ORDER BY only decides how long a key is remembered: rows are kept in arrival order.
  for (const auto& item : window.window_order) {
    SLUICE_ASSIGN_OR_RETURN(expr::ExprPtr bound, binder.Bind(*item.expr, child->output));
    int column = expr::ColumnRefIndex(*bound);
    if (window.window_order.size() == 1 && item.expr->kind == sql::ExprKind::kColumnRef && column >= 0 &&
        child->output[column].watermark_delay_micros) {
      node->within_watermark = true;
    }
  }
  return PlanPtr(node);
}

}  // namespace sluice::plan
