#pragma once

#include "sluice/connectors/option_table.h"

namespace sluice::connectors {

// Options of the "console" sink (Spark's ConsoleSinkProvider). Declared once: parsing,
// `sluice run --help` and docs/connectors/console.md read this table.
inline constexpr OptionSpec kConsoleSinkOptions[] = {
    {"numRows", OptionType::kInt, "20", false, OptionCheck::kNone,
     "how many rows of each batch to print (negative counts as 0)"},
    {"truncate", OptionType::kBool, "true", false, OptionCheck::kNone,
     "cut cells longer than 20 characters to 17 characters plus '...', and right-align cells"},
};

}  // namespace sluice::connectors
