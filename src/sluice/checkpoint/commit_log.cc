#include "sluice/checkpoint/commit_log.h"

#include "sluice/checkpoint/log_file_format.h"

namespace sluice::checkpoint {

namespace {
constexpr const char* kNextWatermarkKey = "nextBatchWatermarkMs";
}  // namespace

Result<std::string> SerializeCommitMetadata(const CommitMetadata& metadata) {
  if (!metadata.extra.is_null() && !metadata.extra.is_object()) {
    return Status::InvalidArgument("commit log metadata 'extra' must be a JSON object, got " + metadata.extra.dump());
  }
  std::string out = "v" + std::to_string(kCommitLogVersion) + "\n";
  out += "{\"nextBatchWatermarkMs\":" + std::to_string(metadata.next_batch_watermark_ms);
  if (metadata.extra.is_object()) {
    for (const auto& [key, value] : metadata.extra.items()) {
      if (key == kNextWatermarkKey) {
        return Status::InvalidArgument("commit log metadata 'extra' may not use the reserved key '" + key + "'");
      }
      SLUICE_ASSIGN_OR_RETURN(std::string k, DumpJson(nlohmann::json(key), "commit log metadata key"));
      SLUICE_ASSIGN_OR_RETURN(std::string v, DumpJson(value, "commit log metadata '" + key + "'"));
      out += "," + k + ":" + v;
    }
  }
  out += "}";
  return out;
}

Result<CommitMetadata> ParseCommitMetadata(std::string_view bytes, const std::string& path) {
  std::vector<std::string_view> lines = SplitLines(bytes);
  if (lines.empty()) {
    return CorruptFile(path, "the file is empty (expected version line 'v" + std::to_string(kCommitLogVersion) + "')");
  }
  SLUICE_RETURN_IF_ERROR(CheckVersionLine(lines[0], kCommitLogVersion, path));
  if (lines.size() > 2) {
    return CorruptFile(path, "expected 2 lines, found " + std::to_string(lines.size()));
  }
  CommitMetadata metadata;
  if (lines.size() < 2) return metadata;
  SLUICE_ASSIGN_OR_RETURN(nlohmann::json json, ParseJson(lines[1], path, "line 2 (commit metadata)"));
  if (!json.is_object()) {
    return CorruptFile(path, "line 2 (commit metadata) must be a JSON object, found " + QuoteForError(lines[1]));
  }
  SLUICE_ASSIGN_OR_RETURN(metadata.next_batch_watermark_ms, GetInt64Field(json, kNextWatermarkKey, 0, path));
  for (const auto& [key, value] : json.items()) {
    if (key != kNextWatermarkKey) metadata.extra[key] = value;
  }
  return metadata;
}

Status CommitLog::Add(int64_t batch_id, const CommitMetadata& metadata) {
  SLUICE_ASSIGN_OR_RETURN(std::string bytes, SerializeCommitMetadata(metadata));
  return log_.Add(batch_id, bytes);
}

Result<std::optional<CommitMetadata>> CommitLog::Get(int64_t batch_id) const {
  SLUICE_ASSIGN_OR_RETURN(std::optional<std::string> bytes, log_.Read(batch_id));
  if (!bytes) return std::optional<CommitMetadata>();
  SLUICE_ASSIGN_OR_RETURN(CommitMetadata metadata, ParseCommitMetadata(*bytes, log_.BatchPath(batch_id)));
  return std::optional<CommitMetadata>(std::move(metadata));
}

Result<std::optional<std::pair<int64_t, CommitMetadata>>> CommitLog::GetLatest() const {
  using Latest = std::optional<std::pair<int64_t, CommitMetadata>>;
  SLUICE_ASSIGN_OR_RETURN(std::optional<int64_t> batch_id, log_.LatestBatchId());
  if (!batch_id) return Latest();
  SLUICE_ASSIGN_OR_RETURN(std::optional<CommitMetadata> metadata, Get(*batch_id));
  if (!metadata) return Status::IOError("commit log file " + log_.BatchPath(*batch_id) + " disappeared while reading it");
  return Latest(std::make_pair(*batch_id, std::move(*metadata)));
}

}  // namespace sluice::checkpoint
