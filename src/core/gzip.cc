#include "core/gzip.h"

#include <zlib.h>

namespace vigil {

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

}  // namespace vigil
