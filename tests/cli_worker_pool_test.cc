// The pool behind classify --threads (src/cli/worker_pool.h). Test names say
// "Concurrent" so that the ThreadSanitizer run (scripts/sanitizers.sh) has them.
#include "worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <vector>

namespace meetintent {
namespace cli {
namespace {

TEST(WorkerPoolTest, ConcurrentItemsRunOnceEachInEveryJob) {
  for (int threads : {1, 2, 5}) {
    WorkerPool pool(threads);
    EXPECT_EQ(pool.threads(), threads);
    for (size_t count : {size_t{0}, size_t{1}, size_t{7}, size_t{8}, size_t{9}, size_t{1000}}) {
      for (int job = 0; job < 20; ++job) {
        std::vector<std::atomic<int>> runs(count);
        std::vector<int> worker_of(count, -1);
        pool.Run(count, [&](int worker, size_t i) {
          runs[i].fetch_add(1);
          worker_of[i] = worker;  // each i is written by one thread only
        });
        for (size_t i = 0; i < count; ++i) {
          ASSERT_EQ(runs[i].load(), 1) << threads << " " << count << " " << i;
          ASSERT_GE(worker_of[i], 0);
          ASSERT_LT(worker_of[i], threads);
        }
      }
    }
  }
}

TEST(WorkerPoolTest, ConcurrentItemsThrowOnTheCallersThread) {
  WorkerPool pool(3);
  std::atomic<int> ran{0};
  auto failing = [&](int, size_t i) {
    ran.fetch_add(1);
    if (i == 40) throw std::runtime_error("item 40");
  };
  try {
    pool.Run(100, failing);
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "item 40");
  }
  EXPECT_LE(ran.load(), 100);
  // The pool works on after it.
  std::atomic<int> after{0};
  pool.Run(50, [&](int, size_t) { after.fetch_add(1); });
  EXPECT_EQ(after.load(), 50);
}

// A job of a few items (a few lines from a pipe) is shared out too: the
// first item waits until another worker has run one, which no other worker
// could if the caller's thread took the whole job at once.
TEST(WorkerPoolTest, ConcurrentShortJobsAreSharedOut) {
  WorkerPool pool(2);
  ASSERT_EQ(pool.threads(), 2);
  std::mutex mu;
  std::condition_variable helped;
  bool helper_ran = false;
  bool waited_in_vain = false;
  pool.Run(4, [&](int worker, size_t i) {
    std::unique_lock<std::mutex> lock(mu);
    if (worker != 0) {
      helper_ran = true;
      helped.notify_all();
    } else if (i == 0 && !helped.wait_for(lock, std::chrono::seconds(20), [&] { return helper_ran; })) {
      waited_in_vain = true;
    }
  });
  EXPECT_FALSE(waited_in_vain);
}

}  // namespace
}  // namespace cli
}  // namespace meetintent
