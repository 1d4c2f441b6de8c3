#pragma once

// Per-group storage of one value of the input type, shared by min/max and first/last.
// Three layouts behind one static interface, chosen by input type when the function is
// created, so the row loops are templates without per-row dispatch:
//   FixedSlots<T>  BOOLEAN (uint8_t), INT/DATE (int32_t), BIGINT/TIMESTAMP (int64_t), DOUBLE
//   StringSlots    STRING, BINARY (bytes compare as unsigned bytes, Spark's binary order)
//   ValueSlots     ARRAY, STRUCT and the NULL type (slow path through types::Value)
// Interface: Reader MakeReader(const Column&) with Input Get(row); Resize(n); Set(g, v);
// Get(g); Copy(dst, other, src); Clear(g); Append(g, Column*); Serialize(g, out);
// Deserialize(g, in) -> bool; MemoryBytes(); static Less(a, b) (Spark's ordering).

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "sluice/expr/aggregates/state_codec.h"
#include "sluice/types/column.h"
#include "sluice/types/row_codec.h"

namespace sluice::expr::aggregates {

template <typename T>
class FixedSlots {
 public:
  using Input = T;
  struct Reader {
    const T* values;
    T Get(int64_t i) const { return values[i]; }
  };
  static Reader MakeReader(const types::Column& c) { return Reader{c.data<T>()}; }

  // Spark's ordering: for DOUBLE, NaN is larger than every other value and equal to
  // itself, and -0.0 equals 0.0 (SQLOrderingUtil.compareDoubles).
  static bool Less(T a, T b) {
    if constexpr (std::is_floating_point_v<T>) {
      if (std::isnan(b)) return !std::isnan(a);
      if (std::isnan(a)) return false;
    }
    return a < b;
  }

  void Resize(int64_t n) {
    if (static_cast<int64_t>(values_.size()) < n) values_.resize(n, T{});
  }
  void Set(int32_t g, T v) { values_[g] = v; }
  T Get(int32_t g) const { return values_[g]; }
  void Copy(int32_t dst, const FixedSlots& other, int32_t src) { values_[dst] = other.values_[src]; }
  void Clear(int32_t g) { values_[g] = T{}; }
  void Append(int32_t g, types::Column* out) const {
    if constexpr (std::is_same_v<T, uint8_t>) {
      out->AppendBool(values_[g] != 0);
    } else if constexpr (std::is_same_v<T, int32_t>) {
      out->AppendInt32(values_[g]);
    } else if constexpr (std::is_same_v<T, int64_t>) {
      out->AppendInt64(values_[g]);
    } else {
      out->AppendDouble(values_[g]);
    }
  }
  void Serialize(int32_t g, std::string* out) const { PutFixed(values_[g], out); }
  bool Deserialize(int32_t g, std::string_view* in) { return GetFixed(in, &values_[g]); }
  int64_t MemoryBytes() const { return static_cast<int64_t>(values_.capacity() * sizeof(T)); }

 private:
  std::vector<T> values_;
};

class StringSlots {
 public:
  using Input = std::string_view;
  struct Reader {
    const types::Column* column;
    std::string_view Get(int64_t i) const { return column->GetString(i); }
  };
  static Reader MakeReader(const types::Column& c) { return Reader{&c}; }
  // std::string_view compares chars as unsigned bytes (char_traits<char>::lt).
  static bool Less(std::string_view a, std::string_view b) { return a < b; }

  void Resize(int64_t n) {
    if (static_cast<int64_t>(values_.size()) < n) values_.resize(n);
  }
  void Set(int32_t g, std::string_view v) {
    std::string& s = values_[g];
    heap_bytes_ -= HeapBytes(s);
    s.assign(v.data(), v.size());
    heap_bytes_ += HeapBytes(s);
  }
  std::string_view Get(int32_t g) const { return values_[g]; }
  void Copy(int32_t dst, const StringSlots& other, int32_t src) { Set(dst, other.values_[src]); }
  void Clear(int32_t g) {
    heap_bytes_ -= HeapBytes(values_[g]);
    std::string().swap(values_[g]);
  }
  void Append(int32_t g, types::Column* out) const { out->AppendString(values_[g]); }
  void Serialize(int32_t g, std::string* out) const {
    types::EncodeVarint(values_[g].size(), out);
    out->append(values_[g]);
  }
  bool Deserialize(int32_t g, std::string_view* in) {
    uint64_t n;
    if (!types::DecodeVarint(in, &n) || n > in->size()) return false;
    Set(g, in->substr(0, n));
    in->remove_prefix(n);
    return true;
  }
  int64_t MemoryBytes() const { return static_cast<int64_t>(values_.capacity() * sizeof(std::string)) + heap_bytes_; }

