#include "bench/storage/remote_write_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

namespace vigil::bench {
namespace {

namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

constexpr size_t kQueueDepth = 8;

}  // namespace

Result<RemoteWriteUrl> parse_remote_write_url(std::string_view url) {
  constexpr std::string_view scheme = "http://";
  if (!url.starts_with(scheme)) {
    return std::unexpected(
        make_error(ErrorKind::invalid_argument, "url " + std::string(url) + ": must start with http://"));
  }
  url.remove_prefix(scheme.size());
  const size_t slash = url.find('/');
  const std::string_view authority = url.substr(0, slash);
  const size_t colon = authority.rfind(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == authority.size()) {
    return std::unexpected(make_error(ErrorKind::invalid_argument, "url: expected HOST:PORT after http://"));
  }
  return RemoteWriteUrl{std::string(authority.substr(0, colon)), std::string(authority.substr(colon + 1)),
                        slash == std::string_view::npos ? "/" : std::string(url.substr(slash))};
}

struct RemoteWriteSender::Connection {
  RemoteWriteUrl url;
  boost::asio::io_context io;
  tcp::socket socket{io};
  std::mutex mu;
  std::condition_variable changed;
  std::deque<std::pair<std::string, size_t>> queue;
  bool closing = false;
  bool busy = false;
  std::optional<Error> error;
  SendStats stats;
  std::thread thread;

  Result<void> post(const std::string& body) {
    http::request<http::string_body> request{http::verb::post, url.target, 11};
    request.set(http::field::host, url.host + ":" + url.port);
    request.set(http::field::content_encoding, "snappy");
    request.set(http::field::content_type, "application/x-protobuf");
    request.set(http::field::user_agent, "vigil-storage-compare");
    request.set("X-Prometheus-Remote-Write-Version", "0.1.0");
    request.body() = body;
    request.prepare_payload();
    boost::beast::error_code ec;
    http::write(socket, request, ec);
    boost::beast::flat_buffer buffer;
    http::response<http::string_body> response;
    if (!ec) http::read(socket, buffer, response, ec);
    if (ec) return std::unexpected(make_error(ErrorKind::io, "POST " + url.target + ": " + ec.message()));
    if (response.result_int() / 100 != 2) {
      return std::unexpected(make_error(ErrorKind::unavailable, "POST " + url.target + ": HTTP " +
                                                                    std::to_string(response.result_int()) + ": " +
                                                                    response.body().substr(0, 500)));
    }
    return {};
  }

  void run() {
    std::unique_lock lock(mu);
    for (;;) {
      changed.wait(lock, [&] { return closing || !queue.empty(); });
      if (queue.empty()) return;
      auto [body, samples] = std::move(queue.front());
      queue.pop_front();
      busy = true;
      changed.notify_all();
      lock.unlock();
      auto sent = error ? Result<void>{} : post(body);
      lock.lock();
      busy = false;
      if (!sent && !error) error = sent.error();
      if (sent) {
        ++stats.requests;
        stats.samples += samples;
        stats.compressed_bytes += body.size();
      }
      changed.notify_all();
    }
  }
};

Result<std::unique_ptr<RemoteWriteSender>> RemoteWriteSender::connect(const RemoteWriteUrl& url, unsigned connections) {
  std::unique_ptr<RemoteWriteSender> sender(new RemoteWriteSender());
  for (unsigned i = 0; i < std::max(1u, connections); ++i) {
    auto c = std::make_unique<Connection>();
    c->url = url;
    boost::beast::error_code ec;
    tcp::resolver resolver(c->io);
    auto endpoints = resolver.resolve(url.host, url.port, ec);
    if (!ec) boost::asio::connect(c->socket, endpoints, ec);
    if (ec) {
      return std::unexpected(make_error(ErrorKind::io, "connect " + url.host + ":" + url.port + ": " + ec.message()));
    }
    c->socket.set_option(tcp::no_delay(true));
    Connection* raw = c.get();
    c->thread = std::thread([raw] { raw->run(); });
    sender->connections_.push_back(std::move(c));
  }
  return sender;
}

RemoteWriteSender::~RemoteWriteSender() {
  for (auto& c : connections_) {
    {
      std::lock_guard lock(c->mu);
      c->closing = true;
      c->queue.clear();
    }
    c->changed.notify_all();
    if (c->thread.joinable()) c->thread.join();
  }
}

unsigned RemoteWriteSender::connections() const noexcept { return static_cast<unsigned>(connections_.size()); }

Result<void> RemoteWriteSender::send(unsigned shard, std::string body, size_t samples) {
  Connection& c = *connections_[shard % connections_.size()];
  std::unique_lock lock(c.mu);
  c.changed.wait(lock, [&] { return c.queue.size() < kQueueDepth || c.error; });
  if (c.error) return std::unexpected(*c.error);
  c.queue.emplace_back(std::move(body), samples);
  c.changed.notify_all();
  return {};
}

Result<SendStats> RemoteWriteSender::finish() {
  SendStats total;
  std::optional<Error> first;
  for (auto& c : connections_) {
    {
      std::unique_lock lock(c->mu);
      c->closing = true;
      c->changed.notify_all();
      c->changed.wait(lock, [&] { return c->queue.empty() && !c->busy; });
    }
    if (c->thread.joinable()) c->thread.join();
    if (c->error && !first) first = c->error;
    total.requests += c->stats.requests;
    total.samples += c->stats.samples;
    total.compressed_bytes += c->stats.compressed_bytes;
  }
  if (first) return std::unexpected(*first);
  return total;
}

}  // namespace vigil::bench
