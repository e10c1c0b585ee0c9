#include "vigil/exposition/format.h"

#include <algorithm>
#include <cstdlib>

#include "ascii.h"

namespace vigil::exposition {
namespace {

// One element of an Accept header: "type/subtype;param=value;q=0.5".
struct MediaRange {
  std::string_view type;
  std::string_view version;  // empty when not given
  double q = 1;
};

MediaRange parse_media_range(std::string_view text) {
  MediaRange range;
  size_t semicolon = text.find(';');
  range.type = ascii::trim_ows(text.substr(0, semicolon));
  while (semicolon != std::string_view::npos) {
    text.remove_prefix(semicolon + 1);
    semicolon = text.find(';');
    const std::string_view param = ascii::trim_ows(text.substr(0, semicolon));
    const size_t equals = param.find('=');
    if (equals == std::string_view::npos) continue;
    const std::string_view key = ascii::trim_ows(param.substr(0, equals));
    std::string_view value = ascii::trim_ows(param.substr(equals + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    if (ascii::iequals(key, "q")) {
      // Accept's qvalues have at most three decimals: "0", "0.5", "1.000".
      char buffer[16] = {};
      std::copy_n(value.data(), std::min(value.size(), sizeof buffer - 1), buffer);
      char* end = nullptr;
      const double q = std::strtod(buffer, &end);
      range.q = end != buffer && q >= 0 && q <= 1 ? q : 0;
    } else if (ascii::iequals(key, "version")) {
      range.version = value;
    }
  }
  return range;
}

}  // namespace

std::string_view content_type(Format format) noexcept {
  return format == Format::openmetrics ? kOpenMetricsContentType : kTextContentType;
}

Format negotiate(std::string_view accept) noexcept {
  double openmetrics = -1, text = -1, wildcard = -1;
  while (!accept.empty()) {
    const size_t comma = accept.find(',');
    const MediaRange range = parse_media_range(accept.substr(0, comma));
    accept = comma == std::string_view::npos ? std::string_view() : accept.substr(comma + 1);
    if (ascii::iequals(range.type, "application/openmetrics-text")) {
      if (range.version.empty() || range.version == "1.0.0" || range.version == "0.0.1") {
        openmetrics = std::max(openmetrics, range.q);
      }
    } else if (ascii::iequals(range.type, "text/plain")) {
      if (range.version.empty() || range.version == "0.0.4") text = std::max(text, range.q);
    } else if (range.type == "*/*" || ascii::iequals(range.type, "text/*")) {
      wildcard = std::max(wildcard, range.q);
    }
  }
  // The text format is also what a wildcard gets.
  text = std::max(text, wildcard);
  return openmetrics > 0 && openmetrics >= text ? Format::openmetrics : Format::prometheus_text;
}

Format format_of_content_type(std::string_view content_type) noexcept {
  return ascii::iequals(parse_media_range(content_type).type, "application/openmetrics-text") ? Format::openmetrics
                                                                                              : Format::prometheus_text;
}

}  // namespace vigil::exposition
