#pragma once

#include <cstdint>
#include <string_view>

#include "sluice/types/column.h"

namespace sluice::types {

// 64-bit mixing for integers (a murmur3 finalizer variant).
inline uint64_t HashInt64(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

uint64_t HashBytes(std::string_view bytes);

inline uint64_t HashCombine(uint64_t seed, uint64_t h) { return HashInt64(seed * 0x9e3779b97f4a7c15ULL + h); }

// Hashes rows [0, column.size()) into `hashes`. When `combine` is set the column's
// hash is mixed into the existing values (for multi-column keys). NULL hashes to a
// fixed value. Used for hash exchange and hash aggregation.
void HashColumn(const Column& column, uint64_t* hashes, bool combine);

}  // namespace sluice::types
