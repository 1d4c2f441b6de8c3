#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sluice/common/status.h"

namespace sluice::checkpoint {

// Every file in a checkpoint directory is written through WriteFileAtomic, so a
// reader sees either the old contents or the new ones, never a torn file
// (LevelDB's SetCurrentFile; Spark's CheckpointFileManager.createAtomic).
//
// Steps: write `bytes` to a temp file in the same directory, fsync it, rename it
// over `path`, fsync the directory. A crash may leave a temp file behind; temp
// names start with '.' and end in ".tmp" (see IsTempFileName), so listings that
// look for numbered files skip them. The parent directory must exist.
// Returns IOError naming the path and the failed system call.
// Thread-safe (different paths); concurrent writers of one path: last rename wins.
Status WriteFileAtomic(const std::string& path, std::string_view bytes);

// Reads a whole file. Returns IOError naming the path when it cannot be read
// (including when it does not exist).
Result<std::string> ReadFile(const std::string& path);

// Like ReadFile, but a missing file is nullopt rather than an error.
Result<std::optional<std::string>> ReadFileIfExists(const std::string& path);

// True for names WriteFileAtomic uses for its temp files (".<name>.<random>.tmp").
bool IsTempFileName(std::string_view file_name);

// Test-only fault injection (process-wide). Makes the `n`th call to WriteFileAtomic,
// counting from this call (1 = the next one), fail with IOError after its temp
// file is written and synced but before the rename, which is what a crash at that
// point leaves on disk: the previous file intact plus a stray temp file.
// `n` <= 0 disarms the fault. Later writes succeed again.
void TEST_FailNthAtomicWrite(int64_t n);

// Test-only: the number of WriteFileAtomic calls so far (successful or not).
int64_t TEST_NumAtomicWrites();

}  // namespace sluice::checkpoint
