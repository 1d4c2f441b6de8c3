#pragma once

// HyperLogLog++ empirical bias correction (Heule, Nunkesser, Hall: "HyperLogLog in
// Practice", 2013, appendix), exactly as Spark's HyperLogLogPlusPlusHelper applies it.
//
// The tables (hll_bias_data.cc) are the paper's raw-estimate / bias pairs for precision 4
// to 18, the same numbers as Spark's RAW_ESTIMATE_DATA and BIAS_DATA. They were converted
// from github.com/retailnext/hllpp (empirical.go, Copyright (c) 2015, RetailNext, Inc.,
// BSD-3-Clause; see THIRD_PARTY_NOTICES.md at the repository root).

#include <span>

namespace sluice::expr::aggregates {

inline constexpr int kHllMinBiasPrecision = 4;
inline constexpr int kHllMaxBiasPrecision = 18;

// The empirical raw HLL estimates for precision p (ascending except for four small
// inversions at p = 5 and 6, which Spark keeps as they are); empty outside [4, 18].
std::span<const double> HllRawEstimates(int p);

// The bias measured at each of HllRawEstimates(p); same length, empty outside [4, 18].
std::span<const double> HllBiases(int p);

// Spark's HyperLogLogPlusPlusHelper.estimateBias(e): the mean bias of the K = 6 raw
// estimates nearest to `e`, found with java.util.Arrays.binarySearch (reproduced step by
// step, since the tables are not strictly sorted) and then a window slid towards `e`.
// `p` must be in [kHllMinBiasPrecision, kHllMaxBiasPrecision]; returns 0 otherwise.
double HllEstimateBias(int p, double e);

}  // namespace sluice::expr::aggregates
