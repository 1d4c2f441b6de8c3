#include "sluice/connectors/file/metadata_log_format.h"

#include <cctype>

namespace sluice::connectors {

std::string SerializeMetadataLog(const std::vector<std::string>& json_lines) {
  std::string out = "v" + std::to_string(kMetadataLogVersion);
  for (const auto& line : json_lines) {
    out += '\n';
    out += line;
  }
  return out;
}

Result<std::vector<nlohmann::json>> ParseMetadataLog(const std::string& path, std::string_view contents) {
  size_t newline = contents.find('\n');
  std::string_view version = contents.substr(0, newline);
  if (!version.empty() && version.back() == '\r') version.remove_suffix(1);
  if (version.size() < 2 || version[0] != 'v') {
    return Status::Corruption("log file '" + path + "' does not start with a version line such as \"v1\"");
  }
  int64_t number = 0;
  for (char c : version.substr(1)) {
    if (!std::isdigit(static_cast<unsigned char>(c)) || number > 1000000) {
      return Status::Corruption("log file '" + path + "' has a bad version line '" + std::string(version) + "'");
    }
    number = number * 10 + (c - '0');
  }
  if (number > kMetadataLogVersion) {
    return Status::Corruption("log file '" + path + "' has format v" + std::to_string(number) +
                              " but the maximum supported is v" + std::to_string(kMetadataLogVersion) +
                              "; it was written by a newer version");
  }
  std::vector<nlohmann::json> out;
  if (newline == std::string_view::npos) return out;
  std::string_view rest = contents.substr(newline + 1);
  int64_t line_number = 1;
  while (!rest.empty()) {
    ++line_number;
    size_t end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.remove_suffix(1);
    if (line.empty()) continue;
    nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) {
      return Status::Corruption("log file '" + path + "', line " + std::to_string(line_number) +
                                ": not a JSON object: " + std::string(line.substr(0, 200)));
    }
    out.push_back(std::move(j));
  }
  return out;
}

std::optional<int64_t> ParseBatchFileName(std::string_view name) {
  if (name.empty() || name.size() > 18) return std::nullopt;
  int64_t v = 0;
  for (char c : name) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

}  // namespace sluice::connectors
