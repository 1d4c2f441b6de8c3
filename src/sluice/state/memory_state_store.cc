#include "sluice/state/memory_state_store.h"

#include <atomic>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <vector>

#include "sluice/state/maintenance_queue.h"
#include "sluice/state/state_file_format.h"
#include "sluice/state/state_file_io.h"
#include "sluice/state/state_file_merge.h"
#include "sluice/state/state_map.h"

namespace sluice::state {

namespace fs = std::filesystem;

namespace {

struct VersionFiles {
  bool delta = false;
  bool snapshot = false;
};

// The state files of a directory by version. A missing directory has none.
Result<std::map<int64_t, VersionFiles>> ListStateDir(const std::string& dir, bool remove_temp_files) {
  std::map<int64_t, VersionFiles> files;
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec) {
    if (ec == std::errc::no_such_file_or_directory) return files;
    return Status::IOError("cannot list state store directory '" + dir + "': " + ec.message());
  }
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (IsStateTempFileName(name)) {
      // Left by a crash mid-write; the directory is ours while we load it.
      if (remove_temp_files) {
        std::error_code remove_ec;
        fs::remove(it->path(), remove_ec);
      }
      continue;
    }
    std::optional<StateFileName> parsed = ParseStateFileName(name);
    if (!parsed) continue;
    VersionFiles& entry = files[parsed->version];
    (parsed->kind == StateFileKind::kDelta ? entry.delta : entry.snapshot) = true;
  }
  if (ec) return Status::IOError("cannot list state store directory '" + dir + "': " + ec.message());
  return files;
}

std::string VersionRange(const std::map<int64_t, VersionFiles>& files) {
  if (files.empty()) return "none";
  return std::to_string(files.begin()->first) + ".." + std::to_string(files.rbegin()->first);
}

// The newest version <= `version` that has a snapshot file, 0 when none.
int64_t BaseSnapshot(const std::map<int64_t, VersionFiles>& files, int64_t version) {
  auto it = files.upper_bound(version);
  while (it != files.begin()) {
    --it;
    if (it->second.snapshot) return it->first;
  }
  return 0;
}

Status CleanupDir(const std::string& dir, int64_t min_version_to_keep) {
  SLUICE_ASSIGN_OR_RETURN(auto files, ListStateDir(dir, /*remove_temp_files=*/false));
  // Loading any version >= min_version_to_keep starts at this snapshot or later.
  const int64_t base = BaseSnapshot(files, min_version_to_keep);
  if (base == 0 || files.begin()->first >= base) return Status::OK();
  // The files about to go are the only way around this snapshot: check it is whole
  // (header, length, checksum) first. Each snapshot is checked once, when it becomes
  // the base, since nothing older is left afterwards.
  const std::string base_path = StateFilePath(dir, base, StateFileKind::kSnapshot);
  SLUICE_ASSIGN_OR_RETURN(std::optional<std::string> base_bytes, ReadStateFile(base_path));
  if (!base_bytes) return Status::Corruption("state file " + base_path + " disappeared during cleanup");
  SLUICE_RETURN_IF_ERROR(StateFileReader::Open(*base_bytes, base_path, StateFileKind::kSnapshot, base).status());
  for (const auto& [version, present] : files) {
    if (version >= base) break;
    for (StateFileKind kind : {StateFileKind::kDelta, StateFileKind::kSnapshot}) {
      if (!(kind == StateFileKind::kDelta ? present.delta : present.snapshot)) continue;
      const std::string path = StateFilePath(dir, version, kind);
      std::error_code ec;
      fs::remove(path, ec);
      if (ec) return Status::IOError("cannot delete old state file '" + path + "': " + ec.message());
    }
  }
  return Status::OK();
}

}  // namespace

