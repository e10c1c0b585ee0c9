// label_join on one label set, with Prometheus's name checks and messages.

#include <string>
#include <utility>

#include "promql/kernels/value_kernels.h"
#include "storage/labels/label_set_builder.h"
#include "storage/labels/validation.h"

namespace vigil::promql::kernels {
namespace {

Error invalid(std::string message) { return make_error(ErrorKind::invalid_argument, std::move(message)); }

}  // namespace

Result<void> check_label_join(std::string_view dst, std::span<const std::string> sources) {
  for (const auto& src : sources) {
    if (!storage::is_valid_label_name(src)) {
      return std::unexpected(invalid("invalid source label name in label_join(): " + src));
    }
  }
  if (!storage::is_valid_label_name(dst)) {
    return std::unexpected(invalid("invalid destination label name in label_join(): " + std::string(dst)));
  }
  return {};
}

storage::LabelSet label_join(const storage::LabelSet& labels, std::string_view dst, std::string_view separator,
                             std::span<const std::string> sources) {
  std::string joined;
  for (size_t i = 0; i < sources.size(); ++i) {
    if (i > 0) joined.append(separator);
    joined.append(labels.get(sources[i]));
  }
  return storage::LabelSetBuilder(labels).set(dst, joined).labels();
}

}  // namespace vigil::promql::kernels
