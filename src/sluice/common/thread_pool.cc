#include "sluice/common/thread_pool.h"

#include <algorithm>

namespace sluice {

ThreadPool::ThreadPool(int num_threads) {
  for (int i = 1; i < std::max(1, num_threads); ++i) workers_.emplace_back([this] { WorkerLoop(); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  work_cv_.notify_all();
  for (auto& t : workers_) t.join();
}

bool ThreadPool::RunOne(std::unique_lock<std::mutex>& lock) {
  for (Job* job : jobs_) {
    if (job->next < job->n) {
      int i = job->next++;
      const auto* fn = job->fn;
      lock.unlock();
      (*fn)(i);
      lock.lock();
      if (++job->done == job->n) done_cv_.notify_all();
      return true;
    }
  }
  return false;
}

void ThreadPool::WorkerLoop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    if (RunOne(lock)) continue;
    if (stop_) return;
    work_cv_.wait(lock);
  }
}

void ThreadPool::ParallelFor(int n, const std::function<void(int)>& fn) {
  if (n <= 0) return;
  if (n == 1 || workers_.empty()) {
    for (int i = 0; i < n; ++i) fn(i);
    return;
  }
  Job job;
  job.fn = &fn;
  job.n = n;
  std::unique_lock<std::mutex> lock(mu_);
  jobs_.push_back(&job);
  work_cv_.notify_all();
  while (job.next < job.n) {
    int i = job.next++;
    lock.unlock();
    fn(i);
    lock.lock();
    ++job.done;
  }
  done_cv_.wait(lock, [&] { return job.done == job.n; });
  jobs_.erase(std::find(jobs_.begin(), jobs_.end(), &job));
}

}  // namespace sluice
