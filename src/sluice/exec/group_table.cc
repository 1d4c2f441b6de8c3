#include "sluice/exec/group_table.h"

#include <cstring>

#include "sluice/types/hash.h"
#include "sluice/types/row_codec.h"

namespace sluice::exec {

namespace {
constexpr size_t kInitialSlots = 1024;

bool IsIntegral(types::TypeId id) {
  return id == types::TypeId::kInt || id == types::TypeId::kBigint || id == types::TypeId::kTimestamp ||
         id == types::TypeId::kDate;
}

int64_t IntAt(const types::Column& c, int64_t i) {
  if (c.type()->FixedWidth() == 4) return c.data<int32_t>()[i];
  return c.data<int64_t>()[i];
}

// The encoded form of a valid integral key (matches types::EncodeValue).
void EncodeIntegral(types::TypeId id, int64_t v, std::string* out) {
  out->clear();
  out->push_back(1);
  if (id == types::TypeId::kInt || id == types::TypeId::kDate) {
    int32_t x = static_cast<int32_t>(v);
    out->append(reinterpret_cast<const char*>(&x), 4);
  } else {
    out->append(reinterpret_cast<const char*>(&v), 8);
  }
}
}  // namespace

GroupTable::GroupTable(std::vector<types::TypePtr> key_types) : key_types_(std::move(key_types)) {
  slots_.assign(kInitialSlots, 0);
  slot_hashes_.assign(kInitialSlots, 0);
  mask_ = kInitialSlots - 1;
  integral_ = key_types_.size() == 1 && IsIntegral(key_types_[0]->id());
}

bool GroupTable::IntegralFastPath(const std::vector<types::ColumnPtr>& keys) const {
  return integral_ && !keys[0]->may_have_nulls();
}

void GroupTable::Grow() {
  size_t size = slots_.size() * 2;
  slots_.assign(size, 0);
  slot_hashes_.assign(size, 0);
  mask_ = size - 1;
  for (size_t g = 0; g < encoded_keys_.size(); ++g) InsertSlot(hashes_[g], static_cast<int32_t>(g));
}

void GroupTable::InsertSlot(uint64_t hash, int32_t group) {
  size_t pos = hash & mask_;
  while (slots_[pos] != 0) pos = (pos + 1) & mask_;
  slots_[pos] = group + 1;
  slot_hashes_[pos] = hash;
}

int32_t GroupTable::FindEncoded(std::string_view encoded, uint64_t hash) const {
  size_t pos = hash & mask_;
  while (slots_[pos] != 0) {
    if (slot_hashes_[pos] == hash && encoded_keys_[slots_[pos] - 1] == encoded) return slots_[pos] - 1;
    pos = (pos + 1) & mask_;
  }
  return -1;
}

int32_t GroupTable::InsertEncoded(std::string_view encoded) {
  uint64_t hash;
  if (integral_ && !encoded.empty() && encoded[0] == 1) {
    int64_t v;
    if (encoded.size() == 5) {
      int32_t x;
      std::memcpy(&x, encoded.data() + 1, 4);
      v = x;
    } else {
      std::memcpy(&v, encoded.data() + 1, 8);
    }
    hash = types::HashInt64(static_cast<uint64_t>(v));
  } else {
    hash = types::HashBytes(encoded);
  }
  int32_t found = FindEncoded(encoded, hash);
  if (found >= 0) return found;
  int32_t g = static_cast<int32_t>(encoded_keys_.size());
  encoded_keys_.emplace_back(encoded);
  hashes_.push_back(hash);
  if (integral_ && (encoded.empty() || encoded[0] == 0)) null_group_ = g;
  if (integral_) {
    int64_t v = 0;
    if (encoded.size() == 5) {
      int32_t x;
      std::memcpy(&x, encoded.data() + 1, 4);
      v = x;
    } else if (encoded.size() == 9) {
      std::memcpy(&v, encoded.data() + 1, 8);
    }
    int_keys_.push_back(v);
  }
  if (encoded_keys_.size() * 2 > slots_.size()) {
    Grow();
  } else {
    InsertSlot(hash, g);
  }
  return g;
}

void GroupTable::FindOrInsert(const std::vector<types::ColumnPtr>& keys, int64_t n, int32_t* group_ids,
                              std::vector<int32_t>* new_groups) {
  if (keys.empty()) {
    // A global aggregation: one group.
    if (encoded_keys_.empty()) {
      new_groups->push_back(InsertEncoded(""));
    }
    std::memset(group_ids, 0, sizeof(int32_t) * n);
    return;
  }
  if (IntegralFastPath(keys)) {
    const types::Column& c = *keys[0];
    types::TypeId id = key_types_[0]->id();
    for (int64_t i = 0; i < n; ++i) {
      int64_t v = IntAt(c, i);
      uint64_t hash = types::HashInt64(static_cast<uint64_t>(v));
      size_t pos = hash & mask_;
      int32_t found = -1;
      while (slots_[pos] != 0) {
        int32_t g = slots_[pos] - 1;
        if (slot_hashes_[pos] == hash && int_keys_[g] == v && g != null_group_) {
          found = g;
          break;
        }
        pos = (pos + 1) & mask_;
      }
      if (found < 0) {
        EncodeIntegral(id, v, &scratch_);
        found = static_cast<int32_t>(encoded_keys_.size());
        encoded_keys_.push_back(scratch_);
        hashes_.push_back(hash);
        int_keys_.push_back(v);
        new_groups->push_back(found);
        if (encoded_keys_.size() * 2 > slots_.size()) {
          Grow();
        } else {
          slots_[pos] = found + 1;
          slot_hashes_[pos] = hash;
        }
      }
      group_ids[i] = found;
    }
    return;
  }
  for (int64_t i = 0; i < n; ++i) {
    scratch_.clear();
    for (const auto& k : keys) types::EncodeValue(*k, i, &scratch_);
    uint64_t hash = integral_ ? 0 : types::HashBytes(scratch_);
    if (integral_) {
      // Keep hashing consistent with the fast path for valid keys.
      if (!keys[0]->IsNull(i)) {
        hash = types::HashInt64(static_cast<uint64_t>(IntAt(*keys[0], i)));
      } else {
        hash = types::HashBytes(scratch_);
      }
    }
    int32_t g = FindEncoded(scratch_, hash);
    if (g < 0) {
      g = static_cast<int32_t>(encoded_keys_.size());
      encoded_keys_.push_back(scratch_);
      hashes_.push_back(hash);
      if (integral_) {
        int_keys_.push_back(keys[0]->IsNull(i) ? 0 : IntAt(*keys[0], i));
        if (keys[0]->IsNull(i)) null_group_ = g;
      }
      new_groups->push_back(g);
      if (encoded_keys_.size() * 2 > slots_.size()) {
        Grow();
      } else {
        InsertSlot(hash, g);
      }
    }
    group_ids[i] = g;
  }
}

void GroupTable::Find(const std::vector<types::ColumnPtr>& keys, int64_t n, int32_t* group_ids) {
  for (int64_t i = 0; i < n; ++i) {
    bool has_null = false;
    for (const auto& k : keys) has_null = has_null || k->IsNull(i);
    if (has_null) {
      group_ids[i] = -1;
      continue;
    }
    scratch_.clear();
    for (const auto& k : keys) types::EncodeValue(*k, i, &scratch_);
    uint64_t hash = integral_ ? types::HashInt64(static_cast<uint64_t>(IntAt(*keys[0], i))) : types::HashBytes(scratch_);
    group_ids[i] = FindEncoded(scratch_, hash);
  }
}

void GroupTable::Compact(const std::vector<uint8_t>& keep, std::vector<int32_t>* remap) {
  remap->assign(encoded_keys_.size(), -1);
  std::vector<std::string> keys;
  std::vector<uint64_t> hashes;
  std::vector<int64_t> ints;
  for (size_t g = 0; g < encoded_keys_.size(); ++g) {
    if (!keep[g]) continue;
    (*remap)[g] = static_cast<int32_t>(keys.size());
    keys.push_back(std::move(encoded_keys_[g]));
    hashes.push_back(hashes_[g]);
    if (integral_) ints.push_back(int_keys_[g]);
  }
  encoded_keys_ = std::move(keys);
  hashes_ = std::move(hashes);
  int_keys_ = std::move(ints);
  null_group_ = null_group_ >= 0 ? (*remap)[null_group_] : -1;
  size_t size = kInitialSlots;
  while (size < encoded_keys_.size() * 2 + 1) size *= 2;
  slots_.assign(size, 0);
  slot_hashes_.assign(size, 0);
  mask_ = size - 1;
  for (size_t g = 0; g < encoded_keys_.size(); ++g) InsertSlot(hashes_[g], static_cast<int32_t>(g));
}

int64_t GroupTable::MemoryBytes() const {
  int64_t bytes = static_cast<int64_t>(slots_.capacity() * 4 + slot_hashes_.capacity() * 8 + hashes_.capacity() * 8 +
                                       int_keys_.capacity() * 8);
  for (const auto& k : encoded_keys_) bytes += static_cast<int64_t>(sizeof(std::string) + (k.size() > 15 ? k.capacity() : 0));
  return bytes;
}

}  // namespace sluice::exec
