#include "api/http/session_registry.h"

#include <vector>

namespace vigil::api {

const char* to_string(Connection::Phase phase) noexcept {
  switch (phase) {
    case Connection::Phase::handshake: return "tls handshake";
    case Connection::Phase::waiting: return "waiting for a request";
    case Connection::Phase::reading: return "reading a request";
    case Connection::Phase::serving: return "serving";
    case Connection::Phase::writing: return "writing a response";
    case Connection::Phase::closing: return "closing";
  }
  return "unknown";
}

std::string SessionRegistry::describe() const {
  std::lock_guard lock(mu_);
  std::string out;
  for (const auto& [_, weak] : connections_) {
    if (auto c = weak.lock()) {
      if (!out.empty()) out += ", ";
      out += c->remote() + " (" + to_string(c->phase()) + ")";
    }
  }
  return out;
}

size_t SessionRegistry::size() const {
  std::lock_guard lock(mu_);
  return connections_.size();
}

void SessionRegistry::add(const std::shared_ptr<Connection>& connection) {
  bool closing;
  {
    std::lock_guard lock(mu_);
    connections_[connection.get()] = connection;
    closing = closing_.load(std::memory_order_relaxed);
    open_.inc();
  }
  // A connection accepted while shutdown began must not wait for its idle timeout.
  if (closing) connection->begin_shutdown();
}

void SessionRegistry::remove(const Connection* connection) {
  std::lock_guard lock(mu_);
  if (connections_.erase(connection) > 0) open_.dec();
  if (connections_.empty()) empty_.notify_all();
}

void SessionRegistry::begin_shutdown_all() {
  std::vector<std::shared_ptr<Connection>> live;
  {
    std::lock_guard lock(mu_);
    closing_.store(true, std::memory_order_release);
    for (auto& [_, weak] : connections_) {
      if (auto c = weak.lock()) live.push_back(std::move(c));
    }
  }
  for (auto& c : live) c->begin_shutdown();
}

void SessionRegistry::force_close_all() {
  std::vector<std::shared_ptr<Connection>> live;
  {
    std::lock_guard lock(mu_);
    for (auto& [_, weak] : connections_) {
      if (auto c = weak.lock()) live.push_back(std::move(c));
    }
  }
  for (auto& c : live) c->force_close();
}

bool SessionRegistry::wait_empty(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mu_);
  return empty_.wait_until(lock, deadline, [&] { return connections_.empty(); });
}

}  // namespace vigil::api
