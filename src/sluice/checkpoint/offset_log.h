#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sluice/checkpoint/batch_log.h"
#include "sluice/checkpoint/offset_seq.h"
#include "sluice/common/status.h"

namespace sluice::checkpoint {

// The write-ahead log of planned batches, "<checkpoint>/offsets/<batchId>" (Spark's
// OffsetSeqLog). The runtime adds batch N's offsets before running it; on restart,
// the latest entry without a matching commit is replayed with the same offsets.
// Thread safety: as BatchLog (single writer; readers may run concurrently).
class OffsetLog {
 public:
  explicit OffsetLog(std::string dir) : log_(std::move(dir)) {}

  const std::string& dir() const { return log_.dir(); }
  std::string BatchPath(int64_t batch_id) const { return log_.BatchPath(batch_id); }

  // Writes offsets/<batch_id> atomically. Re-adding the same contents is a no-op;
  // different contents for an existing batch are an ExecutionError (see BatchLog::Add).
  Status Add(int64_t batch_id, const OffsetSeq& seq);

  // The entry of `batch_id`, nullopt when absent; Corruption/NotSupported when the
  // file cannot be read.
  Result<std::optional<OffsetSeq>> Get(int64_t batch_id) const;

  // The entry with the largest batch id, nullopt when the log is empty. Gaps, temp
  // files and non-numeric names are ignored; a corrupt latest file is an error (it
  // is not skipped, since that would silently replay different data).
  Result<std::optional<std::pair<int64_t, OffsetSeq>>> GetLatest() const;

  // Batch ids present, ascending.
  Result<std::vector<int64_t>> ListBatchIds() const { return log_.ListBatchIds(); }

  // Deletes entries with batch id < keep_from_batch_id.
  Status Purge(int64_t keep_from_batch_id) { return log_.Purge(keep_from_batch_id); }

 private:
  BatchLog log_;
};

}  // namespace sluice::checkpoint
