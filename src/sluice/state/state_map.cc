#include "sluice/state/state_map.h"

#include <cstring>

#include "sluice/types/hash.h"

namespace sluice::state {

namespace {

constexpr size_t kInitialSlots = 64;
constexpr uint64_t kTagMask = 0xffffffff00000000ULL;

inline int64_t SlotEntry(uint64_t slot) { return static_cast<int64_t>(static_cast<uint32_t>(slot)) - 1; }
inline uint64_t MakeSlot(uint64_t hash, int64_t entry) {
  return (hash & kTagMask) | static_cast<uint32_t>(entry + 1);
}

}  // namespace

StateMap::StateMap() { Rehash(kInitialSlots); }

std::string_view StateMap::key(int64_t entry) const {
  const Entry& e = entries_[entry];
  return std::string_view(e.bytes.get(), e.key_size);
}

std::string_view StateMap::value(int64_t entry) const {
  const Entry& e = entries_[entry];
  return std::string_view(e.bytes.get() + e.key_size, e.value_size);
}

uint64_t StateMap::Hash(std::string_view key) { return types::HashBytes(key); }

int64_t StateMap::Find(std::string_view key, uint64_t hash) const {
  for (size_t pos = hash & mask_; slots_[pos] != 0; pos = (pos + 1) & mask_) {
    const uint64_t slot = slots_[pos];
    if ((slot & kTagMask) != (hash & kTagMask)) continue;
    const int64_t entry = SlotEntry(slot);
    if (this->key(entry) == key) return entry;
  }
  return kNotFound;
}

int64_t StateMap::Insert(std::string_view key, uint64_t hash, std::string_view value, uint32_t mark) {
  if ((entries_.size() + 1) * 2 > slots_.size()) Rehash(slots_.size() * 2);
  Entry e;
  e.hash = hash;
  e.key_size = static_cast<uint32_t>(key.size());
  e.value_size = e.value_capacity = static_cast<uint32_t>(value.size());
  e.mark = mark;
  e.bytes.reset(new char[key.size() + value.size()]);
  std::memcpy(e.bytes.get(), key.data(), key.size());
  std::memcpy(e.bytes.get() + key.size(), value.data(), value.size());
  const int64_t entry = size();
  size_t pos = e.hash & mask_;
  while (slots_[pos] != 0) pos = (pos + 1) & mask_;
  slots_[pos] = MakeSlot(e.hash, entry);
  entries_.push_back(std::move(e));
  data_bytes_ += static_cast<int64_t>(key.size() + value.size());
  return entry;
}

void StateMap::SetValue(int64_t entry, std::string_view value) {
  Entry& e = entries_[entry];
  data_bytes_ += static_cast<int64_t>(value.size()) - static_cast<int64_t>(e.value_size);
  if (value.size() > e.value_capacity) {
    std::unique_ptr<char[]> bytes(new char[e.key_size + value.size()]);
    std::memcpy(bytes.get(), e.bytes.get(), e.key_size);
    std::memcpy(bytes.get() + e.key_size, value.data(), value.size());
    e.bytes = std::move(bytes);
    e.value_capacity = static_cast<uint32_t>(value.size());
  } else {
    // memmove: `value` may be a view of this very entry.
    std::memmove(e.bytes.get() + e.key_size, value.data(), value.size());
  }
  e.value_size = static_cast<uint32_t>(value.size());
}

size_t StateMap::SlotOf(int64_t entry) const {
  size_t pos = entries_[entry].hash & mask_;
  while (SlotEntry(slots_[pos]) != entry) pos = (pos + 1) & mask_;
  return pos;
}

void StateMap::Erase(int64_t entry) {
  // Backward-shift deletion keeps every probe sequence unbroken without tombstones: a
  // later slot moves into the hole unless its home lies cyclically in (hole, next].
  size_t hole = SlotOf(entry);
  for (size_t next = (hole + 1) & mask_; slots_[next] != 0; next = (next + 1) & mask_) {
    const size_t home = entries_[SlotEntry(slots_[next])].hash & mask_;
    if (((next - home) & mask_) >= ((next - hole) & mask_)) {
      slots_[hole] = slots_[next];
      hole = next;
    }
  }
  slots_[hole] = 0;
  data_bytes_ -= static_cast<int64_t>(entries_[entry].key_size + entries_[entry].value_size);
  const int64_t last = size() - 1;
  if (entry != last) {
    slots_[SlotOf(last)] = MakeSlot(entries_[last].hash, entry);
    entries_[entry] = std::move(entries_[last]);
  }
  entries_.pop_back();
}

void StateMap::Upsert(std::string_view key, std::string_view value) {
  const uint64_t hash = Hash(key);
  const int64_t entry = Find(key, hash);
  if (entry == kNotFound) {
    Insert(key, hash, value, 0);
  } else {
    SetValue(entry, value);
  }
}

void StateMap::Remove(std::string_view key) {
  const int64_t entry = Find(key);
  if (entry != kNotFound) Erase(entry);
}

void StateMap::ClearMarks() {
  for (Entry& e : entries_) e.mark = 0;
}

void StateMap::Reserve(int64_t n) {
  entries_.reserve(n);
  size_t num_slots = slots_.size();
  while (static_cast<size_t>(n) * 2 > num_slots) num_slots *= 2;
  if (num_slots != slots_.size()) Rehash(num_slots);
}

void StateMap::Rehash(size_t num_slots) {
  slots_.assign(num_slots, 0);
  mask_ = num_slots - 1;
  for (int64_t entry = 0; entry < size(); ++entry) {
    size_t pos = entries_[entry].hash & mask_;
    while (slots_[pos] != 0) pos = (pos + 1) & mask_;
    slots_[pos] = MakeSlot(entries_[entry].hash, entry);
  }
}

}  // namespace sluice::state
