#pragma once

#include "sluice/connectors/option_table.h"

namespace sluice::connectors {

// Options of the "socket" source (Spark's TextSocketSourceProvider), with Spark's names
// and defaults. Declared once: parsing, `sluice run --help` and docs/connectors/socket.md
// read this table.
inline constexpr OptionSpec kSocketSourceOptions[] = {
    {"host", OptionType::kString, nullptr, true, OptionCheck::kNone, "the host to connect to, e.g. localhost"},
    {"port", OptionType::kInt, nullptr, true, OptionCheck::kPositive, "the TCP port to connect to (1-65535)"},
    {"includeTimestamp", OptionType::kBool, "false", false, OptionCheck::kNone,
     "add a `timestamp TIMESTAMP` column holding when each line arrived"},
    {"numPartitions", OptionType::kInt, nullptr, false, OptionCheck::kPositive,
     "partitions of each batch (lines are dealt round-robin); default: the number of CPU cores"},
};

}  // namespace sluice::connectors
