#pragma once

#include <simdjson.h>

namespace sluice::connectors {

// The value of a simdjson DOM result whose kind the caller has checked with
// element::type(); a default value when it does not hold one. (simdjson marks its
// error codes [[nodiscard]]; these keep the call sites short.)
template <typename T>
T DomValue(simdjson::simdjson_result<T> result) {
  T value{};
  if (std::move(result).get(value) != simdjson::SUCCESS) return T{};
  return value;
}

}  // namespace sluice::connectors
