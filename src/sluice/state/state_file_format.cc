#include "sluice/state/state_file_format.h"

#include <zlib.h>

#include <charconv>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "sluice/types/row_codec.h"

namespace sluice::state {

namespace {

constexpr char kDeltaMagic[4] = {'S', 'L', 'S', 'D'};
constexpr char kSnapshotMagic[4] = {'S', 'L', 'S', 'S'};
constexpr std::string_view kDeltaSuffix = ".delta";
constexpr std::string_view kSnapshotSuffix = ".snapshot";

const char* KindName(StateFileKind kind) { return kind == StateFileKind::kDelta ? "delta" : "snapshot"; }
const char* MagicFor(StateFileKind kind) { return kind == StateFileKind::kDelta ? kDeltaMagic : kSnapshotMagic; }

void PutFixed32(char* out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out[i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}
void PutFixed64(char* out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out[i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}
uint32_t GetFixed32(const char* in) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(static_cast<uint8_t>(in[i])) << (8 * i);
  return v;
}
uint64_t GetFixed64(const char* in) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= static_cast<uint64_t>(static_cast<uint8_t>(in[i])) << (8 * i);
  return v;
}

uint32_t Crc32(std::string_view bytes) {
  uLong crc = crc32_z(0L, Z_NULL, 0);
  crc = crc32_z(crc, reinterpret_cast<const Bytef*>(bytes.data()), bytes.size());
  return static_cast<uint32_t>(crc);
}

std::string Hex32(uint32_t v) {
  char buffer[11];
  std::snprintf(buffer, sizeof(buffer), "0x%08x", v);
  return buffer;
}

void AppendBytes(std::string_view bytes, std::string* out) {
  types::EncodeVarint(bytes.size(), out);
  out->append(bytes);
}

bool ReadBytes(std::string_view* in, std::string_view* out) {
  uint64_t length = 0;
  if (!types::DecodeVarint(in, &length) || length > in->size()) return false;
  *out = in->substr(0, length);
  in->remove_prefix(length);
  return true;
}

}  // namespace

std::string StateFilePath(const std::string& dir, int64_t version, StateFileKind kind) {
  std::string name = std::to_string(version);
  name.append(kind == StateFileKind::kDelta ? kDeltaSuffix : kSnapshotSuffix);
  return (std::filesystem::path(dir) / name).string();
}

std::optional<StateFileName> ParseStateFileName(std::string_view file_name) {
  StateFileKind kind;
  std::string_view digits;
  if (file_name.ends_with(kDeltaSuffix)) {
    kind = StateFileKind::kDelta;
    digits = file_name.substr(0, file_name.size() - kDeltaSuffix.size());
  } else if (file_name.ends_with(kSnapshotSuffix)) {
    kind = StateFileKind::kSnapshot;
    digits = file_name.substr(0, file_name.size() - kSnapshotSuffix.size());
  } else {
    return std::nullopt;
  }
  if (digits.empty() || (digits.size() > 1 && digits[0] == '0')) return std::nullopt;
  int64_t version = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), version);
  if (ec != std::errc() || end != digits.data() + digits.size() || version < 1) return std::nullopt;
  return StateFileName{version, kind};
}

StateFileWriter::StateFileWriter(StateFileKind kind, int64_t version) : kind_(kind), version_(version) {
  buffer_.resize(kStateFileHeaderSize);
}

void StateFileWriter::AddPut(std::string_view key, std::string_view value) {
  buffer_.push_back(static_cast<char>(StateRecordType::kPut));
  AppendBytes(key, &buffer_);
  AppendBytes(value, &buffer_);
  ++num_records_;
}

void StateFileWriter::AddRemove(std::string_view key) {
  buffer_.push_back(static_cast<char>(StateRecordType::kRemove));
  AppendBytes(key, &buffer_);
  ++num_records_;
}

std::string StateFileWriter::Finish() {
  std::string_view body = std::string_view(buffer_).substr(kStateFileHeaderSize);
  char* header = buffer_.data();
  std::memcpy(header, MagicFor(kind_), 4);
  PutFixed32(header + 4, kStateFileFormatVersion);
  PutFixed64(header + 8, static_cast<uint64_t>(version_));
  PutFixed64(header + 16, static_cast<uint64_t>(num_records_));
  PutFixed64(header + 24, body.size());
  PutFixed32(header + 32, Crc32(body));
  return std::move(buffer_);
}

