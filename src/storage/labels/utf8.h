#pragma once
// UTF-8 checks for label values, which Prometheus requires to be valid UTF-8.

#include <cstddef>
#include <string>
#include <string_view>

namespace vigil::storage {

// Length of the well-formed UTF-8 sequence starting at text[pos], or 0 when
// the bytes there are not one (overlong forms, surrogates and code points past
// U+10FFFF are not well-formed).
size_t utf8_sequence_length(std::string_view text, size_t pos) noexcept;

bool is_valid_utf8(std::string_view text) noexcept;

// `text` with each byte that is not part of valid UTF-8 written as `\xNN`, so
// that error messages quoting untrusted input are themselves valid UTF-8.
std::string escape_invalid_utf8(std::string_view text);

}  // namespace vigil::storage
