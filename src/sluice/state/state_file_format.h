#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sluice/common/status.h"

namespace sluice::state {

// The binary format of a state store's "<version>.delta" and "<version>.snapshot"
// files (docs/formats/state-store.md):
//
//   offset  size  field
//   0       4     magic: "SLSD" (delta) or "SLSS" (snapshot)
//   4       4     format version, uint32 little-endian (kStateFileFormatVersion)
//   8       8     state version, int64 little-endian (must match the file name)
//   16      8     number of records, uint64 little-endian
//   24      8     body length in bytes, uint64 little-endian
//   32      4     CRC-32 (zlib crc32) of the body, uint32 little-endian
//   36      ...   body: records
//
// A record is a type byte, then varint key length and key bytes, then for a put a
// varint value length and value bytes. A delta holds the net change of each key
// touched in its version (a put of the final value, or a remove); a snapshot holds
// one put per key. Stored in checkpoints: do not renumber or reorder.

enum class StateFileKind : uint8_t { kDelta, kSnapshot };

// Record types. Stored in checkpoints: do not renumber.
enum class StateRecordType : uint8_t { kPut = 1, kRemove = 2 };

inline constexpr uint32_t kStateFileFormatVersion = 1;
inline constexpr size_t kStateFileHeaderSize = 36;

// "<dir>/<version>.delta" / "<dir>/<version>.snapshot".
std::string StateFilePath(const std::string& dir, int64_t version, StateFileKind kind);

// Parses "<version>.delta" / "<version>.snapshot" (canonical decimal, version >= 1).
struct StateFileName {
  int64_t version;
  StateFileKind kind;
};
std::optional<StateFileName> ParseStateFileName(std::string_view file_name);

// Builds a state file in memory. Not thread-safe.
class StateFileWriter {
 public:
  StateFileWriter(StateFileKind kind, int64_t version);

  void AddPut(std::string_view key, std::string_view value);
  void AddRemove(std::string_view key);
  int64_t num_records() const { return num_records_; }
  // Makes room for `bytes` bytes of records, sparing reallocations.
  void Reserve(size_t bytes) { buffer_.reserve(kStateFileHeaderSize + bytes); }

  // Fills in the header and returns the file's bytes. The writer is spent afterwards.
  std::string Finish();

 private:
  StateFileKind kind_;
  int64_t version_;
  int64_t num_records_ = 0;
  std::string buffer_;  // header placeholder followed by the body
};

struct StateRecord {
  StateRecordType type;
  std::string_view key;
  std::string_view value;  // empty for a remove
};

// Reads the records of a state file held in memory. Open() checks the header (magic,
// format version, state version, length, CRC) and every failure is a Corruption
// naming `path` and the problem. Not thread-safe; `bytes` must outlive the reader.
class StateFileReader {
 public:
  static Result<StateFileReader> Open(std::string_view bytes, std::string path, StateFileKind kind,
                                      int64_t expected_version);

  int64_t num_records() const { return num_records_; }

  // Sets `*record` to the next record and returns true, or returns false after the
  // last one (having checked that the body holds exactly num_records() records).
  Result<bool> Next(StateRecord* record);

 private:
  StateFileReader(std::string_view body, std::string path, StateFileKind kind, int64_t num_records)
      : body_(body), path_(std::move(path)), kind_(kind), num_records_(num_records) {}

  Status Corrupt(const std::string& problem) const;

  std::string_view body_;
  std::string path_;
  StateFileKind kind_;
  int64_t num_records_;
  int64_t num_read_ = 0;
};

}  // namespace sluice::state
