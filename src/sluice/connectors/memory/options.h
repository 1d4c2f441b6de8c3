#pragma once

#include "sluice/connectors/option_table.h"

namespace sluice::connectors {

// Options of the "memory" source (Spark's MemoryStream). Declared once: parsing,
// `sluice run --help` and docs/connectors/memory.md read this table.
inline constexpr OptionSpec kMemorySourceOptions[] = {
    {"name", OptionType::kString, nullptr, false, OptionCheck::kNone,
     "the registered memory stream to read; defaults to the declared source name"},
};

// Options of the "memory" sink (Spark's MemorySink).
inline constexpr OptionSpec kMemorySinkOptions[] = {
    {"queryName", OptionType::kString, nullptr, false, OptionCheck::kNone,
     "the table name under which SQL can read the sink's rows; defaults to the declared sink name"},
};

}  // namespace sluice::connectors
