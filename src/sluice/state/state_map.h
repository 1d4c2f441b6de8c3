#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace sluice::state {

// A hash map from byte-string keys to byte-string values, built for state stores that
// take hundreds of thousands of puts and removes per batch:
//  - one heap block per entry holds its key and value bytes; a value that fits the
//    block is rewritten in place;
//  - entries sit in a dense array (iteration is a linear scan) and an open-addressing
//    index of 64-bit slots (32 hash bits + entry number) finds them;
//  - every entry carries a 32-bit mark that the owner may use freely (the memory
//    store marks keys changed since its last commit).
// Entry numbers are valid until the next Insert or Erase (Erase moves the last entry
// into the hole). Views of keys and values stay valid until that entry is written or
// erased. Not thread-safe.
class StateMap {
 public:
  static constexpr int64_t kNotFound = -1;

  StateMap();

  int64_t size() const { return static_cast<int64_t>(entries_.size()); }
  // Sum of the key and value sizes of all entries.
  int64_t data_bytes() const { return data_bytes_; }

  // The hash the map uses for `key`.
  static uint64_t Hash(std::string_view key);
  // The entry of `key` (whose Hash is `hash`), or kNotFound.
  int64_t Find(std::string_view key, uint64_t hash) const;
  int64_t Find(std::string_view key) const { return Find(key, Hash(key)); }
  // Adds `key` (whose Hash is `hash`), which must be missing, with `value` and `mark`;
  // returns its entry.
  int64_t Insert(std::string_view key, uint64_t hash, std::string_view value, uint32_t mark);
  void SetValue(int64_t entry, std::string_view value);
  void Erase(int64_t entry);

  // Sets `key` to `value` (inserting with mark 0) / removes it if present.
  void Upsert(std::string_view key, std::string_view value);
  void Remove(std::string_view key);

  std::string_view key(int64_t entry) const;
  std::string_view value(int64_t entry) const;
  uint64_t hash(int64_t entry) const { return entries_[entry].hash; }
  uint32_t mark(int64_t entry) const { return entries_[entry].mark; }
  void set_mark(int64_t entry, uint32_t mark) { entries_[entry].mark = mark; }
  // Sets every entry's mark to 0.
  void ClearMarks();

  // Makes room for `n` entries without rehashing.
  void Reserve(int64_t n);

  // Calls fn(key, value) for every entry, in no particular order.
  template <typename Fn>
  void ForEach(Fn&& fn) const {
    for (int64_t e = 0; e < size(); ++e) fn(key(e), value(e));
  }

 private:
  struct Entry {
    std::unique_ptr<char[]> bytes;  // key, then room for value_capacity value bytes
    uint64_t hash = 0;
    uint32_t key_size = 0;
    uint32_t value_size = 0;
    uint32_t value_capacity = 0;
    uint32_t mark = 0;
  };

  // The slot holding `entry`, found by probing from its hash.
  size_t SlotOf(int64_t entry) const;
  void Rehash(size_t num_slots);

  std::vector<Entry> entries_;
  std::vector<uint64_t> slots_;  // 0 = empty, else (hash & kTagMask) | (entry + 1)
  uint64_t mask_ = 0;
  int64_t data_bytes_ = 0;
};

}  // namespace sluice::state
