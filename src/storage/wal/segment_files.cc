#include "storage/wal/segment_files.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <system_error>

namespace vigil::storage::wal {
namespace {

constexpr size_t kSegmentNameDigits = 8;

bool parse_segment_name(const std::string& name, uint32_t& index) {
  if (name.size() != kSegmentNameDigits) return false;
  uint64_t v = 0;
  for (char c : name) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  if (v > UINT32_MAX) return false;
  index = static_cast<uint32_t>(v);
  return true;
}

Error fs_error(const std::string& what, const std::string& path, const std::error_code& ec) {
  return make_error(ErrorKind::io, what + " " + path + ": " + ec.message());
}

}  // namespace

std::string segment_path(const std::string& dir, uint32_t index) {
  char name[kSegmentNameDigits + 1];
  std::snprintf(name, sizeof name, "%08u", index);
  return (std::filesystem::path(dir) / name).string();
}

Result<std::vector<SegmentFile>> list_segments(const std::string& dir) {
  std::vector<SegmentFile> out;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    uint32_t index = 0;
    if (!parse_segment_name(it->path().filename().string(), index)) continue;
    if (!it->is_regular_file(ec)) {
      if (ec) return std::unexpected(fs_error("cannot stat WAL segment", it->path().string(), ec));
      continue;
    }
    uint64_t size = it->file_size(ec);
    if (ec) return std::unexpected(fs_error("cannot stat WAL segment", it->path().string(), ec));
    out.push_back(SegmentFile{index, it->path().string(), size});
  }
  if (ec) return std::unexpected(fs_error("cannot list WAL directory", dir, ec));
  std::sort(out.begin(), out.end(), [](const SegmentFile& a, const SegmentFile& b) { return a.index < b.index; });
  return out;
}

Result<void> sync_dir(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    Error e = make_error(ErrorKind::io, "cannot sync directory " + dir + ": " + std::strerror(errno));
    if (fd >= 0) ::close(fd);
    return std::unexpected(e);
  }
  ::close(fd);
  return {};
}

}  // namespace vigil::storage::wal
