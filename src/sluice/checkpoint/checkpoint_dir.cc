#include "sluice/checkpoint/checkpoint_dir.h"

#include <filesystem>
#include <system_error>

#include "sluice/checkpoint/atomic_file.h"
#include "sluice/checkpoint/log_file_format.h"

namespace sluice::checkpoint {

namespace fs = std::filesystem;

namespace {

constexpr const char* kQueryInfoFile = "sluice-query.json";

Status CreateDir(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::IOError("cannot create checkpoint directory '" + dir.string() + "': " + ec.message());
  return Status::OK();
}

}  // namespace

std::string SerializeQueryInfo(const QueryInfo& info) {
  nlohmann::ordered_json json;
  json["version"] = kQueryInfoVersion;
  json["queryName"] = info.query_name.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(info.query_name);
  json["plan"] = info.plan_fingerprint;
  json["numShufflePartitions"] = info.num_shuffle_partitions;
  json["watermarkPolicy"] = info.watermark_policy;
  // Replace invalid UTF-8 rather than fail: the file is informational apart from
  // the fingerprint, which the runtime builds from plan text.
  return json.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

Result<QueryInfo> ParseQueryInfo(std::string_view bytes, const std::string& path) {
  SLUICE_ASSIGN_OR_RETURN(nlohmann::json json, ParseJson(bytes, path, "the query description"));
  if (!json.is_object()) return CorruptFile(path, "expected a JSON object, found " + QuoteForError(bytes));
  SLUICE_ASSIGN_OR_RETURN(int64_t version, GetInt64Field(json, "version", 1, path));
  if (version < 1) return CorruptFile(path, "field 'version' must be >= 1, found " + std::to_string(version));
  if (version > kQueryInfoVersion) {
    return Status::NotSupported(path + " has format version " + std::to_string(version) +
                                ", but this version of sluice reads up to " + std::to_string(kQueryInfoVersion) +
                                "; upgrade sluice or use a new checkpointLocation");
  }
  QueryInfo info;
  auto get_string = [&](const char* field, bool nullable, std::string* out) -> Status {
    auto it = json.find(field);
    if (it == json.end() || (nullable && it->is_null())) {
      if (nullable) return Status::OK();
      return CorruptFile(path, std::string("missing field '") + field + "'");
    }
    if (!it->is_string()) {
      return CorruptFile(path, std::string("field '") + field + "' must be a string, found " + QuoteForError(it->dump()));
    }
    *out = it->get<std::string>();
    return Status::OK();
  };
  SLUICE_RETURN_IF_ERROR(get_string("queryName", /*nullable=*/true, &info.query_name));
  SLUICE_RETURN_IF_ERROR(get_string("plan", /*nullable=*/false, &info.plan_fingerprint));
  SLUICE_RETURN_IF_ERROR(get_string("watermarkPolicy", /*nullable=*/true, &info.watermark_policy));
  SLUICE_ASSIGN_OR_RETURN(info.num_shuffle_partitions, GetInt64Field(json, "numShufflePartitions", 0, path));
  return info;
}

CheckpointDir::CheckpointDir(std::string path, std::string query_name, QueryMetadata metadata)
    : path_(std::move(path)),
      query_name_(std::move(query_name)),
      metadata_(std::move(metadata)),
      offsets_((fs::path(path_) / "offsets").string()),
      commits_((fs::path(path_) / "commits").string()) {}

Result<CheckpointDir> CheckpointDir::Open(const std::string& path, const std::string& query_name) {
  if (path.empty()) {
    return Status::InvalidArgument("checkpointLocation is empty; set it to a directory path");
  }
  std::error_code ec;
  fs::file_status status = fs::status(path, ec);
  if (!ec && fs::exists(status) && !fs::is_directory(status)) {
    return Status::IOError("checkpoint location '" + path + "' exists but is not a directory");
  }
  SLUICE_RETURN_IF_ERROR(CreateDir(path));
  SLUICE_RETURN_IF_ERROR(CreateDir(fs::path(path) / "offsets"));
  SLUICE_RETURN_IF_ERROR(CreateDir(fs::path(path) / "commits"));
  SLUICE_ASSIGN_OR_RETURN(QueryMetadata metadata, QueryMetadata::LoadOrCreate(path));

  CheckpointDir dir(path, query_name, std::move(metadata));
  const std::string info_path = (fs::path(path) / kQueryInfoFile).string();
  SLUICE_ASSIGN_OR_RETURN(std::optional<std::string> info_bytes, ReadFileIfExists(info_path));
  if (info_bytes) {
    SLUICE_ASSIGN_OR_RETURN(QueryInfo info, ParseQueryInfo(*info_bytes, info_path));
    dir.query_info_ = std::move(info);
  }
  return dir;
}

std::string CheckpointDir::StateDir(int64_t operator_id, int64_t partition) const {
  return (fs::path(path_) / "state" / std::to_string(operator_id) / std::to_string(partition)).string();
}

std::string CheckpointDir::SourceDir(int64_t source_index) const {
  return (fs::path(path_) / "sources" / std::to_string(source_index)).string();
}

Result<std::string> CheckpointDir::CreateSourceDir(int64_t source_index) const {
  std::string dir = SourceDir(source_index);
  SLUICE_RETURN_IF_ERROR(CreateDir(dir));
  return dir;
}

Status CheckpointDir::CheckCompatible(const std::string& plan_fingerprint) const {
  if (!query_info_ || query_info_->plan_fingerprint == plan_fingerprint) return Status::OK();
  return Status::AnalysisError("checkpoint location '" + path_ +
                               "' belongs to a different query (its plan fingerprint " +
                               QuoteForError(query_info_->plan_fingerprint, 200) + " differs from this query's " +
                               QuoteForError(plan_fingerprint, 200) +
                               "); use a new checkpointLocation or delete the old one");
}

Status CheckpointDir::SaveQueryInfo(QueryInfo info) {
  if (info.query_name.empty()) info.query_name = query_name_;
  SLUICE_RETURN_IF_ERROR(WriteFileAtomic((fs::path(path_) / kQueryInfoFile).string(), SerializeQueryInfo(info)));
  query_info_ = std::move(info);
  return Status::OK();
}

Status CheckpointDir::PurgeOldBatches(int64_t current_batch_id, int64_t min_batches_to_retain) {
  if (min_batches_to_retain < 1) {
    return Status::InvalidArgument("minBatchesToRetain must be >= 1, got " + std::to_string(min_batches_to_retain));
  }
  if (current_batch_id <= min_batches_to_retain) return Status::OK();
  const int64_t threshold = current_batch_id - min_batches_to_retain;
  SLUICE_RETURN_IF_ERROR(offsets_.Purge(threshold));
  return commits_.Purge(threshold);
}

}  // namespace sluice::checkpoint