Result<StateFileReader> StateFileReader::Open(std::string_view bytes, std::string path, StateFileKind kind,
                                              int64_t expected_version) {
  auto corrupt = [&](const std::string& problem) {
    return Status::Corruption("state file " + path + " is corrupt: " + problem);
  };
  if (bytes.size() < kStateFileHeaderSize) {
    return corrupt("truncated header (" + std::to_string(bytes.size()) + " bytes, expected at least " +
                   std::to_string(kStateFileHeaderSize) + ")");
  }
  const char* header = bytes.data();
  if (std::memcmp(header, MagicFor(kind), 4) != 0) {
    const char* other = MagicFor(kind == StateFileKind::kDelta ? StateFileKind::kSnapshot : StateFileKind::kDelta);
    if (std::memcmp(header, other, 4) == 0) {
      return corrupt(std::string("it is a ") + KindName(kind == StateFileKind::kDelta ? StateFileKind::kSnapshot
                                                                                       : StateFileKind::kDelta) +
                     " file, expected a " + KindName(kind));
    }
    return corrupt(std::string("not a sluice state ") + KindName(kind) + " file (bad magic number)");
  }
  const uint32_t format_version = GetFixed32(header + 4);
  if (format_version != kStateFileFormatVersion) {
    if (format_version > kStateFileFormatVersion) {
      return Status::NotSupported("state file " + path + " has format version " + std::to_string(format_version) +
                                  ", but this version of sluice reads up to " +
                                  std::to_string(kStateFileFormatVersion) +
                                  "; upgrade sluice or use a new checkpointLocation");
    }
    return corrupt("bad format version " + std::to_string(format_version));
  }
  const int64_t version = static_cast<int64_t>(GetFixed64(header + 8));
  if (version != expected_version) {
    return corrupt("it holds state version " + std::to_string(version) + ", but its name says " +
                   std::to_string(expected_version));
  }
  const uint64_t num_records = GetFixed64(header + 16);
  const uint64_t body_length = GetFixed64(header + 24);
  const uint64_t actual_length = bytes.size() - kStateFileHeaderSize;
  if (body_length != actual_length) {
    if (body_length > actual_length) {
      return corrupt("truncated: the header promises " + std::to_string(body_length) + " body bytes, found " +
                     std::to_string(actual_length));
    }
    return corrupt(std::to_string(actual_length - body_length) + " unexpected bytes after the body");
  }
  std::string_view body = bytes.substr(kStateFileHeaderSize);
  const uint32_t stored_crc = GetFixed32(header + 32);
  const uint32_t actual_crc = Crc32(body);
  if (stored_crc != actual_crc) {
    return corrupt("checksum mismatch (stored " + Hex32(stored_crc) + ", computed " + Hex32(actual_crc) + ")");
  }
  // Each record takes at least 2 bytes; a larger count cannot be genuine.
  if (num_records > body.size() / 2 + 1) {
    return corrupt("record count " + std::to_string(num_records) + " does not fit in " +
                   std::to_string(body.size()) + " body bytes");
  }
  return StateFileReader(body, std::move(path), kind, static_cast<int64_t>(num_records));
}

Status StateFileReader::Corrupt(const std::string& problem) const {
  return Status::Corruption("state file " + path_ + " is corrupt: " + problem);
}

Result<bool> StateFileReader::Next(StateRecord* record) {
  if (num_read_ == num_records_) {
    if (!body_.empty()) {
      return Corrupt(std::to_string(body_.size()) + " bytes left after the " + std::to_string(num_records_) +
                     " records the header announces");
    }
    return false;
  }
  const std::string record_name = "record " + std::to_string(num_read_);
  if (body_.empty()) {
    return Corrupt("the body ends after " + std::to_string(num_read_) + " of " + std::to_string(num_records_) +
                   " records");
  }
  const uint8_t type = static_cast<uint8_t>(body_.front());
  body_.remove_prefix(1);
  if (type == static_cast<uint8_t>(StateRecordType::kPut)) {
    record->type = StateRecordType::kPut;
    if (!ReadBytes(&body_, &record->key) || !ReadBytes(&body_, &record->value)) {
      return Corrupt(record_name + " (put) is truncated");
    }
  } else if (type == static_cast<uint8_t>(StateRecordType::kRemove) && kind_ == StateFileKind::kDelta) {
    record->type = StateRecordType::kRemove;
    record->value = {};
    if (!ReadBytes(&body_, &record->key)) return Corrupt(record_name + " (remove) is truncated");
  } else {
    return Corrupt(record_name + " has unknown type " + std::to_string(type));
  }
  ++num_read_;
  return true;
}

}  // namespace sluice::state
