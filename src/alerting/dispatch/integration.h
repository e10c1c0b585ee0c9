#pragma once
// The integrations of each receiver, as the dispatcher notifies them.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "alerting/notify/notifier.h"

namespace vigil::alerting {

using Integrations = std::vector<std::shared_ptr<const notify::Integration>>;
using ReceiverIntegrations = std::map<std::string, Integrations>;  // by receiver name

}  // namespace vigil::alerting
