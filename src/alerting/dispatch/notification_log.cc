#include "alerting/dispatch/notification_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <charconv>
#include <cstring>
#include <vector>

#include <fmt/core.h>

#include "core/durable_file.h"

namespace vigil::alerting {
namespace {

// One line per entry: the key with \t, \n and % escaped as %XX, then the
// send and expiry times (ms) and the firing and resolved fingerprints (hex,
// comma-separated), tab-separated.
std::string escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\t' || c == '\n' || c == '%') {
      out += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    } else {
      out += c;
    }
  }
  return out;
}

std::optional<std::string> unescape(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    unsigned value = 0;
    if (i + 2 >= text.size()) return std::nullopt;
    auto [end, ec] = std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16);
    if (ec != std::errc{} || end != text.data() + i + 3) return std::nullopt;
    out += static_cast<char>(value);
    i += 2;
  }
  return out;
}

int64_t to_ms(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}
// A system_clock time point counts nanoseconds, so milliseconds beyond about
// ±292 years from 1970 do not fit; a log line holding such a time is corrupt.
bool representable_ms(int64_t ms) {
  constexpr int64_t limit = std::chrono::duration_cast<std::chrono::milliseconds>(TimePoint::duration::max()).count();
  return ms >= -limit && ms <= limit;
}
TimePoint from_ms(int64_t ms) { return TimePoint(std::chrono::milliseconds(ms)); }

std::string fingerprints_text(const std::set<uint64_t>& fps) {
  std::string out;
  for (uint64_t fp : fps) {
    if (!out.empty()) out += ',';
    out += fmt::format("{:x}", fp);
  }
  return out;
}

std::optional<std::set<uint64_t>> parse_fingerprints(std::string_view text) {
  std::set<uint64_t> out;
  while (!text.empty()) {
    const size_t comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    uint64_t fp = 0;
    auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), fp, 16);
    if (item.empty() || ec != std::errc{} || end != item.data() + item.size()) return std::nullopt;
    out.insert(fp);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

std::string entry_line(const std::string& key, const NotificationLogEntry& entry) {
  return fmt::format("{}\t{}\t{}\t{}\t{}\n", escape(key), to_ms(entry.sent_at), to_ms(entry.expires_at),
                     fingerprints_text(entry.firing), fingerprints_text(entry.resolved));
}

std::optional<std::pair<std::string, NotificationLogEntry>> parse_line(std::string_view line) {
  std::vector<std::string_view> fields;
  while (true) {
    const size_t tab = line.find('\t');
    fields.push_back(line.substr(0, tab));
    if (tab == std::string_view::npos) break;
    line.remove_prefix(tab + 1);
  }
  if (fields.size() != 5) return std::nullopt;
  auto key = unescape(fields[0]);
  int64_t sent = 0, expires = 0;
  auto [e1, c1] = std::from_chars(fields[1].data(), fields[1].data() + fields[1].size(), sent);
  auto [e2, c2] = std::from_chars(fields[2].data(), fields[2].data() + fields[2].size(), expires);
  auto firing = parse_fingerprints(fields[3]);
  auto resolved = parse_fingerprints(fields[4]);
  if (!key || c1 != std::errc{} || c2 != std::errc{} || e1 != fields[1].data() + fields[1].size() ||
      e2 != fields[2].data() + fields[2].size() || !representable_ms(sent) || !representable_ms(expires) || !firing ||
      !resolved) {
    return std::nullopt;
  }
  return std::pair{std::move(*key),
                   NotificationLogEntry{std::move(*firing), std::move(*resolved), from_ms(sent), from_ms(expires)}};
}

Error io_error(const std::string& what, const std::string& path) {
  return make_error(ErrorKind::io, fmt::format("{} {}: {}", what, path, std::strerror(errno)));
}

Result<void> write_all(int fd, const std::string& data, const std::string& path) {
  size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return std::unexpected(io_error("cannot write", path));
    }
    done += static_cast<size_t>(n);
  }
  if (::fdatasync(fd) != 0) return std::unexpected(io_error("cannot sync", path));
  return {};
}

}  // namespace

std::string notification_log_key(const std::string& group_key, const std::string& receiver,
                                 const std::string& integration) {
  return fmt::format("{}\x1f{}/{}", group_key, receiver, integration);
}

NotificationLog::~NotificationLog() {
  if (fd_ >= 0) ::close(fd_);
}

Result<std::unique_ptr<NotificationLog>> NotificationLog::open(const std::string& path, Duration retention) {
  auto log = std::make_unique<NotificationLog>();
  log->path_ = path;
  log->retention_ = retention;
  auto bytes = read_whole_file(path);
  if (!bytes && bytes.error().kind != ErrorKind::not_found) return std::unexpected(bytes.error());
  if (bytes) {
    const std::string& text = *bytes;
    size_t start = 0;
    int line_number = 0;
    while (start < text.size()) {
      ++line_number;
      const size_t end = text.find('\n', start);
      // A last line without its newline is a write cut short: drop it.
      if (end == std::string::npos) break;
      auto parsed = parse_line(std::string_view(text).substr(start, end - start));
      if (!parsed) {
        return std::unexpected(
            make_error(ErrorKind::corruption, fmt::format("{}:{}: not a notification log entry", path, line_number)));
      }
      log->entries_[std::move(parsed->first)] = std::move(parsed->second);
      ++log->file_lines_;
      start = end + 1;
    }
  }
  if (auto rewritten = log->rewrite(); !rewritten) return std::unexpected(rewritten.error());
  return log;
}

std::optional<NotificationLogEntry> NotificationLog::query(const std::string& key) const {
  std::lock_guard lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  return it->second;
}

Result<void> NotificationLog::log(const std::string& key, NotificationLogEntry entry) {
  std::lock_guard lock(mu_);
  entry.expires_at = entry.sent_at + retention_;
  const std::string line = entry_line(key, entry);
  entries_[key] = std::move(entry);
  if (path_.empty()) return {};
  if (file_lines_ > 1024 && file_lines_ > 4 * entries_.size()) return rewrite();
  return append(line);
}

void NotificationLog::collect(TimePoint now) {
  std::lock_guard lock(mu_);
  std::erase_if(entries_, [now](const auto& entry) { return entry.second.expires_at <= now; });
}

Result<void> NotificationLog::append(const std::string& line) {
  if (auto written = write_all(fd_, line, path_); !written) return written;
  ++file_lines_;
  return {};
}

// Writes every live entry to a new file that replaces the old one whole, so
// that a crash leaves either file.
Result<void> NotificationLog::rewrite() {
  std::string data;
  for (const auto& [key, entry] : entries_) data += entry_line(key, entry);
  if (auto replaced = replace_file_durably(path_, data); !replaced) return replaced;
  if (fd_ >= 0) ::close(fd_);
  fd_ = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd_ < 0) return std::unexpected(io_error("cannot open", path_));
  file_lines_ = entries_.size();
  return {};
}

}  // namespace vigil::alerting
