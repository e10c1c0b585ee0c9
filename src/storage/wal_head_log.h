#pragma once
// Writes what the head accepted into the WAL, as series and samples records,
// and commits them as one group before the append is acknowledged.

#include <mutex>
#include <vector>

#include "storage/head/head.h"
#include "storage/wal/records.h"
#include "storage/wal/wal.h"

namespace vigil::storage {

class WalHeadLog final : public head::HeadLog {
 public:
  explicit WalHeadLog(wal::Wal& wal) : wal_(wal) {}

  Result<void> log(std::span<const head::NewSeries> series, std::span<const head::RefSample> samples) override;

 private:
  wal::Wal& wal_;
  std::mutex mu_;  // guards the encode buffers; the WAL has its own lock
  std::vector<wal::RefSeries> series_buffer_;
  std::vector<wal::RefSample> samples_buffer_;
  std::vector<uint8_t> payload_;
};

}  // namespace vigil::storage