namespace internal {

// A directory's state as of a committed version.
struct LoadedState {
  int64_t version = 0;
  // The snapshot this state's files start from (0: the empty version 0), so Commit
  // knows how many deltas have accumulated since.
  int64_t snapshot_version = 0;
  // Bytes of the delta files after snapshot_version (what loading replays on top of it).
  int64_t delta_bytes_since_snapshot = 0;
  StateMap map;
  // Entries changed since the last commit carry this mark (see MemoryStateStore).
  uint32_t epoch = 1;
};

// The latest committed state of each directory while no store uses it. Shared by
// the provider and its stores, so stores may outlive the provider.
//
// Each directory has a generation that every commit advances. A store remembers
// the generation it saw and its state is taken back only if no other store has
// committed to the directory since, so the cache never serves state that the
// files have moved past.
class MemoryStateCache {
 public:
  // Hands out the cached state of `dir` when it is at `version` (else nullptr) and
  // sets `*generation` to the directory's current generation.
  std::unique_ptr<LoadedState> Take(const std::string& dir, int64_t version, uint64_t* generation) {
    std::lock_guard<std::mutex> lock(mu_);
    Entry& entry = entries_[dir];
    *generation = entry.generation;
    if (!entry.state || entry.state->version != version) return nullptr;
    return std::move(entry.state);
  }
  // Records a commit to `dir`: cached state is now outdated. Returns the new generation.
  uint64_t Committed(const std::string& dir) {
    std::lock_guard<std::mutex> lock(mu_);
    Entry& entry = entries_[dir];
    entry.state.reset();
    return ++entry.generation;
  }
  // Takes back a store's committed state unless another store committed since.
  void Return(const std::string& dir, std::unique_ptr<LoadedState> state, uint64_t generation) {
    std::lock_guard<std::mutex> lock(mu_);
    Entry& entry = entries_[dir];
    if (entry.generation == generation) entry.state = std::move(state);
  }
  void Drop(const std::string& dir) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = entries_.find(dir);
    if (it != entries_.end()) it->second.state.reset();
  }

  std::atomic<int64_t> num_loads_from_files{0};

