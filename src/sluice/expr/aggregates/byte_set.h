#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::expr::aggregates {

// An insertion-ordered set of byte strings (encoded values or argument tuples), used
// per group by collect_set and by the DISTINCT wrapper. Entries live back to back in
// one string as varint length + bytes, with an open-addressing index of offsets into
// it, so an insert does not allocate per entry and a lookup touches two cache lines
// (the slot and the entry). Not thread-safe.
class ByteSet {
 public:
  // Adds `key` unless present; returns true when it was added.
  bool Insert(std::string_view key) { return Insert(key, Hash(key)); }
  // The same with `hash` = Hash(key) computed earlier, e.g. to Prefetch first.
  bool Insert(std::string_view key, uint64_t hash);
  static uint64_t Hash(std::string_view key);
  // Hints the CPU to load the slot `hash` probes first. Batch loops hash a chunk of
  // rows, prefetch, then insert, so cache misses across many groups' sets overlap.
  void Prefetch(uint64_t hash) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[static_cast<uint32_t>(hash >> 32) & (slots_.size() - 1)]);
  }
  bool Contains(std::string_view key) const;

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  // Calls fn(std::string_view entry) for each entry in insertion order.
  template <typename F>
  void ForEach(F&& fn) const {
    std::string_view rest = bytes_;
    for (size_t i = 0; i < size_; ++i) fn(NextEntry(&rest));
  }

  // Removes every entry and releases the memory.
  void Clear();
  // Heap bytes held.
  int64_t MemoryBytes() const { return static_cast<int64_t>(bytes_.capacity() + slots_.capacity() * sizeof(uint64_t)); }

  // Appends varint count, then varint length + bytes per entry (insertion order).
  void Serialize(std::string* out) const;
  // Replaces the contents with a set read from the front of `in` (advancing it).
  // Returns false on truncated or malformed bytes.
  bool Deserialize(std::string_view* in);

 private:
  // Reads the entry at the front of `rest` (written by Insert, so well formed).
  static std::string_view NextEntry(std::string_view* rest);
  std::string_view EntryAt(uint32_t offset) const;
  // Index of the slot holding `key`, or of the empty slot where it would go.
  size_t FindSlot(std::string_view key, uint32_t tag) const;
  void Rehash(size_t capacity);

  std::string bytes_;  // entries back to back: varint length + bytes
  // Open addressing, power-of-two size: (hash tag << 32) | (entry offset + 1); 0 = empty.
  std::vector<uint64_t> slots_;
  size_t size_ = 0;
};

}  // namespace sluice::expr::aggregates
