#include "sluice/exec/group_table.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <type_traits>

#include "sluice/types/hash.h"
#include "sluice/types/row_codec.h"

namespace sluice::exec {

namespace {

constexpr size_t kInitialSlots = 1024;
constexpr int kMaxWords = 8;
// Rows per chunk of the fixed layout: the chunk's words and hashes stay in L1.
constexpr int64_t kChunkRows = 256;
constexpr uint64_t kTagMask = 0xffffffff00000000ULL;

inline int32_t SlotGroup(uint64_t slot) { return static_cast<int32_t>(static_cast<uint32_t>(slot)) - 1; }
inline uint64_t MakeSlot(uint64_t hash, int32_t group) { return (hash & kTagMask) | static_cast<uint32_t>(group + 1); }

template <int W>
inline uint64_t HashFixed(const uint64_t* w) {
  if constexpr (W == 1) {
    return types::HashInt64(w[0]);
  } else {
    // One multiply per word, then a full mix: the low bits pick the slot.
    uint64_t h = w[0] * 0x9e3779b97f4a7c15ULL;
    for (int i = 1; i < W; ++i) h = (std::rotl(h, 29) ^ w[i]) * 0xc2b2ae3d27d4eb4fULL;
    return types::HashInt64(h);
  }
}

template <int W>
inline bool EqualWords(const uint64_t* a, const uint64_t* b) {
  bool equal = true;
  for (int i = 0; i < W; ++i) equal &= a[i] == b[i];
  return equal;
}

// Calls fn(std::integral_constant<int, W>) for W = num_words, so the per-row loops are
// compiled for each key width.
template <typename Fn>
void DispatchWords(int num_words, Fn&& fn) {
  switch (num_words) {
    case 1: fn(std::integral_constant<int, 1>{}); break;
    case 2: fn(std::integral_constant<int, 2>{}); break;
    case 3: fn(std::integral_constant<int, 3>{}); break;
    case 4: fn(std::integral_constant<int, 4>{}); break;
    case 5: fn(std::integral_constant<int, 5>{}); break;
    case 6: fn(std::integral_constant<int, 6>{}); break;
    case 7: fn(std::integral_constant<int, 7>{}); break;
    default: fn(std::integral_constant<int, 8>{}); break;
  }
}

// True when row `row` has a NULL key column or a NULL struct field.
bool RowHasNull(const std::vector<types::ColumnPtr>& keys, int64_t row) {
  for (const auto& k : keys) {
    if (k->IsNull(row)) return true;
    if (k->type_id() == types::TypeId::kStruct) {
      for (size_t f = 0; f < k->type()->fields().size(); ++f) {
        if (k->child(f)->IsNull(row)) return true;
      }
    }
  }
  return false;
}

bool MayHaveNulls(const std::vector<types::ColumnPtr>& keys) {
  for (const auto& k : keys) {
    if (k->may_have_nulls()) return true;
    if (k->type_id() == types::TypeId::kStruct) {
      for (size_t f = 0; f < k->type()->fields().size(); ++f) {
        if (k->child(f)->may_have_nulls()) return true;
      }
    }
  }
  return false;
}

void EncodeKeyRow(const std::vector<types::ColumnPtr>& keys, int64_t row, std::string* out) {
  out->clear();
  for (const auto& k : keys) types::EncodeValue(*k, row, out);
}

}  // namespace

GroupTable::GroupTable(std::vector<types::TypePtr> key_types) : key_types_(std::move(key_types)) {
  Rehash(kInitialSlots);
  key_offsets_.push_back(0);
  auto kind_of = [](const types::DataType& t, WordKind* kind) {
    switch (t.id()) {
      case types::TypeId::kBoolean: *kind = WordKind::kByte; return true;
      case types::TypeId::kInt:
      case types::TypeId::kDate: *kind = WordKind::kInt32; return true;
      case types::TypeId::kBigint:
      case types::TypeId::kTimestamp: *kind = WordKind::kInt64; return true;
      case types::TypeId::kDouble: *kind = WordKind::kDouble; return true;
      default: return false;
    }
  };
  bool fixed = !key_types_.empty();
  for (const auto& t : key_types_) {
    WordKind kind = WordKind::kInt64;
    if (kind_of(*t, &kind)) {
      word_kinds_.push_back(kind);
    } else if (t->id() == types::TypeId::kStruct && !t->fields().empty()) {
      for (const auto& f : t->fields()) {
        fixed = fixed && kind_of(*f.type, &kind);
        word_kinds_.push_back(kind);
      }
    } else {
      fixed = false;
    }
  }
  if (fixed && static_cast<int>(word_kinds_.size()) <= kMaxWords) {
    num_words_ = static_cast<int>(word_kinds_.size());
  } else {
    word_kinds_.clear();
  }
}

// ---------------------------------------------------------------- slots

void GroupTable::Rehash(size_t num_slots) {
  slots_.assign(num_slots, 0);
  mask_ = num_slots - 1;
  for (int32_t g = 0; g < static_cast<int32_t>(num_groups_); ++g) {
    // NULL-bearing keys of the fixed layout live in null_keys_, not in the slots.
    if (num_words_ > 0 && key_offsets_[g + 1] > key_offsets_[g]) continue;
    InsertSlot(GroupHash(g), g);
  }
}

void GroupTable::InsertSlot(uint64_t hash, int32_t group) {
  size_t pos = hash & mask_;
  while (slots_[pos] != 0) pos = (pos + 1) & mask_;
  slots_[pos] = MakeSlot(hash, group);
}

void GroupTable::GrowIfNeeded() {
  if (static_cast<size_t>(num_groups_) * 2 > slots_.size()) Rehash(slots_.size() * 2);
}

uint64_t GroupTable::HashWords(const uint64_t* words) const {
  uint64_t hash = 0;
  DispatchWords(num_words_, [&](auto w) { hash = HashFixed<decltype(w)::value>(words); });
  return hash;
}

uint64_t GroupTable::GroupHash(int32_t group) const {
  if (num_words_ > 0) return HashWords(&words_[static_cast<size_t>(group) * num_words_]);
  return types::HashBytes(std::string_view(key_bytes_).substr(key_offsets_[group],
                                                               key_offsets_[group + 1] - key_offsets_[group]));
}

int32_t GroupTable::AddGroup(const uint64_t* words, std::string_view encoded) {
  const int32_t g = static_cast<int32_t>(num_groups_++);
  if (num_words_ > 0) {
    if (words != nullptr) {
      words_.insert(words_.end(), words, words + num_words_);
    } else {
      words_.resize(words_.size() + num_words_, 0);
    }
  }
  key_bytes_.append(encoded);
  key_offsets_.push_back(key_bytes_.size());
  return g;
}

int32_t GroupTable::FindBytes(std::string_view encoded, uint64_t hash) const {
  std::string_view bytes(key_bytes_);
  for (size_t pos = hash & mask_; slots_[pos] != 0; pos = (pos + 1) & mask_) {
    const uint64_t slot = slots_[pos];
    if ((slot & kTagMask) != (hash & kTagMask)) continue;
    const int32_t g = SlotGroup(slot);
    if (bytes.substr(key_offsets_[g], key_offsets_[g + 1] - key_offsets_[g]) == encoded) return g;
  }
  return -1;
}

// ---------------------------------------------------------------- fixed layout

template <int W>
void GroupTable::FillWords(const std::vector<types::ColumnPtr>& keys, int64_t begin, int64_t count,
                           uint64_t* out) const {
  int w = 0;
  auto fill = [&](const types::Column& c) {
    uint64_t* dst = out + w;
    switch (word_kinds_[w++]) {
      case WordKind::kByte: {
        const uint8_t* d = c.data<uint8_t>() + begin;
        for (int64_t i = 0; i < count; ++i) dst[i * W] = d[i];
        break;
      }
      case WordKind::kInt32: {
        const int32_t* d = c.data<int32_t>() + begin;
        for (int64_t i = 0; i < count; ++i) dst[i * W] = static_cast<uint64_t>(static_cast<int64_t>(d[i]));
        break;
      }
      case WordKind::kInt64: {
        const int64_t* d = c.data<int64_t>() + begin;
        for (int64_t i = 0; i < count; ++i) dst[i * W] = static_cast<uint64_t>(d[i]);
        break;
      }
      case WordKind::kDouble: {
        const double* d = c.data<double>() + begin;
        for (int64_t i = 0; i < count; ++i) {
          double v = d[i] == 0 ? 0.0 : d[i];  // -0.0 groups with 0.0, as the encoding does
          dst[i * W] = std::bit_cast<uint64_t>(v);
        }
        break;
      }
    }
  };
  for (const auto& k : keys) {
    if (k->type_id() == types::TypeId::kStruct) {
      for (size_t f = 0; f < k->type()->fields().size(); ++f) fill(*k->child(f));
    } else {
      fill(*k);
    }
  }
}

template <int W>
int32_t GroupTable::ProbeWords(const uint64_t* words, uint64_t hash, size_t* pos) const {
  const uint64_t tag = hash & kTagMask;
  size_t p = hash & mask_;
  while (true) {
    const uint64_t slot = slots_[p];
    if (slot == 0) break;
    if ((slot & kTagMask) == tag) {
      const int32_t g = SlotGroup(slot);
      if (EqualWords<W>(&words_[static_cast<size_t>(g) * W], words)) return g;
    }
    p = (p + 1) & mask_;
  }
  *pos = p;
  return -1;
}

template <int W>
void GroupTable::FindOrInsertFixed(const std::vector<types::ColumnPtr>& keys, int64_t n, int32_t* group_ids,
                                   std::vector<int32_t>* new_group_rows) {
  const bool may_have_nulls = MayHaveNulls(keys);
  chunk_words_.resize(kChunkRows * W);
  uint64_t* words = chunk_words_.data();
  uint64_t hashes[kChunkRows];
  for (int64_t begin = 0; begin < n; begin += kChunkRows) {
    const int64_t count = std::min(kChunkRows, n - begin);
    FillWords<W>(keys, begin, count, words);
    // Prefetching every home slot first lets the probes' cache misses overlap.
    for (int64_t r = 0; r < count; ++r) {
      hashes[r] = HashFixed<W>(words + r * W);
      __builtin_prefetch(&slots_[hashes[r] & mask_]);
    }
    for (int64_t r = 0; r < count; ++r) {
      const int64_t row = begin + r;
      if (may_have_nulls && RowHasNull(keys, row)) {
        EncodeKeyRow(keys, row, &scratch_);
        auto it = null_keys_.find(scratch_);
        if (it == null_keys_.end()) {
          it = null_keys_.emplace(scratch_, AddGroup(nullptr, scratch_)).first;
          new_group_rows->push_back(static_cast<int32_t>(row));
        }
        group_ids[row] = it->second;
        continue;
      }
      const uint64_t* key = words + r * W;
      size_t pos;
      int32_t g = ProbeWords<W>(key, hashes[r], &pos);
      if (g < 0) {
        g = AddGroup(key, {});
        slots_[pos] = MakeSlot(hashes[r], g);
        new_group_rows->push_back(static_cast<int32_t>(row));
        GrowIfNeeded();
      }
      group_ids[row] = g;
    }
  }
}

template <int W>
void GroupTable::FindFixed(const std::vector<types::ColumnPtr>& keys, int64_t n, int32_t* group_ids) {
  const bool may_have_nulls = MayHaveNulls(keys);
  chunk_words_.resize(kChunkRows * W);
  uint64_t* words = chunk_words_.data();
  for (int64_t begin = 0; begin < n; begin += kChunkRows) {
    const int64_t count = std::min(kChunkRows, n - begin);
    FillWords<W>(keys, begin, count, words);
    for (int64_t r = 0; r < count; ++r) {
      const int64_t row = begin + r;
      if (may_have_nulls && RowHasNull(keys, row)) {
        bool top_level_null = false;
        for (const auto& k : keys) top_level_null = top_level_null || k->IsNull(row);
        if (top_level_null) {
          group_ids[row] = -1;
          continue;
        }
        // A struct key with a NULL field still equals itself.
        EncodeKeyRow(keys, row, &scratch_);
        auto it = null_keys_.find(scratch_);
        group_ids[row] = it == null_keys_.end() ? -1 : it->second;
        continue;
      }
      size_t pos;
      group_ids[row] = ProbeWords<W>(words + r * W, HashFixed<W>(words + r * W), &pos);
    }
  }
}

bool GroupTable::DecodeWords(std::string_view in, uint64_t* words) const {
  int w = 0;
  auto read_cell = [&]() -> bool {
    if (in.empty() || in[0] != 1) return false;  // NULL (or malformed)
    in.remove_prefix(1);
    const WordKind kind = word_kinds_[w];
    const size_t width = kind == WordKind::kByte ? 1 : kind == WordKind::kInt32 ? 4 : 8;
    if (in.size() < width) return false;
    uint64_t v = 0;
    if (kind == WordKind::kByte) {
      v = static_cast<uint8_t>(in[0]);
    } else if (kind == WordKind::kInt32) {
      int32_t x;
      std::memcpy(&x, in.data(), 4);
      v = static_cast<uint64_t>(static_cast<int64_t>(x));
    } else {
      std::memcpy(&v, in.data(), 8);
    }
    in.remove_prefix(width);
    words[w++] = v;
    return true;
  };
  for (const auto& t : key_types_) {
    if (t->id() == types::TypeId::kStruct) {
      if (in.empty() || in[0] != 1) return false;
      in.remove_prefix(1);
      for (size_t f = 0; f < t->fields().size(); ++f) {
        if (!read_cell()) return false;
      }
    } else if (!read_cell()) {
      return false;
    }
  }
  return in.empty();
}

// ---------------------------------------------------------------- public

void GroupTable::FindOrInsert(const std::vector<types::ColumnPtr>& keys, int64_t n, int32_t* group_ids,
                              std::vector<int32_t>* new_group_rows) {
  if (keys.empty()) {
    // A global aggregation: one group.
    if (num_groups_ == 0) {
      InsertEncoded("");
      new_group_rows->push_back(0);
    }
    std::memset(group_ids, 0, sizeof(int32_t) * n);
    return;
  }
  if (num_words_ > 0) {
    DispatchWords(num_words_, [&](auto w) { FindOrInsertFixed<decltype(w)::value>(keys, n, group_ids, new_group_rows); });
    return;
  }
  for (int64_t i = 0; i < n; ++i) {
    EncodeKeyRow(keys, i, &scratch_);
    const uint64_t hash = types::HashBytes(scratch_);
    int32_t g = FindBytes(scratch_, hash);
    if (g < 0) {
      g = AddGroup(nullptr, scratch_);
      InsertSlot(hash, g);
      new_group_rows->push_back(static_cast<int32_t>(i));
      GrowIfNeeded();
    }
    group_ids[i] = g;
  }
}

void GroupTable::Find(const std::vector<types::ColumnPtr>& keys, int64_t n, int32_t* group_ids) {
  if (num_words_ > 0) {
    DispatchWords(num_words_, [&](auto w) { FindFixed<decltype(w)::value>(keys, n, group_ids); });
    return;
  }
  for (int64_t i = 0; i < n; ++i) {
    bool has_null = false;
    for (const auto& k : keys) has_null = has_null || k->IsNull(i);
    if (has_null) {
      group_ids[i] = -1;
      continue;
    }
    EncodeKeyRow(keys, i, &scratch_);
    group_ids[i] = FindBytes(scratch_, types::HashBytes(scratch_));
  }
}

int32_t GroupTable::InsertEncoded(std::string_view encoded) {
  if (num_words_ > 0) {
    uint64_t words[kMaxWords];
    if (!DecodeWords(encoded, words)) {
      auto it = null_keys_.find(std::string(encoded));
      if (it != null_keys_.end()) return it->second;
      const int32_t g = AddGroup(nullptr, encoded);
      null_keys_.emplace(std::string(encoded), g);
      return g;
    }
    const uint64_t hash = HashWords(words);
    size_t pos;
    int32_t g;
    DispatchWords(num_words_, [&](auto w) { g = ProbeWords<decltype(w)::value>(words, hash, &pos); });
    if (g >= 0) return g;
    g = AddGroup(words, {});
    slots_[pos] = MakeSlot(hash, g);
    GrowIfNeeded();
    return g;
  }
  const uint64_t hash = types::HashBytes(encoded);
  int32_t g = FindBytes(encoded, hash);
  if (g >= 0) return g;
  g = AddGroup(nullptr, encoded);
  InsertSlot(hash, g);
  GrowIfNeeded();
  return g;
}

void GroupTable::AppendEncodedKey(int32_t group, std::string* out) const {
  const uint64_t begin = key_offsets_[group], end = key_offsets_[group + 1];
  if (num_words_ == 0 || end > begin) {
    out->append(key_bytes_, begin, end - begin);
    return;
  }
  // Rebuild types::EncodeValue's bytes from the words: a presence byte per value (and
  // per struct), then the value little-endian at its type's width.
  const uint64_t* words = &words_[static_cast<size_t>(group) * num_words_];
  int w = 0;
  auto put_cell = [&]() {
    out->push_back(1);
    const uint64_t v = words[w];
    switch (word_kinds_[w++]) {
      case WordKind::kByte: out->push_back(static_cast<char>(v)); break;
      case WordKind::kInt32: {
        const int32_t x = static_cast<int32_t>(v);
        out->append(reinterpret_cast<const char*>(&x), 4);
        break;
      }
      case WordKind::kInt64:
      case WordKind::kDouble: out->append(reinterpret_cast<const char*>(&v), 8); break;
    }
  };
  for (const auto& t : key_types_) {
    if (t->id() == types::TypeId::kStruct) {
      out->push_back(1);
      for (size_t f = 0; f < t->fields().size(); ++f) put_cell();
    } else {
      put_cell();
    }
  }
}

std::string GroupTable::EncodedKey(int32_t group) const {
  std::string out;
  AppendEncodedKey(group, &out);
  return out;
}

void GroupTable::Compact(const std::vector<uint8_t>& keep, std::vector<int32_t>* remap) {
  remap->assign(num_groups_, -1);
  std::vector<uint64_t> words;
  std::string bytes;
  std::vector<uint64_t> offsets{0};
  int32_t kept = 0;
  for (int32_t g = 0; g < static_cast<int32_t>(num_groups_); ++g) {
    if (!keep[g]) continue;
    (*remap)[g] = kept++;
    if (num_words_ > 0) {
      const auto first = words_.begin() + static_cast<size_t>(g) * num_words_;
      words.insert(words.end(), first, first + num_words_);
    }
    bytes.append(key_bytes_, key_offsets_[g], key_offsets_[g + 1] - key_offsets_[g]);
    offsets.push_back(bytes.size());
  }
  for (auto it = null_keys_.begin(); it != null_keys_.end();) {
    const int32_t g = (*remap)[it->second];
    if (g < 0) {
      it = null_keys_.erase(it);
    } else {
      it->second = g;
      ++it;
    }
  }
  words_ = std::move(words);
  key_bytes_ = std::move(bytes);
  key_offsets_ = std::move(offsets);
  num_groups_ = kept;
  size_t size = kInitialSlots;
  while (size < static_cast<size_t>(num_groups_) * 2 + 1) size *= 2;
  Rehash(size);
}

int64_t GroupTable::MemoryBytes() const {
  int64_t bytes = static_cast<int64_t>(slots_.capacity() * 8 + words_.capacity() * 8 + key_bytes_.capacity() +
                                       key_offsets_.capacity() * 8);
  for (const auto& [key, group] : null_keys_) bytes += static_cast<int64_t>(sizeof(key) + key.capacity() + 16);
  return bytes;
}

}  // namespace sluice::exec