 private:
  struct Entry {
    std::unique_ptr<LoadedState> state;
    uint64_t generation = 0;
  };
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace internal

namespace {

using internal::LoadedState;
using internal::MemoryStateCache;

Status ApplyFile(const std::string& dir, int64_t version, StateFileKind kind, LoadedState* state) {
  const std::string path = StateFilePath(dir, version, kind);
  SLUICE_ASSIGN_OR_RETURN(std::optional<std::string> bytes, ReadStateFile(path));
  if (!bytes) return Status::Corruption("state file " + path + " disappeared while loading version " + std::to_string(version));
  SLUICE_ASSIGN_OR_RETURN(StateFileReader reader, StateFileReader::Open(*bytes, path, kind, version));
  if (kind == StateFileKind::kSnapshot) state->map.Reserve(reader.num_records());
  if (kind == StateFileKind::kDelta) state->delta_bytes_since_snapshot += static_cast<int64_t>(bytes->size());
  StateRecord record;
  while (true) {
    SLUICE_ASSIGN_OR_RETURN(bool has_record, reader.Next(&record));
    if (!has_record) break;
    if (record.type == StateRecordType::kPut) {
      state->map.Upsert(record.key, record.value);
    } else {
      state->map.Remove(record.key);
    }
  }
  return Status::OK();
}

// Whether the deltas of versions from..to are all present (trivially when from > to).
bool HasDeltas(const std::map<int64_t, VersionFiles>& files, int64_t from, int64_t to) {
  for (int64_t v = from; v <= to; ++v) {
    auto it = files.find(v);
    if (it == files.end() || !it->second.delta) return false;
  }
  return true;
}

// `remove_temp_files`: delete temp files left by a crash. Only a caller that owns the
// directory may: elsewhere a temp file can be a write in progress.
Result<std::unique_ptr<LoadedState>> LoadFromFiles(const std::string& dir, int64_t version, bool remove_temp_files) {
  auto state = std::make_unique<LoadedState>();
  state->version = version;
  if (version == 0) return state;
  SLUICE_ASSIGN_OR_RETURN(auto files, ListStateDir(dir, remove_temp_files));
  const std::string where = "cannot load state version " + std::to_string(version) + " from '" + dir + "': ";
  const std::string hint = "; the checkpoint's state files are missing or belong to a different query";
  if (files.empty()) return Status::Corruption(where + "the directory has no state files" + hint);
  if (version > files.rbegin()->first) {
    return Status::Corruption(where + "the latest version there is " + std::to_string(files.rbegin()->first) + hint);
  }
  int64_t base = BaseSnapshot(files, version);
  if (base == 0 && version < files.begin()->first) {
    return Status::Corruption(where + "the oldest version there is " + std::to_string(files.begin()->first) +
                              "; older versions were cleaned up (sluice.sql.streaming.minBatchesToRetain sets "
                              "how many are kept)");
  }
  for (int64_t v = base + 1; v <= version; ++v) {
    auto it = files.find(v);
    if (it == files.end() || !it->second.delta) {
      return Status::Corruption(where + "file " + StateFilePath(dir, v, StateFileKind::kDelta) +
                                " is missing (versions present: " + VersionRange(files) + ")");
    }
  }
  Status snapshot_error;
  while (base > 0) {
    Status read = ApplyFile(dir, base, StateFileKind::kSnapshot, state.get());
    if (read.ok()) break;
    // A snapshot only shortens loading: when it cannot be read, start from an older
    // one (or from version 0) if the deltas still reach back to it.
    if (snapshot_error.ok()) snapshot_error = read;
    const int64_t older = BaseSnapshot(files, base - 1);
    if (!HasDeltas(files, older + 1, base)) return snapshot_error;
    state = std::make_unique<LoadedState>();
    state->version = version;
    base = older;
  }
  for (int64_t v = base + 1; v <= version; ++v) {
    SLUICE_RETURN_IF_ERROR(ApplyFile(dir, v, StateFileKind::kDelta, state.get()));
  }
  state->snapshot_version = base;
  return state;
}

// The snapshot file of `version` of `dir`, built from the files loading that version
// reads, so that it can only hold what the deltas say; nullopt when it exists already.
// Merges the files (state_file_merge.h) and, should that fail (e.g. the previous
// snapshot is unreadable), loads the version as recovery does, falling back to older
// files, and serializes it.
Result<std::optional<std::string>> BuildSnapshot(const std::string& dir, int64_t version) {
  // Leave temp files alone: the committing thread may be writing the next delta.
  SLUICE_ASSIGN_OR_RETURN(auto files, ListStateDir(dir, /*remove_temp_files=*/false));
  const int64_t base = BaseSnapshot(files, version);
  if (base == version) return std::optional<std::string>();
  if (HasDeltas(files, base + 1, version)) {
    std::optional<StateFileBytes> snapshot;
    std::vector<StateFileBytes> deltas;
    Status read;
    auto read_file = [&](int64_t v, StateFileKind kind) {
      StateFileBytes file{StateFilePath(dir, v, kind), {}, v};
      Result<std::optional<std::string>> bytes = ReadStateFile(file.path);
      if (!bytes.ok() || !bytes->has_value()) {
        read = bytes.ok() ? Status::Corruption("state file " + file.path + " disappeared") : bytes.status();
      } else {
        file.bytes = std::move(**bytes);
      }
      return file;
    };
    if (base > 0) snapshot = read_file(base, StateFileKind::kSnapshot);
    for (int64_t v = base + 1; v <= version && read.ok(); ++v) deltas.push_back(read_file(v, StateFileKind::kDelta));
    if (read.ok()) {
      Result<std::string> merged = MergeIntoSnapshot(snapshot ? &*snapshot : nullptr, deltas, version);
      if (merged.ok()) return std::optional<std::string>(std::move(*merged));
    }
  }
  SLUICE_ASSIGN_OR_RETURN(std::unique_ptr<LoadedState> state, LoadFromFiles(dir, version, /*remove_temp_files=*/false));
  StateFileWriter snapshot(StateFileKind::kSnapshot, version);
  state->map.ForEach([&](std::string_view key, std::string_view value) { snapshot.AddPut(key, value); });
  return std::optional<std::string>(snapshot.Finish());
}

// The background maintenance after `version` of `dir` committed: writes its snapshot,
// then deletes the files that loading versions >= version - min_versions_to_retain
// does not need (none when <= 0).
Status WriteSnapshot(const std::string& dir, int64_t version, int64_t min_versions_to_retain) {
  SLUICE_ASSIGN_OR_RETURN(std::optional<std::string> snapshot, BuildSnapshot(dir, version));
  if (snapshot) {
    SLUICE_RETURN_IF_ERROR(WriteStateFileAtomic(StateFilePath(dir, version, StateFileKind::kSnapshot), *snapshot));
  }
  // The snapshot is durable now (WriteStateFileAtomic syncs the directory), so the
  // cleanup may rely on it.
  if (min_versions_to_retain > 0) return CleanupDir(dir, version - min_versions_to_retain);
  return Status::OK();
}

// Changes since the last commit are tracked per key, once: the first Put or Remove of
// a key in a version marks its entry with the state's epoch and appends an undo record
// (the key and its value before, if any) to one buffer. Commit writes the net change
// of each recorded key; Abort replays the records backwards. A key removed and put
// again in one version has two records; the first holds the value before the version.
class MemoryStateStore final : public StateStore {
 public:
  MemoryStateStore(std::string dir, StateStoreOptions options, std::shared_ptr<MemoryStateCache> cache,
                   std::shared_ptr<MaintenanceQueue> maintenance, std::unique_ptr<LoadedState> state,
                   uint64_t generation)
      : dir_(std::move(dir)),
        options_(options),
        cache_(std::move(cache)),
        maintenance_(std::move(maintenance)),
        state_(std::move(state)),
        generation_(generation) {}

