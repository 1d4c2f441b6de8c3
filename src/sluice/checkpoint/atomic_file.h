#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sluice/common/atomic_file.h"
#include "sluice/common/status.h"

namespace sluice::checkpoint {

// Every file in a checkpoint directory is written through WriteFileAtomic, so a
// reader sees either the old contents or the new ones, never a torn file
// (LevelDB's SetCurrentFile; Spark's CheckpointFileManager.createAtomic).
//
// It is common/atomic_file.h's WriteFileAtomic (temp file, sync, rename, directory
// sync) plus the checkpoint's own fault-injection counter below. A crash may leave a
// temp file behind; IsTempFileName tells listings to skip it. The parent directory
// must exist. Thread-safe (different paths); concurrent writers of one path: last
// rename wins.
Status WriteFileAtomic(const std::string& path, std::string_view bytes);

using ::sluice::IsTempFileName;
using ::sluice::ReadFile;
using ::sluice::ReadFileIfExists;

// Test-only fault injection (process-wide). Makes the `n`th call to WriteFileAtomic,
// counting from this call (1 = the next one), fail with IOError after its temp
// file is written and synced but before the rename, which is what a crash at that
// point leaves on disk: the previous file intact plus a stray temp file.
// `n` <= 0 disarms the fault. Later writes succeed again.
void TEST_FailNthAtomicWrite(int64_t n);

// Test-only: the number of WriteFileAtomic calls so far (successful or not).
int64_t TEST_NumAtomicWrites();

}  // namespace sluice::checkpoint
