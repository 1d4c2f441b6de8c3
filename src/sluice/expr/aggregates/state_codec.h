#pragma once

// Small helpers for the compact per-group state encodings of aggregate functions
// (stored in the state store, so the layouts are part of the checkpoint format:
// do not change without a format version bump).

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "sluice/common/status.h"
#include "sluice/types/row_codec.h"

namespace sluice::expr::aggregates {

template <typename T>
inline void PutFixed(T v, std::string* out) {
  char buf[sizeof(T)];
  std::memcpy(buf, &v, sizeof(T));
  out->append(buf, sizeof(T));
}

// Reads a fixed-width value from the front of `in`; false when too few bytes remain.
template <typename T>
inline bool GetFixed(std::string_view* in, T* v) {
  if (in->size() < sizeof(T)) return false;
  std::memcpy(v, in->data(), sizeof(T));
  in->remove_prefix(sizeof(T));
  return true;
}

// Signed integers as zig-zag varints: small magnitudes of either sign stay short.
inline void PutSignedVarint(int64_t v, std::string* out) {
  types::EncodeVarint((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63), out);
}

inline bool GetSignedVarint(std::string_view* in, int64_t* v) {
  uint64_t u;
  if (!types::DecodeVarint(in, &u)) return false;
  *v = static_cast<int64_t>((u >> 1) ^ (~(u & 1) + 1));
  return true;
}

inline bool GetByte(std::string_view* in, uint8_t* v) { return GetFixed(in, v); }

// The Corruption status for an unreadable state of aggregate `function` (e.g. "sum").
inline Status CorruptState(std::string_view function) {
  return Status::Corruption("aggregate state of " + std::string(function) + " is truncated or malformed");
}

}  // namespace sluice::expr::aggregates
