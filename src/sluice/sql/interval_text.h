#pragma once

#include <cstdint>
#include <string_view>

#include "sluice/common/status.h"

namespace sluice::sql {

// Parses interval text such as "10 seconds", "1 minute 30 seconds" or "-5 seconds"
// into microseconds with ParseIntervalMicros (common/time.h), the engine's single
// definition of interval units. Before converting, it checks that every number is well
// formed and that the total fits in 64 bits, so no text can make the conversion throw
// or overflow. Errors are InvalidArgument with a message naming the text. Months and
// years: as ParseIntervalMicros with `micros_per_month`.
Result<int64_t> ParseIntervalText(std::string_view text, int64_t micros_per_month = 0);

}  // namespace sluice::sql
