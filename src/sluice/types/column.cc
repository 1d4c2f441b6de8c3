#include "sluice/types/column.h"

#include <bit>

namespace sluice::types {

Column::Column(TypePtr type) : type_(std::move(type)) {
  switch (type_->id()) {
    case TypeId::kString:
    case TypeId::kBinary: offsets_.push_back(0); break;
    case TypeId::kArray:
      offsets_.push_back(0);
      children_.push_back(std::make_shared<Column>(type_->element()));
      break;
    case TypeId::kStruct:
      for (const auto& f : type_->fields()) children_.push_back(std::make_shared<Column>(f.type));
      break;
    default: break;
  }
}

ColumnPtr Column::Make(TypePtr type, int64_t size) {
  auto col = std::make_shared<Column>(std::move(type));
  int width = col->type_->FixedWidth();
  if (width > 0 || col->type_id() == TypeId::kNull) {
    col->Resize(size);
  } else if (col->type_id() == TypeId::kStruct) {
    for (auto& c : col->children_) *c = *Make(c->type_, size);
    col->size_ = size;
  } else {
    col->offsets_.assign(size + 1, 0);
    col->size_ = size;
  }
  return col;
}

ColumnPtr Column::MakeNull(TypePtr type, int64_t size) {
  auto col = Make(std::move(type), size);
  col->validity_.assign((size + 63) / 64 + 1, 0);
  if (col->type_id() == TypeId::kStruct) {
    for (auto& c : col->children_) c->validity_.assign((size + 63) / 64 + 1, 0);
  }
  return col;
}

ColumnPtr Column::MakeConstant(TypePtr type, const Value& value, int64_t size) {
  if (value.is_null()) return MakeNull(std::move(type), size);
  auto col = std::make_shared<Column>(std::move(type));
  switch (col->type_id()) {
    case TypeId::kBoolean: col->data_.assign(size, value.bool_value() ? 1 : 0); col->size_ = size; return col;
    case TypeId::kInt:
    case TypeId::kDate: {
      col->Resize(size);
      int32_t v = static_cast<int32_t>(value.int_value());
      std::fill(col->data<int32_t>(), col->data<int32_t>() + size, v);
      return col;
    }
    case TypeId::kBigint:
    case TypeId::kTimestamp: {
      col->Resize(size);
      std::fill(col->data<int64_t>(), col->data<int64_t>() + size, value.int_value());
      return col;
    }
    case TypeId::kDouble: {
      col->Resize(size);
      std::fill(col->data<double>(), col->data<double>() + size, value.AsDouble());
      return col;
    }
    default:
      col->Reserve(size);
      for (int64_t i = 0; i < size; ++i) col->AppendValue(value);
      return col;
  }
}

void Column::EnsureValidity() {
  if (validity_.empty()) validity_.assign((size_ + 63) / 64 + 1, ~uint64_t{0});
}

void Column::GrowValidity(int64_t n) {
  size_t words = (n + 63) / 64 + 1;
  if (validity_.size() < words) validity_.resize(words, ~uint64_t{0});
}

void Column::SetNull(int64_t i) {
  EnsureValidity();
  validity_[i >> 6] &= ~(uint64_t{1} << (i & 63));
}

void Column::MarkValid(int64_t i) {
  GrowValidity(i + 1);
  validity_[i >> 6] |= uint64_t{1} << (i & 63);
}

void Column::SetValid(int64_t i) {
  if (validity_.empty()) return;
  validity_[i >> 6] |= uint64_t{1} << (i & 63);
}

int64_t Column::CountNulls() const {
  if (validity_.empty()) return 0;
  int64_t nulls = 0;
  for (int64_t i = 0; i < size_; ++i) nulls += IsNull(i) ? 1 : 0;
  return nulls;
}

void Column::CompactValidity() {
  if (!validity_.empty() && CountNulls() == 0) validity_.clear();
}

void Column::Reserve(int64_t n, int64_t bytes) {
  int width = type_->FixedWidth();
  if (width > 0) data_.reserve(data_.size() + n * width);
  if (!offsets_.empty() || type_->IsStringLike() || type_id() == TypeId::kArray) offsets_.reserve(offsets_.size() + n);
  if (bytes > 0) chars_.reserve(chars_.size() + bytes);
}

void Column::Resize(int64_t n) {
  int width = type_->FixedWidth();
  if (width > 0) data_.resize(n * width, 0);
  if (!validity_.empty()) {
    for (int64_t i = size_; i < n; ++i) MarkValid(i);
  }
  size_ = n;
}

void Column::AppendNull() {
  EnsureValidity();
  switch (type_id()) {
    case TypeId::kNull: ++size_; break;
    case TypeId::kString:
    case TypeId::kBinary:
    case TypeId::kArray: offsets_.push_back(offsets_.back()); ++size_; break;
    case TypeId::kStruct:
      for (auto& c : children_) c->AppendNull();
      ++size_;
      break;
    default: {
      int width = type_->FixedWidth();
      data_.resize(data_.size() + width, 0);
      ++size_;
    }
  }
  GrowValidity(size_);
  SetNull(size_ - 1);
}

void Column::AppendString(std::string_view v) {
  chars_.append(v.data(), v.size());
  offsets_.push_back(static_cast<uint32_t>(chars_.size()));
  if (!validity_.empty()) MarkValid(size_);
  ++size_;
}

void Column::FinishArrayRow() {
  offsets_.push_back(static_cast<uint32_t>(children_[0]->size()));
  if (!validity_.empty()) MarkValid(size_);
  ++size_;
}

void Column::FinishStructRow() {
  if (!validity_.empty()) MarkValid(size_);
  ++size_;
}

void Column::AppendValue(const Value& v) {
  if (v.is_null()) {
    AppendNull();
    return;
  }
  switch (type_id()) {
    case TypeId::kNull: AppendNull(); break;
    case TypeId::kBoolean: AppendBool(v.is_bool() ? v.bool_value() : v.AsDouble() != 0); break;
    case TypeId::kInt:
    case TypeId::kDate: AppendInt32(static_cast<int32_t>(v.is_int() ? v.int_value() : static_cast<int64_t>(v.AsDouble()))); break;
    case TypeId::kBigint:
    case TypeId::kTimestamp: AppendInt64(v.is_int() ? v.int_value() : static_cast<int64_t>(v.AsDouble())); break;
    case TypeId::kDouble: AppendDouble(v.AsDouble()); break;
    case TypeId::kString:
    case TypeId::kBinary: AppendString(v.string_value()); break;
    case TypeId::kArray:
      for (const auto& e : v.list_value()) children_[0]->AppendValue(e);
      FinishArrayRow();
      break;
    case TypeId::kStruct: {
      const auto& l = v.list_value();
      for (size_t i = 0; i < children_.size(); ++i) children_[i]->AppendValue(i < l.size() ? l[i] : Value());
      FinishStructRow();
      break;
    }
  }
}

void Column::AppendFrom(const Column& src, int64_t row) {
  if (src.IsNull(row)) {
    AppendNull();
    return;
  }
  switch (type_id()) {
    case TypeId::kNull: AppendNull(); break;
    case TypeId::kString:
    case TypeId::kBinary: AppendString(src.GetString(row)); break;
    case TypeId::kArray: {
      for (uint32_t j = src.ArrayBegin(row); j < src.ArrayEnd(row); ++j) children_[0]->AppendFrom(*src.children_[0], j);
      FinishArrayRow();
      break;
    }
    case TypeId::kStruct:
      for (size_t i = 0; i < children_.size(); ++i) children_[i]->AppendFrom(*src.children_[i], row);
      FinishStructRow();
      break;
    default: {
      int width = type_->FixedWidth();
      size_t at = data_.size();
      data_.resize(at + width);
      std::memcpy(data_.data() + at, src.data_.data() + row * width, width);
      if (!validity_.empty()) MarkValid(size_);
      ++size_;
    }
  }
}

void Column::AppendRange(const Column& src, int64_t offset, int64_t length) {
  int width = type_->FixedWidth();
  if (width > 0 && !src.may_have_nulls() && validity_.empty()) {
    size_t at = data_.size();
    data_.resize(at + length * width);
    std::memcpy(data_.data() + at, src.data_.data() + offset * width, length * width);
    size_ += length;
    return;
  }
  for (int64_t i = 0; i < length; ++i) AppendFrom(src, offset + i);
}

Value Column::GetValue(int64_t i) const {
  if (IsNull(i)) return Value();
  switch (type_id()) {
    case TypeId::kNull: return Value();
    case TypeId::kBoolean: return Value::Bool(data<uint8_t>()[i] != 0);
    case TypeId::kInt:
    case TypeId::kDate: return Value::Int(data<int32_t>()[i]);
    case TypeId::kBigint:
    case TypeId::kTimestamp: return Value::Int(data<int64_t>()[i]);
    case TypeId::kDouble: return Value::Double(data<double>()[i]);
    case TypeId::kString:
    case TypeId::kBinary: return Value::String(std::string(GetString(i)));
    case TypeId::kArray: {
      Value::List l;
      for (uint32_t j = ArrayBegin(i); j < ArrayEnd(i); ++j) l.push_back(children_[0]->GetValue(j));
      return Value::MakeList(std::move(l));
    }
    case TypeId::kStruct: {
      Value::List l;
      for (const auto& c : children_) l.push_back(c->GetValue(i));
      return Value::MakeList(std::move(l));
    }
  }
  return Value();
}

ColumnPtr Column::Gather(const int32_t* indices, int64_t n) const {
  auto out = std::make_shared<Column>(type_);
  int width = type_->FixedWidth();
  if (width > 0) {
    out->data_.resize(n * width);
    switch (width) {
      case 1: {
        const uint8_t* s = data<uint8_t>();
        uint8_t* d = out->data<uint8_t>();
        for (int64_t i = 0; i < n; ++i) d[i] = s[indices[i]];
        break;
      }
      case 4: {
        const int32_t* s = data<int32_t>();
        int32_t* d = out->data<int32_t>();
        for (int64_t i = 0; i < n; ++i) d[i] = s[indices[i]];
        break;
      }
      default: {
        const int64_t* s = data<int64_t>();
        int64_t* d = out->data<int64_t>();
        for (int64_t i = 0; i < n; ++i) d[i] = s[indices[i]];
      }
    }
    out->size_ = n;
    if (!validity_.empty()) {
      for (int64_t i = 0; i < n; ++i) {
        if (IsNull(indices[i])) out->SetNull(i);
      }
    }
    return out;
  }
  if (type_->IsStringLike()) {
    int64_t bytes = 0;
    for (int64_t i = 0; i < n; ++i) bytes += offsets_[indices[i] + 1] - offsets_[indices[i]];
    out->Reserve(n, bytes);
  }
  for (int64_t i = 0; i < n; ++i) out->AppendFrom(*this, indices[i]);
  return out;
}

ColumnPtr Column::Filter(const uint8_t* keep, int64_t num_selected) const {
  int width = type_->FixedWidth();
  auto out = std::make_shared<Column>(type_);
  if (width == 8 && validity_.empty()) {
    out->data_.resize(num_selected * 8);
    const int64_t* s = data<int64_t>();
    int64_t* d = out->data<int64_t>();
    int64_t k = 0;
    // Branch-free compaction: always write, advance only when kept.
    for (int64_t i = 0; i < size_ && k < num_selected; ++i) {
      d[k] = s[i];
      k += keep[i] != 0;
    }
    out->size_ = num_selected;
    return out;
  }
  if (width == 4 && validity_.empty()) {
    out->data_.resize(num_selected * 4);
    const int32_t* s = data<int32_t>();
    int32_t* d = out->data<int32_t>();
    int64_t k = 0;
    for (int64_t i = 0; i < size_ && k < num_selected; ++i) {
      d[k] = s[i];
      k += keep[i] != 0;
    }
    out->size_ = num_selected;
    return out;
  }
  std::vector<int32_t> idx;
  idx.reserve(num_selected);
  for (int64_t i = 0; i < size_; ++i) {
    if (keep[i]) idx.push_back(static_cast<int32_t>(i));
  }
  return Gather(idx.data(), static_cast<int64_t>(idx.size()));
}

ColumnPtr Column::Slice(int64_t offset, int64_t length) const {
  auto out = std::make_shared<Column>(type_);
  out->AppendRange(*this, offset, length);
  return out;
}

int64_t Column::ByteSize() const {
  int64_t bytes = static_cast<int64_t>(data_.size() + offsets_.size() * 4 + chars_.size() + validity_.size() * 8);
  for (const auto& c : children_) bytes += c->ByteSize();
  return bytes;
}

}  // namespace sluice::types
