#pragma once
// The error value returned across module boundaries. Exceptions may be used
// inside a module but are converted to an Error at its edge.

#include <expected>
#include <string>
#include <utility>

namespace vigil {

enum class ErrorKind {
  invalid_argument,  // the caller's input is wrong (bad flag, bad request)
  invalid_config,    // a configuration file or override is wrong
  not_found,
  io,                // the operating system refused (open, bind, write)
  corruption,        // on-disk data is damaged; the message names the file
  unavailable,       // try again later (shutting down, overloaded)
  internal,          // a bug: an invariant did not hold
};

const char* to_string(ErrorKind kind) noexcept;

struct [[nodiscard]] Error {
  ErrorKind kind = ErrorKind::internal;
  std::string message;
};

inline Error make_error(ErrorKind kind, std::string message) {
  return Error{kind, std::move(message)};
}

template <class T>
using Result = std::expected<T, Error>;

}  // namespace vigil
