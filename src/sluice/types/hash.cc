#include "sluice/types/hash.h"

#include "sluice/types/row_codec.h"

#include <cstring>

namespace sluice::types {

uint64_t HashBytes(std::string_view bytes) {
  uint64_t h = 0xcbf29ce484222325ULL ^ bytes.size();
  size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, bytes.data() + i, 8);
    h = HashCombine(h, w);
  }
  uint64_t tail = 0;
  std::memcpy(&tail, bytes.data() + i, bytes.size() - i);
  return HashCombine(h, tail);
}

namespace {
constexpr uint64_t kNullHash = 0x5bd1e9955bd1e995ULL;

void Store(uint64_t* hashes, int64_t i, uint64_t h, bool combine) {
  hashes[i] = combine ? HashCombine(hashes[i], h) : h;
}

// A struct of fixed-width fields (such as a window) hashes the bytes EncodeValue would
// write, built in a stack buffer: the same hashes (partitions stay where checkpoints
// put them) without growing a string byte by byte. False: other field types.
bool HashFixedWidthStruct(const Column& column, uint64_t* hashes, bool combine) {
  struct Field {
    const Column* column;
    int width;
    bool is_double;
  };
  constexpr size_t kMaxFields = 8;
  const size_t num_fields = column.type()->fields().size();
  if (num_fields > kMaxFields) return false;
  Field fields[kMaxFields];
  for (size_t f = 0; f < num_fields; ++f) {
    const Column* child = column.child(f).get();
    int width = 0;
    switch (child->type_id()) {
      case TypeId::kBoolean: width = 1; break;
      case TypeId::kInt:
      case TypeId::kDate: width = 4; break;
      case TypeId::kBigint:
      case TypeId::kTimestamp:
      case TypeId::kDouble: width = 8; break;
      default: return false;
    }
    fields[f] = {child, width, child->type_id() == TypeId::kDouble};
  }
  char buf[1 + kMaxFields * 9];
  const int64_t n = column.size();
  for (int64_t i = 0; i < n; ++i) {
    size_t len = 0;
    if (column.IsNull(i)) {
      buf[len++] = 0;
    } else {
      buf[len++] = 1;
      for (size_t f = 0; f < num_fields; ++f) {
        const Field& field = fields[f];
        if (field.column->IsNull(i)) {
          buf[len++] = 0;
          continue;
        }
        buf[len++] = 1;
        const char* src = field.column->data<char>() + i * field.width;
        if (field.is_double) {
          double d;
          std::memcpy(&d, src, 8);
          if (d == 0) d = 0;  // as EncodeValue: -0.0 and 0.0 group together
          std::memcpy(buf + len, &d, 8);
        } else {
          std::memcpy(buf + len, src, field.width);
        }
        len += field.width;
      }
    }
    Store(hashes, i, HashBytes(std::string_view(buf, len)), combine);
  }
  return true;
}
}  // namespace

void HashColumn(const Column& column, uint64_t* hashes, bool combine) {
  const int64_t n = column.size();
  switch (column.type_id()) {
    case TypeId::kBoolean: {
      const uint8_t* d = column.data<uint8_t>();
      for (int64_t i = 0; i < n; ++i) Store(hashes, i, HashInt64(d[i]), combine);
      break;
    }
    case TypeId::kInt:
    case TypeId::kDate: {
      const int32_t* d = column.data<int32_t>();
      for (int64_t i = 0; i < n; ++i) Store(hashes, i, HashInt64(static_cast<uint64_t>(static_cast<int64_t>(d[i]))), combine);
      break;
    }
    case TypeId::kBigint:
    case TypeId::kTimestamp: {
      const int64_t* d = column.data<int64_t>();
      for (int64_t i = 0; i < n; ++i) Store(hashes, i, HashInt64(static_cast<uint64_t>(d[i])), combine);
      break;
    }
    case TypeId::kDouble: {
      const double* d = column.data<double>();
      for (int64_t i = 0; i < n; ++i) {
        double v = d[i] == 0 ? 0.0 : d[i];
        uint64_t bits;
        std::memcpy(&bits, &v, 8);
        Store(hashes, i, HashInt64(bits), combine);
      }
      break;
    }
    case TypeId::kString:
    case TypeId::kBinary:
      for (int64_t i = 0; i < n; ++i) Store(hashes, i, HashBytes(column.GetString(i)), combine);
      break;
    default: {
      if (column.type_id() == TypeId::kStruct && HashFixedWidthStruct(column, hashes, combine)) break;
      // Nested types hash their encoded bytes.
      std::string buf;
      for (int64_t i = 0; i < n; ++i) {
        buf.clear();
        EncodeValue(column, i, &buf);
        Store(hashes, i, HashBytes(buf), combine);
      }
      break;
    }
  }
  if (column.may_have_nulls()) {
    for (int64_t i = 0; i < n; ++i) {
      if (column.IsNull(i)) hashes[i] = combine ? HashCombine(hashes[i], kNullHash) : kNullHash;
    }
  }
}

}  // namespace sluice::types
