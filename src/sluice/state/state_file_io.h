#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sluice/common/status.h"

namespace sluice::state {

// File I/O of state stores. The state layer may not use checkpoint/ (STYLE.md §1),
// so it carries its own copy of the atomic-write discipline: write a temp file in
// the same directory, sync it, rename it over `path`, fsync the directory (common/atomic_file.h). Temp
// names are ".<name>.<pid>-<n>.tmp" (IsStateTempFileName). Thread-safe.
Status WriteStateFileAtomic(const std::string& path, std::string_view bytes);

// The file's bytes, nullopt when it does not exist, IOError naming it otherwise.
Result<std::optional<std::string>> ReadStateFile(const std::string& path);

bool IsStateTempFileName(std::string_view file_name);

// Test-only fault injection (process-wide): makes the `n`th WriteStateFileAtomic call
// from now (1 = the next) fail with IOError after writing its temp file but before
// the rename, as a crash there would. `n` <= 0 disarms it.
void TEST_FailNthStateFileWrite(int64_t n);

}  // namespace sluice::state
