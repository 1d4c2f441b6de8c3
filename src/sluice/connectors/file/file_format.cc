#include "sluice/connectors/file/file_format.h"

#include "sluice/common/strings.h"

namespace sluice::connectors {

const char* FileFormatName(FileFormat format) {
  switch (format) {
    case FileFormat::kJson: return "json";
    case FileFormat::kCsv: return "csv";
    case FileFormat::kText: return "text";
  }
  return "?";
}

const char* FileFormatDisplayName(FileFormat format) {
  switch (format) {
    case FileFormat::kJson: return "JSON";
    case FileFormat::kCsv: return "CSV";
    case FileFormat::kText: return "Text";
  }
  return "?";
}

const char* FileFormatExtension(FileFormat format) {
  switch (format) {
    case FileFormat::kJson: return ".json";
    case FileFormat::kCsv: return ".csv";
    case FileFormat::kText: return ".txt";
  }
  return "";
}

std::optional<FileFormat> ParseFileFormat(std::string_view name) {
  std::string lower = AsciiLower(name);
  if (lower == "json") return FileFormat::kJson;
  if (lower == "csv") return FileFormat::kCsv;
  if (lower == "text") return FileFormat::kText;
  return std::nullopt;
}

}  // namespace sluice::connectors
