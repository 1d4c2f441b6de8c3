#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "sluice/checkpoint/batch_log.h"
#include "sluice/common/status.h"

namespace sluice::checkpoint {

// What commits/<batchId> records once a batch's state and sink output are durable
// (Spark's CommitMetadata).
struct CommitMetadata {
  // The watermark the next batch runs with (Spark's nextBatchWatermarkMs).
  int64_t next_batch_watermark_ms = 0;
  // Extra sluice metadata (a JSON object), written as further keys after
  // nextBatchWatermarkMs, which may not be reused here.
  nlohmann::json extra = nlohmann::json::object();

  bool operator==(const CommitMetadata& other) const = default;
};

// The newest commit file version this code reads and writes (Spark's CommitLog.VERSION).
// Stored in checkpoints.
inline constexpr int kCommitLogVersion = 1;

// Spark's commit file text: "v1\n{\"nextBatchWatermarkMs\":<ms>}" with no final
// newline. A missing second line reads as "{}" (Spark's EMPTY_JSON).
Result<std::string> SerializeCommitMetadata(const CommitMetadata& metadata);
Result<CommitMetadata> ParseCommitMetadata(std::string_view bytes, const std::string& path);

// The log of completed batches, "<checkpoint>/commits/<batchId>" (Spark's
// CommitLog). Batch N is complete once commits/N exists.
// Thread safety: as BatchLog (single writer; readers may run concurrently).
class CommitLog {
 public:
  explicit CommitLog(std::string dir) : log_(std::move(dir)) {}

  const std::string& dir() const { return log_.dir(); }
  std::string BatchPath(int64_t batch_id) const { return log_.BatchPath(batch_id); }

  // Writes commits/<batch_id> atomically; same conflict rules as OffsetLog::Add.
  Status Add(int64_t batch_id, const CommitMetadata& metadata);
  Status Add(int64_t batch_id, int64_t next_batch_watermark_ms) {
    return Add(batch_id, CommitMetadata{next_batch_watermark_ms, nlohmann::json::object()});
  }

  // The entry of `batch_id`, nullopt when absent.
  Result<std::optional<CommitMetadata>> Get(int64_t batch_id) const;

  // The entry with the largest batch id, nullopt when empty (gaps and temp files
  // ignored, a corrupt latest file is an error).
  Result<std::optional<std::pair<int64_t, CommitMetadata>>> GetLatest() const;

  Result<std::vector<int64_t>> ListBatchIds() const { return log_.ListBatchIds(); }

  // Deletes entries with batch id < keep_from_batch_id.
  Status Purge(int64_t keep_from_batch_id) { return log_.Purge(keep_from_batch_id); }

 private:
  BatchLog log_;
};

}  // namespace sluice::checkpoint
