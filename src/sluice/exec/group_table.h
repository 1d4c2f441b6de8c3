#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sluice/types/column.h"

namespace sluice::exec {

// Maps grouping keys to dense group ids 0, 1, 2, ... in first-seen order. Keys are
// kept encoded (types::EncodeValue of each key column) for state store keys. A single
// integral key without NULLs takes a fast path that hashes the integer directly.
// Open addressing with linear probing; not thread-safe (one table per partition).
class GroupTable {
 public:
  explicit GroupTable(std::vector<types::TypePtr> key_types);

  // Looks up (inserting when new) the group of each of `n` rows of `keys`. Writes the
  // group ids to `group_ids` and appends ids of newly created groups to `new_groups`.
  void FindOrInsert(const std::vector<types::ColumnPtr>& keys, int64_t n, int32_t* group_ids,
                    std::vector<int32_t>* new_groups);

  // Looks up the group of each row without inserting: -1 when the key is unknown or
  // any key column is NULL (SQL equality never matches NULL).
  void Find(const std::vector<types::ColumnPtr>& keys, int64_t n, int32_t* group_ids);

  // Inserts one encoded key (state restore); returns its group id.
  int32_t InsertEncoded(std::string_view encoded);

  int64_t num_groups() const { return static_cast<int64_t>(encoded_keys_.size()); }
  const std::string& encoded_key(int32_t group) const { return encoded_keys_[group]; }
  // Rebuilds the table keeping only groups with keep[g] != 0; `remap` gets the new id
  // of each old group (-1 when dropped).
  void Compact(const std::vector<uint8_t>& keep, std::vector<int32_t>* remap);
  int64_t MemoryBytes() const;

 private:
  int32_t FindEncoded(std::string_view encoded, uint64_t hash) const;
  void InsertSlot(uint64_t hash, int32_t group);
  void Grow();
  bool IntegralFastPath(const std::vector<types::ColumnPtr>& keys) const;
  // Fixed-width composite keys (e.g. a window struct and a BIGINT): each key packs into
  // fixed_words_ 64-bit words that are hashed and compared as integers.
  bool FixedFastPath(const std::vector<types::ColumnPtr>& keys) const;
  bool RowWords(const std::vector<types::ColumnPtr>& keys, int64_t row, uint64_t* words) const;
  bool EncodedWords(std::string_view encoded, uint64_t* words) const;
  uint64_t WordHash(const uint64_t* words) const;
  void AddFixedKey(const uint64_t* words, bool valid);

  std::vector<types::TypePtr> key_types_;
  std::vector<std::string> encoded_keys_;
  std::vector<uint64_t> hashes_;   // per group
  // Slots hold group id + 1 (0 = empty).
  std::vector<int32_t> slots_;
  std::vector<uint64_t> slot_hashes_;
  uint64_t mask_ = 0;
  // Fast path for one integral key: key value per group, probed without encoding.
  bool integral_ = false;
  std::vector<int64_t> int_keys_;
  int32_t null_group_ = -1;  // the group of the NULL key in integral mode
  int fixed_words_ = 0;      // > 0: the fixed-width composite key path is available
  std::vector<uint64_t> fixed_keys_;  // fixed_words_ words per group
  std::vector<uint8_t> fixed_valid_;  // 0 for groups whose key has a NULL
  std::vector<uint64_t> words_buffer_;  // scratch: the words of a batch's keys
  std::string scratch_;
};

}  // namespace sluice::exec
