#include "vigil/export/otlp_exporter.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <limits>
#include <mutex>
#include <optional>
#include <random>
#include <stdexcept>
#include <thread>
#include <utility>

#include "export/otlp/batch_queue.h"
#include "export/otlp/export_request.h"
#include "export/otlp/exporter_config.h"
#include "export/otlp/http_post.h"
#include "export/otlp/send_outcome.h"

namespace vigil::exporter {
namespace {

using Clock = std::chrono::steady_clock;
namespace collector = opentelemetry::proto::collector::metrics::v1;

template <class Duration>
int64_t nanoseconds_of(Duration since_epoch) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(since_epoch).count();
}

uint64_t unix_nano_now() {
  return static_cast<uint64_t>(nanoseconds_of(std::chrono::system_clock::now().time_since_epoch()));
}

// The options, or std::invalid_argument for values the thread cannot work with.
OtlpExporterOptions checked(OtlpExporterOptions options) {
  if (options.export_interval <= std::chrono::milliseconds(0)) {
    throw std::invalid_argument("OTLP exporter: export_interval must be positive");
  }
  if (options.timeout <= std::chrono::milliseconds(0))
    throw std::invalid_argument("OTLP exporter: timeout must be positive");
  if (options.max_queue_size == 0) throw std::invalid_argument("OTLP exporter: max_queue_size must be at least 1");
  if (options.retry.max_attempts < 1)
    throw std::invalid_argument("OTLP exporter: retry.max_attempts must be at least 1");
  return options;
}

// A summary of what the receiver refused, for the log; empty when it took everything.
std::string partial_success_of(const otlp::PostResult& result) {
  if (result.content_type.find("application/x-protobuf") == std::string::npos) return {};
  collector::ExportMetricsServiceResponse response;
  if (!response.ParseFromString(result.body) || !response.has_partial_success()) return {};
  const auto& partial = response.partial_success();
  if (partial.rejected_data_points() == 0) return {};
  return std::to_string(partial.rejected_data_points()) + " data points rejected: " + partial.error_message();
}

}  // namespace

class OtlpExporter::Loop {
 public:
  Loop(metrics::Registry& registry, OtlpExporterOptions options)
      : registry_(registry),
        options_(checked(std::move(options))),
        config_(otlp::resolve_config(options_, otlp::process_environment())),
        start_unix_nano_(unix_nano_now()),
        queue_(options_.max_queue_size),
        random_(std::random_device{}()) {
    if (options_.self_metrics) {
      exported_metric_ = &registry_
                              .counter("vigil_sdk_otlp_exported_batches_total",
                                       "Batches of metrics the OTLP exporter sent and the receiver acknowledged.")
                              .with({});
      dropped_metric_ = &registry_
                             .counter("vigil_sdk_otlp_dropped_batches_total",
                                      "Batches of metrics the OTLP exporter dropped: queue full, rejected by the "
                                      "receiver, retries exhausted or left at shutdown.")
                             .with({});
      failed_metric_ =
          &registry_.counter("vigil_sdk_otlp_failed_requests_total", "OTLP export requests that got no 2xx answer.")
               .with({});
    }
    thread_ = std::thread([this] { run(); });
  }

  ~Loop() {
    if (thread_.joinable()) thread_.join();
  }

