#include "sluice/checkpoint/batch_log.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <system_error>

#include "sluice/checkpoint/atomic_file.h"

namespace sluice::checkpoint {

namespace fs = std::filesystem;

std::string BatchLog::BatchPath(int64_t batch_id) const {
  return (fs::path(dir_) / std::to_string(batch_id)).string();
}

std::optional<int64_t> BatchLog::ParseBatchId(std::string_view name) {
  if (name.empty() || name.size() > 19) return std::nullopt;
  if (name.size() > 1 && name[0] == '0') return std::nullopt;
  int64_t id = 0;
  auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), id);
  if (ec != std::errc() || end != name.data() + name.size() || id < 0) return std::nullopt;
  return id;
}

Status BatchLog::Add(int64_t batch_id, std::string_view bytes) {
  if (batch_id < 0) {
    return Status::InvalidArgument("batch id must be >= 0, got " + std::to_string(batch_id) + " for log '" + dir_ + "'");
  }
  const std::string path = BatchPath(batch_id);
  SLUICE_ASSIGN_OR_RETURN(std::optional<std::string> existing, ReadFileIfExists(path));
  if (existing) {
    if (*existing == bytes) return Status::OK();
    return Status::ExecutionError("cannot write " + path +
                                  ": batch " + std::to_string(batch_id) +
                                  " already exists with different contents. Concurrent update to the log: another "
                                  "query may be using the same checkpointLocation");
  }
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec) return Status::IOError("cannot create log directory '" + dir_ + "': " + ec.message());
  return WriteFileAtomic(path, bytes);
}

Result<std::optional<std::string>> BatchLog::Read(int64_t batch_id) const {
  if (batch_id < 0) return std::optional<std::string>();
  return ReadFileIfExists(BatchPath(batch_id));
}

Result<std::vector<int64_t>> BatchLog::ListBatchIds() const {
  std::vector<int64_t> ids;
  std::error_code ec;
  fs::directory_iterator it(dir_, ec);
  if (ec) {
    if (ec == std::errc::no_such_file_or_directory) return ids;
    return Status::IOError("cannot list log directory '" + dir_ + "': " + ec.message());
  }
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (IsTempFileName(name)) continue;
    std::optional<int64_t> id = ParseBatchId(name);
    if (!id) continue;
    std::error_code type_ec;
    if (!it->is_regular_file(type_ec)) continue;
    ids.push_back(*id);
  }
  if (ec) return Status::IOError("cannot list log directory '" + dir_ + "': " + ec.message());
  std::sort(ids.begin(), ids.end());
  return ids;
}

Result<std::optional<int64_t>> BatchLog::LatestBatchId() const {
  SLUICE_ASSIGN_OR_RETURN(std::vector<int64_t> ids, ListBatchIds());
  if (ids.empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(ids.back());
}

Status BatchLog::Purge(int64_t keep_from_batch_id) {
  SLUICE_ASSIGN_OR_RETURN(std::vector<int64_t> ids, ListBatchIds());
  for (int64_t id : ids) {
    if (id >= keep_from_batch_id) break;
    std::error_code ec;
    fs::remove(BatchPath(id), ec);
    if (ec) return Status::IOError("cannot delete old log file '" + BatchPath(id) + "': " + ec.message());
  }
  return Status::OK();
}

}  // namespace sluice::checkpoint
