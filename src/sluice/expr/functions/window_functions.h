#pragma once

// Event-time windows: window(), session_window() and window_time(), with Spark's
// semantics (Spark's TimeWindow, SessionWindow and WindowTime expressions).
//
// window() and session_window() do not compute one value per row: a sliding window
// puts a row into several windows, and a row without a time (or with a gap <= 0)
// belongs to no window. They bind to a TimeWindowExpr, a generator that the analyzer
// (plan/time_window.h) places in a Generate node below the aggregation or projection
// that uses it, as Spark's TimeWindowing / SessionWindowing rules place an Expand or
// Project + Filter; the call itself is then replaced by the generated `window` column.

#include <cstdint>
#include <string>
#include <vector>

#include "sluice/expr/expr.h"
#include "sluice/expr/functions/binder.h"

namespace sluice::expr {

// STRUCT<start: TIMESTAMP, end: TIMESTAMP>: the type of window() and session_window().
const types::TypePtr& TimeWindowType();
// True for a struct with TIMESTAMP fields `start` and `end`: a window column, which
// window() and window_time() accept as their time argument.
bool IsWindowStructType(const types::DataType& type);

enum class TimeWindowKind : uint8_t {
  kTumbling,  // window(ts, length[, length[, start]]): one window per row
  kSliding,   // window(ts, length, slide[, start]) with slide < length: ceil(length/slide) candidates
  kSession,   // session_window(ts, gap): [ts, ts + gap), merged per key by the aggregation
};

// The bound window(...) / session_window(...) call. Generate emits, for each input row,
// the windows that contain its time, in Spark's order (the latest window first); rows
// with a NULL time, and session rows whose gap is NULL, not positive or not a valid
// interval, produce nothing (Spark's filter after the Expand / Project).
// children()[0] is the TIMESTAMP time; a session window with a per-row gap has the
// gap (STRING, parsed per row as an interval) as children()[1].
class TimeWindowExpr final : public GeneratorExpr {
 public:
  // Tumbling / sliding window. REQUIRES: 0 < slide <= duration, |start| < slide.
  TimeWindowExpr(ExprPtr time, int64_t duration_micros, int64_t slide_micros, int64_t start_micros);
  // Session window with a constant gap (`gap_is_null`: a NULL gap, no row has a session).
  TimeWindowExpr(ExprPtr time, int64_t gap_micros, bool gap_is_null);
  // Session window with a per-row STRING gap.
  TimeWindowExpr(ExprPtr time, ExprPtr gap);

  Status Generate(const types::Batch& input, EvalContext& ctx, std::vector<int32_t>* source_rows,
                  types::ColumnPtr* output) const override;
  // Row-aligned evaluation, for a call the analyzer did not turn into a Generate node
  // (e.g. in WHERE): a tumbling or session window gives one window per row, NULL for a
  // row without one. A sliding window is NotSupported (a row has several windows).
  Result<types::ColumnPtr> Evaluate(const types::Batch& input, EvalContext& ctx) const override;
  // Spark's EXPLAIN form: "window(eventTime#3, 5000000, 5000000, 0)" (microseconds),
  // "session_window(eventTime#3, 10 seconds)".
  std::string ToString() const override;
  std::string DefaultColumnName() const override { return kind_ == TimeWindowKind::kSession ? "session_window" : "window"; }
  ExprPtr WithChildren(std::vector<ExprPtr> children) const override;

  TimeWindowKind window_kind() const { return kind_; }
  bool is_session() const { return kind_ == TimeWindowKind::kSession; }
  const ExprPtr& time() const { return children()[0]; }
  int64_t duration_micros() const { return duration_; }
  int64_t slide_micros() const { return slide_; }
  int64_t start_micros() const { return start_; }
  // Maximum number of windows one row can fall into (1 for tumbling and session windows).
  int64_t max_windows_per_row() const;

 private:
  Status GenerateSessions(const types::Batch& input, EvalContext& ctx, std::vector<int32_t>* source_rows,
                          std::vector<int64_t>* starts, std::vector<int64_t>* ends) const;

  TimeWindowKind kind_;
  int64_t duration_ = 0;
  int64_t slide_ = 0;
  int64_t start_ = 0;
  int64_t gap_ = 0;          // constant session gap
  bool gap_is_null_ = false;
};

// The window struct argument of a bound window_time(w) call, or nullptr when `e` is not one.
const Expr* WindowTimeArgument(const Expr& e);

// window(timeColumn, windowDuration[, slideDuration[, startTime]]). Durations are
// string literals ('10 seconds') or integer literals (microseconds). A window struct
// as the time column means its window_time (Spark 3.4+ chained windows).
SLUICE_DECLARE_BINDER(BindWindow);
// session_window(timeColumn, gapDuration): a string / integer literal gap, or a STRING
// expression evaluated per row.
SLUICE_DECLARE_BINDER(BindSessionWindow);
// window_time(window): the window's end minus one microsecond, a TIMESTAMP.
SLUICE_DECLARE_BINDER(BindWindowTime);

}  // namespace sluice::expr
