#include "sluice/state/state_file_merge.h"

#include <string_view>

#include "sluice/state/state_file_format.h"
#include "sluice/state/state_map.h"

namespace sluice::state {

namespace {

// The last record of each key in a sequence of deltas. Records are views into the
// delta bytes, kept in arrival order; an open-addressing index of 8-byte slots (32
// hash bits and the record number, as in StateMap) finds them, and it stays small
// enough for the cache while the snapshot's keys are probed against it. Sized for
// the records up front: it never grows.
class DeltaIndex {
 public:
  explicit DeltaIndex(int64_t max_keys) {
    size_t num_slots = 16;
    while (num_slots < static_cast<size_t>(max_keys) * 2) num_slots *= 2;
    slots_.assign(num_slots, 0);
    mask_ = num_slots - 1;
    records_.reserve(static_cast<size_t>(max_keys));
  }

  // A later record of a key replaces the earlier one.
  void Record(const StateRecord& record) {
    const uint64_t hash = StateMap::Hash(record.key);
    const size_t pos = Probe(record.key, hash);
    const bool put = record.type == StateRecordType::kPut;
    if (slots_[pos] != 0) {
      records_[SlotRecord(slots_[pos])] = {record.key, record.value, put};
      return;
    }
    slots_[pos] = (hash & kTagMask) | static_cast<uint32_t>(records_.size() + 1);
    records_.push_back({record.key, record.value, put});
  }

  bool Contains(std::string_view key) const { return slots_[Probe(key, StateMap::Hash(key))] != 0; }

  template <typename Fn>
  void ForEachPut(Fn&& fn) const {
    for (const Entry& entry : records_) {
      if (entry.put) fn(entry.key, entry.value);
    }
  }

 private:
  static constexpr uint64_t kTagMask = 0xffffffff00000000ULL;

  struct Entry {
    std::string_view key;
    std::string_view value;
    bool put;
  };

  static size_t SlotRecord(uint64_t slot) { return static_cast<uint32_t>(slot) - 1; }

  // The position of `key`'s slot, or of the empty slot where it would go.
  size_t Probe(std::string_view key, uint64_t hash) const {
    for (size_t pos = hash & mask_;; pos = (pos + 1) & mask_) {
      const uint64_t slot = slots_[pos];
      if (slot == 0) return pos;
      if ((slot & kTagMask) == (hash & kTagMask) && records_[SlotRecord(slot)].key == key) return pos;
    }
  }

  std::vector<uint64_t> slots_;  // 0 = empty, else (hash & kTagMask) | (record + 1)
  size_t mask_ = 0;
  std::vector<Entry> records_;
};

}  // namespace

Result<std::string> MergeIntoSnapshot(const StateFileBytes* snapshot, const std::vector<StateFileBytes>& deltas,
                                      int64_t version) {
  std::vector<StateFileReader> readers;
  readers.reserve(deltas.size());
  int64_t num_delta_records = 0;
  for (const StateFileBytes& delta : deltas) {
    SLUICE_ASSIGN_OR_RETURN(StateFileReader reader,
                            StateFileReader::Open(delta.bytes, delta.path, StateFileKind::kDelta, delta.version));
    num_delta_records += reader.num_records();
    readers.push_back(std::move(reader));
  }
  DeltaIndex index(num_delta_records);
  StateRecord record;
  for (StateFileReader& reader : readers) {
    while (true) {
      SLUICE_ASSIGN_OR_RETURN(bool has_record, reader.Next(&record));
      if (!has_record) break;
      index.Record(record);
    }
  }

  StateFileWriter out(StateFileKind::kSnapshot, version);
  size_t expected_bytes = 0;
  for (const StateFileBytes& delta : deltas) expected_bytes += delta.bytes.size();
  if (snapshot != nullptr) {
    expected_bytes += snapshot->bytes.size();
    out.Reserve(expected_bytes);
    SLUICE_ASSIGN_OR_RETURN(
        StateFileReader reader,
        StateFileReader::Open(snapshot->bytes, snapshot->path, StateFileKind::kSnapshot, snapshot->version));
    while (true) {
      SLUICE_ASSIGN_OR_RETURN(bool has_record, reader.Next(&record));
      if (!has_record) break;
      // Keys the deltas touched get their final record below (or none when removed).
      if (record.type == StateRecordType::kPut && !index.Contains(record.key)) out.AddPut(record.key, record.value);
    }
  } else {
    out.Reserve(expected_bytes);
  }
  index.ForEachPut([&](std::string_view key, std::string_view value) { out.AddPut(key, value); });
  return out.Finish();
}

}  // namespace sluice::state
