#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace sluice {

// A fixed pool of worker threads for running the partitions of a micro-batch in
// parallel. ParallelFor blocks until every task ran; the calling thread runs tasks
// too, so a pool of size 1 (or nested calls) never deadlocks.
class ThreadPool {
 public:
  explicit ThreadPool(int num_threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  // Runs fn(0) .. fn(n-1), possibly concurrently.
  void ParallelFor(int n, const std::function<void(int)>& fn);
  int num_threads() const { return static_cast<int>(workers_.size()) + 1; }

 private:
  struct Job {
    const std::function<void(int)>* fn = nullptr;
    int n = 0;
    int next = 0;
    int done = 0;
  };
  void WorkerLoop();
  bool RunOne(std::unique_lock<std::mutex>& lock);

  std::mutex mu_;
  std::condition_variable work_cv_;
  std::condition_variable done_cv_;
  std::vector<Job*> jobs_;
  std::vector<std::thread> workers_;
  bool stop_ = false;
};

}  // namespace sluice
