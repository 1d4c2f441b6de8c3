#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sluice/common/status.h"

namespace sluice::types {

// Stored in checkpoints (serialized schemas): do not renumber.
enum class TypeId : uint8_t {
  kNull = 0,  // the type of an untyped NULL literal
  kBoolean = 1,
  kInt = 2,
  kBigint = 3,
  kDouble = 4,
  kString = 5,
  kBinary = 6,
  kTimestamp = 7,  // int64 microseconds since the epoch, UTC
  kDate = 8,       // int32 days since the epoch
  kStruct = 9,
  kArray = 10,
};

class DataType;
using TypePtr = std::shared_ptr<const DataType>;

struct StructField {
  std::string name;
  TypePtr type;
  bool nullable = true;
};

// An immutable SQL data type. Primitive types are shared singletons; compare with
// Equals(), not pointer identity.
class DataType {
 public:
  DataType(TypeId id, std::vector<StructField> fields, TypePtr element)
      : id_(id), fields_(std::move(fields)), element_(std::move(element)) {}

  static TypePtr Null();
  static TypePtr Boolean();
  static TypePtr Int();
  static TypePtr Bigint();
  static TypePtr Double();
  static TypePtr String();
  static TypePtr Binary();
  static TypePtr Timestamp();
  static TypePtr Date();
  static TypePtr Struct(std::vector<StructField> fields);
  static TypePtr Array(TypePtr element);
  static TypePtr FromId(TypeId id);  // primitive ids only

  TypeId id() const { return id_; }
  const std::vector<StructField>& fields() const { return fields_; }
  const TypePtr& element() const { return element_; }
  // Index of a struct field by case-insensitive name, or -1.
  int FieldIndex(std::string_view name) const;

  bool IsNumeric() const { return id_ == TypeId::kInt || id_ == TypeId::kBigint || id_ == TypeId::kDouble; }
  bool IsIntegral() const { return id_ == TypeId::kInt || id_ == TypeId::kBigint; }
  bool IsNested() const { return id_ == TypeId::kStruct || id_ == TypeId::kArray; }
  bool IsStringLike() const { return id_ == TypeId::kString || id_ == TypeId::kBinary; }
  // Bytes per value for fixed-width types (BOOLEAN is one byte), 0 otherwise.
  int FixedWidth() const;

  bool Equals(const DataType& other) const;
  // Spark SQL spelling: "BIGINT", "STRUCT<start: TIMESTAMP, end: TIMESTAMP>", "ARRAY<INT>".
  std::string ToString() const;
  // Spark's simpleString, as in error messages: "bigint", "struct<start:timestamp,end:timestamp>".
  std::string SimpleString() const;

 private:
  TypeId id_;
  std::vector<StructField> fields_;
  TypePtr element_;
};

inline bool operator==(const DataType& a, const DataType& b) { return a.Equals(b); }

// Parses a single type name: "INT", "bigint", "ARRAY<STRING>", "STRUCT<a: INT, b: STRING>".
// TINYINT/SMALLINT map to INT and FLOAT to DOUBLE; LONG and INTEGER are accepted.
Result<TypePtr> ParseDataType(std::string_view text);

}  // namespace sluice::types
