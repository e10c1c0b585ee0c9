#pragma once
// Recognisers for values that are secrets by their shape alone, whatever key
// or text surrounds them. Each looks at `text` from `pos` and returns the
// length of the secret found there, or 0.

#include <cstddef>
#include <string_view>

namespace vigil::log::detail {

// JWTs (eyJ...\.eyJ...\....), vendor-prefixed keys (sk-, sk_live_, pk_live_,
// ghp_, github_pat_, xoxb-, ...) and AWS access key ids (AKIA/ASIA + 16).
std::size_t match_key_like_token(std::string_view text, std::size_t pos);

// "-----BEGIN ... PRIVATE KEY-----" through its END line, or through the end
// of the text when the block was cut off.
std::size_t match_private_key_block(std::string_view text, std::size_t pos);

// The characters a generic token may be made of: base64 and base64url.
bool is_token_char(char c);

// A generic random-looking token: at least 32 token characters with an
// uppercase letter, a lowercase letter and a digit, and not mostly made of
// lowercase words (CamelCase identifiers). Lowercase hex (trace and
// correlation ids, hashes) and UUIDs never qualify.
bool is_high_entropy_token(std::string_view token);

// Whether `credentials` is what HTTP Basic sends: base64 of "user:password".
bool is_basic_credentials(std::string_view credentials);

}  // namespace vigil::log::detail
