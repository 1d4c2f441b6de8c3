#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "sluice/common/status.h"

namespace sluice::checkpoint {

// Pieces shared by the text formats of the offset and commit logs (Spark's
// HDFSMetadataLog family): a version line "v<N>" followed by JSON lines.
// All functions treat the bytes as untrusted and never throw.

// Splits `bytes` into lines the way Scala's Source.getLines does: on '\n' (a
// preceding '\r' is dropped), and a final '\n' does not start an empty last line.
std::vector<std::string_view> SplitLines(std::string_view bytes);

// Returns Corruption "checkpoint file <path> is corrupt: <problem>".
Status CorruptFile(const std::string& path, const std::string& problem);

// Checks a version line "v<N>" with 1 <= N <= max_version (Spark's
// MetadataVersionUtil.validateVersion). A malformed line is Corruption; a newer
// version is NotSupported, naming the version found and the newest supported one.
Status CheckVersionLine(std::string_view line, int max_version, const std::string& path);

// Parses `text` as JSON. Returns Corruption naming the file and `what` (e.g.
// "line 3 (offset of source 0)") when it is not valid JSON.
Result<nlohmann::json> ParseJson(std::string_view text, const std::string& path, const std::string& what);

// Serializes `value` on one line. Returns InvalidArgument naming `what` when the
// value cannot be written (e.g. a string that is not valid UTF-8).
Result<std::string> DumpJson(const nlohmann::json& value, const std::string& what);

// Reads an integer field of a JSON object: absent -> `default_value`; present but not
// an integer that fits int64 -> Corruption naming the file and field.
Result<int64_t> GetInt64Field(const nlohmann::json& object, const char* field, int64_t default_value,
                              const std::string& path);

// Quotes `text` for an error message, cut to `max_length` bytes with "..." appended.
std::string QuoteForError(std::string_view text, size_t max_length = 80);

}  // namespace sluice::checkpoint
