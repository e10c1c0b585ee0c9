#pragma once
// What was last notified for each group and integration (Alertmanager's
// nflog): the firing and resolved alerts sent and when. The dispatcher asks
// it whether a group needs notifying again, so a restart neither repeats a
// notification nor forgets one. Each entry is appended to a file and synced
// before log() returns; the file is rewritten from the live entries when it
// has grown to several times their size. Thread-safe.

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "alerting/alert.h"
#include "core/duration.h"
#include "core/error.h"

namespace vigil::alerting {

struct NotificationLogEntry {
  std::set<uint64_t> firing;    // fingerprints
  std::set<uint64_t> resolved;  // fingerprints
  TimePoint sent_at{};
  TimePoint expires_at{};
};

class NotificationLog {
 public:
  // An empty log kept in memory only (tests, `vigil test`).
  NotificationLog() = default;
  ~NotificationLog();
  NotificationLog(const NotificationLog&) = delete;
  NotificationLog& operator=(const NotificationLog&) = delete;

  // The log of `path`, created when absent. A damaged tail (a torn last
  // write) is cut off; other damage is an error naming the line.
  static Result<std::unique_ptr<NotificationLog>> open(const std::string& path, Duration retention);

  // `key` names the group, receiver and integration.
  std::optional<NotificationLogEntry> query(const std::string& key) const;
  Result<void> log(const std::string& key, NotificationLogEntry entry);

  // Drops expired entries.
  void collect(TimePoint now);

  Duration retention() const { return retention_; }

 private:
  Result<void> append(const std::string& line);
  Result<void> rewrite();

  mutable std::mutex mu_;
  std::map<std::string, NotificationLogEntry> entries_;
  Duration retention_ = std::chrono::hours(120);
  std::string path_;  // empty: memory only
  int fd_ = -1;
  uint64_t file_lines_ = 0;
};

// The key of a group's entry for one integration of a receiver:
// Alertmanager's (group key, receiver name, integration name and index),
// the integration as "webhook[0]".
std::string notification_log_key(const std::string& group_key, const std::string& receiver,
                                 const std::string& integration);

}  // namespace vigil::alerting
