#pragma once

// XXH64 exactly as Spark's org.apache.spark.sql.catalyst.expressions.XXH64 computes it
// (the standard little-endian XXH64), used by approx_count_distinct to hash values the
// way Spark's HyperLogLogPlusPlus does (XxHash64Function with seed 42).

#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace sluice::expr::aggregates {

inline constexpr uint64_t kXxPrime1 = 0x9E3779B185EBCA87ULL;
inline constexpr uint64_t kXxPrime2 = 0xC2B2AE3D27D4EB4FULL;
inline constexpr uint64_t kXxPrime3 = 0x165667B19E3779F9ULL;
inline constexpr uint64_t kXxPrime4 = 0x85EBCA77C2B2AE63ULL;
inline constexpr uint64_t kXxPrime5 = 0x27D4EB2F165667C5ULL;

inline uint64_t XxFmix(uint64_t h) {
  h ^= h >> 33;
  h *= kXxPrime2;
  h ^= h >> 29;
  h *= kXxPrime3;
  h ^= h >> 32;
  return h;
}

// XXH64.hashInt: the 4 bytes of `v`.
inline uint64_t XxHash64Int(int32_t v, uint64_t seed) {
  uint64_t h = seed + kXxPrime5 + 4;
  h ^= static_cast<uint64_t>(static_cast<uint32_t>(v)) * kXxPrime1;
  h = std::rotl(h, 23) * kXxPrime2 + kXxPrime3;
  return XxFmix(h);
}

// XXH64.hashLong: the 8 bytes of `v`.
inline uint64_t XxHash64Long(int64_t v, uint64_t seed) {
  uint64_t h = seed + kXxPrime5 + 8;
  h ^= std::rotl(static_cast<uint64_t>(v) * kXxPrime2, 31) * kXxPrime1;
  h = std::rotl(h, 27) * kXxPrime1 + kXxPrime4;
  return XxFmix(h);
}

// XXH64.hashUnsafeBytes: any byte string.
inline uint64_t XxHash64Bytes(std::string_view bytes, uint64_t seed) {
  const char* p = bytes.data();
  const char* end = p + bytes.size();
  auto load64 = [](const char* at) {
    uint64_t v;
    std::memcpy(&v, at, 8);
    return v;
  };
  auto round = [](uint64_t acc, uint64_t input) { return std::rotl(acc + input * kXxPrime2, 31) * kXxPrime1; };
  uint64_t h;
  if (bytes.size() >= 32) {
    uint64_t v1 = seed + kXxPrime1 + kXxPrime2;
    uint64_t v2 = seed + kXxPrime2;
    uint64_t v3 = seed;
    uint64_t v4 = seed - kXxPrime1;
    const char* limit = end - 32;
    do {
      v1 = round(v1, load64(p));
      v2 = round(v2, load64(p + 8));
      v3 = round(v3, load64(p + 16));
      v4 = round(v4, load64(p + 24));
      p += 32;
    } while (p <= limit);
    h = std::rotl(v1, 1) + std::rotl(v2, 7) + std::rotl(v3, 12) + std::rotl(v4, 18);
    for (uint64_t v : {v1, v2, v3, v4}) {
      h ^= round(0, v);
      h = h * kXxPrime1 + kXxPrime4;
    }
  } else {
    h = seed + kXxPrime5;
  }
  h += bytes.size();
  while (end - p >= 8) {
    h ^= round(0, load64(p));
    h = std::rotl(h, 27) * kXxPrime1 + kXxPrime4;
    p += 8;
  }
  if (end - p >= 4) {
    uint32_t k;
    std::memcpy(&k, p, 4);
    h ^= static_cast<uint64_t>(k) * kXxPrime1;
    h = std::rotl(h, 23) * kXxPrime2 + kXxPrime3;
    p += 4;
  }
  while (p < end) {
    h ^= static_cast<uint64_t>(static_cast<uint8_t>(*p)) * kXxPrime5;
    h = std::rotl(h, 11) * kXxPrime1;
    ++p;
  }
  return XxFmix(h);
}

// Spark hashes a double as the long of its bits with -0.0 normalized to 0.0 and every
// NaN to the canonical NaN (Double.doubleToLongBits).
inline uint64_t XxHash64Double(double v, uint64_t seed) {
  if (v == 0.0) v = 0.0;
  if (v != v) return XxHash64Long(0x7ff8000000000000LL, seed);
  return XxHash64Long(std::bit_cast<int64_t>(v), seed);
}

}  // namespace sluice::expr::aggregates
