#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sluice/types/batch.h"

namespace sluice::types {

// A compact binary encoding of values, rows and batches, used for state store keys
// and values and for checkpoint files. Per value: a presence byte (0 = NULL, 1 =
// valid), then fixed-width values little-endian, strings as varint length + bytes,
// arrays as varint count + elements, structs as their fields in order. The encoding
// is deterministic, so encoded keys compare and hash as the values do.
// Stored in checkpoints: do not change without a format version bump.

void EncodeVarint(uint64_t v, std::string* out);
bool DecodeVarint(std::string_view* in, uint64_t* v);

// Appends row `row` of `column` to `out`.
void EncodeValue(const Column& column, int64_t row, std::string* out);
// Appends a Value of the given type.
void EncodeScalar(const DataType& type, const Value& value, std::string* out);
// Appends the columns `columns` (indices into the batch) of row `row`.
void EncodeRow(const Batch& batch, int64_t row, const std::vector<int>& columns, std::string* out);
// Appends all columns of a row.
void EncodeRow(const Batch& batch, int64_t row, std::string* out);

// Decodes one value of `column`'s type from the front of `in`, appends it to `column`
// and advances `in`. Returns Corruption when bytes are missing or malformed.
Status DecodeValueInto(std::string_view* in, Column* column);
Result<Value> DecodeScalar(const DataType& type, std::string_view* in);
// Decodes a whole row of `schema`.
Result<Row> DecodeRow(const Schema& schema, std::string_view bytes);

// Batch files: a varint row count followed by the rows.
void SerializeBatch(const Batch& batch, std::string* out);
Result<BatchPtr> DeserializeBatch(SchemaPtr schema, std::string_view bytes);

}  // namespace sluice::types
