#pragma once

// Binders of the approximate aggregate functions (Spark 4 semantics; same contract as
// the binders in aggregates.h). Register in the function list as:
//   approx_count_distinct -> BindApproxCountDistinct
//   percentile_approx, approx_percentile -> BindPercentileApprox

#include <string>
#include <vector>

#include "sluice/common/status.h"
#include "sluice/expr/aggregate.h"
#include "sluice/expr/expr.h"

namespace sluice::expr {

// approx_count_distinct(x[, relativeSD DOUBLE literal]) -> BIGINT, never NULL (0 for no
// non-null input). Spark's HyperLogLogPlusPlus: precision p = ceil(2 * log2(1.106 /
// relativeSD)) (default relativeSD 0.05 -> p = 9), values hashed with XxHash64 seed 42
// as Spark hashes them; the estimate (linear counting, else the raw HLL estimate with
// HLL++'s empirical bias correction below 5 * 2^p, see hll_bias_data.h) and its rounding
// are Spark's HyperLogLogPlusPlusHelper.query, so results equal Spark's.
// State layout: the 2^p one-byte registers.
Result<AggregateCall> BindApproxCountDistinct(std::vector<ExprPtr> args, bool distinct, const std::string& sql);

// percentile_approx(x, percentage[, accuracy]) / approx_percentile: Spark's
// ApproximatePercentile over Greenwald-Khanna QuantileSummaries with relative error
// 1 / accuracy (default accuracy 10000). x is numeric, DATE or TIMESTAMP (STRING is
// implicitly cast to DOUBLE); percentage is a foldable DOUBLE in [0, 1] (result: x's
// type) or ARRAY of them (result: ARRAY of x's type); NULL when there is no non-null x.
// State layout: varint count, varint number of samples, per sample the 8-byte value,
// varint g and varint delta (the compressed summary, as Spark serializes it).
Result<AggregateCall> BindPercentileApprox(std::vector<ExprPtr> args, bool distinct, const std::string& sql);

}  // namespace sluice::expr
