#include "ingest/otlp/delta_converter.h"

#include <utility>

namespace vigil::ingest::otlp {
namespace {

// Idle streams are swept at most this often, or at once when the table is full.
constexpr std::chrono::seconds kSweepInterval{60};

bool same_bounds(const ClassicHistogram& a, const ClassicHistogram& b) {
  return a.bounds == b.bounds && a.counts.size() == b.counts.size();
}

}  // namespace

DeltaConverter::DeltaConverter(DeltaOptions options, Clock clock)
    : options_(options), clock_(std::move(clock)), last_sweep_(clock_()) {}

size_t DeltaConverter::streams() const {
  std::lock_guard lock(mu_);
  return streams_.size();
}

void DeltaConverter::evict_idle(std::chrono::steady_clock::time_point now) {
  last_sweep_ = now;
  std::erase_if(streams_, [&](const auto& entry) { return now - entry.second.touched > options_.idle_timeout; });
}

std::expected<DeltaStream*, std::string> DeltaConverter::prepare(const std::string& key, DeltaInterval interval,
                                                                 DeltaChanges& changes) {
  const auto now = clock_();
  if (now - last_sweep_ >= kSweepInterval) evict_idle(now);
  auto it = streams_.find(key);
  if (it != streams_.end() && now - it->second.touched > options_.idle_timeout) {
    streams_.erase(it);  // idle too long: its next delta starts a new total
    it = streams_.end();
  }
  if (it == streams_.end()) {
    if (streams_.size() >= options_.max_streams) evict_idle(now);
    if (streams_.size() >= options_.max_streams) {
      return std::unexpected("delta to cumulative conversion tracks its limit of " +
                             std::to_string(options_.max_streams) + " streams (otlp.delta.max_streams)");
    }
    changes.before.emplace_back(key, std::nullopt);
    return nullptr;
  }
  DeltaStream& stream = it->second;
  if (interval.time_ns <= stream.last_ns) {
    return std::unexpected("delta ending at " + std::to_string(interval.time_ns) +
                           " ns is not after the last one added (" + std::to_string(stream.last_ns) +
                           " ns): a repeat or out of order");
  }
  if (interval.start_ns != 0 && interval.start_ns < stream.last_ns) {
    return std::unexpected("delta starting at " + std::to_string(interval.start_ns) +
                           " ns overlaps the last one added (ending " + std::to_string(stream.last_ns) + " ns)");
  }
  changes.before.emplace_back(key, stream);
  stream.last_ns = interval.time_ns;
  stream.touched = now;
  return &stream;
}

void DeltaConverter::start(const std::string& key, DeltaInterval interval,
                           std::variant<double, ClassicHistogram, ExponentialHistogram> total) {
  DeltaStream stream;
  stream.start_ns = interval.start_ns != 0 ? interval.start_ns : interval.time_ns;
  stream.last_ns = interval.time_ns;
  stream.total = std::move(total);
  stream.touched = clock_();
  streams_.insert_or_assign(key, std::move(stream));
}

std::expected<double, std::string> DeltaConverter::add_sum(const std::string& key, DeltaInterval interval,
                                                           double delta, DeltaChanges& changes) {
  std::lock_guard lock(mu_);
  auto stream = prepare(key, interval, changes);
  if (!stream) return std::unexpected(stream.error());
  if (*stream == nullptr || !std::holds_alternative<double>((*stream)->total)) {
    start(key, interval, delta);
    return delta;
  }
  double& total = std::get<double>((*stream)->total);
  total += delta;
  return total;
}

std::expected<ClassicHistogram, std::string> DeltaConverter::add_histogram(const std::string& key,
                                                                           DeltaInterval interval,
                                                                           const ClassicHistogram& delta,
                                                                           DeltaChanges& changes) {
  std::lock_guard lock(mu_);
  auto stream = prepare(key, interval, changes);
  if (!stream) return std::unexpected(stream.error());
  auto* total = *stream == nullptr ? nullptr : std::get_if<ClassicHistogram>(&(*stream)->total);
  // New bounds make the old counts incomparable: a new total (a reset).
  if (total == nullptr || !same_bounds(*total, delta)) {
    start(key, interval, delta);
    return delta;
  }
  for (size_t i = 0; i < total->counts.size(); ++i) total->counts[i] += delta.counts[i];
  total->count += delta.count;
  if (total->sum && delta.sum) {
    *total->sum += *delta.sum;
  } else {
    total->sum.reset();
  }
  return *total;
}

std::expected<ExponentialHistogram, std::string> DeltaConverter::add_exponential_histogram(
    const std::string& key, DeltaInterval interval, const ExponentialHistogram& delta, DeltaChanges& changes) {
  std::lock_guard lock(mu_);
  auto stream = prepare(key, interval, changes);
  if (!stream) return std::unexpected(stream.error());
  auto* total = *stream == nullptr ? nullptr : std::get_if<ExponentialHistogram>(&(*stream)->total);
  if (total == nullptr) {
    start(key, interval, delta);
    return delta;
  }
  add_exponential(*total, delta);
  return *total;
}

void DeltaConverter::rollback(DeltaChanges& changes) {
  std::lock_guard lock(mu_);
  for (auto it = changes.before.rbegin(); it != changes.before.rend(); ++it) {
    if (it->second) {
      streams_.insert_or_assign(it->first, std::move(*it->second));
    } else {
      streams_.erase(it->first);
    }
  }
  changes.before.clear();
}

}  // namespace vigil::ingest::otlp
