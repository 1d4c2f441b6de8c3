#pragma once

#include <cstdint>
#include <vector>

#include "sluice/scenario/scenario_file.h"

namespace sluice::scenario {

// How an expected list of rows relates to an actual one.
struct RowDiff {
  bool ordered = false;
  // For each expected row, the index of the actual row it matched, or -1 (missing).
  std::vector<int64_t> expected_match;
  // For each actual row, the index of the expected row it matched, or -1 (extra).
  std::vector<int64_t> actual_match;
  int64_t num_missing = 0;
  int64_t num_extra = 0;
  // Ordered comparisons only: the rows are the same as a multiset, in another order.
  bool same_rows_other_order = false;

  bool ok() const { return num_missing == 0 && num_extra == 0; }
};

// Compares rows with JsonValuesMatch. Unordered, rows match as multisets: each actual
// row pairs with at most one expected row (exact matches are found by hashing first,
// so large equal results cost O(n); only leftover rows are compared pairwise, where a
// tolerance can make a difference). Ordered, row i pairs with row i.
RowDiff DiffRows(const std::vector<Json>& expected, const std::vector<Json>& actual, bool ordered);

}  // namespace sluice::scenario
