#include "sluice/state/maintenance_queue.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "test_util.h"

namespace sluice::state {
namespace {

// A task that blocks until released, to hold the queue's thread deterministically.
class Gate {
 public:
  MaintenanceQueue::Task Task() {
    return [this] {
      entered_.set_value();
      release_.get_future().wait();
      return Status::OK();
    };
  }
  void WaitEntered() { entered_.get_future().wait(); }
  void Release() { release_.set_value(); }

 private:
  std::promise<void> entered_;
  std::promise<void> release_;
};

TEST(MaintenanceQueueTest, AWaitingTaskIsReplacedByANewerOneOfItsDirectory) {
  MaintenanceQueue queue;
  std::mutex mu;
  std::vector<std::string> ran;
  auto record = [&](std::string what) {
    return [&, what] {
      std::lock_guard<std::mutex> lock(mu);
      ran.push_back(what);
      return Status::OK();
    };
  };
  Gate gate;
  ASSERT_TRUE(queue.Submit("busy", 1, gate.Task()));
  gate.WaitEntered();
  ASSERT_TRUE(queue.Submit("a", 10, record("a10")));
  ASSERT_TRUE(queue.Submit("b", 10, record("b10")));
  ASSERT_TRUE(queue.Submit("a", 20, record("a20")));  // replaces a10, keeps a's place
  gate.Release();
  queue.Drain();
  EXPECT_EQ(ran, (std::vector<std::string>{"a20", "b10"}));
  EXPECT_EQ(queue.TEST_num_tasks_run(), 3);
}

TEST(MaintenanceQueueTest, QuiesceDropsAndWaitsOnlyForTasksAtOrAboveTheVersion) {
  MaintenanceQueue queue;
  std::atomic<int> ran{0};
  auto count = [&] {
    ++ran;
    return Status::OK();
  };
  Gate gate;
  ASSERT_TRUE(queue.Submit("d", 5, gate.Task()));
  gate.WaitEntered();
  ASSERT_TRUE(queue.Submit("e", 7, count));
  queue.Quiesce("e", 8);  // older than 8: kept
  queue.Quiesce("d", 6);  // the running task works on 5: no wait
  queue.Quiesce("e", 7);  // dropped
  // Quiescing "d" at 5 waits for the running task.
  auto waiter = std::async(std::launch::async, [&] { queue.Quiesce("d", 5); });
  EXPECT_EQ(waiter.wait_for(std::chrono::milliseconds(50)), std::future_status::timeout);
  gate.Release();
  waiter.get();
  queue.Drain();
  EXPECT_EQ(ran.load(), 0);
}

TEST(MaintenanceQueueTest, CloseDropsWaitingTasksAndRefusesNewOnes) {
  MaintenanceQueue queue;
  std::atomic<int> ran{0};
  auto count = [&] {
    ++ran;
    return Status::OK();
  };
  Gate gate;
  ASSERT_TRUE(queue.Submit("d", 1, gate.Task()));
  gate.WaitEntered();
  ASSERT_TRUE(queue.Submit("e", 1, count));
  auto closer = std::async(std::launch::async, [&] { queue.Close(); });
  EXPECT_EQ(closer.wait_for(std::chrono::milliseconds(50)), std::future_status::timeout);  // waits for "d"
  gate.Release();
  closer.get();
  EXPECT_EQ(ran.load(), 0);
  EXPECT_FALSE(queue.Submit("e", 2, count));
  queue.Drain();  // returns at once when closed
  queue.Close();  // idempotent
}

TEST(MaintenanceQueueTest, RecordsTheLastError) {
  MaintenanceQueue queue;
  EXPECT_OK(queue.TEST_last_error());
  ASSERT_TRUE(queue.Submit("d", 1, [] { return Status::IOError("disk full"); }));
  queue.Drain();
  EXPECT_EQ(queue.TEST_last_error().code(), StatusCode::kIOError);
  ASSERT_TRUE(queue.Submit("d", 2, [] { return Status::OK(); }));
  queue.Drain();
  EXPECT_EQ(queue.TEST_last_error().code(), StatusCode::kIOError);  // the last failure stays
}

}  // namespace
}  // namespace sluice::state
