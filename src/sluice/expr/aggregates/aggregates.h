#pragma once

// Binders for sluice's aggregate functions (Spark 4 semantics). Each checks arity and
// argument types (AnalysisError with Spark's wording otherwise), inserts implicit casts
// and returns an AggregateCall whose `create` makes columnar per-group state.
//
// `distinct` (f(DISTINCT ...)) wraps count/sum/avg/collect_list/the variance family in an
// exact DISTINCT filter whose state survives restarts (an extension over Spark); for
// min/max/first/last/collect_set DISTINCT changes nothing. `sql` is the call as written:
// it quotes the call in error messages, and for functions with aliases its leading name
// picks the column name (Spark names the column by the alias used: "std(x)").
//
// Register in the function list as:
//   count -> BindCount            sum -> BindSum              avg, mean -> BindAvg
//   min -> BindMin                max -> BindMax
//   first, first_value -> BindFirst                           last, last_value -> BindLast
//   collect_list, array_agg -> BindCollectList                collect_set -> BindCollectSet
//   stddev, stddev_samp, std -> BindStddev                    stddev_pop -> BindStddevPop
//   variance, var_samp -> BindVariance                        var_pop -> BindVarPop
// count(*) is BindCount with no arguments.
//
// The functions' SerializeState layouts are stored in checkpoints (see each .cc); a
// DeserializeState replaces the group's state and returns Corruption on bad bytes.

#include <string>
#include <vector>

#include "sluice/common/status.h"
#include "sluice/expr/aggregate.h"
#include "sluice/expr/expr.h"

namespace sluice::expr {

// count(*) (no args: every row), count(x) (non-null x), count(x, y, ...) (all non-null) -> BIGINT.
Result<AggregateCall> BindCount(std::vector<ExprPtr> args, bool distinct, const std::string& sql);
// sum(x): integral -> BIGINT, floating/STRING -> DOUBLE; NULL for no non-null input.
Result<AggregateCall> BindSum(std::vector<ExprPtr> args, bool distinct, const std::string& sql);
// avg(x) / mean(x) -> DOUBLE.
Result<AggregateCall> BindAvg(std::vector<ExprPtr> args, bool distinct, const std::string& sql);
// min(x) / max(x) over any orderable type; result type = input type.
Result<AggregateCall> BindMin(std::vector<ExprPtr> args, bool distinct, const std::string& sql);
Result<AggregateCall> BindMax(std::vector<ExprPtr> args, bool distinct, const std::string& sql);
// first(x[, ignoreNulls]) / last(x[, ignoreNulls]); ignoreNulls must be a BOOLEAN literal.
Result<AggregateCall> BindFirst(std::vector<ExprPtr> args, bool distinct, const std::string& sql);
Result<AggregateCall> BindLast(std::vector<ExprPtr> args, bool distinct, const std::string& sql);
// collect_list(x) / collect_set(x) -> ARRAY<T> (NULLs skipped; set keeps first-seen order).
Result<AggregateCall> BindCollectList(std::vector<ExprPtr> args, bool distinct, const std::string& sql);
Result<AggregateCall> BindCollectSet(std::vector<ExprPtr> args, bool distinct, const std::string& sql);
// stddev / stddev_samp / std, stddev_pop, variance / var_samp, var_pop -> DOUBLE (Welford).
Result<AggregateCall> BindStddev(std::vector<ExprPtr> args, bool distinct, const std::string& sql);
Result<AggregateCall> BindStddevPop(std::vector<ExprPtr> args, bool distinct, const std::string& sql);
Result<AggregateCall> BindVariance(std::vector<ExprPtr> args, bool distinct, const std::string& sql);
Result<AggregateCall> BindVarPop(std::vector<ExprPtr> args, bool distinct, const std::string& sql);

// Run-time failures of aggregate functions. Finalize cannot return a Status, so a
// function that can fail while updating (sum over INT/BIGINT overflowing a BIGINT,
// which Spark 4's ANSI mode reports as ARITHMETIC_OVERFLOW) records the first failure
// and keeps going with wrapped (non-ANSI, Spark 3) results. The aggregate operator
// checks AggregateRuntimeError after Update/Merge and fails the batch when ANSI mode is
// on; with ANSI off the wrapped sums are what Spark returns.
class AggregateErrorSource {
 public:
  virtual ~AggregateErrorSource() = default;
  // The first recorded failure (an ExecutionError), or OK.
  virtual Status runtime_error() const = 0;
};

// The first run-time failure recorded by `function` (OK for functions that cannot fail).
// Cheap: call it once per batch, not per row.
Status AggregateRuntimeError(const AggregateFunction& function);

}  // namespace sluice::expr
