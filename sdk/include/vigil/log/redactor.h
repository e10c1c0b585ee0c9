#pragma once
// Keeps secrets out of logs, by the name of a field and by the shape of a value.

#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "vigil/log/field.h"

namespace vigil::log {

struct RedactionOptions {
  // Extra key names treated as secret, in addition to the built-in ones
  // (password, passwd, secret, authorization, api_key, apikey, access_key,
  // private_key, credential, cookie, signature, and the short words token,
  // auth, pwd, session). Keys are compared lowercased with '-', '.' and ' '
  // as '_' ("X-Api-Key" -> "x_api_key"). Extra keys, like the long built-in
  // ones, match as a substring; the short built-in words match only as a
  // whole '_'-separated word or its end ("access_token", "oauth"), so that
  // "tokens_total" and "author" stay readable. See docs/logging.md.
  std::vector<std::string> extra_keys;
  // Extra ECMAScript regular expressions; every match inside a value is replaced.
  std::vector<std::string> extra_patterns;
};

class Redactor {
 public:
  static constexpr std::string_view kMask = "[REDACTED]";

  // Throws std::regex_error for an invalid extra pattern; configuration
  // validation reports it before a Redactor is built.
  explicit Redactor(RedactionOptions options = {});

  bool is_secret_key(std::string_view key) const;

  // Replaces secret-looking parts of free text: "Bearer <token>" and
  // "Basic <credentials>" keep the scheme and lose the credentials; key-like
  // tokens (JWTs, sk-..., ghp_..., xox?-..., AKIA..., private key blocks,
  // long random mixed alphanumerics) become kMask; "key=value", "key: value"
  // and "\"key\":\"value\"" pairs whose key is secret lose the value; URLs
  // lose the password of their userinfo. The extra patterns run first.
  // Linear in the size of the text, apart from the extra patterns.
  std::string redact_text(std::string_view text) const;

  // Applies both rules to a field: secret key -> masked value; string value -> redact_text.
  void redact(Field& field) const;

 private:
  std::vector<std::string> keys_;
  std::vector<std::regex> patterns_;
};

}  // namespace vigil::log
