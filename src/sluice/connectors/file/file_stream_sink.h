#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sluice/connectors/file/file_sink_log.h"
#include "sluice/connectors/file/record_writer.h"
#include "sluice/connectors/sink.h"
#include "sluice/connectors/source.h"

namespace sluice::connectors {

// Settings of a file sink, already validated.
struct FileSinkConfig {
  std::string path;         // the option text, for Description()
  std::string output_dir;   // absolute
  std::vector<std::string> partition_by;
  bool gzip = false;
  FileWriteOptions write;

  // Reads the options of a `format` sink (validated against FileSinkOptionTable).
  // InvalidArgument for an unknown compression, an empty partitionBy entry, and the
  // write options' errors.
  static Result<FileSinkConfig> From(FileFormat format, const ConnectorOptions& options, const Config* conf);
};

// Spark's FileStreamSink: writes every micro-batch as part files under one folder and
// commits it in the sink log `<path>/_spark_metadata/<batchId>` (file_sink_log.h), written
// after the part files. Exactly-once: a batch id not greater than the latest one in the
// log is skipped (a replay after a restart), and part files of a batch that crashed
// before its log entry are never listed by readers (they list through the log).
//
// Each input partition with rows becomes one file per partition folder,
// `[col=value/...]part-<partition, 5 digits>-<uuid>.c000.<json|csv|txt>[.gz]` (Spark's
// naming; one uuid per batch). partitionBy columns become `col=value` folders (values
// escaped as Spark does, NULL and "" as __HIVE_DEFAULT_PARTITION__) and are left out of
// the records. An empty batch commits an empty log entry. Append mode only (Spark's
// "Data source json does not support Complete output mode."). Not thread-safe.
class FileStreamSink : public Sink {
 public:
  // `schema` (may be null) is checked now when given; otherwise at the first batch.
  static Result<std::unique_ptr<FileStreamSink>> Make(FileSinkConfig config, types::SchemaPtr schema);

  Status AddBatch(int64_t batch_id, const std::vector<types::BatchPtr>& partitions, OutputMode mode) override;
  bool idempotent() const override { return true; }
  // "FileSink[/data/out]", as Spark's toString.
  std::string Description() const override { return "FileSink[" + config_.path + "]"; }

  const std::string& output_dir() const { return config_.output_dir; }

 private:
  explicit FileStreamSink(FileSinkConfig config);
  // Checks `schema` and works out the data and partition column indices.
  Status Prepare(const types::SchemaPtr& schema);
  // Writes the rows of one input partition; appends the files' statuses.
  Status WritePartition(const types::Batch& batch, int partition, const std::string& job_id,
                        std::vector<SinkFileStatus>* files);
  Status WriteFile(const std::string& relative_dir, const std::string& name, const types::Batch& batch,
                   const std::vector<int32_t>& rows, std::vector<SinkFileStatus>* files);

  FileSinkConfig config_;
  FileSinkLog log_;
  std::optional<int64_t> latest_batch_id_;
  bool latest_known_ = false;
  types::SchemaPtr schema_;                 // the schema Prepare accepted
  std::vector<int> data_columns_;
  std::vector<int> partition_columns_;
};

// Registry factory of the "json", "csv" and "text" sinks (options in file/options.h).
Result<std::unique_ptr<Sink>> CreateFileSink(FileFormat format, const ConnectorOptions& options,
                                             const ConnectorContext& ctx);

template <FileFormat kFormat>
Result<std::unique_ptr<Sink>> CreateFileSinkOf(const ConnectorOptions& options, const ConnectorContext& ctx) {
  return CreateFileSink(kFormat, options, ctx);
}

// A random (version 4) UUID, "3f1c...-...", naming the part files of one batch.
std::string NewPartFileUuid();

}  // namespace sluice::connectors
