#include "worker_pool.h"

#include <algorithm>

namespace meetintent {
namespace cli {
namespace {

// Items taken at once: enough that taking them costs nothing next to
// classifying them, and at most a share of the job's count so that a short
// job (a few lines from a pipe) is still shared out.
constexpr size_t kMaxItemsPerTake = 8;

size_t ItemsPerTake(size_t count, int threads) {
  return std::clamp<size_t>(count / (2 * static_cast<size_t>(threads)), 1, kMaxItemsPerTake);
}

}  // namespace

WorkerPool::WorkerPool(int threads) {
  // Reserved first, so that once a helper runs, adding the next one cannot
  // throw on the vector's account.
  helpers_.reserve(static_cast<size_t>(std::max(threads - 1, 0)));
  for (int k = 1; k < threads; ++k) {
    // Where the system gives no more threads (or no memory to start one),
    // the pool works with fewer: a throw from here would destroy what the
    // helpers already started are waiting on.
    try {
      helpers_.emplace_back([this, k] { HelperLoop(k); });
    } catch (...) {
      break;
    }
  }
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  job_posted_.notify_all();
  for (std::thread& t : helpers_) t.join();
}

void WorkerPool::Run(size_t count, const std::function<void(int, size_t)>& item) {
  if (count == 0) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    item_ = &item;
    count_ = count;
    next_ = 0;
    busy_ = static_cast<int>(helpers_.size());
    error_ = nullptr;
    take_ = ItemsPerTake(count, threads());
    ++generation_;
  }
  job_posted_.notify_all();
  Work(0);
  std::unique_lock<std::mutex> lock(mu_);
  job_done_.wait(lock, [this] { return busy_ == 0; });
  item_ = nullptr;
  if (error_ != nullptr) {
    std::exception_ptr error = error_;
    error_ = nullptr;
    std::rethrow_exception(error);
  }
}

void WorkerPool::Work(int worker) {
  for (;;) {
    size_t begin, end;
    const std::function<void(int, size_t)>* item;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (next_ >= count_) return;
      begin = next_;
      end = std::min(count_, begin + take_);
      next_ = end;
      item = item_;
    }
    try {
      for (size_t i = begin; i < end; ++i) (*item)(worker, i);
    } catch (...) {
      std::lock_guard<std::mutex> lock(mu_);
      if (error_ == nullptr) error_ = std::current_exception();
      next_ = count_;  // the others stop taking items
      return;
    }
  }
}

void WorkerPool::HelperLoop(int worker) {
  size_t seen = 0;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      job_posted_.wait(lock, [&] { return stopping_ || generation_ != seen; });
      if (stopping_) return;
      seen = generation_;
    }
    Work(worker);
    std::lock_guard<std::mutex> lock(mu_);
    if (--busy_ == 0) job_done_.notify_one();
  }
}

}  // namespace cli
}  // namespace meetintent
