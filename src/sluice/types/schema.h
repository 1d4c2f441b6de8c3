#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sluice/types/data_type.h"

namespace sluice::types {

// The columns of a batch or relation: an ordered list of named, typed fields.
class Schema {
 public:
  Schema() = default;
  explicit Schema(std::vector<StructField> fields) : fields_(std::move(fields)) {}

  // Parses "user STRING, ts TIMESTAMP, tags ARRAY<STRING>" (Spark DDL). Errors name
  // the position and what was expected.
  static Result<Schema> Parse(std::string_view ddl);

  const std::vector<StructField>& fields() const { return fields_; }
  const StructField& field(size_t i) const { return fields_[i]; }
  size_t num_fields() const { return fields_.size(); }
  // Case-insensitive lookup (Spark's default); -1 when absent.
  int FieldIndex(std::string_view name) const;
  std::vector<std::string> FieldNames() const;
  void AddField(StructField f) { fields_.push_back(std::move(f)); }
  bool Equals(const Schema& other) const;
  // "user STRING, ts TIMESTAMP".
  std::string ToString() const;
  TypePtr AsStruct() const { return DataType::Struct(fields_); }

 private:
  std::vector<StructField> fields_;
};

using SchemaPtr = std::shared_ptr<const Schema>;

}  // namespace sluice::types
