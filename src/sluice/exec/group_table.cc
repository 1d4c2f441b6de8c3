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
  if (!integral_ && !key_types_.empty()) {
    int words = 0;
    bool fixed = true;
    for (const auto& t : key_types_) {
      if (t->FixedWidth() > 0) {
        ++words;
      } else if (t->id() == types::TypeId::kStruct) {
        for (const auto& f : t->fields()) {
          fixed = fixed && f.type->FixedWidth() > 0;
          ++words;
        }
      } else {
        fixed = false;
      }
    }
    if (fixed && words > 0 && words <= 8) fixed_words_ = words;
  }
}

namespace {

uint64_t CellWord(const types::Column& c, int64_t row) {
  switch (c.type()->FixedWidth()) {
    case 1: return c.data<uint8_t>()[row];
    case 4: return static_cast<uint64_t>(static_cast<int64_t>(c.data<int32_t>()[row]));
    default: {
      if (c.type_id() == types::TypeId::kDouble) {
        double d = c.data<double>()[row];
        if (d == 0) d = 0;  // -0.0 groups with 0.0, as the encoding does
        uint64_t bits;
        std::memcpy(&bits, &d, 8);
        return bits;
      }
      return static_cast<uint64_t>(c.data<int64_t>()[row]);
    }
  }
}

bool NoNullsDeep(const types::Column& c) {
  if (c.may_have_nulls() && c.CountNulls() > 0) return false;
  if (c.type_id() == types::TypeId::kStruct) {
    for (size_t i = 0; i < c.type()->fields().size(); ++i) {
      if (!NoNullsDeep(*c.child(i))) return false;
    }
  }
  return true;
}

}  // namespace

bool GroupTable::FixedFastPath(const std::vector<types::ColumnPtr>& keys) const {
  if (fixed_words_ == 0) return false;
  for (const auto& k : keys) {
    if (!NoNullsDeep(*k)) return false;
  }
  return true;
}

bool GroupTable::RowWords(const std::vector<types::ColumnPtr>& keys, int64_t row, uint64_t* words) const {
  int w = 0;
  for (const auto& k : keys) {
    if (k->IsNull(row)) return false;
    if (k->type_id() == types::TypeId::kStruct) {
      for (size_t f = 0; f < k->type()->fields().size(); ++f) {
        const auto& child = *k->child(f);
        if (child.IsNull(row)) return false;
        words[w++] = CellWord(child, row);
      }
    } else {
      words[w++] = CellWord(*k, row);
    }
  }
  return true;
}

bool GroupTable::EncodedWords(std::string_view in, uint64_t* words) const {
  int w = 0;
  auto read_cell = [&](const types::DataType& t) -> bool {
    if (in.empty() || in[0] != 1) return false;  // NULL (or malformed)
    in.remove_prefix(1);
    int width = t.FixedWidth();
    if (static_cast<int>(in.size()) < width) return false;
    uint64_t v = 0;
    if (width == 1) {
      v = static_cast<uint8_t>(in[0]);
    } else if (width == 4) {
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
      for (const auto& f : t->fields()) {
        if (!read_cell(*f.type)) return false;
      }
    } else if (!read_cell(*t)) {
      return false;
    }
  }
  return in.empty();
}

uint64_t GroupTable::WordHash(const uint64_t* words) const {
  uint64_t h = 0x9e3779b97f4a7c15ULL;
  for (int i = 0; i < fixed_words_; ++i) h = types::HashCombine(h, words[i]);
  return h;
}

