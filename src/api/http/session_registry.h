#pragma once
// The open connections of a server, so that shutdown can close the idle ones
// at once, let busy ones finish, and wait until all are gone.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>
#include <unordered_map>

#include "vigil/metrics/gauge.h"

namespace vigil::api {

class Connection {
 public:
  enum class Phase { handshake, waiting, reading, serving, writing, closing };

  virtual ~Connection() = default;
  // What the connection is doing, for the shutdown report; readable from any thread.
  virtual Phase phase() const = 0;
  virtual const std::string& remote() const = 0;
  // Stop reading further requests: close now if waiting for one, else after
  // the current response. Called from any thread.
  virtual void begin_shutdown() = 0;
  // Close the socket now, whatever it is doing. Called from any thread.
  virtual void force_close() = 0;
};

const char* to_string(Connection::Phase phase) noexcept;

class SessionRegistry {
 public:
  explicit SessionRegistry(metrics::Gauge& open_connections) : open_(open_connections) {}

  size_t size() const;
  void add(const std::shared_ptr<Connection>& connection);
  void remove(const Connection* connection);

  void begin_shutdown_all();
  // True once shutdown began: a connection about to wait for another request closes instead.
  bool closing() const noexcept { return closing_.load(std::memory_order_acquire); }
  void force_close_all();
  // "127.0.0.1:5000 (reading), ..." for the connections still open.
  std::string describe() const;
  // True when every connection closed before the deadline.
  bool wait_empty(std::chrono::steady_clock::time_point deadline);

 private:
  metrics::Gauge& open_;
  mutable std::mutex mu_;
  std::condition_variable empty_;
  std::unordered_map<const Connection*, std::weak_ptr<Connection>> connections_;
  // Set under mu_ (so add() and begin_shutdown_all() agree), read anywhere.
  std::atomic<bool> closing_{false};
};

}  // namespace vigil::api
