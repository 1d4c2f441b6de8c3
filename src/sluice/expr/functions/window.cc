// Event-time windows: window(), session_window() and window_time(). See
// window_functions.h for how the window calls become a Generate node.

#include <algorithm>
#include <cstring>
#include <string_view>
#include <unordered_map>

#include "sluice/common/strings.h"
#include "sluice/common/time.h"
#include "sluice/expr/arg_column.h"
#include "sluice/expr/expr_node.h"
#include "sluice/expr/functions/scalar_call.h"
#include "sluice/expr/functions/signature.h"
#include "sluice/expr/functions/window_functions.h"

namespace sluice::expr {

using types::Column;
using types::ColumnPtr;
using types::DataType;
using types::TypeId;
using types::TypePtr;
using types::Value;

namespace {

constexpr std::string_view kWindowTimeName = "window_time";

// Spark's TimeWindow.getIntervalInMicroSeconds: months have no fixed length.
Result<int64_t> ParseDuration(const std::string& text) {
  std::string lower = AsciiLower(text);
  if (lower.find("month") != std::string::npos || lower.find("year") != std::string::npos) {
    return Status::AnalysisError("Intervals greater than a month is not supported (" + text + ").");
  }
  auto micros = ParseIntervalMicros(text);
  if (!micros.ok()) {
    return Status::AnalysisError("[CANNOT_PARSE_INTERVAL] Unable to parse '" + text +
                                 "'. Please ensure that the value provided is in a valid format for defining an "
                                 "interval. You can reference the documentation for the correct format. (" +
                                 micros.status().message() + ")");
  }
  return *micros;
}

// A duration argument of window(): Spark's TimeWindow.parseExpression accepts a string
// literal (an interval) or an integer literal (microseconds).
Result<int64_t> DurationArg(const CallSite& call, size_t index) {
  const Value* v = LiteralValue(*call.args[index]);
  const TypeId id = call.type_id(index);
  if (v == nullptr || v->is_null() || !(id == TypeId::kString || id == TypeId::kInt || id == TypeId::kBigint)) {
    return Status::AnalysisError("The duration and time inputs to window must be an integer, long or string literal; "
                                 "got \"" + ToSql(*call.args[index]) + "\" in " + call.sql + ".");
  }
  if (id == TypeId::kString) return ParseDuration(v->string_value());
  return v->int_value();
}

// The time argument: TIMESTAMP (DATE and STRING are cast), or a window struct, which
// stands for its window_time (Spark 3.4+, so that windows can be chained).
Status CoerceTimeArg(CallSite& call) {
  const DataType& type = *call.type(0);
  if (IsWindowStructType(type)) {
    SLUICE_ASSIGN_OR_RETURN(call.args[0], BindWindowTime({call.args[0]}, "window_time(" + ToSql(*call.args[0]) + ")"));
    return Status::OK();
  }
  switch (type.id()) {
    case TypeId::kTimestamp: return Status::OK();
    case TypeId::kDate:
    case TypeId::kString:
    case TypeId::kNull: return call.Coerce(0, DataType::Timestamp());
    default: return call.Unexpected(0, "(\"TIMESTAMP\" or \"TIMESTAMP_NTZ\")");
  }
}

Status TypeCheckFailure(const CallSite& call, const std::string& what) {
  return Status::AnalysisError("[DATATYPE_MISMATCH] Cannot resolve \"" + call.sql + "\" due to data type mismatch: " +
                               what);
}

int64_t FloorMod(int64_t a, int64_t b) {
  int64_t r = a % b;
  return r < 0 ? r + b : r;
}

// Builds the STRUCT<start, end> column of the generated windows.
ColumnPtr WindowColumn(const std::vector<int64_t>& starts, const std::vector<int64_t>& ends) {
  const int64_t m = static_cast<int64_t>(starts.size());
  ColumnPtr out = Column::Make(TimeWindowType(), m);
  if (m > 0) {
    std::memcpy(out->mutable_children()[0]->data<int64_t>(), starts.data(), sizeof(int64_t) * m);
    std::memcpy(out->mutable_children()[1]->data<int64_t>(), ends.data(), sizeof(int64_t) * m);
  }
  return out;
}

}  // namespace

const TypePtr& TimeWindowType() {
  static const TypePtr t =
      DataType::Struct({{"start", DataType::Timestamp(), true}, {"end", DataType::Timestamp(), true}});
  return t;
}

bool IsWindowStructType(const DataType& type) {
  if (type.id() != TypeId::kStruct) return false;
  int start = type.FieldIndex("start");
  int end = type.FieldIndex("end");
  return start >= 0 && end >= 0 && type.fields()[start].type->id() == TypeId::kTimestamp &&
         type.fields()[end].type->id() == TypeId::kTimestamp;
}

// ---------------------------------------------------------------- TimeWindowExpr

TimeWindowExpr::TimeWindowExpr(ExprPtr time, int64_t duration_micros, int64_t slide_micros, int64_t start_micros)
    : GeneratorExpr(ExprKind::kGenerator, TimeWindowType(), {std::move(time)}),
      kind_(slide_micros == duration_micros ? TimeWindowKind::kTumbling : TimeWindowKind::kSliding),
      duration_(duration_micros),
      slide_(slide_micros),
      start_(start_micros) {}

TimeWindowExpr::TimeWindowExpr(ExprPtr time, int64_t gap_micros, bool gap_is_null)
    : GeneratorExpr(ExprKind::kGenerator, TimeWindowType(), {std::move(time)}),
      kind_(TimeWindowKind::kSession),
      gap_(gap_micros),
      gap_is_null_(gap_is_null) {}

TimeWindowExpr::TimeWindowExpr(ExprPtr time, ExprPtr gap)
    : GeneratorExpr(ExprKind::kGenerator, TimeWindowType(), {std::move(time), std::move(gap)}),
      kind_(TimeWindowKind::kSession) {}

int64_t TimeWindowExpr::max_windows_per_row() const {
  if (kind_ != TimeWindowKind::kSliding) return 1;
  return (duration_ + slide_ - 1) / slide_;
}

Status TimeWindowExpr::Generate(const types::Batch& input, EvalContext& ctx, std::vector<int32_t>* source_rows,
                                ColumnPtr* output) const {
  source_rows->clear();
  if (kind_ == TimeWindowKind::kSession) {
    std::vector<int64_t> starts, ends;
    SLUICE_RETURN_IF_ERROR(GenerateSessions(input, ctx, source_rows, &starts, &ends));
    *output = WindowColumn(starts, ends);
    return Status::OK();
  }
  SLUICE_ASSIGN_OR_RETURN(ArgColumn arg, EvaluateArg(*children()[0], input, ctx));
  const int64_t n = input.num_rows();
  const ColumnPtr time_column = arg.constant ? Materialize(arg, n) : arg.column;
  const Column& time = *time_column;
  const int64_t* ts = time.data<int64_t>();
  const int64_t per_row = max_windows_per_row();
  const bool check_nulls = time.may_have_nulls();
  // Spark's TimeWindowing: the last window start at or before ts, aligned to the epoch
  // plus startTime, then the earlier overlapping windows that still contain ts.
  // Neighbouring rows usually share the last start, so the division runs only when a
  // row leaves the previous row's slide interval.
  int64_t cached_start = 0;
  uint64_t cached_width = 0;  // 0: nothing cached yet
  auto last_start_of = [&](int64_t t) {
    if (static_cast<uint64_t>(t) - static_cast<uint64_t>(cached_start) >= cached_width) {
      cached_start = t - FloorMod(t - start_, slide_);
      cached_width = static_cast<uint64_t>(slide_);
    }
    return cached_start;
  };
  // Window j (start = last start - j * slide) contains ts while (ts - last start) +
  // j * slide < duration: always for j < per_row when the slide divides the duration.
  const bool all_rows_full = duration_ % slide_ == 0;
  auto num_windows = [&](int64_t t, int64_t last_start) {
    if (all_rows_full) return per_row;
    return std::min(per_row, (duration_ - (t - last_start) + slide_ - 1) / slide_);
  };
  int64_t m = 0;
  if (all_rows_full) {
    m = (n - (check_nulls ? time.CountNulls() : 0)) * per_row;
  } else {
    for (int64_t i = 0; i < n; ++i) {
      if (!(check_nulls && time.IsNull(i))) m += num_windows(ts[i], last_start_of(ts[i]));
    }
  }
  // One pass writes the source rows and both window bounds straight into the output.
  source_rows->resize(m);
  ColumnPtr out = Column::Make(TimeWindowType(), m);
  int32_t* rows = source_rows->data();
  int64_t* starts = out->mutable_children()[0]->data<int64_t>();
  int64_t* ends = out->mutable_children()[1]->data<int64_t>();
  int64_t k = 0;
  for (int64_t i = 0; i < n; ++i) {
    if (check_nulls && time.IsNull(i)) continue;
    const int64_t last_start = last_start_of(ts[i]);
    const int64_t count = num_windows(ts[i], last_start);
    for (int64_t j = 0; j < count; ++j, ++k) {
      rows[k] = static_cast<int32_t>(i);
      starts[k] = last_start - j * slide_;
      ends[k] = starts[k] + duration_;
    }
  }
  *output = out;
  return Status::OK();
}

Result<ColumnPtr> TimeWindowExpr::Evaluate(const types::Batch& input, EvalContext& ctx) const {
  if (kind_ == TimeWindowKind::kSliding) {
    return Status::NotSupported(ToString() + " puts a row into several windows; use it in GROUP BY or in a SELECT list");
  }
  std::vector<int32_t> rows;
  ColumnPtr windows;
  SLUICE_RETURN_IF_ERROR(Generate(input, ctx, &rows, &windows));
  const int64_t n = input.num_rows();
  // At most one window per row, in row order: every row has one when the sizes match.
  if (static_cast<int64_t>(rows.size()) == n) return windows;
  auto out = std::make_shared<Column>(TimeWindowType());
  out->Reserve(n);
  size_t next = 0;
  for (int64_t i = 0; i < n; ++i) {
    if (next < rows.size() && rows[next] == i) {
      out->AppendFrom(*windows, static_cast<int64_t>(next++));
    } else {
      out->AppendNull();
    }
  }
  return ColumnPtr(out);
}

Status TimeWindowExpr::GenerateSessions(const types::Batch& input, EvalContext& ctx, std::vector<int32_t>* source_rows,
                                        std::vector<int64_t>* starts, std::vector<int64_t>* ends) const {
  if (children().size() == 1 && gap_is_null_) return Status::OK();
  SLUICE_ASSIGN_OR_RETURN(ArgColumn time, EvaluateArg(*children()[0], input, ctx));
  const int64_t n = input.num_rows();
  source_rows->reserve(n);
  starts->reserve(n);
  ends->reserve(n);
  const bool check_nulls = time.may_have_nulls();
  if (children().size() == 1) {
    if (gap_ <= 0) return Status::OK();
    for (int64_t i = 0; i < n; ++i) {
      if (check_nulls && time.IsNull(i)) continue;
      const int64_t ts = time.Get<int64_t>(i);
      source_rows->push_back(static_cast<int32_t>(i));
      starts->push_back(ts);
      ends->push_back(ts + gap_);
    }
    return Status::OK();
  }
  // A per-row gap: each distinct text is parsed once per batch; text that is not an
  // interval gives NULL (Spark's cast of a string to an interval), dropping the row.
  SLUICE_ASSIGN_OR_RETURN(ArgColumn gap, EvaluateArg(*children()[1], input, ctx));
  const bool string_gap = gap.type()->id() == TypeId::kString;
  std::unordered_map<std::string_view, int64_t> parsed;
  constexpr int64_t kInvalid = 0;
  for (int64_t i = 0; i < n; ++i) {
    if ((check_nulls && time.IsNull(i)) || gap.IsNull(i) || !string_gap) continue;
    std::string_view text = gap.GetString(i);
    auto it = parsed.find(text);
    if (it == parsed.end()) {
      std::string lower = AsciiLower(text);
      auto micros = lower.find("month") != std::string::npos || lower.find("year") != std::string::npos
                        ? Result<int64_t>(Status::InvalidArgument("months"))
                        : ParseIntervalMicros(text);
      it = parsed.emplace(text, micros.ok() ? *micros : kInvalid).first;
    }
    const int64_t g = it->second;
    if (g <= 0) continue;
    const int64_t ts = time.Get<int64_t>(i);
    source_rows->push_back(static_cast<int32_t>(i));
    starts->push_back(ts);
    ends->push_back(ts + g);
  }
  return Status::OK();
}

std::string TimeWindowExpr::ToString() const {
  const std::string time_text = children()[0]->ToString();
  if (kind_ != TimeWindowKind::kSession) {
    return "window(" + time_text + ", " + std::to_string(duration_) + ", " + std::to_string(slide_) + ", " +
           std::to_string(start_) + ")";
  }
  if (children().size() > 1) return "session_window(" + time_text + ", " + children()[1]->ToString() + ")";
  return "session_window(" + time_text + ", " + (gap_is_null_ ? std::string("null") : FormatIntervalMicros(gap_)) + ")";
}

ExprPtr TimeWindowExpr::WithChildren(std::vector<ExprPtr> children) const {
  if (kind_ != TimeWindowKind::kSession) {
    return std::make_shared<TimeWindowExpr>(children[0], duration_, slide_, start_);
  }
  if (children.size() > 1) return std::make_shared<TimeWindowExpr>(children[0], children[1]);
  return std::make_shared<TimeWindowExpr>(children[0], gap_, gap_is_null_);
}

// ---------------------------------------------------------------- binders

SLUICE_DECLARE_BINDER(BindWindow) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "window", 2, 4));
  SLUICE_RETURN_IF_ERROR(CoerceTimeArg(call));
  SLUICE_ASSIGN_OR_RETURN(int64_t duration, DurationArg(call, 1));
  int64_t slide = duration;
  int64_t start = 0;
  if (call.args.size() > 2) {
    SLUICE_ASSIGN_OR_RETURN(slide, DurationArg(call, 2));
  }
  if (call.args.size() > 3) {
    SLUICE_ASSIGN_OR_RETURN(start, DurationArg(call, 3));
  }
  // Spark's TimeWindow.checkInputDataTypes, in its order and wording (microseconds).
  if (duration <= 0) {
    return TypeCheckFailure(call, "The window duration (" + std::to_string(duration) + ") must be greater than 0.");
  }
  if (slide <= 0) {
    return TypeCheckFailure(call, "The slide duration (" + std::to_string(slide) + ") must be greater than 0.");
  }
  if (slide > duration) {
    return TypeCheckFailure(call, "The slide duration (" + std::to_string(slide) +
                                      ") must be less than or equal to the windowDuration (" +
                                      std::to_string(duration) + ").");
  }
  if (start <= -slide || start >= slide) {
    return TypeCheckFailure(call, "The absolute value of start time (" + std::to_string(start) +
                                      ") must be less than the slideDuration (" + std::to_string(slide) + ").");
  }
  return ExprPtr(std::make_shared<TimeWindowExpr>(call.args[0], duration, slide, start));
}

