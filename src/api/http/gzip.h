#pragma once
// Whether a client accepts gzip responses (the codec is core/gzip.h).

#include <string_view>

namespace vigil::api {

// True when the Accept-Encoding value allows gzip (or "*") with a q-value above 0.
bool accepts_gzip(std::string_view accept_encoding);

}  // namespace vigil::api