  ~MemoryStateStore() override {
    Abort();
    cache_->Return(dir_, std::move(state_), generation_);
  }

  const std::string& dir() const override { return dir_; }
  int64_t version() const override { return state_->version; }

  std::optional<std::string_view> Get(std::string_view key) const override {
    const int64_t entry = state_->map.Find(key);
    if (entry == StateMap::kNotFound) return std::nullopt;
    return state_->map.value(entry);
  }

  void Put(std::string_view key, std::string_view value) override {
    ++num_updated_;
    StateMap& map = state_->map;
    const uint64_t hash = StateMap::Hash(key);
    const int64_t entry = map.Find(key, hash);
    if (entry == StateMap::kNotFound) {
      Record(key, hash, nullptr);
      map.Insert(key, hash, value, state_->epoch);
      return;
    }
    if (map.mark(entry) != state_->epoch) {
      const std::string_view before = map.value(entry);
      Record(key, hash, &before);
      map.set_mark(entry, state_->epoch);
    }
    map.SetValue(entry, value);
  }

  void Remove(std::string_view key) override {
    StateMap& map = state_->map;
    const int64_t entry = map.Find(key);
    if (entry == StateMap::kNotFound) return;
    ++num_removed_;
    if (map.mark(entry) != state_->epoch) {
      const std::string_view before = map.value(entry);
      Record(key, map.hash(entry), &before);
    }
    map.Erase(entry);
  }

  void ForEach(const std::function<void(std::string_view, std::string_view)>& fn) const override {
    state_->map.ForEach(fn);
  }

  int64_t NumKeys() const override { return state_->map.size(); }

  int64_t MemoryBytes() const override {
    return state_->map.data_bytes() + NumKeys() * kMemoryStateEntryOverheadBytes;
  }

  Status Commit() override;

  void Abort() override {
    if (!state_) return;
    for (auto it = undo_.rbegin(); it != undo_.rend(); ++it) {
      const std::string_view key = RecordKey(*it);
      if (it->had_value) {
        state_->map.Upsert(key, RecordValue(*it));
      } else {
        state_->map.Remove(key);
      }
    }
    ResetChanges();
  }

  int64_t NumUpdatedSinceCommit() const override { return num_updated_; }
  int64_t NumRemovedSinceCommit() const override { return num_removed_; }

  Status Cleanup(int64_t min_version_to_keep) override { return CleanupDir(dir_, min_version_to_keep); }

 private:
  // The mark Commit gives entries already written to the delta; never an epoch.
  static constexpr uint32_t kWrittenMark = 0xffffffff;

  struct UndoRecord {
    size_t offset;  // into undo_bytes_: the key, then the value before
    uint64_t hash;  // StateMap::Hash of the key
    uint32_t key_size;
    uint32_t value_size;
    bool had_value;
  };

