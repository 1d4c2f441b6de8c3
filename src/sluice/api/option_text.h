#pragma once

#include <string>
#include <type_traits>

#include "sluice/types/value.h"

namespace sluice::api {

// The text of an option or configuration value given as a C++ value, as Spark's
// option(key, Long|Double|Boolean) renders it: true -> "true", 5 -> "5",
// 1.5 -> "1.5" (Java's Double.toString).
template <typename T>
  requires std::is_arithmetic_v<T>
std::string OptionText(T value) {
  if constexpr (std::is_same_v<T, bool>) {
    return value ? "true" : "false";
  } else if constexpr (std::is_floating_point_v<T>) {
    return types::FormatDouble(static_cast<double>(value));
  } else {
    return std::to_string(value);
  }
}

}  // namespace sluice::api
