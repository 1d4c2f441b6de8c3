#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sluice/types/data_type.h"
#include "sluice/types/value.h"

namespace sluice::types {

class Column;
using ColumnPtr = std::shared_ptr<Column>;

// A typed column vector with a validity bitmap.
//
// Layout by type:
//   BOOLEAN           one byte per value (0/1) in data
//   INT, DATE         int32 per value in data
//   BIGINT, TIMESTAMP int64 per value in data
//   DOUBLE            double per value in data
//   STRING, BINARY    offsets (size()+1 uint32) into chars
//   ARRAY             offsets (size()+1 uint32) into children[0]
//   STRUCT            one child column per field, each of size()
// The validity bitmap is empty while every value is valid (the common case, so
// kernels can skip null handling); bit i set means row i is valid. The value slot of
// a NULL row holds zero / an empty string.
//
// Not thread-safe for writes; readers may share a column once it is built.
class Column {
 public:
  explicit Column(TypePtr type);
  // A column of `size` zeroed, valid values (fixed-width) or empty strings / arrays.
  static ColumnPtr Make(TypePtr type, int64_t size = 0);
  // A column of `size` NULLs.
  static ColumnPtr MakeNull(TypePtr type, int64_t size);
  // A column repeating `value` `size` times.
  static ColumnPtr MakeConstant(TypePtr type, const Value& value, int64_t size);

  const TypePtr& type() const { return type_; }
  TypeId type_id() const { return type_->id(); }
  int64_t size() const { return size_; }

  // --- validity ---
  bool may_have_nulls() const { return !validity_.empty(); }
  bool IsNull(int64_t i) const { return !validity_.empty() && !((validity_[i >> 6] >> (i & 63)) & 1); }
  bool IsValid(int64_t i) const { return !IsNull(i); }
  void SetNull(int64_t i);
  void SetValid(int64_t i);
  int64_t CountNulls() const;
  // Drops the bitmap when no bit is cleared, restoring the all-valid fast path.
  void CompactValidity();
  const uint64_t* validity_words() const { return validity_.empty() ? nullptr : validity_.data(); }

  // --- fixed-width access ---
  template <typename T>
  T* data() { return reinterpret_cast<T*>(data_.data()); }
  template <typename T>
  const T* data() const { return reinterpret_cast<const T*>(data_.data()); }

  // --- strings ---
  std::string_view GetString(int64_t i) const {
    return std::string_view(chars_.data() + offsets_[i], offsets_[i + 1] - offsets_[i]);
  }
  const uint32_t* offsets() const { return offsets_.data(); }
  uint32_t* mutable_offsets() { return offsets_.data(); }
  const std::string& chars() const { return chars_; }
  std::string& mutable_chars() { return chars_; }

  // --- nested ---
  const ColumnPtr& child(size_t i) const { return children_[i]; }
  std::vector<ColumnPtr>& mutable_children() { return children_; }
  // Array element range of row i: [ArrayBegin(i), ArrayEnd(i)) in child(0).
  uint32_t ArrayBegin(int64_t i) const { return offsets_[i]; }
  uint32_t ArrayEnd(int64_t i) const { return offsets_[i + 1]; }

  // --- building ---
  // Reserves room for `n` more values (strings: also `bytes` more characters).
  void Reserve(int64_t n, int64_t bytes = 0);
  // Sets the size of a fixed-width column, zero-filling new values.
  void Resize(int64_t n);
  void AppendNull();
  void AppendBool(bool v) { AppendFixed<uint8_t>(v ? 1 : 0); }
  void AppendInt32(int32_t v) { AppendFixed<int32_t>(v); }
  void AppendInt64(int64_t v) { AppendFixed<int64_t>(v); }
  void AppendDouble(double v) { AppendFixed<double>(v); }
  void AppendString(std::string_view v);
  // Appends an untyped Value interpreted as this column's type.
  void AppendValue(const Value& v);
  // Appends row `row` of `src`, which must have the same type.
  void AppendFrom(const Column& src, int64_t row);
  // Appends rows [offset, offset+length) of `src`.
  void AppendRange(const Column& src, int64_t offset, int64_t length);
  // Closes an array row whose elements were appended to child(0).
  void FinishArrayRow();
  // Closes a struct row whose fields were appended to the children.
  void FinishStructRow();

  // --- reading ---
  Value GetValue(int64_t i) const;

  // --- whole-column ops ---
  // A new column holding rows `indices[0..n)` of this one.
  ColumnPtr Gather(const int32_t* indices, int64_t n) const;
  // A new column of rows where `keep[i]` is nonzero (a filter result).
  ColumnPtr Filter(const uint8_t* keep, int64_t num_selected) const;
  ColumnPtr Slice(int64_t offset, int64_t length) const;
  // Approximate bytes held (for memoryUsedBytes).
  int64_t ByteSize() const;

 private:
  template <typename T>
  void AppendFixed(T v) {
    size_t at = data_.size();
    data_.resize(at + sizeof(T));
    std::memcpy(data_.data() + at, &v, sizeof(T));
    if (!validity_.empty()) MarkValid(size_);
    ++size_;
  }
  void GrowValidity(int64_t n);
  // Grows the bitmap to hold row i and marks it valid.
  void MarkValid(int64_t i);
  void EnsureValidity();

  TypePtr type_;
  int64_t size_ = 0;
  std::vector<uint64_t> validity_;
  std::vector<uint8_t> data_;
  std::vector<uint32_t> offsets_;
  std::string chars_;
  std::vector<ColumnPtr> children_;
};

}  // namespace sluice::types
