#include "alerting/time_zone.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "alerting/civil_time.h"

namespace vigil::alerting {
namespace {

Error zone_error(std::string message) { return make_error(ErrorKind::invalid_config, std::move(message)); }

class ByteReader {
 public:
  explicit ByteReader(std::string_view bytes) : bytes_(bytes) {}
  bool has(size_t n) const { return bytes_.size() - pos_ >= n; }
  uint64_t big_endian(size_t n) {
    uint64_t v = 0;
    for (size_t i = 0; i < n; ++i) v = (v << 8) | static_cast<unsigned char>(bytes_[pos_ + i]);
    pos_ += n;
    return v;
  }
  void skip(size_t n) { pos_ += n; }
  size_t pos() const { return pos_; }
  std::string_view rest() const { return bytes_.substr(pos_); }

 private:
  std::string_view bytes_;
  size_t pos_ = 0;
};

struct Header {
  char version = 0;
  uint64_t isutcnt = 0, isstdcnt = 0, leapcnt = 0, timecnt = 0, typecnt = 0, charcnt = 0;
  size_t block_size(size_t time_size) const {
    return timecnt * time_size + timecnt + typecnt * 6 + charcnt + leapcnt * (time_size + 4) + isstdcnt + isutcnt;
  }
};

bool read_header(ByteReader& in, Header& h) {
  if (!in.has(44) || in.rest().substr(0, 4) != "TZif") return false;
  in.skip(4);
  h.version = static_cast<char>(in.big_endian(1));
  in.skip(15);
  h.isutcnt = in.big_endian(4);
  h.isstdcnt = in.big_endian(4);
  h.leapcnt = in.big_endian(4);
  h.timecnt = in.big_endian(4);
  h.typecnt = in.big_endian(4);
  h.charcnt = in.big_endian(4);
  return h.typecnt > 0;
}

// [+-]hh[:mm[:ss]], hours up to 167 (RFC 8536's extension of POSIX).
bool parse_clock(std::string_view& text, int64_t& seconds) {
  int sign = 1;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    sign = text[0] == '-' ? -1 : 1;
    text.remove_prefix(1);
  }
  int64_t parts[3] = {0, 0, 0};
  for (int part = 0; part < 3; ++part) {
    if (part > 0) {
      if (text.empty() || text[0] != ':') break;
      text.remove_prefix(1);
    }
    size_t digits = 0;
    int64_t v = 0;
    while (digits < text.size() && digits < 3 && text[digits] >= '0' && text[digits] <= '9')
      v = v * 10 + (text[digits++] - '0');
    if (digits == 0) return false;
    parts[part] = v;
    text.remove_prefix(digits);
  }
  if (parts[0] > 167 || parts[1] > 59 || parts[2] > 59) return false;
  seconds = sign * (parts[0] * 3600 + parts[1] * 60 + parts[2]);
  return true;
}

bool parse_zone_name(std::string_view& text) {
  if (!text.empty() && text[0] == '<') {
    const size_t close = text.find('>');
    if (close == std::string_view::npos) return false;
    text.remove_prefix(close + 1);
    return true;
  }
  size_t n = 0;
  while (n < text.size() && ((text[n] >= 'a' && text[n] <= 'z') || (text[n] >= 'A' && text[n] <= 'Z'))) ++n;
  if (n < 3) return false;
  text.remove_prefix(n);
  return true;
}

bool parse_number(std::string_view& text, int& out) {
  size_t n = 0;
  int v = 0;
  while (n < text.size() && n < 4 && text[n] >= '0' && text[n] <= '9') v = v * 10 + (text[n++] - '0');
  if (n == 0) return false;
  out = v;
  text.remove_prefix(n);
  return true;
}

bool parse_transition(std::string_view& text, ZoneRule::Transition& t) {
  if (text.empty()) return false;
  if (text[0] == 'M') {
    t.kind = 'M';
    text.remove_prefix(1);
    if (!parse_number(text, t.month) || text.empty() || text[0] != '.') return false;
    text.remove_prefix(1);
    if (!parse_number(text, t.week) || text.empty() || text[0] != '.') return false;
    text.remove_prefix(1);
    if (!parse_number(text, t.weekday)) return false;
    if (t.month < 1 || t.month > 12 || t.week < 1 || t.week > 5 || t.weekday > 6) return false;
  } else if (text[0] == 'J') {
    t.kind = 'J';
    text.remove_prefix(1);
    if (!parse_number(text, t.day) || t.day < 1 || t.day > 365) return false;
  } else {
    t.kind = 'D';
    if (!parse_number(text, t.day) || t.day > 365) return false;
  }
  t.seconds = 7200;
  if (!text.empty() && text[0] == '/') {
    text.remove_prefix(1);
    if (!parse_clock(text, t.seconds)) return false;
  }
  return true;
}

// The day (days since the epoch) a transition falls on in `year`.
int64_t transition_day(const ZoneRule::Transition& t, int64_t year) {
  const int64_t jan1 = days_from_civil({year, 1, 1});
  if (t.kind == 'D') return jan1 + t.day;
  if (t.kind == 'J') {
    // Day 60 is March 1st in every year: February 29th is never counted.
    const bool leap = days_in_month(year, 2) == 29;
    return jan1 + t.day - 1 + (leap && t.day >= 60 ? 1 : 0);
  }
  const int64_t first = days_from_civil({year, t.month, 1});
  int64_t day = first + (t.weekday - weekday_of_days(first) + 7) % 7 + (t.week - 1) * 7;
  const int64_t month_end = first + days_in_month(year, t.month);
  while (day >= month_end) day -= 7;
  return day;
}

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected(zone_error("cannot read"));
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace

Result<ZoneRule> parse_zone_rule(std::string_view text) {
  const auto bad = [&] { return std::unexpected(zone_error("invalid TZ rule \"" + std::string(text) + "\"")); };
  std::string_view rest = text;
  ZoneRule rule;
  int64_t offset = 0;
  if (!parse_zone_name(rest) || !parse_clock(rest, offset)) return bad();
  rule.std_offset = static_cast<int32_t>(-offset);  // POSIX offsets count west of UTC
  if (rest.empty()) return rule;
  if (!parse_zone_name(rest)) return bad();
  rule.has_dst = true;
  rule.dst_offset = rule.std_offset + 3600;
  if (!rest.empty() && rest[0] != ',') {
    if (!parse_clock(rest, offset)) return bad();
    rule.dst_offset = static_cast<int32_t>(-offset);
  }
  // POSIX leaves the default rule to the implementation; the US rule is the
  // usual choice (and tzcode's).
  rule.start = {'M', 3, 2, 0, 0, 7200};
  rule.end = {'M', 11, 1, 0, 0, 7200};
  if (rest.empty()) return rule;
  if (rest[0] != ',') return bad();
  rest.remove_prefix(1);
  if (!parse_transition(rest, rule.start) || rest.empty() || rest[0] != ',') return bad();
  rest.remove_prefix(1);
  if (!parse_transition(rest, rule.end) || !rest.empty()) return bad();
  return rule;
}

int32_t rule_offset_at(const ZoneRule& rule, int64_t unix_seconds) {
  if (!rule.has_dst) return rule.std_offset;
  const int64_t year = civil_from_days(floor_div(unix_seconds + rule.std_offset, 86400)).year;
  // The start is given in standard time, the end in daylight time.
  const int64_t start = transition_day(rule.start, year) * 86400 + rule.start.seconds - rule.std_offset;
  const int64_t end = transition_day(rule.end, year) * 86400 + rule.end.seconds - rule.dst_offset;
  const bool dst =
      start < end ? (unix_seconds >= start && unix_seconds < end) : !(unix_seconds >= end && unix_seconds < start);
  return dst ? rule.dst_offset : rule.std_offset;
}

TimeZone TimeZone::utc() {
  TimeZone zone;
  zone.name_ = "UTC";
  return zone;
}

Result<TimeZone> TimeZone::load(std::string_view name, const std::string& zoneinfo_dir) {
  if (name.empty() || name == "UTC") return utc();
  std::string path;
  if (name == "Local") {
    const char* tz = std::getenv("TZ");
    if (tz == nullptr) {
      path = "/etc/localtime";
    } else if (*tz == '\0' || std::string_view(tz) == "UTC") {
      return utc();
    } else {
      std::string_view zone = tz;
      if (zone.starts_with(':')) zone.remove_prefix(1);
      path = zone.starts_with('/') ? std::string(zone) : zoneinfo_dir + "/" + std::string(zone);
    }
    auto bytes = read_file(path);
    if (!bytes) return utc();  // Go falls back to UTC when the local zone cannot be read
    auto zone = from_tzif(*bytes, "Local");
    return zone ? std::move(*zone) : utc();
  }
  if (name.find("..") != std::string_view::npos || name.front() == '/' || name.front() == '\\')
    return std::unexpected(zone_error("time: invalid location name"));
  auto bytes = read_file(zoneinfo_dir + "/" + std::string(name));
  if (!bytes) return std::unexpected(zone_error("unknown time zone " + std::string(name)));
  auto zone = from_tzif(*bytes, std::string(name));
  if (!zone) return std::unexpected(zone_error("unknown time zone " + std::string(name)));
  return zone;
}

Result<TimeZone> TimeZone::from_tzif(std::string_view bytes, std::string name) {
  const auto bad = [] { return std::unexpected(zone_error("not a valid TZif file")); };
  ByteReader in(bytes);
  Header header;
  if (!read_header(in, header)) return bad();
  size_t time_size = 4;
  if (header.version >= '2') {
    // Skip the 32-bit block; the 64-bit one follows with its own header.
    if (!in.has(header.block_size(4))) return bad();
    in.skip(header.block_size(4));
    if (!read_header(in, header)) return bad();
    time_size = 8;
  }
  if (!in.has(header.block_size(time_size))) return bad();
  std::vector<int64_t> times(header.timecnt);
  for (auto& t : times) {
    const uint64_t raw = in.big_endian(time_size);
    t = time_size == 8 ? static_cast<int64_t>(raw) : static_cast<int32_t>(static_cast<uint32_t>(raw));
  }
  std::vector<size_t> type_of(header.timecnt);
  for (auto& type : type_of) {
    type = in.big_endian(1);
    if (type >= header.typecnt) return bad();
  }
  std::vector<int32_t> type_offsets(header.typecnt);
  for (auto& offset : type_offsets) {
    offset = static_cast<int32_t>(static_cast<uint32_t>(in.big_endian(4)));
    in.skip(2);  // is_dst, abbreviation index
  }
  in.skip(header.charcnt + header.leapcnt * (time_size + 4) + header.isstdcnt + header.isutcnt);

  TimeZone zone;
  zone.name_ = std::move(name);
  zone.offset_before_ = type_offsets[0];
  for (size_t i = 0; i < times.size(); ++i) {
    if (i > 0 && times[i] <= times[i - 1]) return bad();
    zone.transitions_.push_back(times[i]);
    zone.offsets_after_.push_back(type_offsets[type_of[i]]);
  }
  if (time_size == 8) {
    const std::string_view footer = in.rest();
    if (footer.size() >= 2 && footer[0] == '\n') {
      const size_t end = footer.find('\n', 1);
      const std::string_view text = footer.substr(1, end == std::string_view::npos ? 0 : end - 1);
      if (!text.empty()) {
        auto rule = parse_zone_rule(text);
        if (!rule) return std::unexpected(rule.error());
        zone.rule_ = *rule;
        zone.has_rule_ = true;
      }
    }
  }
  return zone;
}

int32_t TimeZone::offset_at(int64_t unix_seconds) const {
  if (transitions_.empty()) return has_rule_ ? rule_offset_at(rule_, unix_seconds) : offset_before_;
  if (unix_seconds < transitions_.front()) return offset_before_;
  if (unix_seconds >= transitions_.back() && has_rule_) return rule_offset_at(rule_, unix_seconds);
  const auto it = std::upper_bound(transitions_.begin(), transitions_.end(), unix_seconds);
  return offsets_after_[static_cast<size_t>(it - transitions_.begin()) - 1];
}

}  // namespace vigil::alerting
