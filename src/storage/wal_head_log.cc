#include "storage/wal_head_log.h"

#include "storage/wal/records.h"

namespace vigil::storage {

Result<void> WalHeadLog::log(std::span<const head::NewSeries> series, std::span<const head::RefSample> samples) {
  std::lock_guard lock(mu_);
  if (!series.empty()) {
    series_buffer_.clear();
    for (const auto& s : series) series_buffer_.push_back({s.ref, *s.labels});
    wal::encode_series(series_buffer_, payload_);
    if (auto ok = wal_.log(wal::RecordType::series, payload_); !ok) return ok;
  }
  if (!samples.empty()) {
    samples_buffer_.clear();
    for (const auto& s : samples) samples_buffer_.push_back({s.ref, s.t, s.v});
    wal::encode_samples(samples_buffer_, payload_);
    if (auto ok = wal_.log(wal::RecordType::samples, payload_); !ok) return ok;
  }
  return wal_.commit();
}

}  // namespace vigil::storage
