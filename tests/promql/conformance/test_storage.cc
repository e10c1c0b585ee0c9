#include "promql/conformance/test_storage.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace vigil::promql::conformance {
namespace {

storage::DatabaseOptions upstream_like_options() {
  storage::DatabaseOptions options;
  options.maintenance_interval = std::chrono::milliseconds::zero();
  options.block_duration_ms = 24 * 3600 * 1000;  // teststorage's block range
  options.head.out_of_order_window_ms = 0;
  options.wal.fsync = storage::wal::WalOptions::Fsync::never;  // nothing here must survive a power cut
  return options;
}

}  // namespace

Result<std::unique_ptr<TestStorage>> TestStorage::create() {
  std::string pattern = (std::filesystem::temp_directory_path() / "vigil-promql-conformance-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    return std::unexpected(make_error(ErrorKind::io, "cannot create a temporary directory from " + pattern));
  }
  auto database = storage::Database::open(pattern, upstream_like_options());
  if (!database) {
    std::error_code ignored;
    std::filesystem::remove_all(pattern, ignored);
    return std::unexpected(database.error());
  }
  return std::unique_ptr<TestStorage>(new TestStorage(std::move(pattern), std::move(*database)));
}

TestStorage::TestStorage(std::string dir, std::unique_ptr<storage::Database> database)
    : dir_(std::move(dir)), database_(std::move(database)) {}

TestStorage::~TestStorage() {
  (void)database_->close();
  database_.reset();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

Result<void> TestStorage::load(const script::Load& load) {
  std::vector<storage::SeriesSamples> batch;
  batch.reserve(load.series.size());
  for (const script::LoadedSeries& series : load.series) {
    storage::SeriesSamples& out = batch.emplace_back();
    out.labels = series.labels;
    out.samples.reserve(series.samples.size());
    for (const script::Sample& sample : series.samples)
      out.samples.push_back({sample.timestamp_ms, sample.value.value});
  }
  auto outcome = database_->appender().append(batch, storage::InvalidSeries::refuse_batch);
  if (!outcome) return std::unexpected(outcome.error());
  if (!outcome->rejects.empty()) {
    return std::unexpected(make_error(
        ErrorKind::invalid_argument,
        std::to_string(outcome->rejects.size()) + " samples refused by storage, the first: " + outcome->first_error));
  }
  return {};
}

}  // namespace vigil::promql::conformance
