#include "sluice/connectors/file/file_source_log.h"

#include <filesystem>

#include <nlohmann/json.hpp>

#include "sluice/connectors/file/file_io.h"
#include "sluice/connectors/file/metadata_log_format.h"

namespace sluice::connectors {

FileSourceLog::FileSourceLog(std::string dir) : dir_(std::move(dir)) {}

Status FileSourceLog::Load() {
  batches_.clear();
  if (dir_.empty()) return Status::OK();
  std::error_code ec;
  if (!std::filesystem::is_directory(dir_, ec)) return Status::OK();
  std::filesystem::directory_iterator it(dir_, ec), end;
  if (ec) return Status::IOError("file source: cannot list its log folder '" + dir_ + "': " + ec.message());
  std::vector<std::pair<int64_t, std::string>> files;
  for (; it != end; it.increment(ec)) {
    if (ec) return Status::IOError("file source: cannot list its log folder '" + dir_ + "': " + ec.message());
    std::optional<int64_t> id = ParseBatchFileName(it->path().filename().string());
    if (id) files.emplace_back(*id, it->path().string());
  }
  for (const auto& [id, path] : files) {
    SLUICE_ASSIGN_OR_RETURN(std::string contents, ReadSmallFile(path));
    SLUICE_ASSIGN_OR_RETURN(std::vector<nlohmann::json> lines, ParseMetadataLog(path, contents));
    std::vector<SourceFileEntry> entries;
    entries.reserve(lines.size());
    for (const auto& j : lines) {
      if (!j.contains("path") || !j["path"].is_string() || !j.contains("timestamp") ||
          !j["timestamp"].is_number_integer()) {
        return Status::Corruption("file source log '" + path + "': an entry lacks \"path\" or \"timestamp\": " +
                                  j.dump());
      }
      SourceFileEntry e;
      e.path = j["path"].get<std::string>();
      e.timestamp = j["timestamp"].get<int64_t>();
      e.batch_id = j.contains("batchId") && j["batchId"].is_number_integer() ? j["batchId"].get<int64_t>() : id;
      entries.push_back(std::move(e));
    }
    batches_[id] = std::move(entries);
  }
  return Status::OK();
}

Status FileSourceLog::Add(int64_t batch_id, std::vector<SourceFileEntry> entries) {
  if (batches_.count(batch_id) > 0) {
    return Status::IOError("Concurrent update to the log. Multiple streaming jobs detected for " +
                           std::to_string(batch_id) + " (file source log '" + dir_ + "')");
  }
  if (!dir_.empty()) {
    std::vector<std::string> lines;
    lines.reserve(entries.size());
    for (const auto& e : entries) {
      nlohmann::ordered_json j;
      j["path"] = e.path;
      j["timestamp"] = e.timestamp;
      j["batchId"] = e.batch_id;
      lines.push_back(j.dump());
    }
    SLUICE_RETURN_IF_ERROR(CreateDirectories(dir_));
    Status s = WriteFileAtomically(dir_ + "/" + std::to_string(batch_id), SerializeMetadataLog(lines),
                                   /*fail_if_exists=*/true);
    if (!s.ok()) {
      return Status::IOError("Concurrent update to the log. Multiple streaming jobs detected for " +
                             std::to_string(batch_id) + ": " + s.message());
    }
  }
  batches_[batch_id] = std::move(entries);
  return Status::OK();
}

const std::vector<SourceFileEntry>* FileSourceLog::Get(int64_t batch_id) const {
  auto it = batches_.find(batch_id);
  return it == batches_.end() ? nullptr : &it->second;
}

std::optional<int64_t> FileSourceLog::latest_batch_id() const {
  if (batches_.empty()) return std::nullopt;
  return batches_.rbegin()->first;
}

}  // namespace sluice::connectors
