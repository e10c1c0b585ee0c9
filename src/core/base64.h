#pragma once
// Standard base64 (RFC 4648 section 4), with padding.

#include <optional>
#include <string>
#include <string_view>

namespace vigil {

std::string base64_encode(std::string_view data);
// Rejects characters outside the alphabet, bad padding and bad lengths.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace vigil
