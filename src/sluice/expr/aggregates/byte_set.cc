#include "sluice/expr/aggregates/byte_set.h"

#include "sluice/types/hash.h"
#include "sluice/types/row_codec.h"

namespace sluice::expr::aggregates {

uint64_t ByteSet::Hash(std::string_view key) { return types::HashBytes(key); }

std::string_view ByteSet::NextEntry(std::string_view* rest) {
  uint64_t len = 0;
  types::DecodeVarint(rest, &len);
  std::string_view entry = rest->substr(0, len);
  rest->remove_prefix(len);
  return entry;
}

std::string_view ByteSet::EntryAt(uint32_t offset) const {
  std::string_view rest(bytes_.data() + offset, bytes_.size() - offset);
  return NextEntry(&rest);
}

size_t ByteSet::FindSlot(std::string_view key, uint32_t tag) const {
  size_t mask = slots_.size() - 1;
  size_t pos = tag & mask;
  while (true) {
    uint64_t s = slots_[pos];
    if (s == 0) return pos;
    if (static_cast<uint32_t>(s >> 32) == tag && EntryAt(static_cast<uint32_t>(s) - 1) == key) return pos;
    pos = (pos + 1) & mask;
  }
}

void ByteSet::Rehash(size_t capacity) {
  std::vector<uint64_t> old = std::move(slots_);
  slots_.assign(capacity, 0);
  size_t mask = capacity - 1;
  for (uint64_t s : old) {
    if (s == 0) continue;
    size_t pos = static_cast<uint32_t>(s >> 32) & mask;
    while (slots_[pos] != 0) pos = (pos + 1) & mask;
    slots_[pos] = s;
  }
}

bool ByteSet::Insert(std::string_view key, uint64_t hash) {
  // Keep the load factor at most 1/2 so probe sequences stay short.
  if ((size_ + 1) * 2 > slots_.size()) Rehash(slots_.empty() ? 8 : slots_.size() * 2);
  uint32_t tag = static_cast<uint32_t>(hash >> 32);
  size_t pos = FindSlot(key, tag);
  if (slots_[pos] != 0) return false;
  uint64_t offset = bytes_.size();
  types::EncodeVarint(key.size(), &bytes_);
  bytes_.append(key.data(), key.size());
  slots_[pos] = (static_cast<uint64_t>(tag) << 32) | (offset + 1);
  ++size_;
  return true;
}

bool ByteSet::Contains(std::string_view key) const {
  if (slots_.empty()) return false;
  return slots_[FindSlot(key, static_cast<uint32_t>(Hash(key) >> 32))] != 0;
}

void ByteSet::Clear() {
  std::string().swap(bytes_);
  std::vector<uint64_t>().swap(slots_);
  size_ = 0;
}

void ByteSet::Serialize(std::string* out) const {
  // The in-memory entry layout is the serialized one.
  types::EncodeVarint(size_, out);
  out->append(bytes_);
}

bool ByteSet::Deserialize(std::string_view* in) {
  Clear();
  uint64_t n;
  // Every entry takes at least one byte (its length), which bounds a corrupt count.
  if (!types::DecodeVarint(in, &n) || n > in->size()) return false;
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t len;
    if (!types::DecodeVarint(in, &len) || len > in->size()) return false;
    if (!Insert(in->substr(0, len))) return false;  // duplicates never come from Serialize
    in->remove_prefix(len);
  }
  return true;
}

}  // namespace sluice::expr::aggregates
