#include "vigil/export/metrics_endpoint.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <list>
#include <system_error>
#include <thread>
#include <vector>

#include "file_descriptor.h"
#include "http_request.h"
#include "http_response.h"
#include "listen_socket.h"
#include "scrape_answer.h"

namespace vigil::exporter {
namespace {

using Clock = std::chrono::steady_clock;

struct Connection {
  FileDescriptor fd;
  std::string in;
  std::string out;
  std::size_t sent = 0;
  // After the answer is sent: shut down writing, then read and discard until
  // the client closes. Closing with unread input would send a reset that can
  // destroy the answer before the client reads it.
  bool close_after_write = false;
  bool draining = false;
  bool closed = false;
  Clock::time_point deadline;
};

}  // namespace

struct MetricsEndpoint::State {
  State(const metrics::Registry& r, MetricsEndpointOptions o, ListenSocket l, FileDescriptor wr, FileDescriptor ww)
      : registry(r),
        options(std::move(o)),
        listener(std::move(l)),
        wake_read(std::move(wr)),
        wake_write(std::move(ww)) {}

  void run();
  void accept_all();
  void receive(Connection& c);
  void answer_buffered(Connection& c);
  void flush(Connection& c);
  short events_of(const Connection& c) const { return c.out.empty() || c.draining ? POLLIN : POLLOUT; }

