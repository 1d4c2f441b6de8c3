#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "sluice/common/status.h"

namespace sluice::connectors {

// The file format shared by the file source's log (checkpoint `sources/<n>/<batchId>`) and
// the file sink's log (`_spark_metadata/<batchId>`), as Spark's CompactibleFileStreamLog
// writes it: the line "v1", then one JSON object per line.

inline constexpr int kMetadataLogVersion = 1;

// "v1\n<line 1>\n<line 2>" (no newline at the end, as Spark writes it).
std::string SerializeMetadataLog(const std::vector<std::string>& json_lines);
// The entries of a log file. Corruption naming `path` when the version line is missing or
// newer than kMetadataLogVersion, or a line is not a JSON object. Blank lines are skipped.
Result<std::vector<nlohmann::json>> ParseMetadataLog(const std::string& path, std::string_view contents);
// The batch id of a log file name made of digits only ("12"), or nullopt.
std::optional<int64_t> ParseBatchFileName(std::string_view name);

}  // namespace sluice::connectors
