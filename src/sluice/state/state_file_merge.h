#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sluice/common/status.h"

namespace sluice::state {

// A state file read into memory, with what its name says it holds.
struct StateFileBytes {
  std::string path;  // for error messages
  std::string bytes;
  int64_t version = 0;
};

// Builds the snapshot file of `version` from the files loading that version reads:
// `snapshot`, the snapshot the deltas start from (nullptr: the empty version 0), and
// `deltas`, the deltas after it up to `version`, in version order. The result holds
// exactly what loading would (state_file_format.h), with records in no particular
// order.
//
// Unlike loading, it builds no StateMap: it indexes the last record of each key the
// deltas touch (views into their bytes), copies the snapshot's puts of all other keys,
// then appends the indexed puts. That is one hash probe per record and one copy of the
// bytes, without an allocation per key, which keeps background snapshots cheap.
// Errors: Corruption from reading a file, naming it (StateFileReader).
Result<std::string> MergeIntoSnapshot(const StateFileBytes* snapshot, const std::vector<StateFileBytes>& deltas,
                                      int64_t version);

}  // namespace sluice::state
