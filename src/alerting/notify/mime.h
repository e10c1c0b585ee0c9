#pragma once
// The MIME encodings Alertmanager's email uses: quoted-printable bodies
// (Go's mime/quotedprintable), Q-encoded header values (mime.QEncoding for
// UTF-8), and the RFC 1123 date with a numeric zone.

#include <chrono>
#include <string>
#include <string_view>

namespace vigil::alerting::notify {

// Lines end in CRLF; lines longer than 76 characters are soft-broken.
std::string quoted_printable(std::string_view text);

// The value itself when it is printable ASCII, else "=?utf-8?q?...?="
// encoded words of at most 75 characters, separated by a space.
std::string q_encode_header(std::string_view value);

// "Mon, 02 Jan 2006 15:04:05 +0000".
std::string rfc1123z_date(std::chrono::system_clock::time_point time);

}  // namespace vigil::alerting::notify
