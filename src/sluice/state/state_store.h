#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "sluice/common/config.h"
#include "sluice/common/status.h"

namespace sluice::state {

// Versioned key-value state of one stateful operator partition, with Spark's
// StateStore semantics. Keys and values are opaque byte strings (serialized rows).
//
// Versions count committed batches: version 0 is the empty state, and the batch
// that runs on a store loaded at version V commits version V + 1. In the micro-batch
// loop, batch N loads version N and commits N + 1 before commits/N is written;
// replaying batch N after a crash loads version N again, ignoring (and later
// overwriting) any version N + 1 files the crashed attempt wrote.
//
// Reads see the store's own uncommitted writes. Commit() makes them durable as the
// next version and the store continues at that version, ready for the next batch;
// Abort() rolls back to the last committed version. Destroying a store discards
// uncommitted changes (as Abort()).
//
// Thread safety: a store is used by one thread at a time; different stores (other
// directories) may be used concurrently from different threads.
class StateStore {
 public:
  virtual ~StateStore() = default;

  // The directory holding this store's files, e.g. "<checkpoint>/state/0/3".
  virtual const std::string& dir() const = 0;

  // The last committed version this store holds (uncommitted changes build version() + 1).
  virtual int64_t version() const = 0;

  // The value of `key`, or nullopt. The view stays valid until `key` is next
  // written or removed, or the store is aborted, committed or destroyed.
  virtual std::optional<std::string_view> Get(std::string_view key) const = 0;
  virtual void Put(std::string_view key, std::string_view value) = 0;
  // Removing a missing key does nothing.
  virtual void Remove(std::string_view key) = 0;

  // Calls `fn` for every entry (including uncommitted changes), in no particular
  // order. REQUIRES: `fn` does not modify the store.
  virtual void ForEach(const std::function<void(std::string_view key, std::string_view value)>& fn) const = 0;

  virtual int64_t NumKeys() const = 0;
  // Estimated memory of the entries (progress `memoryUsedBytes`); see the provider
  // for how it is estimated.
  virtual int64_t MemoryBytes() const = 0;

  // Writes the changes since the last commit as version() + 1 and advances version().
  // On error nothing is advanced and the changes stay pending: Abort() them or retry.
  virtual Status Commit() = 0;
  // Discards the changes since the last commit.
  virtual void Abort() = 0;

  // Put calls since the last commit or abort (Spark's numUpdatedStateRows).
  virtual int64_t NumUpdatedSinceCommit() const = 0;
  // Remove calls that removed an existing key since the last commit or abort
  // (Spark's numRemovedStateRows).
  virtual int64_t NumRemovedSinceCommit() const = 0;

  // Deletes files no longer needed to load any version >= min_version_to_keep.
  virtual Status Cleanup(int64_t min_version_to_keep) = 0;
};

// Tuning shared by the providers.
struct StateStoreOptions {
  // Write a full snapshot once this many deltas follow the previous snapshot
  // (sluice.sql.streaming.stateStore.minDeltasForSnapshot, Spark's default 10).
  // <= 0 disables snapshots.
  int64_t min_deltas_for_snapshot = 10;
  // Versions kept loadable by the automatic cleanup after each snapshot
  // (sluice.sql.streaming.minBatchesToRetain, Spark's default 100). <= 0 disables
  // automatic cleanup.
  int64_t min_versions_to_retain = 100;

  // Reads both settings from `conf` (Spark's spellings accepted); InvalidArgument
  // naming the key when a value is not an integer.
  static Result<StateStoreOptions> FromConfig(const Config& conf);
};

// Creates state stores for directories. One provider serves a whole query and may
// cache the latest committed state of each directory in memory between batches, so
// loading the version just committed costs nothing.
// Thread safety: all methods are thread-safe; a directory has at most one store
// in use at a time. Stores share ownership of what they need from the provider,
// so they may outlive it.
class StateStoreProvider {
 public:
  virtual ~StateStoreProvider() = default;

  // A store holding committed `version` of `dir` (0 = empty; `dir` need not exist).
  // Errors: Corruption naming the file for unreadable or missing files, and for a
  // version newer than the latest one in `dir`; IOError when `dir` cannot be read.
  virtual Result<std::unique_ptr<StateStore>> Load(const std::string& dir, int64_t version) = 0;

  // The latest committed version in `dir`, 0 when it has none.
  virtual Result<int64_t> LatestVersion(const std::string& dir) = 0;

  // Deletes files of `dir` no longer needed to load any version >= min_version_to_keep.
  virtual Status Cleanup(const std::string& dir, int64_t min_version_to_keep) = 0;

  // Drops any in-memory state cached for `dir` (e.g. when its query stops).
  virtual void Unload(const std::string& dir) = 0;

  // Providers may run maintenance (snapshots, deleting old files) in the background
  // after a commit; a commit is durable without it.
  // Waits until the maintenance queued so far is done (tests, benchmarks).
  virtual void WaitForMaintenance() {}
  // Stops background maintenance: a running task finishes, queued ones are dropped.
  // Stores stay usable; maintenance their later commits need then runs in the
  // commit. The query calls it when it stops; destroying the provider implies it.
  virtual void Close() {}
};

}  // namespace sluice::state
