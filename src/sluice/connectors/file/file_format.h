#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sluice::connectors {

// The file formats of the file source, sink and batch reader. Each is its own registered
// format name ("json", "csv", "text"), like Spark's `format("json")`.
enum class FileFormat : uint8_t { kJson, kCsv, kText };

// "json", "csv", "text".
const char* FileFormatName(FileFormat format);
// "JSON", "CSV", "Text": the spelling Spark uses in error messages ("Text data source ...").
const char* FileFormatDisplayName(FileFormat format);
// The extension of files the sink writes: ".json", ".csv", ".txt".
const char* FileFormatExtension(FileFormat format);
// The format named `name` (any case), or nullopt.
std::optional<FileFormat> ParseFileFormat(std::string_view name);

}  // namespace sluice::connectors
