#include "sluice/connectors/file/file_sink_log.h"

#include <algorithm>
#include <filesystem>
#include <map>

#include <nlohmann/json.hpp>

#include "sluice/connectors/file/file_io.h"
#include "sluice/connectors/file/metadata_log_format.h"

namespace sluice::connectors {
namespace {

constexpr const char* kCompactSuffix = ".compact";

struct LogFiles {
  std::vector<int64_t> batches;  // plain batch files
  std::optional<int64_t> latest_compact;
};

Result<LogFiles> ListLog(const std::string& dir) {
  LogFiles out;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return out;
  std::filesystem::directory_iterator it(dir, ec), end;
  if (ec) return Status::IOError("cannot list the sink log '" + dir + "': " + ec.message());
  for (; it != end; it.increment(ec)) {
    if (ec) return Status::IOError("cannot list the sink log '" + dir + "': " + ec.message());
    std::string name = it->path().filename().string();
    bool compact = name.size() > 8 && name.compare(name.size() - 8, 8, kCompactSuffix) == 0;
    std::optional<int64_t> id = ParseBatchFileName(compact ? name.substr(0, name.size() - 8) : name);
    if (!id) continue;  // temporary files and anything else
    if (compact) {
      if (!out.latest_compact || *id > *out.latest_compact) out.latest_compact = *id;
    } else {
      out.batches.push_back(*id);
    }
  }
  std::sort(out.batches.begin(), out.batches.end());
  return out;
}

}  // namespace

FileSinkLog::FileSinkLog(std::string output_dir) : log_dir_(std::move(output_dir) + "/_spark_metadata") {}

bool FileSinkLog::ExistsIn(const std::string& output_dir) {
  std::error_code ec;
  return std::filesystem::is_directory(output_dir + "/_spark_metadata", ec);
}

Result<std::optional<int64_t>> FileSinkLog::LatestBatchId() const {
  SLUICE_ASSIGN_OR_RETURN(LogFiles files, ListLog(log_dir_));
  std::optional<int64_t> latest = files.latest_compact;
  if (!files.batches.empty() && (!latest || files.batches.back() > *latest)) latest = files.batches.back();
  return latest;
}

Status FileSinkLog::Add(int64_t batch_id, const std::vector<SinkFileStatus>& files) const {
  SLUICE_RETURN_IF_ERROR(CreateDirectories(log_dir_));
  // Spark's field order, for byte-compatible logs.
  std::vector<std::string> lines;
  lines.reserve(files.size());
  for (const auto& f : files) {
    nlohmann::ordered_json j;
    j["path"] = f.path;
    j["size"] = f.size;
    j["isDir"] = f.is_dir;
    j["modificationTime"] = f.modification_time;
    j["blockReplication"] = f.block_replication;
    j["blockSize"] = f.block_size;
    j["action"] = f.action;
    lines.push_back(j.dump());
  }
  std::string contents = SerializeMetadataLog(lines);
  Status s = WriteFileAtomically(log_dir_ + "/" + std::to_string(batch_id), contents, /*fail_if_exists=*/true);
  if (!s.ok()) return s.WithContext("file sink: cannot commit batch " + std::to_string(batch_id) + " to its log");
  return Status::OK();
}

Result<std::vector<SinkFileStatus>> FileSinkLog::ReadBatchFile(const std::string& path) const {
  SLUICE_ASSIGN_OR_RETURN(std::string contents, ReadSmallFile(path));
  SLUICE_ASSIGN_OR_RETURN(std::vector<nlohmann::json> entries, ParseMetadataLog(path, contents));
  std::vector<SinkFileStatus> out;
  out.reserve(entries.size());
  for (const auto& e : entries) {
    SinkFileStatus f;
    if (!e.contains("path") || !e["path"].is_string()) {
      return Status::Corruption("sink log file '" + path + "': an entry has no \"path\": " + e.dump());
    }
    f.path = e["path"].get<std::string>();
    if (e.contains("size") && e["size"].is_number_integer()) f.size = e["size"].get<int64_t>();
    if (e.contains("isDir") && e["isDir"].is_boolean()) f.is_dir = e["isDir"].get<bool>();
    if (e.contains("modificationTime") && e["modificationTime"].is_number_integer()) {
      f.modification_time = e["modificationTime"].get<int64_t>();
    }
    if (e.contains("action") && e["action"].is_string()) f.action = e["action"].get<std::string>();
    out.push_back(std::move(f));
  }
  return out;
}

Result<std::vector<SinkFileStatus>> FileSinkLog::Get(int64_t batch_id) const {
  return ReadBatchFile(log_dir_ + "/" + std::to_string(batch_id));
}

Result<std::vector<SinkFileStatus>> FileSinkLog::AllFiles() const {
  SLUICE_ASSIGN_OR_RETURN(LogFiles files, ListLog(log_dir_));
  std::vector<SinkFileStatus> all;
  if (files.latest_compact) {
    SLUICE_ASSIGN_OR_RETURN(all, ReadBatchFile(log_dir_ + "/" + std::to_string(*files.latest_compact) + kCompactSuffix));
  }
  for (int64_t id : files.batches) {
    if (files.latest_compact && id <= *files.latest_compact) continue;
    SLUICE_ASSIGN_OR_RETURN(std::vector<SinkFileStatus> batch, Get(id));
    all.insert(all.end(), batch.begin(), batch.end());
  }
  // Later entries win; "delete" entries remove the file.
  std::map<std::string, size_t> last;
  for (size_t i = 0; i < all.size(); ++i) last[all[i].path] = i;
  std::vector<SinkFileStatus> out;
  for (size_t i = 0; i < all.size(); ++i) {
    if (last[all[i].path] == i && all[i].action != "delete") out.push_back(all[i]);
  }
  return out;
}

}  // namespace sluice::connectors
