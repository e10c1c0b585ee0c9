#include "api/http/gzip.h"

#include <zlib.h>

#include <cctype>
#include <cstdlib>

namespace vigil::api {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

// The q-value of one Accept-Encoding element ("gzip;q=0.5"); 1 when absent.
double quality(std::string_view params) {
  while (!params.empty()) {
    size_t semi = params.find(';');
    std::string_view param = trim(params.substr(0, semi));
    if (param.size() > 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
      std::string value(param.substr(2));
      char* end = nullptr;
      double q = std::strtod(value.c_str(), &end);
      return end == value.c_str() ? 0 : q;
    }
    if (semi == std::string_view::npos) break;
    params.remove_prefix(semi + 1);
  }
  return 1;
}

}  // namespace

bool accepts_gzip(std::string_view header) {
  double gzip_q = -1, star_q = -1;
  while (!header.empty()) {
    size_t comma = header.find(',');
    std::string_view element = trim(header.substr(0, comma));
    size_t semi = element.find(';');
    std::string_view coding = trim(element.substr(0, semi));
    double q = semi == std::string_view::npos ? 1 : quality(element.substr(semi + 1));
    if (iequals(coding, "gzip") || iequals(coding, "x-gzip")) gzip_q = q;
    if (coding == "*") star_q = q;
    if (comma == std::string_view::npos) break;
    header.remove_prefix(comma + 1);
  }
  return gzip_q >= 0 ? gzip_q > 0 : star_q > 0;
}

Result<std::string> gzip_compress(std::string_view data) {
  z_stream zs{};
  // windowBits 15 + 16 selects the gzip wrapper; level 6 is zlib's balance of speed and size.
  if (deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return std::unexpected(make_error(ErrorKind::internal, "deflateInit2 failed"));
  }
  std::string out;
  out.resize(deflateBound(&zs, static_cast<uLong>(data.size())));
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return std::unexpected(make_error(ErrorKind::internal, "gzip compression failed"));
  return out;
}

Result<std::string> gzip_decompress(std::string_view data, size_t max_size) {
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 16) != Z_OK) {
    return std::unexpected(make_error(ErrorKind::internal, "inflateInit2 failed"));
  }
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char buffer[16384];
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    zs.next_out = reinterpret_cast<Bytef*>(buffer);
    zs.avail_out = sizeof buffer;
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&zs);
      return std::unexpected(make_error(ErrorKind::invalid_argument, "invalid gzip data"));
    }
    out.append(buffer, sizeof buffer - zs.avail_out);
    if (out.size() > max_size) {
      inflateEnd(&zs);
      return std::unexpected(make_error(ErrorKind::invalid_argument,
                                        "gzip data expands beyond " + std::to_string(max_size) + " bytes"));
    }
    if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) {
      inflateEnd(&zs);
      return std::unexpected(make_error(ErrorKind::invalid_argument, "truncated gzip data"));
    }
  }
  inflateEnd(&zs);
  return out;
}

}  // namespace vigil::api