  bool force_flush(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mu_);
    if (stopping_) return false;
    const uint64_t id = ++flush_requested_;
    wake_.notify_all();
    flushed_.wait_for(lock, timeout, [&] { return flush_done_ >= id || finished_; });
    return flush_done_ >= id && flush_ok_;
  }

  bool shutdown(std::chrono::milliseconds timeout) {
    {
      std::lock_guard lock(mu_);
      if (!stopping_) {
        stopping_ = true;
        // The stop deadline; it also cuts off a request in flight.
        abort_at_.store(nanoseconds_of((Clock::now() + timeout).time_since_epoch()));
        wake_.notify_all();
      }
    }
    std::call_once(joined_, [this] { thread_.join(); });
    std::lock_guard lock(mu_);
    return shutdown_ok_;
  }

  OtlpExporterStats stats() const {
    std::lock_guard lock(mu_);
    return {exported_, dropped_, failed_, queue_.size()};
  }

  const std::string& endpoint() const noexcept { return config_.endpoint; }
  std::chrono::milliseconds shutdown_timeout() const noexcept { return options_.shutdown_timeout; }

 private:
  void run() {
    std::unique_lock lock(mu_);
    Clock::time_point next_collect = Clock::now() + options_.export_interval;
    Clock::time_point next_send = Clock::now();
    uint64_t flush_seen = 0;
    uint64_t dropped_at_flush = 0;
    while (!stopping_) {
      const Clock::time_point until = queue_.empty() ? next_collect : std::min(next_collect, next_send);
      wake_.wait_until(lock, until, [&] { return stopping_ || flush_requested_ != flush_seen; });
      if (stopping_) break;
      const bool flush = flush_requested_ != flush_seen;
      if (flush) {
        flush_seen = flush_requested_;
        dropped_at_flush = dropped_;
        next_send = Clock::now();  // a flush does not wait out a backoff
      }
      if (flush || Clock::now() >= next_collect) {
        if (!flush) next_collect = std::max(next_collect + options_.export_interval, Clock::now());
        collect(lock);
      }
      while (!stopping_ && !queue_.empty() && Clock::now() >= next_send) {
        if (auto delay = send_front(lock, options_.timeout)) {
          next_send = Clock::now() + *delay;
          break;
        }
      }
      if (flush_done_ != flush_seen && queue_.empty()) {
        flush_done_ = flush_seen;
        flush_ok_ = dropped_ == dropped_at_flush;
        flushed_.notify_all();
      }
    }
    final_export(lock);
    finished_ = true;
    flushed_.notify_all();
  }

  // A last collection, then sends until the deadline or the first failure.
  void final_export(std::unique_lock<std::mutex>& lock) {
    const uint64_t dropped_before = dropped_;
    collect(lock);
    while (!queue_.empty()) {
      const Clock::time_point deadline{std::chrono::nanoseconds(abort_at_.load())};
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left <= std::chrono::milliseconds(0)) break;
      const uint64_t id = queue_.front().id;
      send_front(lock, std::min(options_.timeout, left));
      if (!queue_.empty() && queue_.front().id == id) break;  // retryable: no time for retries
    }
    add_dropped(queue_.clear());
    shutdown_ok_ = dropped_ == dropped_before;
  }

  // Collects the registry (without the lock: collectors run user code) and queues it.
  void collect(std::unique_lock<std::mutex>& lock) {
    lock.unlock();
    std::string body;
    try {
      const auto request =
          otlp::export_request(registry_.collect(), config_.resource, {start_unix_nano_, unix_nano_now()});
      if (request.resource_metrics(0).scope_metrics(0).metrics_size() > 0) request.SerializeToString(&body);
    } catch (const std::exception& e) {
      options_.logger.error("OTLP export: collecting the registry failed", {{"error", e.what()}});
    }
    lock.lock();
    if (!body.empty()) add_dropped(queue_.push(std::move(body)));
  }

  // Sends the front batch and settles it; the wait before the next attempt
  // when it is to be retried.
  std::optional<std::chrono::milliseconds> send_front(std::unique_lock<std::mutex>& lock,
                                                      std::chrono::milliseconds timeout) {
    const otlp::Batch batch = queue_.front();
    lock.unlock();
    const otlp::PostResult result = poster_.post(config_.endpoint, config_.headers, *batch.body, timeout, abort_at_);
    lock.lock();
    const otlp::SendOutcome outcome = otlp::outcome_of(result);
    if (outcome == otlp::SendOutcome::exported) {
      queue_.pop(batch.id);
      ++exported_;
      if (exported_metric_ != nullptr) exported_metric_->inc(1);
      if (failing_) options_.logger.info("OTLP export: sending again", {{"endpoint", config_.endpoint}});
      failing_ = false;
      attempts_ = 0;
      if (std::string partial = partial_success_of(result); !partial.empty()) {
        options_.logger.warn("OTLP export: the receiver refused part of a batch", {{"error", std::move(partial)}});
      }
      return std::nullopt;
    }
    ++failed_;
    if (failed_metric_ != nullptr) failed_metric_->inc(1);
    const std::string error =
        result.status != 0 ? "HTTP " + std::to_string(result.status) + ": " + result.body : result.error;
    if (outcome == otlp::SendOutcome::permanent) {
      queue_.pop(batch.id);
      add_dropped(1);
      attempts_ = 0;
      options_.logger.error("OTLP export: the receiver rejected a batch; dropped",
                            {{"endpoint", config_.endpoint}, {"error", error}});
      return std::nullopt;
    }
    if (!failing_) {
      options_.logger.warn("OTLP export failed; retrying with backoff",
                           {{"endpoint", config_.endpoint}, {"error", error}});
    }
    failing_ = true;
    if (attempts_batch_ != batch.id) attempts_ = 0;
    attempts_batch_ = batch.id;
    ++attempts_;
    const auto delay = otlp::retry_delay(options_.retry, attempts_, result.retry_after, random_);
    if (attempts_ >= options_.retry.max_attempts) {
      queue_.pop(batch.id);
      add_dropped(1);
      attempts_ = 0;
    }
    return delay;
  }

  void add_dropped(uint64_t n) {
    if (n == 0) return;
    dropped_ += n;
    if (dropped_metric_ != nullptr) dropped_metric_->inc(static_cast<double>(n));
  }

  metrics::Registry& registry_;
  const OtlpExporterOptions options_;
  const otlp::ExporterConfig config_;
  const uint64_t start_unix_nano_;
  metrics::Counter* exported_metric_ = nullptr;
  metrics::Counter* dropped_metric_ = nullptr;
  metrics::Counter* failed_metric_ = nullptr;

  mutable std::mutex mu_;
  std::condition_variable wake_;     // the thread: a flush or the shutdown
  std::condition_variable flushed_;  // force_flush() callers
  otlp::BatchQueue queue_;
  uint64_t flush_requested_ = 0;
  uint64_t flush_done_ = 0;  // the last flush whose batches all left the queue
  bool flush_ok_ = false;    // ... and none was dropped
  bool stopping_ = false;
  bool finished_ = false;
  bool shutdown_ok_ = false;
  uint64_t exported_ = 0;
  uint64_t dropped_ = 0;
  uint64_t failed_ = 0;
  bool failing_ = false;  // logs the start and the end of a run of failures once
  int attempts_ = 0;      // failed sends of batch attempts_batch_
  uint64_t attempts_batch_ = 0;
  std::minstd_rand random_;
  // The stop deadline, steady_clock nanoseconds; the largest value until shutdown().
  std::atomic<int64_t> abort_at_{std::numeric_limits<int64_t>::max()};
  otlp::HttpPoster poster_;  // used by the thread only
  std::once_flag joined_;
  std::thread thread_;
};

OtlpExporter::OtlpExporter(metrics::Registry& registry, OtlpExporterOptions options)
    : loop_(std::make_unique<Loop>(registry, std::move(options))) {}

OtlpExporter::~OtlpExporter() { shutdown(loop_->shutdown_timeout()); }

bool OtlpExporter::force_flush(std::chrono::milliseconds timeout) { return loop_->force_flush(timeout); }

bool OtlpExporter::shutdown(std::chrono::milliseconds timeout) { return loop_->shutdown(timeout); }

OtlpExporterStats OtlpExporter::stats() const { return loop_->stats(); }

const std::string& OtlpExporter::endpoint() const noexcept { return loop_->endpoint(); }

}  // namespace vigil::exporter
