#include "sluice/connectors/file/record_batch_builder.h"

#include <cstring>

namespace sluice::connectors {

RecordBatchBuilder::RecordBatchBuilder(types::SchemaPtr schema, std::vector<int> data_fields, int corrupt_field,
                                       std::vector<bool> is_partition, std::vector<types::Value> partition_values,
                                       std::vector<types::BatchPtr>* out)
    : schema_(std::move(schema)),
      data_fields_(std::move(data_fields)),
      corrupt_field_(corrupt_field),
      is_partition_(std::move(is_partition)),
      partition_values_(std::move(partition_values)),
      out_(out) {
  ResetColumns();
}

void RecordBatchBuilder::ResetColumns() {
  columns_.assign(schema_->num_fields(), nullptr);
  for (size_t i = 0; i < schema_->num_fields(); ++i) {
    if (!is_partition_[i]) columns_[i] = std::make_shared<types::Column>(schema_->field(i).type);
  }
}

void RecordBatchBuilder::Flush() {
  if (num_rows_ > 0) {
    for (size_t i = 0; i < columns_.size(); ++i) {
      if (is_partition_[i]) {
        columns_[i] = types::Column::MakeConstant(schema_->field(i).type, partition_values_[i], num_rows_);
      } else {
        columns_[i]->CompactValidity();
      }
    }
    out_->push_back(std::make_shared<types::Batch>(schema_, std::move(columns_), num_rows_));
  }
  num_rows_ = 0;
  input_bytes_ = 0;
  ResetColumns();
}

bool LineReader::Next(std::string_view* line) {
  if (pos_ >= text_.size()) return false;
  const char* begin = text_.data() + pos_;
  size_t left = text_.size() - pos_;
  const char* newline = static_cast<const char*>(std::memchr(begin, '\n', left));
  size_t length = newline != nullptr ? static_cast<size_t>(newline - begin) : left;
  // A lone '\r' also ends a line (old Mac files); "\r\n" ends one line.
  const char* cr = static_cast<const char*>(std::memchr(begin, '\r', length));
  size_t consumed;
  if (cr != nullptr) {
    length = static_cast<size_t>(cr - begin);
    consumed = length + ((length + 1 < left && cr[1] == '\n') ? 2 : 1);
  } else {
    consumed = newline != nullptr ? length + 1 : length;
  }
  *line = std::string_view(begin, length);
  pos_ += consumed;
  ++line_number_;
  return true;
}

}  // namespace sluice::connectors
