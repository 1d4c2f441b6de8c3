#pragma once

// Access into nested values: struct.field, array[index], element_at(array, index).

#include <cstdint>
#include <string>
#include <vector>

#include "sluice/expr/expr_node.h"

namespace sluice::expr {

enum class ArrayIndexMode : uint8_t {
  kSubscript,     // arr[i]: 0-based; out of range is an error in ANSI mode, NULL otherwise
  kElementAt,     // element_at(arr, i): 1-based, negative counts from the end; 0 is an error
  kTryElementAt,  // try_element_at: like element_at, NULL instead of errors
  kGet,           // get(arr, i): 0-based, NULL when out of range
};

// REQUIRES: `array` is an ARRAY, `index` is INT.
ExprPtr MakeArrayElement(ExprPtr array, ExprPtr index, ArrayIndexMode mode, std::string function_name = "");

// A column with rows src[rows[i]], NULL where rows[i] < 0.
types::ColumnPtr GatherOrNull(const types::Column& src, const std::vector<int64_t>& rows);

}  // namespace sluice::expr
