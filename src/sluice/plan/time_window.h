#pragma once

// Planning of event-time windows: Spark's TimeWindowing and SessionWindowing analyzer
// rules. A window(...) or session_window(...) call in GROUP BY (or in a plain SELECT)
// does not stay an expression: a Generate node below the aggregation / projection
// appends a `window` column (one row per window that contains the row's time; none
// for a NULL time), and the call is replaced by a reference to that column. The new
// column carries the watermark delay of its time column, so that append mode and
// state eviction work on window.end. An aggregation grouped by a session window is
// marked (PlanNode::session_window_key) and runs as a session window aggregation.

#include <optional>
#include <vector>

#include "sluice/plan/expression_binder.h"
#include "sluice/plan/plan_node.h"
#include "sluice/sql/ast.h"

namespace sluice::plan {

// The window column a Generate node appended to an input.
struct TimeWindowColumn {
  PlanPtr child;          // the input with the window column appended (the input itself when no window)
  expr::ExprPtr call;     // the bound window()/session_window() call; null when there is none
  int column = -1;        // index of the window column in child->output; -1 when none
  bool session = false;   // a session_window()

  bool has_window() const { return column >= 0; }
};

// True when `e` contains a window() or session_window() call.
bool ContainsTimeWindowCall(const sql::Expr& e);

// Finds the window()/session_window() calls in `roots` (SQL ASTs; null entries are
// skipped). None: returns `child` unchanged. One distinct call (it may appear several
// times): binds it over `child`'s output and returns `child` with a Generate node that
// appends its column, named `window` / `session_window` (or a fresh name when `child`
// already has such a column). Several distinct calls: AnalysisError with Spark's
// wording ("Multiple time/session window expressions would result in a cartesian
// product of rows, therefore they are currently not supported.").
Result<TimeWindowColumn> PlanTimeWindow(const std::vector<const sql::Expr*>& roots, PlanPtr child,
                                        const ExpressionBinder& binder);

// `e` with every bound window()/session_window() call replaced by a reference to the
// window column. Returns `e` when `window` has no window column.
expr::ExprPtr ReplaceTimeWindowCall(const expr::ExprPtr& e, const TimeWindowColumn& window);

// True when the bound expression `e` still contains a window()/session_window() call
// (one that is not a grouping key of the aggregation it appears in).
bool ContainsTimeWindowExpr(const expr::Expr& e);

// The watermark delay a bound expression carries over `input`: a column reference keeps
// its column's delay, and so does window_time(column) (Spark's ResolveWindowTime keeps
// the event-time metadata of the window). nullopt for anything else.
std::optional<int64_t> EventTimeDelay(const expr::Expr& e, const std::vector<Attribute>& input);

}  // namespace sluice::plan
