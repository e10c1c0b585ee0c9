#include "api/http/authenticator.h"

#include <crypt.h>
#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <cctype>
#include <fstream>
#include <memory>
#include <sstream>

#include "core/base64.h"

namespace vigil::api {
namespace {

constexpr size_t kMaxVerifiedCacheEntries = 4096;

Authenticator::Digest sha256(std::string_view data) {
  Authenticator::Digest digest;
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest.data());
  return digest;
}

bool starts_with_scheme(std::string_view header, std::string_view scheme, std::string_view& rest) {
  if (header.size() <= scheme.size() || header[scheme.size()] != ' ') return false;
  for (size_t i = 0; i < scheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(header[i])) != scheme[i]) return false;
  }
  rest = header.substr(scheme.size() + 1);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  while (!rest.empty() && rest.back() == ' ') rest.remove_suffix(1);
  return true;
}

std::string trim_copy(std::string s) {
  auto space = [](unsigned char c) { return std::isspace(c) != 0; };
  while (!s.empty() && space(s.back())) s.pop_back();
  size_t start = 0;
  while (start < s.size() && space(s[start])) ++start;
  return s.substr(start);
}

}  // namespace

Result<Authenticator> Authenticator::create(const config::AuthConfig& config) {
  Authenticator auth;
  auth.enabled_ = config.enabled();
  for (const auto& token : config.bearer_tokens) auth.token_digests_.push_back(sha256(token));
  if (!config.bearer_token_file.empty()) {
    std::ifstream in(config.bearer_token_file);
    if (!in) {
      return std::unexpected(make_error(ErrorKind::invalid_config,
                                        "cannot read bearer_token_file " + config.bearer_token_file));
    }
    std::ostringstream content;
    content << in.rdbuf();
    std::string token = trim_copy(content.str());
    if (token.empty()) {
      return std::unexpected(make_error(ErrorKind::invalid_config,
                                        "bearer_token_file " + config.bearer_token_file + " is empty"));
    }
    auth.token_digests_.push_back(sha256(token));
  }
  auth.users_ = config.basic_auth_users;
  auth.open_paths_.insert(config.unauthenticated_paths.begin(), config.unauthenticated_paths.end());
  return auth;
}

Authenticator::Authenticator(Authenticator&& other) noexcept
    : enabled_(other.enabled_),
      token_digests_(std::move(other.token_digests_)),
      users_(std::move(other.users_)),
      open_paths_(std::move(other.open_paths_)),
      verified_(std::move(other.verified_)) {}

Authenticator::Outcome Authenticator::check(std::string_view path, std::string_view authorization) const {
  if (!enabled_ || open_paths_.contains(std::string(path))) return Outcome::allowed;
  if (authorization.empty()) return Outcome::missing_credentials;
  std::string_view credentials;
  if (!token_digests_.empty() && starts_with_scheme(authorization, "bearer", credentials)) {
    return check_bearer(credentials) ? Outcome::allowed : Outcome::invalid_credentials;
  }
  if (!users_.empty() && starts_with_scheme(authorization, "basic", credentials)) {
    return check_basic(credentials) ? Outcome::allowed : Outcome::invalid_credentials;
  }
  return Outcome::invalid_credentials;
}

bool Authenticator::check_bearer(std::string_view token) const {
  Digest digest = sha256(token);
  bool match = false;
  for (const auto& known : token_digests_) {
    // Compare against every token so the time taken does not tell which matched.
    match |= CRYPTO_memcmp(digest.data(), known.data(), digest.size()) == 0;
  }
  return match;
}

bool Authenticator::check_basic(std::string_view credentials) const {
  auto decoded = base64_decode(credentials);
  if (!decoded) return false;
  size_t colon = decoded->find(':');
  if (colon == std::string::npos) return false;
  std::string user = decoded->substr(0, colon);
  std::string password = decoded->substr(colon + 1);
  auto it = users_.find(user);
  // An unknown user still costs one bcrypt run against a fixed hash, so
  // timing does not reveal which user names exist.
  static const std::string kDummyHash = "$2b$10$uJ3/yMbeb39rWuM.rcJmxufWSQpyHGLsRrEBeLF1uv50NXtm6Cbym";
  const std::string& hash = it == users_.end() ? kDummyHash : it->second;

  Digest key = sha256(user + '\0' + hash + '\0' + password);
  {
    std::lock_guard lock(cache_mu_);
    if (it != users_.end() && verified_.contains(key)) return true;
  }
  auto data = std::make_unique<crypt_data>();
  const char* result = crypt_r(password.c_str(), hash.c_str(), data.get());
  bool ok = it != users_.end() && result != nullptr && result[0] != '*' && hash == result;
  if (ok) {
    std::lock_guard lock(cache_mu_);
    if (verified_.size() >= kMaxVerifiedCacheEntries) verified_.clear();
    verified_.insert(key);
  }
  return ok;
}

std::string Authenticator::challenge() const {
  if (!users_.empty()) return "Basic realm=\"vigil\", charset=\"UTF-8\"";
  return "Bearer realm=\"vigil\"";
}

}  // namespace vigil::api
