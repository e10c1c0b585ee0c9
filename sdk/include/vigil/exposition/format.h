#pragma once
// The two text exposition formats, their content types, and choosing one:
// from a scraper's Accept header (what to write) or a response's
// Content-Type (how to read it).

#include <string_view>

namespace vigil::exposition {

enum class Format {
  prometheus_text,  // text/plain; version=0.0.4
  openmetrics,      // application/openmetrics-text; version=1.0.0
};

inline constexpr std::string_view kTextContentType = "text/plain; version=0.0.4; charset=utf-8";
inline constexpr std::string_view kOpenMetricsContentType = "application/openmetrics-text; version=1.0.0; charset=utf-8";
std::string_view content_type(Format format) noexcept;

// What a scraper asks for: Prometheus's Accept header, OpenMetrics first.
inline constexpr std::string_view kScrapeAccept =
    "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
    "text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

// The format to answer with: OpenMetrics when the Accept header ranks
// application/openmetrics-text (version 1.0.0, 0.0.1 or none) at least as
// high as the text format, else the text format, which is also the answer
// to a missing or unparsable header (as Prometheus's client libraries do).
Format negotiate(std::string_view accept) noexcept;

// The format a body's Content-Type announces: OpenMetrics for
// application/openmetrics-text, else the text format (Prometheus's fallback
// for an unknown or missing type).
Format format_of_content_type(std::string_view content_type) noexcept;

}  // namespace vigil::exposition
