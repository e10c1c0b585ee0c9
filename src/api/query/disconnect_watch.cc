#include "api/query/disconnect_watch.h"

#include <condition_variable>
#include <mutex>

namespace vigil::api {

DisconnectWatch::DisconnectWatch(std::function<bool()> client_gone, std::stop_source stop,
                                 std::chrono::milliseconds interval) {
  if (!client_gone) return;
  thread_ = std::jthread([client_gone = std::move(client_gone), stop, interval](std::stop_token watching) mutable {
    std::mutex mutex;
    std::condition_variable_any wake;
    std::unique_lock lock(mutex);
    while (!watching.stop_requested()) {
      if (client_gone()) {
        stop.request_stop();
        return;
      }
      wake.wait_for(lock, watching, interval, [] { return false; });
    }
  });
}

DisconnectWatch::~DisconnectWatch() {
  if (thread_.joinable()) {
    thread_.request_stop();
    thread_.join();
  }
}

}  // namespace vigil::api
