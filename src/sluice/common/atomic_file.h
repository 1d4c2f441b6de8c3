#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "sluice/common/status.h"

namespace sluice {

// Writes `bytes` to `path` so that readers see the old file or the whole new one:
// a temp file ".<name>.<pid>-<n>.tmp" in the same directory, fdatasync, rename, then
// fsync of the directory. IOError names the file and the failing call. With
// `fail_before_rename` (test fault injection) the temp file is written and left behind,
// as a crash before the rename would, and an IOError is returned.
Status WriteFileAtomic(const std::string& path, std::string_view bytes, bool fail_before_rename = false);

// The whole file, or IOError ("file does not exist" when missing).
Result<std::string> ReadFile(const std::string& path);
// The whole file, nullopt when it does not exist; IOError for a directory or a read error.
Result<std::optional<std::string>> ReadFileIfExists(const std::string& path);

// Whether a directory entry is a temp file left by WriteFileAtomic.
bool IsTempFileName(std::string_view file_name);

}  // namespace sluice
