#include "config/relations.h"

#include <string>

namespace vigil::config {
namespace {

void check_tls(Draft& draft) {
  const TlsConfig& tls = draft.config.server.tls;
  if (!tls.cert_file.empty() && tls.key_file.empty()) {
    draft.problems.add(draft.origin("server.tls.cert_file"), "server.tls.cert_file",
                       "set without server.tls.key_file; set both or neither");
  }
  if (tls.cert_file.empty() && !tls.key_file.empty()) {
    draft.problems.add(draft.origin("server.tls.key_file"), "server.tls.key_file",
                       "set without server.tls.cert_file; set both or neither");
  }
  if (tls.cert_file.empty() && !tls.client_ca_file.empty()) {
    draft.problems.add(draft.origin("server.tls.client_ca_file"), "server.tls.client_ca_file",
                       "requires server.tls.cert_file: client certificates are only asked for over TLS");
  }
}

void check_alerting(Draft& draft) {
  const AlertingConfig& alerting = draft.config.alerting;
  if (alerting.config_file.empty() || alerting.inline_config.size() == 0) return;
  std::string inline_keys;
  for (const auto& entry : alerting.inline_config) {
    if (!inline_keys.empty()) inline_keys += ", ";
    inline_keys += entry.first.Scalar();
  }
  draft.problems.add(draft.origin("alerting.config_file"), "alerting.config_file",
                     "cannot be combined with Alertmanager's configuration written inline under alerting (" +
                         inline_keys + "); use one or the other");
}

}  // namespace

void check_relations(Draft& draft) {
  check_tls(draft);
  check_alerting(draft);
}

}  // namespace vigil::config