  void Record(std::string_view key, uint64_t hash, const std::string_view* before) {
    UndoRecord r{undo_bytes_.size(), hash, static_cast<uint32_t>(key.size()),
                 before ? static_cast<uint32_t>(before->size()) : 0u, before != nullptr};
    undo_bytes_.append(key);
    if (before) undo_bytes_.append(*before);
    undo_.push_back(r);
  }
  std::string_view RecordKey(const UndoRecord& r) const {
    return std::string_view(undo_bytes_).substr(r.offset, r.key_size);
  }
  std::string_view RecordValue(const UndoRecord& r) const {
    return std::string_view(undo_bytes_).substr(r.offset + r.key_size, r.value_size);
  }

  // Starts a new version: forgets the records and moves to the next epoch, so no
  // entry counts as changed.
  void ResetChanges() {
    undo_.clear();
    undo_bytes_.clear();
    num_updated_ = 0;
    num_removed_ = 0;
    if (++state_->epoch == kWrittenMark) {
      state_->map.ClearMarks();
      state_->epoch = 1;
    }
  }

  Status EnsureDir() {
    if (dir_created_) return Status::OK();
    std::error_code ec;
    fs::create_directories(dir_, ec);
    if (ec) return Status::IOError("cannot create state store directory '" + dir_ + "': " + ec.message());
    dir_created_ = true;
    return Status::OK();
  }

  // Writes the delta of `new_version`.
  Status WriteVersion(int64_t new_version, std::string_view delta);
  // Queues the snapshot of `version`, just committed, on the background thread.
  void ScheduleSnapshot(int64_t version);

