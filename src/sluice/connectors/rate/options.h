#pragma once

#include "sluice/connectors/option_table.h"

namespace sluice::connectors {

// Options of the "rate" source (Spark's RateStreamProvider), with Spark's names,
// defaults and checks. Declared once: parsing, `sluice run --help` and
// docs/connectors/rate.md read this table.
inline constexpr OptionSpec kRateSourceOptions[] = {
    {"rowsPerSecond", OptionType::kLong, "1", false, OptionCheck::kPositive,
     "how many rows to generate per second once ramped up"},
    {"rampUpTime", OptionType::kInterval, "0", false, OptionCheck::kNonNegative,
     "how long to ramp up to rowsPerSecond ('5s', '5 seconds' or whole seconds; sub-second parts are dropped)"},
    {"numPartitions", OptionType::kInt, nullptr, false, OptionCheck::kPositive,
     "partitions of each generated batch; default: the number of CPU cores"},
};

}  // namespace sluice::connectors
