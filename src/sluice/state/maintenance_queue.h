#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>

#include "sluice/common/status.h"

namespace sluice::state {

// Runs state maintenance (writing snapshots, deleting files no longer needed) on one
// background thread owned by a provider, off the batch's commit path, as Spark's
// StateStore maintenance task does. The runtime purges old offsets and commits
// files on one too (one key, the batch id as version).
//
// Tasks are keyed by state directory and carry the version they work on:
//  - at most one task per directory waits; submitting another replaces it (a newer
//    snapshot makes a waiting older one pointless), keeping its place in line;
//  - tasks run one at a time, so two tasks of a directory never overlap;
//  - a task may be dropped before it starts (Quiesce, Close): nothing may depend on it
//    running. Snapshots qualify: they only shorten loading.
// The thread starts with the first Submit. Thread-safe; tasks must not call back
// into the queue.
class MaintenanceQueue {
 public:
  using Task = std::function<Status()>;

  MaintenanceQueue() = default;
  // Close().
  ~MaintenanceQueue();
  MaintenanceQueue(const MaintenanceQueue&) = delete;
  MaintenanceQueue& operator=(const MaintenanceQueue&) = delete;

  // Queues `task` working on `version` of `dir`, replacing the task of `dir` that has
  // not started yet. Returns false, queueing nothing, after Close().
  bool Submit(const std::string& dir, int64_t version, Task task);

  // Makes sure no task of `dir` working on a version >= min_version runs from now on:
  // drops such a waiting task and waits for such a running one. Cheap when there is
  // none (one lock). Tasks of older versions are left alone.
  void Quiesce(const std::string& dir, int64_t min_version);

  // Waits until no task waits or runs.
  void Drain();

  // Drops the waiting tasks, waits for the running one and stops the thread. Later
  // Submit calls return false. Idempotent.
  void Close();

  // Test-only: while paused, no new task starts (a running one finishes).
  void TEST_Pause(bool paused);
  // Test-only: tasks that ran, and the last error a task returned (OK if none).
  int64_t TEST_num_tasks_run() const;
  Status TEST_last_error() const;

 private:
  struct Waiting {
    int64_t version = 0;
    Task task;
  };
  struct Running {
    std::string dir;
    int64_t version = 0;
  };

  void WorkerLoop();

  mutable std::mutex mu_;
  std::condition_variable work_cv_;  // a task was queued, the queue resumed or closed
  std::condition_variable idle_cv_;  // a task finished or was dropped
  std::deque<std::string> order_;    // directories with a waiting task, oldest first
  std::unordered_map<std::string, Waiting> waiting_;
  std::optional<Running> running_;
  std::thread thread_;
  bool closed_ = false;
  bool paused_ = false;
  int64_t num_tasks_run_ = 0;
  Status last_error_;
};

}  // namespace sluice::state
