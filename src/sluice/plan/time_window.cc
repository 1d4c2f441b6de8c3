#include "sluice/plan/time_window.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "sluice/common/strings.h"
#include "sluice/expr/functions/window_functions.h"

namespace sluice::plan {

namespace {

bool IsTimeWindowCall(const sql::Expr& e) {
  if (e.kind != sql::ExprKind::kFunction) return false;
  std::string name = AsciiLower(e.name);
  return name == "window" || name == "session_window";
}

// Collects the outermost window calls of `e`.
void CollectCalls(const sql::Expr& e, std::vector<const sql::Expr*>* out) {
  if (IsTimeWindowCall(e)) {
    out->push_back(&e);
    return;
  }
  for (const auto& c : e.children) {
    if (c) CollectCalls(*c, out);
  }
}

bool HasColumnNamed(const std::vector<Attribute>& output, const std::string& name) {
  for (const auto& a : output) {
    if (AsciiLower(a.name) == AsciiLower(name)) return true;
  }
  return false;
}

}  // namespace

bool ContainsTimeWindowCall(const sql::Expr& e) {
  std::vector<const sql::Expr*> calls;
  CollectCalls(e, &calls);
  return !calls.empty();
}

Result<TimeWindowColumn> PlanTimeWindow(const std::vector<const sql::Expr*>& roots, PlanPtr child,
                                        const ExpressionBinder& binder) {
  TimeWindowColumn out;
  out.child = child;
  std::vector<const sql::Expr*> calls;
  for (const sql::Expr* r : roots) {
    if (r) CollectCalls(*r, &calls);
  }
  if (calls.empty()) return out;
  const std::string text = calls[0]->ToString();
  for (const sql::Expr* c : calls) {
    if (c->ToString() != text) {
      // Spark's TimeWindowing / SessionWindowing: one window expression per operator.
      return Status::AnalysisError(
          "Multiple time/session window expressions would result in a cartesian product of rows, therefore they are "
          "currently not supported: " + text + " and " + c->ToString() + PositionSuffix(c->pos));
    }
  }
  SLUICE_ASSIGN_OR_RETURN(expr::ExprPtr bound, binder.Bind(*calls[0], child->output));
  const auto* window = dynamic_cast<const expr::TimeWindowExpr*>(bound.get());
  if (window == nullptr) return Status::Internal("window call did not bind to a time window: " + bound->ToString());

  Attribute attr;
  attr.name = window->DefaultColumnName();
  for (int suffix = 1; HasColumnNamed(child->output, attr.name); ++suffix) {
    attr.name = window->DefaultColumnName() + "_" + std::to_string(suffix);
  }
  attr.type = bound->type();
  attr.nullable = true;
  // The window column is the event-time column of what follows (Spark copies the time
  // column's metadata to the window attribute).
  attr.watermark_delay_micros = EventTimeDelay(*window->time(), child->output);

  auto node = std::make_shared<PlanNode>();
  node->kind = NodeKind::kGenerate;
  node->streaming = child->streaming;
  node->output = child->output;
  node->output.push_back(attr);
  node->generator = bound;
  node->children.push_back(child);

  out.child = node;
  out.call = bound;
  out.column = static_cast<int>(node->output.size()) - 1;
  out.session = window->is_session();
  return out;
}

expr::ExprPtr ReplaceTimeWindowCall(const expr::ExprPtr& e, const TimeWindowColumn& window) {
  if (!window.has_window() || !e) return e;
  if (dynamic_cast<const expr::TimeWindowExpr*>(e.get()) != nullptr) {
    const Attribute& a = window.child->output[window.column];
    return expr::MakeColumnRef(window.column, a.type, a.name);
  }
  if (e->children().empty()) return e;
  std::vector<expr::ExprPtr> children;
  bool changed = false;
  for (const auto& c : e->children()) {
    expr::ExprPtr r = ReplaceTimeWindowCall(c, window);
    changed = changed || r != c;
    children.push_back(r);
  }
  return changed ? e->WithChildren(std::move(children)) : e;
}

bool ContainsTimeWindowExpr(const expr::Expr& e) {
  if (dynamic_cast<const expr::TimeWindowExpr*>(&e) != nullptr) return true;
  for (const auto& c : e.children()) {
    if (c && ContainsTimeWindowExpr(*c)) return true;
  }
  return false;
}

std::optional<int64_t> EventTimeDelay(const expr::Expr& e, const std::vector<Attribute>& input) {
  int idx = expr::ColumnRefIndex(e);
  if (idx >= 0) {
    if (idx < static_cast<int>(input.size())) return input[idx].watermark_delay_micros;
    return std::nullopt;
  }
  if (const expr::Expr* window = expr::WindowTimeArgument(e)) return EventTimeDelay(*window, input);
  return std::nullopt;
}

}  // namespace sluice::plan
