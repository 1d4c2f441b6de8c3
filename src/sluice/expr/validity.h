#pragma once

// Helpers for validity bitmaps of kernel outputs. Column does not expose its bitmap for
// writing, so outputs start all-valid and only the NULL rows are marked, which keeps the
// common no-NULL case free.

#include <cstdint>
#include <initializer_list>
#include <vector>

#include "sluice/expr/arg_column.h"
#include "sluice/types/column.h"

namespace sluice::expr {

// Marks row `i` of `out` NULL and zeroes its fixed-width value slot (the Column contract).
void SetNullZeroed(types::Column* out, int64_t i);

// Marks NULL every row of `out` (size num_rows) where any of `args` is NULL. Constant
// arguments must not be NULL (callers return an all-NULL column for those first).
void PropagateNulls(std::initializer_list<const ArgColumn*> args, int64_t num_rows, types::Column* out);
void PropagateNulls(const std::vector<ArgColumn>& args, int64_t num_rows, types::Column* out);

// Calls fn(i) for every row i < num_rows where `column` is NULL, word by word.
template <typename Fn>
void ForEachNull(const types::Column& column, int64_t num_rows, Fn fn) {
  const uint64_t* words = column.validity_words();
  if (words == nullptr) return;
  const int64_t num_words = (num_rows + 63) / 64;
  for (int64_t w = 0; w < num_words; ++w) {
    uint64_t nulls = ~words[w];
    if (w == num_words - 1 && (num_rows & 63) != 0) nulls &= (uint64_t{1} << (num_rows & 63)) - 1;
    while (nulls != 0) {
      fn(w * 64 + __builtin_ctzll(nulls));
      nulls &= nulls - 1;
    }
  }
}

// True when no row of a (non-constant) argument is NULL.
inline bool NoNulls(const ArgColumn& a) { return !a.column->may_have_nulls(); }

}  // namespace sluice::expr
