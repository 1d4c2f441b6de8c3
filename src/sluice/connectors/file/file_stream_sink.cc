#include "sluice/connectors/file/file_stream_sink.h"

#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <numeric>
#include <random>

#include "sluice/common/strings.h"
#include "sluice/connectors/file/file_io.h"
#include "sluice/connectors/file/file_listing.h"
#include "sluice/connectors/file/partition_path.h"

namespace sluice::connectors {
namespace {

std::string Trim(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  size_t i = 0;
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  return s.substr(i);
}

// Spark's partition folder text of a value: CAST(value AS STRING) in the session zone.
std::string PartitionText(const types::Column& column, int64_t row, const TimeZone& tz) {
  if (column.IsNull(row)) return kDefaultPartitionName;
  std::string text = column.GetValue(row).ToString(*column.type(), tz);
  if (text.empty()) return kDefaultPartitionName;
  return EscapePathName(text);
}

}  // namespace

std::string NewPartFileUuid() {
  static thread_local std::mt19937_64 rng(std::random_device{}());
  uint64_t hi = rng(), lo = rng();
  hi = (hi & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;  // version 4
  lo = (lo & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // variant 1
  char buf[40];
  std::snprintf(buf, sizeof(buf), "%08llx-%04llx-%04llx-%04llx-%012llx", static_cast<unsigned long long>(hi >> 32),
                static_cast<unsigned long long>((hi >> 16) & 0xFFFF), static_cast<unsigned long long>(hi & 0xFFFF),
                static_cast<unsigned long long>(lo >> 48), static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFULL));
  return buf;
}

Result<FileSinkConfig> FileSinkConfig::From(FileFormat format, const ConnectorOptions& options, const Config* conf) {
  FileSinkConfig config;
  config.path = options.GetString("path").value_or("");
  if (config.path.empty()) {
    return Status::InvalidArgument("'path' is not specified: give the output folder of the " +
                                   std::string(FileFormatName(format)) + " sink");
  }
  SLUICE_ASSIGN_OR_RETURN(FilePathSpec spec, ResolveFilePath(config.path));
  if (spec.is_glob) {
    return Status::InvalidArgument("the output path '" + config.path + "' of a file sink cannot be a glob pattern");
  }
  config.output_dir = spec.path;
  if (auto list = options.GetString("partitionBy")) {
    size_t start = 0;
    while (true) {
      size_t comma = list->find(',', start);
      std::string name = Trim(list->substr(start, comma == std::string::npos ? std::string::npos : comma - start));
      if (name.empty()) {
        return Status::InvalidArgument("option 'partitionBy' has an empty column name: '" + *list +
                                       "' (expected a comma-separated list such as 'year,month')");
      }
      config.partition_by.push_back(std::move(name));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  std::string compression = AsciiLower(options.GetString("compression").value_or("none"));
  if (compression == "gzip") {
    config.gzip = true;
  } else if (compression != "none" && compression != "uncompressed") {
    return Status::InvalidArgument("Codec [" + *options.GetString("compression") +
                                   "] is not available. Known codecs are none, uncompressed, gzip.");
  }
  SLUICE_ASSIGN_OR_RETURN(config.write, FileWriteOptions::From(format, options, conf));
  return config;
}

FileStreamSink::FileStreamSink(FileSinkConfig config) : config_(std::move(config)), log_(config_.output_dir) {}

Result<std::unique_ptr<FileStreamSink>> FileStreamSink::Make(FileSinkConfig config, types::SchemaPtr schema) {
  std::unique_ptr<FileStreamSink> sink(new FileStreamSink(std::move(config)));
  if (schema != nullptr) SLUICE_RETURN_IF_ERROR(sink->Prepare(schema));
  return sink;
}

Status FileStreamSink::Prepare(const types::SchemaPtr& schema) {
  if (schema_ != nullptr && (schema_ == schema || schema_->Equals(*schema))) return Status::OK();
  std::vector<int> partition_columns;
  std::vector<bool> is_partition(schema->num_fields(), false);
  for (const auto& name : config_.partition_by) {
    int index = schema->FieldIndex(name);
    if (index < 0) {
      // Spark's wording.
      return Status::AnalysisError("Partition column `" + name + "` not found in schema " +
                                   schema->AsStruct()->SimpleString());
    }
    if (is_partition[index]) {
      return Status::AnalysisError("Found duplicate column(s) in the partition schema: `" + name + "`");
    }
    if (schema->field(index).type->IsNested()) {
      return Status::AnalysisError("Cannot use " + schema->field(index).type->SimpleString() +
                                   " for partition column `" + name + "`");
    }
    is_partition[index] = true;
    partition_columns.push_back(index);
  }
  std::vector<int> data_columns;
  for (size_t i = 0; i < schema->num_fields(); ++i) {
    if (!is_partition[i]) data_columns.push_back(static_cast<int>(i));
  }
  if (data_columns.empty() && !partition_columns.empty()) {
    return Status::AnalysisError("Cannot use all columns for partition columns");
  }
  SLUICE_RETURN_IF_ERROR(CheckWriteSchema(config_.write.format, *schema, data_columns));
  schema_ = schema;
  data_columns_ = std::move(data_columns);
  partition_columns_ = std::move(partition_columns);
  return Status::OK();
}

Status FileStreamSink::WriteFile(const std::string& relative_dir, const std::string& name, const types::Batch& batch,
                                 const std::vector<int32_t>& rows, std::vector<SinkFileStatus>* files) {
  std::string contents;
  if (config_.write.format == FileFormat::kCsv && config_.write.header) {
    WriteCsvHeader(*batch.schema(), data_columns_, config_.write, &contents);
  }
  WriteRecords(batch, data_columns_, rows.data(), rows.size(), config_.write, &contents);
  if (config_.gzip) {
    SLUICE_ASSIGN_OR_RETURN(contents, GzipCompress(contents));
  }
  std::string dir = relative_dir.empty() ? config_.output_dir : config_.output_dir + "/" + relative_dir;
  SLUICE_RETURN_IF_ERROR(CreateDirectories(dir));
  std::string path = dir + "/" + name;
  SLUICE_RETURN_IF_ERROR(WriteFileDurably(path, contents));
  struct stat st;
  int64_t mtime_ms = 0;
  if (::stat(path.c_str(), &st) == 0) {
    mtime_ms = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000;
  }
  SinkFileStatus status;
  status.path = PathToUri(path);
  status.size = static_cast<int64_t>(contents.size());
  status.modification_time = mtime_ms;
  files->push_back(std::move(status));
  return Status::OK();
}

Status FileStreamSink::WritePartition(const types::Batch& batch, int partition, const std::string& job_id,
                                      std::vector<SinkFileStatus>* files) {
  char prefix[32];
  std::snprintf(prefix, sizeof(prefix), "part-%05d-", partition);
  std::string name = std::string(prefix) + job_id + ".c000" + FileFormatExtension(config_.write.format) +
                     (config_.gzip ? ".gz" : "");
  if (partition_columns_.empty()) {
    std::vector<int32_t> rows(static_cast<size_t>(batch.num_rows()));
    std::iota(rows.begin(), rows.end(), 0);
    return WriteFile("", name, batch, rows, files);
  }
  // Rows by partition folder, each folder's rows in their input order.
  std::map<std::string, std::vector<int32_t>> groups;
  std::string dir;
  for (int64_t row = 0; row < batch.num_rows(); ++row) {
    dir.clear();
    for (size_t k = 0; k < partition_columns_.size(); ++k) {
      int index = partition_columns_[k];
      if (k > 0) dir.push_back('/');
      dir += EscapePathName(batch.schema()->field(index).name);
      dir.push_back('=');
      dir += PartitionText(*batch.column(index), row, config_.write.tz);
    }
    groups[dir].push_back(static_cast<int32_t>(row));
  }
  for (const auto& [relative_dir, rows] : groups) {
    SLUICE_RETURN_IF_ERROR(WriteFile(relative_dir, name, batch, rows, files));
  }
  return Status::OK();
}

Status FileStreamSink::AddBatch(int64_t batch_id, const std::vector<types::BatchPtr>& partitions, OutputMode mode) {
  if (mode != OutputMode::kAppend) {
    return Status::AnalysisError("Data source " + std::string(FileFormatName(config_.write.format)) +
                                 " does not support " + OutputModeName(mode) + " output mode.");
  }
  if (!latest_known_) {
    SLUICE_ASSIGN_OR_RETURN(latest_batch_id_, log_.LatestBatchId());
    latest_known_ = true;
  }
  // Spark: "Skipping already committed batch".
  if (latest_batch_id_ && batch_id <= *latest_batch_id_) return Status::OK();
  std::vector<SinkFileStatus> files;
  std::string job_id = NewPartFileUuid();
  for (size_t p = 0; p < partitions.size(); ++p) {
    const types::BatchPtr& batch = partitions[p];
    if (batch == nullptr || batch->num_rows() == 0) continue;
    SLUICE_RETURN_IF_ERROR(Prepare(batch->schema()));
    Status s = WritePartition(*batch, static_cast<int>(p), job_id, &files);
    if (!s.ok()) return s.WithContext(Description() + ": batch " + std::to_string(batch_id));
  }
  SLUICE_RETURN_IF_ERROR(log_.Add(batch_id, files).WithContext(Description()));
  latest_batch_id_ = batch_id;
  return Status::OK();
}

Result<std::unique_ptr<Sink>> CreateFileSink(FileFormat format, const ConnectorOptions& options,
                                             const ConnectorContext& ctx) {
  SLUICE_ASSIGN_OR_RETURN(FileSinkConfig config, FileSinkConfig::From(format, options, ctx.conf));
  SLUICE_ASSIGN_OR_RETURN(std::unique_ptr<FileStreamSink> sink, FileStreamSink::Make(std::move(config), ctx.user_schema));
  return std::unique_ptr<Sink>(std::move(sink));
}

}  // namespace sluice::connectors
