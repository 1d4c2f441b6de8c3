#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "sluice/common/thread_pool.h"
#include "sluice/connectors/file/file_batch_reader.h"
#include "sluice/connectors/file/file_listing.h"
#include "sluice/connectors/file/file_read_options.h"
#include "sluice/connectors/file/file_source_log.h"
#include "sluice/connectors/source.h"

namespace sluice::connectors {

// What cleanSource does with the files of committed batches.
enum class CleanSourceMode : uint8_t { kOff, kDelete, kArchive };

// Settings of a file source, already validated.
struct FileSourceConfig {
  FilePathSpec path;
  std::optional<int64_t> max_files_per_trigger;
  std::optional<int64_t> max_bytes_per_trigger;
  bool latest_first = false;
  bool file_name_only = false;
  int64_t max_file_age_ms = 7 * 24 * 3600 * int64_t{1000};
  CleanSourceMode clean_source = CleanSourceMode::kOff;
  std::string source_archive_dir;  // absolute; set when clean_source is kArchive
  FileReadOptions read;

  // Reads the options of a `format` source (validated against FileSourceOptionTable).
  // InvalidArgument for: maxFilesPerTrigger and maxBytesPerTrigger both set, an unknown
  // cleanSource mode, archive without sourceArchiveDir or with one inside the source
  // folder, and the read options' errors (FileReadOptions::From).
  static Result<FileSourceConfig> From(FileFormat format, const ConnectorOptions& options, const Config* conf);
};

// Spark's FileStreamSource: a streaming source over the files of a folder or glob.
//
// Offsets are `{"logOffset": N}` (Spark's FileStreamSourceOffset), N counting the batches
// of the source log (file_source_log.h) from 0; null before the first file. LatestOffset
// lists the path, keeps the files not seen before (and not older than maxFileAge behind
// the newest file seen, Spark's SeenFilesMap), orders them by modification time (newest
// first with latestFirst), takes up to maxFilesPerTrigger files or about
// maxBytesPerTrigger bytes (at least one file), records them as log batch N+1 in the
// checkpoint folder and returns N+1. GetBatch(start, end) reads exactly the files the log
// recorded for the batches in (start, end], so a replay after a restart reads the same
// files, and a restarted source (same checkpoint folder) never takes a file twice.
// Commit applies cleanSource to the files of the committed batches; failures to delete or
// move a file are warnings, as in Spark.
//
// Errors: the path does not exist (AnalysisError at Make); a logged batch is missing from
// the checkpoint (Corruption); file read and parse errors (see FileBatchReader).
// Called from the query's driver thread only.
class FileStreamSource : public Source {
 public:
  // REQUIRES: CheckReadSchema(*schema, config.read) is ok. `checkpoint_dir` may be empty
  // (the log then lives in memory).
  static Result<std::unique_ptr<FileStreamSource>> Make(FileSourceConfig config, types::SchemaPtr schema,
                                                        std::string checkpoint_dir);

  types::SchemaPtr schema() const override { return reader_.schema(); }
  Result<Offset> LatestOffset(const Offset& start, const ReadLimit& limit) override;
  Result<std::vector<types::BatchPtr>> GetBatch(const Offset& start, const Offset& end) override;
  void Commit(const Offset& end) override;
  // Fixes the set of files to the ones listed now (Spark's prepareForTriggerAvailableNow).
  void PrepareForAvailableNow() override;
  // "FileStreamSource[file:/data/in]".
  std::string Description() const override;

  // Warnings since the last call (skipped files, failed cleanups); also printed to stderr.
  std::vector<std::string> TakeWarnings();

  // The offset JSON of log batch `n`: {"logOffset": n}.
  static Offset MakeOffset(int64_t n);
  // The log batch of an offset: -1 for null. Corruption for anything else than
  // {"logOffset": n} or a bare integer.
  static Result<int64_t> LogOffsetOf(const Offset& offset);

 private:
  FileStreamSource(FileSourceConfig config, types::SchemaPtr schema, std::string checkpoint_dir);

  // Spark's SeenFilesMap.
  std::string SeenKey(const std::string& uri) const;
  bool IsNewFile(const std::string& key, int64_t timestamp) const;
  void AddSeen(const std::string& key, int64_t timestamp);
  void PurgeSeen();
  void Warn(std::string message);
  void CleanFile(const std::string& uri);

  FileSourceConfig config_;
  FileBatchReader reader_;
  FileSourceLog log_;
  int64_t max_file_age_ms_;  // the effective age: unlimited with latestFirst + maxFilesPerTrigger
  std::unordered_map<std::string, int64_t> seen_;
  int64_t latest_timestamp_ = 0;
  int64_t last_purge_timestamp_ = 0;
  std::optional<std::set<std::string>> available_now_files_;
  int64_t last_cleaned_ = -1;
  std::vector<std::string> warnings_;
  std::unique_ptr<ThreadPool> pool_;
};

// Registry factories of the "json", "csv" and "text" sources (options in file/options.h).
// json and csv require a user schema (Spark's "Schema must be specified when creating a
// streaming source DataFrame. ..."); text reads `value STRING` (or a user schema of one
// STRING column).
Result<std::unique_ptr<Source>> CreateFileSource(FileFormat format, const ConnectorOptions& options,
                                                 const ConnectorContext& ctx);
Result<types::SchemaPtr> FileSourceSchema(FileFormat format, const ConnectorOptions& options,
                                          const ConnectorContext& ctx);

template <FileFormat kFormat>
Result<std::unique_ptr<Source>> CreateFileSourceOf(const ConnectorOptions& options, const ConnectorContext& ctx) {
  return CreateFileSource(kFormat, options, ctx);
}
template <FileFormat kFormat>
Result<types::SchemaPtr> FileSourceSchemaOf(const ConnectorOptions& options, const ConnectorContext& ctx) {
  return FileSourceSchema(kFormat, options, ctx);
}

}  // namespace sluice::connectors
