#include "sluice/types/row_codec.h"

#include <cstring>

namespace sluice::types {

void EncodeVarint(uint64_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

bool DecodeVarint(std::string_view* in, uint64_t* v) {
  uint64_t result = 0;
  for (int shift = 0; shift < 64 && !in->empty(); shift += 7) {
    uint8_t byte = static_cast<uint8_t>(in->front());
    in->remove_prefix(1);
    result |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if (!(byte & 0x80)) {
      *v = result;
      return true;
    }
  }
  return false;
}

namespace {

template <typename T>
void PutFixed(T v, std::string* out) {
  char buf[sizeof(T)];
  std::memcpy(buf, &v, sizeof(T));
  out->append(buf, sizeof(T));
}

template <typename T>
bool GetFixed(std::string_view* in, T* v) {
  if (in->size() < sizeof(T)) return false;
  std::memcpy(v, in->data(), sizeof(T));
  in->remove_prefix(sizeof(T));
  return true;
}

Status Truncated(const DataType& type) {
  return Status::Corruption("encoded row is truncated or malformed while reading a " + type.ToString() + " value");
}

}  // namespace

void EncodeValue(const Column& column, int64_t row, std::string* out) {
  if (column.IsNull(row)) {
    out->push_back(0);
    return;
  }
  out->push_back(1);
  switch (column.type_id()) {
    case TypeId::kNull: break;
    case TypeId::kBoolean: out->push_back(static_cast<char>(column.data<uint8_t>()[row])); break;
    case TypeId::kInt:
    case TypeId::kDate: PutFixed(column.data<int32_t>()[row], out); break;
    case TypeId::kBigint:
    case TypeId::kTimestamp: PutFixed(column.data<int64_t>()[row], out); break;
    case TypeId::kDouble: {
      double d = column.data<double>()[row];
      if (d == 0) d = 0;  // -0.0 and 0.0 group together, as in Spark
      PutFixed(d, out);
      break;
    }
    case TypeId::kString:
    case TypeId::kBinary: {
      auto s = column.GetString(row);
      EncodeVarint(s.size(), out);
      out->append(s.data(), s.size());
      break;
    }
    case TypeId::kArray: {
      uint32_t b = column.ArrayBegin(row), e = column.ArrayEnd(row);
      EncodeVarint(e - b, out);
      for (uint32_t j = b; j < e; ++j) EncodeValue(*column.child(0), j, out);
      break;
    }
    case TypeId::kStruct:
      for (size_t i = 0; i < column.type()->fields().size(); ++i) EncodeValue(*column.child(i), row, out);
      break;
  }
}

void EncodeScalar(const DataType& type, const Value& value, std::string* out) {
  if (value.is_null()) {
    out->push_back(0);
    return;
  }
  out->push_back(1);
  switch (type.id()) {
    case TypeId::kNull: break;
    case TypeId::kBoolean: out->push_back(value.bool_value() ? 1 : 0); break;
    case TypeId::kInt:
    case TypeId::kDate: PutFixed(static_cast<int32_t>(value.int_value()), out); break;
    case TypeId::kBigint:
    case TypeId::kTimestamp: PutFixed(value.int_value(), out); break;
    case TypeId::kDouble: {
      double d = value.AsDouble();
      if (d == 0) d = 0;
      PutFixed(d, out);
      break;
    }
    case TypeId::kString:
    case TypeId::kBinary:
      EncodeVarint(value.string_value().size(), out);
      out->append(value.string_value());
      break;
    case TypeId::kArray:
      EncodeVarint(value.list_value().size(), out);
      for (const auto& e : value.list_value()) EncodeScalar(*type.element(), e, out);
      break;
    case TypeId::kStruct:
      for (size_t i = 0; i < type.fields().size(); ++i) {
        const auto& l = value.list_value();
        EncodeScalar(*type.fields()[i].type, i < l.size() ? l[i] : Value(), out);
      }
      break;
  }
}

void EncodeRow(const Batch& batch, int64_t row, const std::vector<int>& columns, std::string* out) {
  for (int c : columns) EncodeValue(*batch.column(c), row, out);
}

void EncodeRow(const Batch& batch, int64_t row, std::string* out) {
  for (size_t c = 0; c < batch.num_columns(); ++c) EncodeValue(*batch.column(c), row, out);
}

Result<Value> DecodeScalar(const DataType& type, std::string_view* in) {
  if (in->empty()) return Truncated(type);
  char present = in->front();
  in->remove_prefix(1);
  if (present == 0) return Value();
  if (present != 1) return Truncated(type);
  switch (type.id()) {
    case TypeId::kNull: return Value();
    case TypeId::kBoolean: {
      uint8_t b;
      if (!GetFixed(in, &b)) return Truncated(type);
      return Value::Bool(b != 0);
    }
    case TypeId::kInt:
    case TypeId::kDate: {
      int32_t v;
      if (!GetFixed(in, &v)) return Truncated(type);
      return Value::Int(v);
    }
    case TypeId::kBigint:
    case TypeId::kTimestamp: {
      int64_t v;
      if (!GetFixed(in, &v)) return Truncated(type);
      return Value::Int(v);
    }
    case TypeId::kDouble: {
      double v;
      if (!GetFixed(in, &v)) return Truncated(type);
      return Value::Double(v);
    }
    case TypeId::kString:
    case TypeId::kBinary: {
      uint64_t n;
      if (!DecodeVarint(in, &n) || in->size() < n) return Truncated(type);
      Value v = Value::String(std::string(in->substr(0, n)));
      in->remove_prefix(n);
      return v;
    }
    case TypeId::kArray: {
      uint64_t n;
      if (!DecodeVarint(in, &n) || n > in->size()) return Truncated(type);
      Value::List l;
      for (uint64_t i = 0; i < n; ++i) {
        SLUICE_ASSIGN_OR_RETURN(Value e, DecodeScalar(*type.element(), in));
        l.push_back(std::move(e));
      }
      return Value::MakeList(std::move(l));
    }
    case TypeId::kStruct: {
      Value::List l;
      for (const auto& f : type.fields()) {
        SLUICE_ASSIGN_OR_RETURN(Value e, DecodeScalar(*f.type, in));
        l.push_back(std::move(e));
      }
      return Value::MakeList(std::move(l));
    }
  }
  return Truncated(type);
}

Status DecodeValueInto(std::string_view* in, Column* column) {
  const DataType& type = *column->type();
  if (in->empty()) return Truncated(type);
  // Fast paths for flat types avoid building a Value.
  switch (type.id()) {
    case TypeId::kInt:
    case TypeId::kDate:
    case TypeId::kBigint:
    case TypeId::kTimestamp:
    case TypeId::kDouble:
    case TypeId::kString:
    case TypeId::kBinary: {
      char present = in->front();
      if (present == 0) {
        in->remove_prefix(1);
        column->AppendNull();
        return Status::OK();
      }
      if (present != 1) return Truncated(type);
      in->remove_prefix(1);
      if (type.id() == TypeId::kInt || type.id() == TypeId::kDate) {
        int32_t v;
        if (!GetFixed(in, &v)) return Truncated(type);
        column->AppendInt32(v);
      } else if (type.id() == TypeId::kDouble) {
        double v;
        if (!GetFixed(in, &v)) return Truncated(type);
        column->AppendDouble(v);
      } else if (type.IsStringLike()) {
        uint64_t n;
        if (!DecodeVarint(in, &n) || in->size() < n) return Truncated(type);
        column->AppendString(in->substr(0, n));
        in->remove_prefix(n);
      } else {
        int64_t v;
        if (!GetFixed(in, &v)) return Truncated(type);
        column->AppendInt64(v);
      }
      return Status::OK();
    }
    default: {
      SLUICE_ASSIGN_OR_RETURN(Value v, DecodeScalar(type, in));
      column->AppendValue(v);
      return Status::OK();
    }
  }
}

Result<Row> DecodeRow(const Schema& schema, std::string_view bytes) {
  Row row;
  row.reserve(schema.num_fields());
  for (const auto& f : schema.fields()) {
    SLUICE_ASSIGN_OR_RETURN(Value v, DecodeScalar(*f.type, &bytes));
    row.push_back(std::move(v));
  }
  return row;
}

void SerializeBatch(const Batch& batch, std::string* out) {
  EncodeVarint(static_cast<uint64_t>(batch.num_rows()), out);
  for (int64_t r = 0; r < batch.num_rows(); ++r) EncodeRow(batch, r, out);
}

Result<BatchPtr> DeserializeBatch(SchemaPtr schema, std::string_view bytes) {
  uint64_t rows;
  if (!DecodeVarint(&bytes, &rows)) return Status::Corruption("batch bytes are missing the row count");
  std::vector<ColumnPtr> cols;
  for (const auto& f : schema->fields()) cols.push_back(std::make_shared<Column>(f.type));
  for (uint64_t r = 0; r < rows; ++r) {
    for (auto& c : cols) SLUICE_RETURN_IF_ERROR(DecodeValueInto(&bytes, c.get()));
  }
  if (!bytes.empty()) return Status::Corruption("batch bytes have " + std::to_string(bytes.size()) + " trailing bytes");
  return std::make_shared<Batch>(std::move(schema), std::move(cols), static_cast<int64_t>(rows));
}

}  // namespace sluice::types
