#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sluice/common/status.h"

namespace sluice::connectors {

// One file of a committed sink batch: Spark's SinkFileStatus, stored as one JSON object
// per line of `_spark_metadata/<batchId>`.
struct SinkFileStatus {
  std::string path;  // URI: "file:/out/part-00000-<uuid>.c000.json"
  int64_t size = 0;
  bool is_dir = false;
  int64_t modification_time = 0;  // milliseconds since the epoch
  int32_t block_replication = 1;
  int64_t block_size = 33554432;
  std::string action = "add";  // "add" or "delete" (compaction)
};

// The file sink's log, `<output>/_spark_metadata/`, in Spark's format (FileStreamSinkLog,
// version 1): one file per batch id named by the id, holding "v1" and then one JSON
// SinkFileStatus per line. A batch is committed exactly when its file exists; files of
// the output folder not named in the log are invisible to readers. Reading also accepts
// Spark's compacted files (`<id>.compact`, which hold every file up to that batch).
// Sluice never compacts. Not thread-safe; one writer per output folder.
class FileSinkLog {
 public:
  explicit FileSinkLog(std::string output_dir);

  // Whether `output_dir/_spark_metadata` is a folder.
  static bool ExistsIn(const std::string& output_dir);

  // The largest committed batch id, or nullopt when none. IOError when the folder
  // cannot be listed.
  Result<std::optional<int64_t>> LatestBatchId() const;
  // Commits `batch_id` with `files`, atomically. IOError when it is already committed
  // (another writer raced) or cannot be written.
  Status Add(int64_t batch_id, const std::vector<SinkFileStatus>& files) const;
  // The files of one committed batch; Corruption when the batch file is unreadable.
  Result<std::vector<SinkFileStatus>> Get(int64_t batch_id) const;
  // Every committed, not deleted file, in batch order.
  Result<std::vector<SinkFileStatus>> AllFiles() const;

  const std::string& log_dir() const { return log_dir_; }

 private:
  Result<std::vector<SinkFileStatus>> ReadBatchFile(const std::string& path) const;

  std::string log_dir_;
};

}  // namespace sluice::connectors
