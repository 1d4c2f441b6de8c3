#include "sluice/checkpoint/log_file_format.h"

#include <charconv>
#include <limits>

namespace sluice::checkpoint {

std::vector<std::string_view> SplitLines(std::string_view bytes) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < bytes.size()) {
    size_t end = bytes.find('\n', start);
    if (end == std::string_view::npos) end = bytes.size();
    std::string_view line = bytes.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    start = end + 1;
  }
  return lines;
}

Status CorruptFile(const std::string& path, const std::string& problem) {
  return Status::Corruption("checkpoint file " + path + " is corrupt: " + problem);
}

std::string QuoteForError(std::string_view text, size_t max_length) {
  std::string out = "'";
  if (text.size() > max_length) {
    out.append(text.substr(0, max_length));
    out.append("...");
  } else {
    out.append(text);
  }
  out.push_back('\'');
  return out;
}

Status CheckVersionLine(std::string_view line, int max_version, const std::string& path) {
  const std::string expected = "expected version line 'v" + std::to_string(max_version) + "'";
  // Spark trims the version line before validating it.
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
  if (line.size() >= 2 && line[0] == 'v') {
    std::string_view digits = line.substr(1);
    int64_t version = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), version);
    if (ec == std::errc() && end == digits.data() + digits.size() && version > 0) {
      if (version <= max_version) return Status::OK();
      return Status::NotSupported("checkpoint file " + path + " uses log version v" + std::to_string(version) +
                                  ", but this version of sluice reads up to v" + std::to_string(max_version) +
                                  " (UnsupportedLogVersion): it was written by a newer version; upgrade sluice "
                                  "or use a new checkpointLocation");
    }
    if (ec == std::errc::result_out_of_range) {
      return Status::NotSupported("checkpoint file " + path + " uses log version " + QuoteForError(line) +
                                  ", but this version of sluice reads up to v" + std::to_string(max_version) +
                                  " (UnsupportedLogVersion)");
    }
  }
  return CorruptFile(path, expected + ", found " + QuoteForError(line));
}

Result<nlohmann::json> ParseJson(std::string_view text, const std::string& path, const std::string& what) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    return CorruptFile(path, what + " is not valid JSON: " + QuoteForError(text) + " (" + e.what() + ")");
  }
}

Result<std::string> DumpJson(const nlohmann::json& value, const std::string& what) {
  try {
    return value.dump();
  } catch (const nlohmann::json::exception& e) {
    return Status::InvalidArgument("cannot write " + what + " as JSON: " + e.what());
  }
}

Result<int64_t> GetInt64Field(const nlohmann::json& object, const char* field, int64_t default_value,
                              const std::string& path) {
  auto it = object.find(field);
  if (it == object.end()) return default_value;
  if (it->is_number_integer()) {
    if (it->is_number_unsigned() && it->get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      return CorruptFile(path, std::string("field '") + field + "' is out of range: " + it->dump());
    }
    return it->get<int64_t>();
  }
  return CorruptFile(path, std::string("field '") + field + "' must be an integer, found " +
                               QuoteForError(it->dump()));
}

}  // namespace sluice::checkpoint
