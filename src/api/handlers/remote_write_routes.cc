#include "api/handlers/remote_write_routes.h"

#include <memory>
#include <string>

#include "api/http/responses.h"
#include "ingest/remote_write/receiver.h"

namespace vigil::api {
namespace {

ingest::remote_write::ReceiverOptions receiver_options(const config::StorageLimitsConfig& limits) {
  ingest::remote_write::ReceiverOptions options;
  options.label_limits.max_labels_per_series = limits.max_labels_per_series;
  options.label_limits.max_name_length = limits.max_label_name_length;
  options.label_limits.max_value_length = limits.max_label_value_length;
  return options;
}

class RemoteWriteMetrics {
 public:
  explicit RemoteWriteMetrics(metrics::Registry& registry)
      : received_(
            registry
                .counter("vigil_remote_write_samples_received_total", "Samples in remote write requests that decoded.")
                .with({})),
        appended_(registry
                      .counter("vigil_remote_write_samples_appended_total",
                               "Samples from remote write requests that storage appended.")
                      .with({})),
        rejected_(registry.counter("vigil_remote_write_samples_rejected_total",
                                   "Samples from remote write requests that storage refused, by reason.", {"reason"})) {
  }

  void add(const ingest::remote_write::WriteCounts& counts) {
    received_.inc(static_cast<double>(counts.samples_received));
    appended_.inc(static_cast<double>(counts.samples_appended));
    for (const auto& [reason, n] : counts.samples_rejected) {
      rejected_.with({storage::to_string(reason)}).inc(static_cast<double>(n));
    }
  }

 private:
  metrics::Counter& received_;
  metrics::Counter& appended_;
  metrics::Family<metrics::Counter>& rejected_;
};

}  // namespace

void add_remote_write_routes(Router& router, storage::Appender& appender, const config::StorageLimitsConfig& limits,
                             metrics::Registry& registry) {
  auto series_refs = std::make_shared<ingest::remote_write::SeriesRefCache>(ingest::remote_write::kSeriesRefCacheBytes);
  auto options = receiver_options(limits);
  options.series_refs = series_refs.get();
  router.add({http::verb::post}, "/api/v1/write",
             [&appender, options, series_refs,
              counters = std::make_shared<RemoteWriteMetrics>(registry)](RequestContext& context) {
               const HttpRequest& request = context.request;
               auto outcome = ingest::remote_write::receive_write_request(
                   appender, {request[http::field::content_type], request[http::field::content_encoding]},
                   request.body(), options);
               counters->add(outcome.counts);
               if (outcome.status == 204) return HttpResponse{http::status::no_content, 11};
               // Plain text, as Prometheus answers remote write errors.
               return text_response(static_cast<http::status>(outcome.status), outcome.message + "\n");
             });
}

}  // namespace vigil::api
