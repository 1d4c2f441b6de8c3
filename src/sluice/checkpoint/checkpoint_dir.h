#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "sluice/checkpoint/commit_log.h"
#include "sluice/checkpoint/offset_log.h"
#include "sluice/checkpoint/query_metadata.h"
#include "sluice/common/status.h"

namespace sluice::checkpoint {

// Spark's default for sluice.sql.streaming.minBatchesToRetain.
inline constexpr int64_t kDefaultMinBatchesToRetain = 100;

// sluice's own description of the query a checkpoint belongs to, stored in
// "<checkpoint>/sluice-query.json" (Spark has no such file; it lets a restart with
// a different query fail clearly instead of misreading the state).
struct QueryInfo {
  std::string query_name;            // "" when the query has no name (written as null)
  std::string plan_fingerprint;      // opaque to the checkpoint; chosen by the runtime
  int64_t num_shuffle_partitions = 0;
  std::string watermark_policy = "min";  // sluice.sql.streaming.multipleWatermarkPolicy

  bool operator==(const QueryInfo& other) const = default;
};

// The newest sluice-query.json format version this code reads and writes. Stored in
// checkpoints.
inline constexpr int kQueryInfoVersion = 1;

// Serializes/parses sluice-query.json:
//   {"version":1,"queryName":"q","plan":"<fingerprint>","numShufflePartitions":4,"watermarkPolicy":"min"}
std::string SerializeQueryInfo(const QueryInfo& info);
Result<QueryInfo> ParseQueryInfo(std::string_view bytes, const std::string& path);

// A checkpoint directory laid out as Spark lays it out:
//   metadata            {"id":"<uuid>"}                         (QueryMetadata)
//   offsets/<batchId>   planned batches, written before running  (OffsetLog)
//   commits/<batchId>   completed batches                        (CommitLog)
//   sources/<i>/        source-specific files (e.g. a file source's seen-files log)
//   state/<operatorId>/<partition>/   state store files (state/ layer)
//   sluice-query.json   QueryInfo, sluice only
// Not thread-safe for writers: one query owns a checkpoint directory at a time.
class CheckpointDir {
 public:
  // Opens `path`, creating it with metadata, offsets/ and commits/ when missing,
  // and reads sluice-query.json when present. `query_name` (may be empty) fills
  // QueryInfo::query_name in SaveQueryInfo. Errors: InvalidArgument for an empty
  // path, IOError when the path is not a directory or cannot be created,
  // Corruption when an existing metadata or sluice-query.json file is unreadable.
  static Result<CheckpointDir> Open(const std::string& path, const std::string& query_name);

  const std::string& path() const { return path_; }
  const QueryMetadata& metadata() const { return metadata_; }
  OffsetLog& offsets() { return offsets_; }
  const OffsetLog& offsets() const { return offsets_; }
  CommitLog& commits() { return commits_; }
  const CommitLog& commits() const { return commits_; }

  // "<path>/state/<operator_id>/<partition>". Not created here: the state store
  // creates it on its first commit.
  std::string StateDir(int64_t operator_id, int64_t partition) const;
  // "<path>/sources/<source_index>", not created (see CreateSourceDir).
  std::string SourceDir(int64_t source_index) const;
  // Like SourceDir, creating the directory when missing.
  Result<std::string> CreateSourceDir(int64_t source_index) const;

  // The stored sluice-query.json, nullopt for a fresh checkpoint (or one written by
  // Spark, which has none).
  const std::optional<QueryInfo>& query_info() const { return query_info_; }

  // OK when nothing is stored yet or the stored plan fingerprint equals
  // `plan_fingerprint`; otherwise AnalysisError "checkpoint location '<path>'
  // belongs to a different query ...". The caller decides what the fingerprint is.
  Status CheckCompatible(const std::string& plan_fingerprint) const;

  // Writes sluice-query.json (atomically), filling an empty query_name from Open.
  Status SaveQueryInfo(QueryInfo info);

  // Deletes offsets and commits too old to matter, as Spark's StreamExecution.purge:
  // when current_batch_id > min_batches_to_retain, entries with batch id <
  // current_batch_id - min_batches_to_retain go. A restart can then still replay
  // the latest batch and look up the one before it.
  Status PurgeOldBatches(int64_t current_batch_id, int64_t min_batches_to_retain = kDefaultMinBatchesToRetain);

 private:
  CheckpointDir(std::string path, std::string query_name, QueryMetadata metadata);

  std::string path_;
  std::string query_name_;
  QueryMetadata metadata_;
  OffsetLog offsets_;
  CommitLog commits_;
  std::optional<QueryInfo> query_info_;
};

}  // namespace sluice::checkpoint
