#pragma once
// gzip (RFC 1952) compression and bounded decompression, for HTTP bodies:
// responses Vigil compresses, and request and scrape bodies it receives.

#include <cstddef>
#include <string>
#include <string_view>

#include "core/error.h"

namespace vigil {

Result<std::string> gzip_compress(std::string_view data);
// Fails with invalid_argument for data that is not gzip, is truncated, or
// would expand past `max_size` bytes (a gzip bomb stops there).
Result<std::string> gzip_decompress(std::string_view data, size_t max_size);

}  // namespace vigil
