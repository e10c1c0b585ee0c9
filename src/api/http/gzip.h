#pragma once
// gzip response compression, negotiated by Accept-Encoding.

#include <string>
#include <string_view>

#include "core/error.h"

namespace vigil::api {

// True when the Accept-Encoding value allows gzip (or "*") with a q-value above 0.
bool accepts_gzip(std::string_view accept_encoding);

Result<std::string> gzip_compress(std::string_view data);
// For tests and clients: the inverse, bounded by `max_size` bytes of output.
Result<std::string> gzip_decompress(std::string_view data, size_t max_size);

}  // namespace vigil::api
