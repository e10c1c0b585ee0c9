#pragma once
// While a query runs, checks now and then whether its client has closed the
// connection, and if so requests a stop, so that nobody's query keeps the
// engine busy for an answer no one will read. Handlers run on the server's
// threads and block them, so the session cannot notice the close itself;
// this thread asks the socket instead (RequestContext::client_gone).

#include <chrono>
#include <functional>
#include <stop_token>
#include <thread>

namespace vigil::api {

class DisconnectWatch {
 public:
  // Without a probe (`client_gone` empty) it does nothing.
  DisconnectWatch(std::function<bool()> client_gone, std::stop_source stop,
                  std::chrono::milliseconds interval = std::chrono::milliseconds(100));
  // Stops watching; never requests a stop after it returns.
  ~DisconnectWatch();
  DisconnectWatch(const DisconnectWatch&) = delete;
  DisconnectWatch& operator=(const DisconnectWatch&) = delete;

 private:
  std::jthread thread_;
};

}  // namespace vigil::api
