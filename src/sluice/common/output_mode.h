#pragma once

#include <string>
#include <string_view>

#include "sluice/common/status.h"

namespace sluice {

// Spark's output modes for streaming queries.
enum class OutputMode : uint8_t { kAppend, kUpdate, kComplete };

// Parses "append" / "update" / "complete" (any case).
Result<OutputMode> ParseOutputMode(std::string_view text);
// "Append", "Update", "Complete", as Spark names them in messages.
const char* OutputModeName(OutputMode mode);

}  // namespace sluice
