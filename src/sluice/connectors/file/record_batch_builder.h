#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "sluice/types/batch.h"

namespace sluice::connectors {

// Where the file parsers put the rows of one file: one column per schema field. Parsers
// append one value to every column in `data_fields()` and (when present) the corrupt-record
// column per row, then call FinishRow. Partition columns (values from the file's
// `col=value/` folders) are constant for the file and are filled in by Flush.
// Batches are cut every kMaxRowsPerBatch rows or kMaxInputBytesPerBatch input bytes so
// that string offsets stay within 32 bits. Not thread-safe: one builder per file.
class RecordBatchBuilder {
 public:
  static constexpr int64_t kMaxRowsPerBatch = int64_t{1} << 20;
  static constexpr int64_t kMaxInputBytesPerBatch = int64_t{256} << 20;

  // `partition_values[i]` is the constant of field i when `is_partition[i]`.
  RecordBatchBuilder(types::SchemaPtr schema, std::vector<int> data_fields, int corrupt_field,
                     std::vector<bool> is_partition, std::vector<types::Value> partition_values,
                     std::vector<types::BatchPtr>* out);

  const types::Schema& schema() const { return *schema_; }
  // Schema indices of the fields parsed from records, in schema order.
  const std::vector<int>& data_fields() const { return data_fields_; }
  // The corrupt-record field's index, or -1.
  int corrupt_field() const { return corrupt_field_; }
  types::Column* column(int field) { return columns_[field].get(); }

  // Ends a row that consumed `input_bytes` bytes of the file; may cut a batch.
  void FinishRow(size_t input_bytes) {
    ++num_rows_;
    input_bytes_ += static_cast<int64_t>(input_bytes);
    if (num_rows_ >= kMaxRowsPerBatch || input_bytes_ >= kMaxInputBytesPerBatch) Flush();
  }
  // Emits the rows so far as a batch (nothing when there are none).
  void Flush();

 private:
  void ResetColumns();

  types::SchemaPtr schema_;
  std::vector<int> data_fields_;
  int corrupt_field_;
  std::vector<bool> is_partition_;
  std::vector<types::Value> partition_values_;
  std::vector<types::BatchPtr>* out_;
  std::vector<types::ColumnPtr> columns_;
  int64_t num_rows_ = 0;
  int64_t input_bytes_ = 0;
};

// Splits text into lines the way Hadoop's LineRecordReader does for Spark's text-based
// formats: a line ends at "\n", "\r\n" or "\r"; the last line needs no terminator, and
// a terminator at the very end does not start another (empty) line.
class LineReader {
 public:
  explicit LineReader(std::string_view text) : text_(text) {}
  // The next line without its terminator; false at the end.
  bool Next(std::string_view* line);
  // 1-based number of the line Next returned last.
  int64_t line_number() const { return line_number_; }
  // Bytes consumed so far, terminators included.
  size_t position() const { return pos_; }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  int64_t line_number_ = 0;
};

}  // namespace sluice::connectors
