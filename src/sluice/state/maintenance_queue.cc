#include "sluice/state/maintenance_queue.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <utility>

namespace sluice::state {

MaintenanceQueue::~MaintenanceQueue() { Close(); }

bool MaintenanceQueue::Submit(const std::string& dir, int64_t version, Task task) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (closed_) return false;
    auto [it, inserted] = waiting_.try_emplace(dir);
    it->second.version = version;
    it->second.task = std::move(task);
    if (inserted) order_.push_back(dir);
    if (!thread_.joinable()) thread_ = std::thread([this] { WorkerLoop(); });
  }
  work_cv_.notify_one();
  return true;
}

void MaintenanceQueue::Quiesce(const std::string& dir, int64_t min_version) {
  std::unique_lock<std::mutex> lock(mu_);
  auto it = waiting_.find(dir);
  if (it != waiting_.end() && it->second.version >= min_version) {
    waiting_.erase(it);
    order_.erase(std::find(order_.begin(), order_.end(), dir));
    idle_cv_.notify_all();
  }
  idle_cv_.wait(lock, [&] { return !running_ || running_->dir != dir || running_->version < min_version; });
}

void MaintenanceQueue::Drain() {
  std::unique_lock<std::mutex> lock(mu_);
  // A paused queue never drains by itself; tests resume it first.
  idle_cv_.wait(lock, [&] { return (order_.empty() || closed_) && !running_; });
}

void MaintenanceQueue::Close() {
  std::thread thread;
  {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
    waiting_.clear();
    order_.clear();
    thread = std::move(thread_);
  }
  work_cv_.notify_all();
  idle_cv_.notify_all();
  if (thread.joinable()) thread.join();
}

void MaintenanceQueue::TEST_Pause(bool paused) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    paused_ = paused;
  }
  work_cv_.notify_all();
}

int64_t MaintenanceQueue::TEST_num_tasks_run() const {
  std::lock_guard<std::mutex> lock(mu_);
  return num_tasks_run_;
}

Status MaintenanceQueue::TEST_last_error() const {
  std::lock_guard<std::mutex> lock(mu_);
  return last_error_;
}

void MaintenanceQueue::WorkerLoop() {
  // Maintenance only shortens recovery: it runs at a lower priority (nice +10, this
  // thread only) so that on a busy machine it yields the CPU to the query threads,
  // whose batches it would otherwise delay. Failing to lower it is harmless.
  (void)::setpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid)), 10);
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    work_cv_.wait(lock, [&] { return closed_ || (!paused_ && !order_.empty()); });
    if (closed_) return;
    std::string dir = std::move(order_.front());
    order_.pop_front();
    auto it = waiting_.find(dir);
    Task task = std::move(it->second.task);
    running_ = Running{std::move(dir), it->second.version};
    waiting_.erase(it);
    lock.unlock();
    Status status = task();
    task = nullptr;  // release what the task holds before reporting it done
    lock.lock();
    running_.reset();
    ++num_tasks_run_;
    if (!status.ok()) last_error_ = status;
    idle_cv_.notify_all();
  }
}

}  // namespace sluice::state
