#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sluice/types/column.h"

namespace sluice::exec {

// Maps grouping keys to dense group ids 0, 1, 2, ... in first-seen order (hash
// aggregation, session windows, stream-static joins). Open addressing with linear
// probing; each slot packs 32 bits of the key's hash with the group id, so a probe
// touches one slot word and, on a hash match, the group's key.
//
// Two layouts, chosen from the key types:
//  - Fixed: every key column is fixed-width (BOOLEAN, INT, DATE, BIGINT, TIMESTAMP,
//    DOUBLE) or a struct of such fields (a window), at most 8 values in all. A key is
//    then that many 64-bit words, filled column by column for a chunk of rows and
//    hashed and compared as integers; no bytes are kept per group. A key with a NULL
//    anywhere is rare and lives in a side map of encoded keys.
//  - Encoded: any other key (strings, arrays, nested structs) is kept as its bytes.
// EncodedKey() gives every group's encoded form (types::EncodeValue of each key
// column), which state stores use as their keys; InsertEncoded() accepts it back.
// Not thread-safe (one table per partition).
class GroupTable {
 public:
  explicit GroupTable(std::vector<types::TypePtr> key_types);

  // Looks up (inserting when new) the group of each of `n` rows of `keys`. Writes the
  // group ids to `group_ids`. New groups take the next ids in the order of their
  // first row, and that row's index is appended to `new_group_rows` (so the caller can
  // copy the key values of each new group). Without key columns every row is in
  // group 0 (a global aggregation).
  void FindOrInsert(const std::vector<types::ColumnPtr>& keys, int64_t n, int32_t* group_ids,
                    std::vector<int32_t>* new_group_rows);

  // Looks up the group of each row without inserting: -1 when the key is unknown or
  // a key column is NULL (SQL equality never matches NULL).
  void Find(const std::vector<types::ColumnPtr>& keys, int64_t n, int32_t* group_ids);

  // Inserts one encoded key (state restore); returns its group id.
  int32_t InsertEncoded(std::string_view encoded);

  int64_t num_groups() const { return num_groups_; }
  // Appends the encoded key of `group` to `out`.
  void AppendEncodedKey(int32_t group, std::string* out) const;
  std::string EncodedKey(int32_t group) const;

  // Rebuilds the table keeping only groups with keep[g] != 0, which keep their order;
  // `remap` gets the new id of each old group (-1 when dropped).
  void Compact(const std::vector<uint8_t>& keep, std::vector<int32_t>* remap);
  int64_t MemoryBytes() const;

 private:
  // How one key value becomes a word (and its bytes in the encoded form).
  enum class WordKind : uint8_t { kByte, kInt32, kInt64, kDouble };

  template <int W>
  void FindOrInsertFixed(const std::vector<types::ColumnPtr>& keys, int64_t n, int32_t* group_ids,
                         std::vector<int32_t>* new_group_rows);
  template <int W>
  void FindFixed(const std::vector<types::ColumnPtr>& keys, int64_t n, int32_t* group_ids);
  template <int W>
  void FillWords(const std::vector<types::ColumnPtr>& keys, int64_t begin, int64_t count, uint64_t* out) const;
  template <int W>
  int32_t ProbeWords(const uint64_t* words, uint64_t hash, size_t* pos) const;

  uint64_t HashWords(const uint64_t* words) const;
  bool DecodeWords(std::string_view encoded, uint64_t* words) const;
  int32_t FindBytes(std::string_view encoded, uint64_t hash) const;
  // Adds a group: `words` (fixed layout, may be null for a NULL-bearing key) and
  // `encoded` bytes (kept for encoded groups). Returns its id.
  int32_t AddGroup(const uint64_t* words, std::string_view encoded);
  void InsertSlot(uint64_t hash, int32_t group);
  void GrowIfNeeded();
  void Rehash(size_t num_slots);
  uint64_t GroupHash(int32_t group) const;

  std::vector<types::TypePtr> key_types_;
  int num_words_ = 0;                 // > 0: the fixed layout
  std::vector<WordKind> word_kinds_;  // per word
  int64_t num_groups_ = 0;
  std::vector<uint64_t> slots_;       // 0 = empty, else (hash & kTagMask) | (group + 1)
  uint64_t mask_ = 0;
  std::vector<uint64_t> words_;       // fixed: num_words_ per group (zeros for NULL-bearing keys)
  // Encoded bytes of the encoded layout's groups and of the fixed layout's
  // NULL-bearing keys: group g owns key_bytes_[key_offsets_[g], key_offsets_[g + 1]).
  std::string key_bytes_;
  std::vector<uint64_t> key_offsets_;
  std::unordered_map<std::string, int32_t> null_keys_;  // fixed layout: NULL-bearing keys
  std::vector<uint64_t> chunk_words_;  // scratch
  std::string scratch_;
};

}  // namespace sluice::exec
