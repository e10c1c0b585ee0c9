#include "core/error.h"

namespace vigil {

const char* to_string(ErrorKind kind) noexcept {
  switch (kind) {
    case ErrorKind::invalid_argument: return "invalid argument";
    case ErrorKind::invalid_config: return "invalid configuration";
    case ErrorKind::not_found: return "not found";
    case ErrorKind::io: return "i/o error";
    case ErrorKind::corruption: return "corruption";
    case ErrorKind::unavailable: return "unavailable";
    case ErrorKind::internal: return "internal error";
  }
  return "unknown error";
}

}  // namespace vigil
