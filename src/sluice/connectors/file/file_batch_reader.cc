#include "sluice/connectors/file/file_batch_reader.h"

#include "sluice/common/strings.h"
#include "sluice/connectors/file/csv_record_parser.h"
#include "sluice/connectors/file/file_io.h"
#include "sluice/connectors/file/json_record_parser.h"
#include "sluice/connectors/file/partition_path.h"
#include "sluice/connectors/file/value_text.h"

namespace sluice::connectors {
namespace {

// Spark's text source: one STRING value per line, or the whole file (wholetext).
void ParseText(const FileContents& contents, bool wholetext, RecordBatchBuilder* builder) {
  types::Column* column = builder->column(builder->data_fields()[0]);
  if (wholetext) {
    column->AppendString(contents.view());
    builder->FinishRow(contents.size);
    return;
  }
  LineReader lines(contents.view());
  std::string_view line;
  size_t position = 0;
  while (lines.Next(&line)) {
    column->AppendString(line);
    builder->FinishRow(lines.position() - position);
    position = lines.position();
  }
}

}  // namespace

FileBatchReader::FileBatchReader(FileReadOptions options, types::SchemaPtr schema, std::string base_dir)
    : options_(std::move(options)), schema_(std::move(schema)), base_dir_(std::move(base_dir)) {
  if (options_.format != FileFormat::kText) {
    for (size_t i = 0; i < schema_->num_fields(); ++i) {
      if (schema_->field(i).name == options_.corrupt_column) corrupt_field_ = static_cast<int>(i);
    }
  }
}

Status FileBatchReader::ReadOne(const std::string& path, std::vector<types::BatchPtr>* out,
                                std::string* warning) const {
  std::string display = PathToUri(path);
  ReadFailure failure = ReadFailure::kNone;
  Result<FileContents> contents = ReadDataFile(path, display, &failure);
  if (!contents.ok()) {
    if ((failure == ReadFailure::kMissing && options_.ignore_missing_files) ||
        (failure == ReadFailure::kCorrupt && options_.ignore_corrupt_files)) {
      *warning = "skipped " + display + ": " + contents.status().message();
      return Status::OK();
    }
    std::string hint = failure == ReadFailure::kMissing   ? " (set option ignoreMissingFiles to true to skip missing files)"
                       : failure == ReadFailure::kCorrupt ? " (set option ignoreCorruptFiles to true to skip such files)"
                                                          : "";
    return Status(contents.status().code(), contents.status().message() + hint);
  }

  // Which columns come from the file's partition folders.
  size_t num_fields = schema_->num_fields();
  std::vector<bool> is_partition(num_fields, false);
  std::vector<types::Value> partition_values(num_fields);
  for (const PartitionValue& pv : PartitionValuesOf(base_dir_, path)) {
    std::string name = AsciiLower(pv.name);
    for (size_t i = 0; i < num_fields; ++i) {
      if (static_cast<int>(i) == corrupt_field_ || AsciiLower(schema_->field(i).name) != name) continue;
      is_partition[i] = true;
      partition_values[i] = PartitionValueToValue(pv.value, *schema_->field(i).type, options_);
    }
  }
  std::vector<int> data_fields;
  for (size_t i = 0; i < num_fields; ++i) {
    if (!is_partition[i] && static_cast<int>(i) != corrupt_field_) data_fields.push_back(static_cast<int>(i));
  }
  RecordBatchBuilder builder(schema_, data_fields, corrupt_field_, is_partition, std::move(partition_values), out);
  switch (options_.format) {
    case FileFormat::kJson: {
      JsonRecordParser parser(options_);
      SLUICE_RETURN_IF_ERROR(parser.Parse(*contents, display, &builder));
      break;
    }
    case FileFormat::kCsv: {
      CsvRecordParser parser(options_);
      SLUICE_RETURN_IF_ERROR(parser.Parse(*contents, display, &builder));
      break;
    }
    case FileFormat::kText:
      if (data_fields.empty()) {
        return Status::AnalysisError("text source: the value column of " + display + " is also a partition folder name");
      }
      ParseText(*contents, options_.wholetext, &builder);
      break;
  }
  builder.Flush();
  return Status::OK();
}

Result<std::vector<types::BatchPtr>> FileBatchReader::Read(const std::vector<std::string>& files, ThreadPool* pool,
                                                           std::vector<std::string>* warnings) const {
  std::vector<std::vector<types::BatchPtr>> per_file(files.size());
  std::vector<Status> statuses(files.size());
  std::vector<std::string> file_warnings(files.size());
  auto read = [&](int i) {
    try {
      statuses[i] = ReadOne(files[i], &per_file[i], &file_warnings[i]);
    } catch (const std::exception& e) {
      // Allocation failures on huge files must not escape the connector.
      statuses[i] = Status::IOError("cannot read " + PathToUri(files[i]) + ": " + e.what());
    }
  };
  if (pool != nullptr && files.size() > 1) {
    pool->ParallelFor(static_cast<int>(files.size()), read);
  } else {
    for (size_t i = 0; i < files.size(); ++i) read(static_cast<int>(i));
  }
  std::vector<types::BatchPtr> out;
  for (size_t i = 0; i < files.size(); ++i) {
    SLUICE_RETURN_IF_ERROR(statuses[i]);
    if (!file_warnings[i].empty() && warnings != nullptr) warnings->push_back(file_warnings[i]);
    for (auto& batch : per_file[i]) out.push_back(std::move(batch));
  }
  return out;
}

}  // namespace sluice::connectors
