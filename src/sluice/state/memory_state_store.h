#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "sluice/state/state_store.h"

namespace sluice::state {

namespace internal {
class MemoryStateCache;
}  // namespace internal

class MaintenanceQueue;

// Memory estimate per entry on top of its key and value bytes (state_map.h): the
// entry record (32 bytes), two to four 8-byte index slots, and the heap block header
// and rounding of its key-and-value block.
inline constexpr int64_t kMemoryStateEntryOverheadBytes = 72;

// Keeps each store's entries in a StateMap in memory and persists versions as
// files, like Spark's HDFSBackedStateStoreProvider (format: docs/formats/
// state-store.md):
//  - Commit() writes "<version>.delta" holding the net change of every touched key;
//    that write is what makes the version durable.
//  - Once min_deltas_for_snapshot deltas follow the previous snapshot and their bytes
//    add up to at least the state's key and value bytes, the commit
//    queues a maintenance task on the provider's background thread (Spark's
//    maintenance task) and returns: the task builds that version's snapshot from
//    the files loading it reads (the previous snapshot and the deltas since, merged
//    by state_file_merge.h), writes it as "<version>.snapshot" (atomically), then
//    deletes the files older than min_versions_to_retain versions that no snapshot
//    on disk makes unnecessary (best effort). A waiting task is replaced by a newer
//    one and dropped by Close(), so a version may end up without its snapshot: a
//    snapshot only shortens loading.
//  - Load(dir, V) reuses the map cached after the last commit in `dir` when it is
//    at version V; otherwise it reads the latest snapshot <= V and replays the
//    deltas after it, ignoring files of versions > V (e.g. the delta of a batch that
//    crashed before its commits/ entry; the next Commit overwrites it). A snapshot
//    that cannot be read is skipped for an older one (or none) when the deltas
//    still reach back to it. Stray temp files in `dir` are deleted then.
// MemoryBytes() = sum of key and value sizes + NumKeys() * kMemoryStateEntryOverheadBytes.
// Thread-safe (see StateStoreProvider). `dir` strings are cache keys: spell a
// directory the same way every time.
class MemoryStateStoreProvider final : public StateStoreProvider {
 public:
  explicit MemoryStateStoreProvider(StateStoreOptions options = {});
  ~MemoryStateStoreProvider() override;

  Result<std::unique_ptr<StateStore>> Load(const std::string& dir, int64_t version) override;
  Result<int64_t> LatestVersion(const std::string& dir) override;
  Status Cleanup(const std::string& dir, int64_t min_version_to_keep) override;
  void Unload(const std::string& dir) override;
  void WaitForMaintenance() override;
  void Close() override;

  const StateStoreOptions& options() const { return options_; }

  // Test-only: how many Load calls read files instead of reusing cached state.
  int64_t TEST_NumLoadsFromFiles() const;
  // Test-only: while paused, background maintenance starts no task (Close() still
  // drops the queued ones); a running task finishes.
  void TEST_PauseMaintenance(bool paused);
  // Test-only: background tasks that ran, and the last error one returned.
  int64_t TEST_NumMaintenanceTasksRun() const;
  Status TEST_LastMaintenanceError() const;

 private:
  StateStoreOptions options_;
  std::shared_ptr<internal::MemoryStateCache> cache_;
  // Shared with the stores, which may outlive the provider.
  std::shared_ptr<MaintenanceQueue> maintenance_;
};

}  // namespace sluice::state
