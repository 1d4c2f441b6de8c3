#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sluice/common/status.h"

namespace sluice::checkpoint {

// A directory of files named by batch id in decimal ("0", "1", ..., no leading
// zeros), one per batch, each written with WriteFileAtomic. The directory
// machinery shared by OffsetLog and CommitLog (Spark's HDFSMetadataLog); they
// add the file contents.
//
// Listing ignores temp files and any name that is not a canonical batch id, and
// tolerates gaps: like Spark, only the latest batch (and the one before it, when a
// batch is replayed) matters.
// Thread safety: const methods may run concurrently; writers need a single writer
// per directory (one query per checkpoint).
class BatchLog {
 public:
  // `dir` is the log directory, e.g. "<checkpoint>/offsets". It is created by
  // CheckpointDir::Open, or by the first Add.
  explicit BatchLog(std::string dir) : dir_(std::move(dir)) {}

  const std::string& dir() const { return dir_; }
  std::string BatchPath(int64_t batch_id) const;

  // Stores `bytes` as the file of `batch_id`. Adding identical bytes again is a
  // no-op (a replayed batch); different bytes for an existing batch are an
  // ExecutionError, since that means two writers share the checkpoint (Spark:
  // "Concurrent update to the log. Multiple streaming jobs detected").
  // REQUIRES: batch_id >= 0 (InvalidArgument otherwise).
  Status Add(int64_t batch_id, std::string_view bytes);

  // The bytes of `batch_id`'s file, or nullopt when it does not exist.
  Result<std::optional<std::string>> Read(int64_t batch_id) const;

  // The batch ids present, ascending. A missing directory is an empty log.
  Result<std::vector<int64_t>> ListBatchIds() const;

  // The largest batch id present, or nullopt for an empty log.
  Result<std::optional<int64_t>> LatestBatchId() const;

  // Deletes the files of all batches with id < keep_from_batch_id.
  Status Purge(int64_t keep_from_batch_id);

  // Parses a canonical batch id file name; nullopt for anything else.
  static std::optional<int64_t> ParseBatchId(std::string_view file_name);

 private:
  std::string dir_;
};

}  // namespace sluice::checkpoint