SLUICE_DECLARE_BINDER(BindSessionWindow) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, "session_window", 2, 2));
  SLUICE_RETURN_IF_ERROR(CoerceTimeArg(call));
  const TypeId gap_type = call.type_id(1);
  if (gap_type != TypeId::kString && gap_type != TypeId::kInt && gap_type != TypeId::kBigint &&
      gap_type != TypeId::kNull) {
    return call.Unexpected(1, "(\"INTERVAL\" or \"STRING\")");
  }
  if (call.args[1]->IsFoldable()) {
    // A constant gap (Spark's SessionWindow.parseExpression): an interval string or
    // microseconds; a gap <= 0 keeps every row out of any session.
    SLUICE_ASSIGN_OR_RETURN(Value v, call.Constant(1, "gapDuration"));
    if (v.is_null()) return ExprPtr(std::make_shared<TimeWindowExpr>(call.args[0], 0, true));
    if (gap_type == TypeId::kString) {
      SLUICE_ASSIGN_OR_RETURN(int64_t gap, ParseDuration(v.string_value()));
      return ExprPtr(std::make_shared<TimeWindowExpr>(call.args[0], gap, false));
    }
    return ExprPtr(std::make_shared<TimeWindowExpr>(call.args[0], v.int_value(), false));
  }
  if (gap_type != TypeId::kString) {
    // A per-row gap must be an interval; sluice reads it from STRING values.
    return call.Unexpected(1, "(\"INTERVAL\" or \"STRING\")");
  }
  return ExprPtr(std::make_shared<TimeWindowExpr>(call.args[0], call.args[1]));
}

