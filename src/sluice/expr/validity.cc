#include "sluice/expr/validity.h"

#include <cstring>

namespace sluice::expr {

using types::Column;

void SetNullZeroed(Column* out, int64_t i) {
  out->SetNull(i);
  int width = out->type()->FixedWidth();
  if (width > 0) std::memset(out->data<uint8_t>() + i * width, 0, width);
}

namespace {

void PropagateWords(const std::vector<const uint64_t*>& words, int64_t num_rows, Column* out) {
  if (words.empty()) return;
  const int64_t num_words = (num_rows + 63) / 64;
  for (int64_t w = 0; w < num_words; ++w) {
    uint64_t valid = ~uint64_t{0};
    for (const uint64_t* p : words) valid &= p[w];
    uint64_t nulls = ~valid;
    if (w == num_words - 1 && (num_rows & 63) != 0) nulls &= (uint64_t{1} << (num_rows & 63)) - 1;
    while (nulls != 0) {
      SetNullZeroed(out, w * 64 + __builtin_ctzll(nulls));
      nulls &= nulls - 1;
    }
  }
}

}  // namespace

void PropagateNulls(std::initializer_list<const ArgColumn*> args, int64_t num_rows, Column* out) {
  std::vector<const uint64_t*> words;
  for (const ArgColumn* a : args) {
    if (!a->constant && a->column->may_have_nulls()) words.push_back(a->column->validity_words());
  }
  PropagateWords(words, num_rows, out);
}

void PropagateNulls(const std::vector<ArgColumn>& args, int64_t num_rows, Column* out) {
  std::vector<const uint64_t*> words;
  for (const ArgColumn& a : args) {
    if (!a.constant && a.column->may_have_nulls()) words.push_back(a.column->validity_words());
  }
  PropagateWords(words, num_rows, out);
}

}  // namespace sluice::expr