  const metrics::Registry& registry;
  const MetricsEndpointOptions options;
  ListenSocket listener;
  FileDescriptor wake_read, wake_write;
  std::list<Connection> connections;
  Clock::time_point accept_resumes;
  std::thread thread;
};

void MetricsEndpoint::State::run() {
  std::vector<pollfd> fds;
  for (;;) {
    fds.clear();
    fds.push_back({wake_read.get(), POLLIN, 0});
    // While accepting is paused the listener is not polled: it would stay
    // readable and spin the loop.
    bool accepting = Clock::now() >= accept_resumes;
    fds.push_back({listener.fd.get(), static_cast<short>(accepting ? POLLIN : 0), 0});
    Clock::time_point next_deadline = accepting ? Clock::time_point::max() : accept_resumes;
    for (const Connection& c : connections) {
      fds.push_back({c.fd.get(), events_of(c), 0});
      next_deadline = std::min(next_deadline, c.deadline);
    }
    int timeout_ms = -1;
    if (next_deadline != Clock::time_point::max()) {
      auto wait = std::chrono::ceil<std::chrono::milliseconds>(next_deadline - Clock::now()).count();
      timeout_ms = static_cast<int>(std::clamp<decltype(wait)>(wait, 0, 60'000));
    }
    if (::poll(fds.data(), fds.size(), timeout_ms) < 0 && errno != EINTR) return;
    if (fds[0].revents != 0) return;  // the destructor asks to stop

    size_t i = 2;
    for (Connection& c : connections) {
      short revents = fds[i++].revents;
      if (revents == 0) continue;
      try {
        if (revents & POLLOUT) {
          flush(c);
          answer_buffered(c);  // pipelined requests received behind the one just answered
        } else if (revents & (POLLIN | POLLHUP | POLLERR)) {
          receive(c);
        } else {
          c.closed = true;
        }
      } catch (const std::exception&) {
        c.closed = true;  // out of memory for one answer: drop that client only
      }
    }
    Clock::time_point now = Clock::now();
    connections.remove_if([now](const Connection& c) { return c.closed || now >= c.deadline; });
    if (fds[1].revents != 0) accept_all();
  }
}

void MetricsEndpoint::State::accept_all() {
  for (;;) {
    FileDescriptor fd(::accept4(listener.fd.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC));
    if (!fd) {
      // Out of descriptors or memory: the pending connection stays queued;
      // try again a little later instead of at once.
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
        accept_resumes = Clock::now() + std::chrono::milliseconds(100);
      if (errno == ECONNABORTED || errno == EINTR) continue;
      return;  // EAGAIN: none left
    }
    if (connections.size() >= options.max_connections) {
      // Refuse at once rather than leave the client waiting; the answer fits
      // in a fresh socket's send buffer, so one send() either takes it or the
      // client is gone.
      static const std::string busy = [] {
        std::string out;
        append_response(out, HttpResponse{.status = 503}, /*keep_alive=*/false, /*head_only=*/false);
        return out;
      }();
      [[maybe_unused]] ssize_t n = ::send(fd.get(), busy.data(), busy.size(), MSG_NOSIGNAL);
      continue;
    }
    Connection& c = connections.emplace_back();
    c.fd = std::move(fd);
    c.deadline = Clock::now() + options.connection_timeout;
  }
}

void MetricsEndpoint::State::receive(Connection& c) {
  char buf[4096];
  ssize_t n = ::recv(c.fd.get(), buf, sizeof buf, 0);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return;
  if (n <= 0) {
    c.closed = true;
    return;
  }
  if (c.draining) return;
  c.in.append(buf, static_cast<size_t>(n));
  answer_buffered(c);
}

// Answers every complete request in the input, in order, until an answer
// cannot be sent at once (then POLLOUT resumes it) or the connection ends.
void MetricsEndpoint::State::answer_buffered(Connection& c) {
  while (c.out.empty() && !c.closed && !c.draining) {
    ParsedHead head = parse_request_head(c.in, options.max_request_bytes);
    if (head.status == HeadStatus::incomplete) return;
    HttpRequest request;
    HttpResponse response;
    if (head.status == HeadStatus::complete) {
      request = std::move(head.request);
      response = answer_scrape(request, registry, options.path);
      c.in.erase(0, head.size);
    } else {
      response.status = head.status == HeadStatus::too_large ? 431 : 400;
      request.keep_alive = false;
      c.in.clear();
    }
    // A request body is not read, so the connection cannot carry another request.
    c.close_after_write = !request.keep_alive || request.has_body;
    append_response(c.out, response, !c.close_after_write, request.method == "HEAD");
    flush(c);
  }
}

void MetricsEndpoint::State::flush(Connection& c) {
  while (c.sent < c.out.size()) {
    ssize_t n = ::send(c.fd.get(), c.out.data() + c.sent, c.out.size() - c.sent, MSG_NOSIGNAL);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return;
    if (n <= 0) {
      c.closed = true;
      return;
    }
    c.sent += static_cast<size_t>(n);
  }
  c.out.clear();
  c.sent = 0;
  if (c.close_after_write) {
    ::shutdown(c.fd.get(), SHUT_WR);
    c.draining = true;
    c.in.clear();
    // The client has its answer; waiting long for its close would only hold a slot.
    c.deadline = std::min(c.deadline, Clock::now() + std::chrono::seconds(1));
    return;
  }
  c.deadline = Clock::now() + options.connection_timeout;
}

std::expected<std::unique_ptr<MetricsEndpoint>, std::string> MetricsEndpoint::start(const metrics::Registry& registry,
                                                                                    MetricsEndpointOptions options) {
  if (options.path.empty() || options.path.front() != '/')
    return std::unexpected("metrics path \"" + options.path + "\" does not start with '/'");
  if (options.max_connections == 0) return std::unexpected(std::string("max_connections is 0"));
  auto listener = open_listen_socket(options.address, options.port);
  if (!listener) return std::unexpected(listener.error());
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_NONBLOCK | O_CLOEXEC) != 0)
    return std::unexpected(std::string("pipe2: ") + std::strerror(errno));
  auto state = std::make_unique<State>(registry, std::move(options), std::move(*listener), FileDescriptor(pipe_fds[0]),
                                       FileDescriptor(pipe_fds[1]));
  try {
    state->thread = std::thread([s = state.get()] { s->run(); });
  } catch (const std::system_error& e) {
    return std::unexpected(std::string("starting the metrics endpoint thread: ") + e.what());
  }
  return std::unique_ptr<MetricsEndpoint>(new MetricsEndpoint(std::move(state)));
}

MetricsEndpoint::MetricsEndpoint(std::unique_ptr<State> state) : state_(std::move(state)) {}

MetricsEndpoint::~MetricsEndpoint() {
  char byte = 0;
  [[maybe_unused]] ssize_t n = ::write(state_->wake_write.get(), &byte, 1);
  state_->thread.join();
}

uint16_t MetricsEndpoint::port() const noexcept { return state_->listener.port; }

}  // namespace vigil::exporter
