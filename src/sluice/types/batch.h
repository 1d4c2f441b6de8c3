#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sluice/types/column.h"
#include "sluice/types/schema.h"

namespace sluice::types {

class Batch;
using BatchPtr = std::shared_ptr<const Batch>;

// A set of rows stored as one column per schema field. Columns are shared, so a
// projection that keeps a column does not copy it. Immutable once built.
class Batch {
 public:
  Batch(SchemaPtr schema, std::vector<ColumnPtr> columns, int64_t num_rows)
      : schema_(std::move(schema)), columns_(std::move(columns)), num_rows_(num_rows) {}

  // An empty batch (no rows) of the given schema.
  static BatchPtr Empty(SchemaPtr schema);
  // Builds a batch from row values; values must fit the schema's types.
  static BatchPtr FromRows(SchemaPtr schema, const std::vector<Row>& rows);
  // Test helper: "BIGINT STRING\n1 a\n2 ." where `.` is NULL; columns are named c0, c1, ...
  static Result<BatchPtr> FromPretty(std::string_view text);
  // Concatenates batches of the same schema.
  static BatchPtr Concat(SchemaPtr schema, const std::vector<BatchPtr>& batches);

  const SchemaPtr& schema() const { return schema_; }
  int64_t num_rows() const { return num_rows_; }
  size_t num_columns() const { return columns_.size(); }
  const ColumnPtr& column(size_t i) const { return columns_[i]; }
  const std::vector<ColumnPtr>& columns() const { return columns_; }

  Value GetValue(size_t column, int64_t row) const { return columns_[column]->GetValue(row); }
  Row GetRow(int64_t row) const;
  std::vector<Row> ToRows() const;
  BatchPtr Slice(int64_t offset, int64_t length) const;
  BatchPtr Gather(const std::vector<int32_t>& indices) const;
  int64_t ByteSize() const;

 private:
  SchemaPtr schema_;
  std::vector<ColumnPtr> columns_;
  int64_t num_rows_;
};

}  // namespace sluice::types
