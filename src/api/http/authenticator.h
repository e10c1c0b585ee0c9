#pragma once
// Checks the Authorization header against the configured bearer tokens and
// basic-auth users (bcrypt hashes, as Prometheus's web config has them).

#include <array>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "core/error.h"

namespace vigil::api {

class Authenticator {
 public:
  enum class Outcome { allowed, missing_credentials, invalid_credentials };
  using Digest = std::array<unsigned char, 32>;

  // Reads bearer_token_file; fails when it cannot be read or is empty.
  static Result<Authenticator> create(const config::AuthConfig& config);

  Authenticator(Authenticator&& other) noexcept;

  bool enabled() const noexcept { return enabled_; }

  // `authorization` is the raw header value, empty when absent.
  Outcome check(std::string_view path, std::string_view authorization) const;

  // The WWW-Authenticate challenge for a 401 response.
  std::string challenge() const;

 private:
  Authenticator() = default;
  bool check_bearer(std::string_view token) const;
  bool check_basic(std::string_view credentials) const;

  bool enabled_ = false;
  std::vector<Digest> token_digests_;  // SHA-256 of each token: constant-time, length-independent compare
  std::map<std::string, std::string> users_;
  std::set<std::string> open_paths_;
  // bcrypt is deliberately slow; digests of credentials that verified once are
  // remembered so that every request does not pay for it again.
  mutable std::mutex cache_mu_;
  mutable std::set<Digest> verified_;
};

}  // namespace vigil::api
