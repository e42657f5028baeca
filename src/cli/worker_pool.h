// A fixed set of threads that share out the items of one job at a time
// (classify --threads): the caller's thread works too, and Run returns when
// every item is done, so the caller writes the results in input order.
#ifndef MEETINTENT_CLI_WORKER_POOL_H_
#define MEETINTENT_CLI_WORKER_POOL_H_

#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace meetintent {
namespace cli {

class WorkerPool {
 public:
  // `threads` workers in all: the caller's thread and threads - 1 more (fewer
  // when the system refuses to start more; threads() says how many).
  explicit WorkerPool(int threads);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  int threads() const { return static_cast<int>(helpers_.size()) + 1; }

  // Calls item(worker, i) once for each i in [0, count), worker in
  // [0, threads()) naming the thread (0: the caller), and returns when all
  // calls are done. An exception an item throws is thrown here, after the
  // others finish (the rest of that job may be skipped).
  void Run(size_t count, const std::function<void(int worker, size_t i)>& item);

 private:
  void Work(int worker);
  void HelperLoop(int worker);

  std::vector<std::thread> helpers_;
  std::mutex mu_;
  std::condition_variable job_posted_, job_done_;
  // The job in progress (guarded by mu_, but for the items themselves).
  const std::function<void(int, size_t)>* item_ = nullptr;
  size_t count_ = 0;
  size_t next_ = 0;         // the next item no worker has taken
  size_t take_ = 1;         // items a worker takes at once in this job
  size_t generation_ = 0;   // bumped per job, so a helper takes each job once
  int busy_ = 0;            // helpers still on the current job
  bool stopping_ = false;
  std::exception_ptr error_;
};

}  // namespace cli
}  // namespace meetintent

#endif  // MEETINTENT_CLI_WORKER_POOL_H_
