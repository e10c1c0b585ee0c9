#pragma once
// Runs the handlers of long requests (PromQL queries, which may wait for a
// slot and compute for minutes) on threads of their own, so that they never
// hold one of the server's few threads and every other request is still
// read and answered meanwhile, as each request has its own goroutine in
// Prometheus. At shutdown, stop() tells the running handlers to give up.

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>

namespace vigil::api {

class LongRequestThreads {
 public:
  LongRequestThreads() = default;
  ~LongRequestThreads();  // stop(), then join()
  LongRequestThreads(const LongRequestThreads&) = delete;
  LongRequestThreads& operator=(const LongRequestThreads&) = delete;

  // Starts `work` on a new thread. Refused (false) once stopping.
  bool run(std::function<void()> work);

  // From now on stopping() is true: handlers read it through
  // RequestContext::client_gone and stop.
  void stop() noexcept;
  bool stopping() const noexcept;

  // Waits until every started thread has finished.
  void join();

 private:
  mutable std::mutex mutex_;
  std::condition_variable idle_;
  size_t running_ = 0;
  bool stopping_ = false;
};

}  // namespace vigil::api
