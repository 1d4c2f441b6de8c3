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
