#pragma once
// Time zones for time intervals' `location`, read from the system's TZif
// files (RFC 8536, version 2 and later) as Go's time.LoadLocation does:
// "" and "UTC" are UTC, "Local" is the TZ variable or /etc/localtime, other
// names are files under the zoneinfo directory. Instants after the last
// transition in the file follow the POSIX TZ rule of its footer.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace vigil::alerting {

// A POSIX TZ rule: standard offset, and optionally daylight time between two
// yearly transitions.
struct ZoneRule {
  struct Transition {
    char kind = 'M';  // 'M': month.week.weekday, 'J': day 1..365 without Feb 29, 'D': day 0..365
    int month = 0, week = 0, weekday = 0, day = 0;
    int64_t seconds = 7200;  // local time of day of the change
  };
  int32_t std_offset = 0;  // seconds east of UTC
  bool has_dst = false;
  int32_t dst_offset = 0;
  Transition start, end;
};

class TimeZone {
 public:
  static TimeZone utc();
  // The zone called `name`; an unknown name is an invalid_config error
  // "unknown time zone NAME" as in Go.
  static Result<TimeZone> load(std::string_view name, const std::string& zoneinfo_dir = "/usr/share/zoneinfo");
  // A zone from the bytes of a TZif file.
  static Result<TimeZone> from_tzif(std::string_view bytes, std::string name);

  const std::string& name() const { return name_; }
  // Seconds east of UTC in effect at the instant.
  int32_t offset_at(int64_t unix_seconds) const;

 private:
  std::string name_;
  std::vector<int64_t> transitions_;    // ascending instants
  std::vector<int32_t> offsets_after_;  // the offset from each transition on
  int32_t offset_before_ = 0;           // before the first transition
  bool has_rule_ = false;
  ZoneRule rule_;
};

// Parses a POSIX TZ string such as "CET-1CEST,M3.5.0,M10.5.0/3".
Result<ZoneRule> parse_zone_rule(std::string_view text);

// The offset a rule gives at an instant.
int32_t rule_offset_at(const ZoneRule& rule, int64_t unix_seconds);

}  // namespace vigil::alerting
