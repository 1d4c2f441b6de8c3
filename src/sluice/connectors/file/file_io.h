#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "sluice/common/status.h"

namespace sluice::connectors {

// Bytes every buffer returned by ReadDataFile has beyond its logical size, so that parsers
// (simdjson) may read past the end of a record. At least SIMDJSON_PADDING.
inline constexpr size_t kReadPadding = 64;

// The contents of a data file, decompressed: `size` bytes followed by at least
// kReadPadding zero bytes. (Not a std::string, which would zero the whole buffer first.)
struct FileContents {
  std::unique_ptr<char[]> data;
  size_t size = 0;
  size_t capacity = 0;  // allocated bytes, padding included
  std::string_view view() const { return std::string_view(data.get(), size); }
};

// Why ReadDataFile failed, so callers can apply ignoreMissingFiles / ignoreCorruptFiles.
enum class ReadFailure : uint8_t { kNone, kMissing, kCorrupt, kOther };

// Reads a whole data file, decompressing it by extension (".gz" through zlib; several
// concatenated gzip members are read as one stream). `display` names the file in errors
// (the "file:/..." form). Errors (IOError): the file does not exist (kMissing), cannot be
// read (kOther), is truncated or corrupt gzip data (kCorrupt), or uses an unsupported
// compression extension such as ".bz2" (kCorrupt). `failure` may be null.
Result<FileContents> ReadDataFile(const std::string& path, const std::string& display, ReadFailure* failure);

// The file's whole contents (no decompression), for small metadata files.
Result<std::string> ReadSmallFile(const std::string& path);

// Writes `contents` to `path` atomically: a temporary file in the same folder, fsync,
// rename, fsync of the folder. Fails with IOError naming the file, and with
// kAlreadyExists-like IOError when `fail_if_exists` and `path` exists.
Status WriteFileAtomically(const std::string& path, std::string_view contents, bool fail_if_exists = false);

// Writes `contents` to a new file `path` and fsyncs it (part files: they become visible
// through the sink log, written after them).
Status WriteFileDurably(const std::string& path, std::string_view contents);

// Compresses `data` as one gzip member.
Result<std::string> GzipCompress(std::string_view data);

// Creates `dir` and its parents. IOError naming it.
Status CreateDirectories(const std::string& dir);

}  // namespace sluice::connectors
