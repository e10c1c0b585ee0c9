#include "vigil/agent/status.h"

namespace vigil::agent {

std::string_view to_string(Status status) noexcept {
  switch (status) {
    case Status::success:
      return "success";
    case Status::failure:
      return "failure";
    case Status::timeout:
      return "timeout";
  }
  return "failure";  // unreachable for a valid enumerator
}

}  // namespace vigil::agent