SLUICE_DECLARE_BINDER(BindWindowTime) {
  SLUICE_ASSIGN_OR_RETURN(CallSite call, BeginCall(std::move(args), sql, kWindowTimeName, 1, 1));
  if (!IsWindowStructType(*call.type(0))) return call.Unexpected(0, "\"STRUCT<start: TIMESTAMP, end: TIMESTAMP>\"");
  const int end_field = call.type(0)->FieldIndex("end");
  return MakeCall(std::string(kWindowTimeName), DataType::Timestamp(), std::move(call.args),
                  [end_field](const std::vector<ArgColumn>& a, int64_t n, const TypePtr& type,
                              EvalContext&) -> Result<ColumnPtr> {
                    const Column& end = *a[0].column->child(end_field);
                    const int64_t* end_values = end.data<int64_t>();
                    // Spark's WindowTime: the last microsecond inside the window.
                    return MapFixed<int64_t>(type, a, n, [&](int64_t i, int64_t* out) {
                      const int64_t row = a[0].Row(i);
                      if (end.IsNull(row)) return false;
                      *out = end_values[row] - 1;
                      return true;
                    });
                  });
}

const Expr* WindowTimeArgument(const Expr& e) {
  const auto* call = dynamic_cast<const ScalarCallExpr*>(&e);
  if (call == nullptr || call->name() != kWindowTimeName || call->children().size() != 1) return nullptr;
  return call->children()[0].get();
}

}  // namespace sluice::expr