void GroupTable::AddFixedKey(const uint64_t* words, bool valid) {
  if (fixed_words_ == 0) return;
  for (int i = 0; i < fixed_words_; ++i) fixed_keys_.push_back(valid ? words[i] : 0);
  fixed_valid_.push_back(valid ? 1 : 0);
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
  uint64_t words[8];
  bool has_words = fixed_words_ > 0 && EncodedWords(encoded, words);
  if (has_words) hash = WordHash(words);
  int32_t found = FindEncoded(encoded, hash);
  if (found >= 0) return found;
  int32_t g = static_cast<int32_t>(encoded_keys_.size());
  encoded_keys_.emplace_back(encoded);
  hashes_.push_back(hash);
  AddFixedKey(words, has_words);
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
  if (FixedFastPath(keys)) {
    // Fill the words column by column (one typed loop per column), then probe by row.
    const int w_count = fixed_words_;
    words_buffer_.resize(static_cast<size_t>(n) * w_count);
    int w = 0;
    auto fill = [&](const types::Column& c) {
      uint64_t* out = words_buffer_.data() + w++;
      switch (c.type()->FixedWidth()) {
        case 1: {
          const uint8_t* d = c.data<uint8_t>();
          for (int64_t i = 0; i < n; ++i) out[i * w_count] = d[i];
          break;
        }
        case 4: {
          const int32_t* d = c.data<int32_t>();
          for (int64_t i = 0; i < n; ++i) out[i * w_count] = static_cast<uint64_t>(static_cast<int64_t>(d[i]));
          break;
        }
        default:
          if (c.type_id() == types::TypeId::kDouble) {
            for (int64_t i = 0; i < n; ++i) out[i * w_count] = CellWord(c, i);
          } else {
            const int64_t* d = c.data<int64_t>();
            for (int64_t i = 0; i < n; ++i) out[i * w_count] = static_cast<uint64_t>(d[i]);
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
    const size_t width = static_cast<size_t>(fixed_words_) * sizeof(uint64_t);
    for (int64_t i = 0; i < n; ++i) {
      const uint64_t* words = words_buffer_.data() + static_cast<size_t>(i) * w_count;
      uint64_t hash = WordHash(words);
      size_t pos = hash & mask_;
      int32_t found = -1;
      while (slots_[pos] != 0) {
        int32_t g = slots_[pos] - 1;
        if (slot_hashes_[pos] == hash && fixed_valid_[g] &&
            std::memcmp(&fixed_keys_[static_cast<size_t>(g) * fixed_words_], words, width) == 0) {
          found = g;
          break;
        }
        pos = (pos + 1) & mask_;
      }
      if (found < 0) {
        scratch_.clear();
        for (const auto& k : keys) types::EncodeValue(*k, i, &scratch_);
        found = static_cast<int32_t>(encoded_keys_.size());
        encoded_keys_.push_back(scratch_);
        hashes_.push_back(hash);
        AddFixedKey(words, true);
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
    uint64_t words[8];
    bool has_words = fixed_words_ > 0 && RowWords(keys, i, words);
    if (has_words) hash = WordHash(words);
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
      AddFixedKey(words, has_words);
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
    uint64_t words[8];
    if (fixed_words_ > 0 && RowWords(keys, i, words)) hash = WordHash(words);
    group_ids[i] = FindEncoded(scratch_, hash);
  }
}

void GroupTable::Compact(const std::vector<uint8_t>& keep, std::vector<int32_t>* remap) {
  remap->assign(encoded_keys_.size(), -1);
  std::vector<std::string> keys;
  std::vector<uint64_t> hashes;
  std::vector<int64_t> ints;
  std::vector<uint64_t> fixed;
  std::vector<uint8_t> fixed_valid;
  for (size_t g = 0; g < encoded_keys_.size(); ++g) {
    if (!keep[g]) continue;
    (*remap)[g] = static_cast<int32_t>(keys.size());
    keys.push_back(std::move(encoded_keys_[g]));
    hashes.push_back(hashes_[g]);
    if (integral_) ints.push_back(int_keys_[g]);
    if (fixed_words_ > 0) {
      fixed.insert(fixed.end(), fixed_keys_.begin() + g * fixed_words_, fixed_keys_.begin() + (g + 1) * fixed_words_);
      fixed_valid.push_back(fixed_valid_[g]);
    }
  }
  fixed_keys_ = std::move(fixed);
  fixed_valid_ = std::move(fixed_valid);
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
                                       int_keys_.capacity() * 8 + fixed_keys_.capacity() * 8 + fixed_valid_.capacity());
  for (const auto& k : encoded_keys_) bytes += static_cast<int64_t>(sizeof(std::string) + (k.size() > 15 ? k.capacity() : 0));
  return bytes;
}

}  // namespace sluice::exec