  std::string dir_;
  StateStoreOptions options_;
  std::shared_ptr<MemoryStateCache> cache_;
  std::shared_ptr<MaintenanceQueue> maintenance_;
  std::unique_ptr<LoadedState> state_;
  uint64_t generation_;  // the cache generation of dir_ this store's state belongs to
  std::vector<UndoRecord> undo_;
  std::string undo_bytes_;
  int64_t num_updated_ = 0;
  int64_t num_removed_ = 0;
  bool dir_created_ = false;
};

Status MemoryStateStore::WriteVersion(int64_t new_version, std::string_view delta) {
  SLUICE_RETURN_IF_ERROR(EnsureDir());
  // A snapshot of new_version can only be left by an attempt of this batch that
  // crashed before commits/ recorded it; it would shadow the delta written now.
  const std::string snapshot_path = StateFilePath(dir_, new_version, StateFileKind::kSnapshot);
  std::error_code ec;
  fs::remove(snapshot_path, ec);
  if (ec) return Status::IOError("cannot delete stale state file '" + snapshot_path + "': " + ec.message());
  return WriteStateFileAtomic(StateFilePath(dir_, new_version, StateFileKind::kDelta), delta);
}

void MemoryStateStore::ScheduleSnapshot(int64_t version) {
  MaintenanceQueue::Task task = [dir = dir_, version, retain = options_.min_versions_to_retain] {
    return WriteSnapshot(dir, version, retain);
  };
  if (!maintenance_->Submit(dir_, version, task)) {
    // The provider is closed (this store outlived it): maintain here, best effort as
    // in the background, since the version is durable already.
    Status ignored = task();
    (void)ignored;
  }
}

Status MemoryStateStore::Commit() {
  const int64_t new_version = state_->version + 1;
  // Rewriting a version that background maintenance may be working on (a replayed
  // batch): stop that task first, so it cannot publish a snapshot of the replaced
  // version after WriteVersion deleted the stale one. Normally there is none.
  maintenance_->Quiesce(dir_, new_version);
  StateMap& map = state_->map;
  const uint32_t epoch = state_->epoch;
  // The net change of each recorded key: its value now, or a remove when it existed
  // before this version (only a key's first record can say so).
  StateFileWriter delta(StateFileKind::kDelta, new_version);
  for (const UndoRecord& r : undo_) {
    const std::string_view key = RecordKey(r);
    const int64_t entry = map.Find(key, r.hash);
    if (entry != StateMap::kNotFound) {
      if (map.mark(entry) != epoch) continue;  // written for an earlier record
      delta.AddPut(key, map.value(entry));
      map.set_mark(entry, kWrittenMark);
    } else if (r.had_value) {
      delta.AddRemove(key);
    }
  }
  const std::string delta_bytes = delta.Finish();
  Status written = WriteVersion(new_version, delta_bytes);
  if (!written.ok()) {
    // The changes stay pending: mark the written entries as changed again.
    for (const UndoRecord& r : undo_) {
      const int64_t entry = map.Find(RecordKey(r), r.hash);
      if (entry != StateMap::kNotFound && map.mark(entry) == kWrittenMark) map.set_mark(entry, epoch);
    }
    return written;
  }

  // Any state cached for this directory predates the files just written.
  generation_ = cache_->Committed(dir_);
  state_->version = new_version;
  ResetChanges();
  state_->delta_bytes_since_snapshot += static_cast<int64_t>(delta_bytes.size());
  // A snapshot rewrites the whole state, so it waits until the deltas since the last
  // one add up to the state's size as well as to min_deltas_for_snapshot versions:
  // snapshots then never write more than the deltas did, and loading replays at most
  // about one state's worth of deltas. (Spark snapshots at most once per maintenance
  // interval, 60 s; with millisecond batches that is tens of thousands of deltas.)
  if (options_.min_deltas_for_snapshot > 0 &&
      new_version - state_->snapshot_version >= options_.min_deltas_for_snapshot &&
      state_->delta_bytes_since_snapshot >= map.data_bytes()) {
    // Counted as done when queued: if the task is dropped or fails, the next one comes
    // later and loading replays more deltas meanwhile.
    state_->snapshot_version = new_version;
    state_->delta_bytes_since_snapshot = 0;
    ScheduleSnapshot(new_version);
  }
  return Status::OK();
}

}  // namespace

MemoryStateStoreProvider::MemoryStateStoreProvider(StateStoreOptions options)
    : options_(options), cache_(std::make_shared<MemoryStateCache>()), maintenance_(std::make_shared<MaintenanceQueue>()) {}

MemoryStateStoreProvider::~MemoryStateStoreProvider() { maintenance_->Close(); }

Result<std::unique_ptr<StateStore>> MemoryStateStoreProvider::Load(const std::string& dir, int64_t version) {
  if (version < 0) {
    return Status::InvalidArgument("state version must be >= 0, got " + std::to_string(version) + " for '" + dir + "'");
  }
  uint64_t generation = 0;
  std::unique_ptr<LoadedState> state = cache_->Take(dir, version, &generation);
  if (!state) {
    cache_->num_loads_from_files.fetch_add(1);
    // Background maintenance of `dir` must not delete files while they are read, nor
    // write a snapshot while its temp file may be cleaned away.
    maintenance_->Quiesce(dir, 0);
    SLUICE_ASSIGN_OR_RETURN(state, LoadFromFiles(dir, version, /*remove_temp_files=*/true));
  }
  return std::unique_ptr<StateStore>(
      std::make_unique<MemoryStateStore>(dir, options_, cache_, maintenance_, std::move(state), generation));
}

Result<int64_t> MemoryStateStoreProvider::LatestVersion(const std::string& dir) {
  SLUICE_ASSIGN_OR_RETURN(auto files, ListStateDir(dir, /*remove_temp_files=*/false));
  return files.empty() ? int64_t{0} : files.rbegin()->first;
}

Status MemoryStateStoreProvider::Cleanup(const std::string& dir, int64_t min_version_to_keep) {
  return CleanupDir(dir, min_version_to_keep);
}

void MemoryStateStoreProvider::Unload(const std::string& dir) { cache_->Drop(dir); }

void MemoryStateStoreProvider::WaitForMaintenance() { maintenance_->Drain(); }

void MemoryStateStoreProvider::Close() { maintenance_->Close(); }

int64_t MemoryStateStoreProvider::TEST_NumLoadsFromFiles() const { return cache_->num_loads_from_files.load(); }

void MemoryStateStoreProvider::TEST_PauseMaintenance(bool paused) { maintenance_->TEST_Pause(paused); }

int64_t MemoryStateStoreProvider::TEST_NumMaintenanceTasksRun() const { return maintenance_->TEST_num_tasks_run(); }

Status MemoryStateStoreProvider::TEST_LastMaintenanceError() const { return maintenance_->TEST_last_error(); }

}  // namespace sluice::state
