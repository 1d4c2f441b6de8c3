#pragma once

#include <optional>
#include <string>

#include "sluice/common/status.h"
#include "sluice/scenario/scenario_file.h"

namespace sluice::scenario {

// Looks up a checkProgress path in a progress report (Spark's StreamingQueryProgress
// JSON): dotted field names with optional [i] indexes, as in "numInputRows",
// "eventTime.watermark", "stateOperators[0].numRowsTotal", "sources[1].endOffset".
// Returns the value, nullopt when the field is absent (a missing key, an index past the
// end, or a step into a non-object), or InvalidArgument when the path is malformed.
Result<std::optional<Json>> LookupProgressPath(const Json& progress, const std::string& path);

}  // namespace sluice::scenario