 private:
  static int64_t HeapBytes(const std::string& s) {
    static const size_t kInline = std::string().capacity();
    return s.capacity() > kInline ? static_cast<int64_t>(s.capacity()) : 0;
  }
  std::vector<std::string> values_;
  int64_t heap_bytes_ = 0;
};

class ValueSlots {
 public:
  using Input = types::Value;
  struct Reader {
    const types::Column* column;
    types::Value Get(int64_t i) const { return column->GetValue(i); }
  };
  static Reader MakeReader(const types::Column& c) { return Reader{&c}; }
  // Element-wise / field-wise with NULL first, as Spark orders arrays and structs.
  static bool Less(const types::Value& a, const types::Value& b) { return a < b; }

  explicit ValueSlots(types::TypePtr type) : type_(std::move(type)) {}

  void Resize(int64_t n) {
    if (static_cast<int64_t>(values_.size()) < n) {
      values_.resize(n);
      encoded_sizes_.resize(n, 0);
    }
  }
  void Set(int32_t g, types::Value v) {
    values_[g] = std::move(v);
    // Approximates the heap footprint by the value's encoded size.
    scratch_.clear();
    types::EncodeScalar(*type_, values_[g], &scratch_);
    heap_bytes_ += static_cast<int64_t>(scratch_.size()) - encoded_sizes_[g];
    encoded_sizes_[g] = static_cast<int64_t>(scratch_.size());
  }
  const types::Value& Get(int32_t g) const { return values_[g]; }
  void Copy(int32_t dst, const ValueSlots& other, int32_t src) { Set(dst, other.values_[src]); }
  void Clear(int32_t g) {
    values_[g] = types::Value();
    heap_bytes_ -= encoded_sizes_[g];
    encoded_sizes_[g] = 0;
  }
  void Append(int32_t g, types::Column* out) const { out->AppendValue(values_[g]); }
  void Serialize(int32_t g, std::string* out) const { types::EncodeScalar(*type_, values_[g], out); }
  bool Deserialize(int32_t g, std::string_view* in) {
    auto v = types::DecodeScalar(*type_, in);
    if (!v.ok()) return false;
    Set(g, std::move(v).value());
    return true;
  }
  int64_t MemoryBytes() const {
    return static_cast<int64_t>(values_.capacity() * sizeof(types::Value) + encoded_sizes_.capacity() * sizeof(int64_t)) +
           heap_bytes_;
  }

 private:
  types::TypePtr type_;
  std::vector<types::Value> values_;
  std::vector<int64_t> encoded_sizes_;
  int64_t heap_bytes_ = 0;
  std::string scratch_;
};

// Calls f(slots_tag) with a default-constructed pointer of the slot type for `type`;
// used to instantiate a template per storage layout.
template <typename F>
auto DispatchSlots(const types::TypePtr& type, F&& f) {
  switch (type->id()) {
    case types::TypeId::kBoolean: return f(static_cast<FixedSlots<uint8_t>*>(nullptr));
    case types::TypeId::kInt:
    case types::TypeId::kDate: return f(static_cast<FixedSlots<int32_t>*>(nullptr));
    case types::TypeId::kBigint:
    case types::TypeId::kTimestamp: return f(static_cast<FixedSlots<int64_t>*>(nullptr));
    case types::TypeId::kDouble: return f(static_cast<FixedSlots<double>*>(nullptr));
    case types::TypeId::kString:
    case types::TypeId::kBinary: return f(static_cast<StringSlots*>(nullptr));
    default: return f(static_cast<ValueSlots*>(nullptr));
  }
}

// Makes a slots object of type S for values of `type`.
template <typename S>
S MakeSlots(const types::TypePtr& type) {
  if constexpr (std::is_same_v<S, ValueSlots>) {
    return ValueSlots(type);
  } else {
    return S();
  }
}

}  // namespace sluice::expr::aggregates
