#include "template/go_time.h"

#include <fmt/format.h>

#include <array>
#include <cstdint>

#include "template/function_args.h"

namespace vigil::tmpl {
namespace {

constexpr int64_t kNanosPerSecond = 1'000'000'000;

struct Civil {
  int64_t year;
  int month;  // 1..12
  int day;    // 1..31
  int hour, minute, second;
  int64_t nanos;
  int weekday;  // 0 = Sunday
  int yearday;  // 1..366
};

// Days since 1970-01-01 to the proleptic Gregorian date (the era arithmetic
// of H. Hinnant's "chrono-compatible low-level date algorithms").
void civil_from_days(int64_t days, int64_t& year, int& month, int& day) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t doe = days - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  year = yoe + era * 400 + (month <= 2 ? 1 : 0);
}

bool is_leap(int64_t year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }

Civil to_civil(TimePoint point) {
  const int64_t seconds = point.unix_seconds;
  const int64_t nanos = point.nanos;
  int64_t days = seconds / 86400;
  int64_t rest = seconds % 86400;
  if (rest < 0) {
    rest += 86400;
    --days;
  }
  Civil c{};
  civil_from_days(days, c.year, c.month, c.day);
  c.hour = static_cast<int>(rest / 3600);
  c.minute = static_cast<int>(rest / 60 % 60);
  c.second = static_cast<int>(rest % 60);
  c.nanos = nanos;
  c.weekday = static_cast<int>(((days % 7) + 11) % 7);  // 1970-01-01 was a Thursday
  static constexpr std::array<int, 12> kBefore = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
  c.yearday = kBefore[static_cast<size_t>(c.month - 1)] + c.day + (c.month > 2 && is_leap(c.year) ? 1 : 0);
  return c;
}

constexpr std::array<const char*, 12> kMonths = {"January", "February", "March",     "April",   "May",      "June",
                                                 "July",    "August",   "September", "October", "November", "December"};
constexpr std::array<const char*, 7> kWeekdays = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                  "Thursday", "Friday", "Saturday"};

void append_fraction(std::string& out, int64_t nanos, size_t digits, bool trim_zeros, char separator) {
  std::string frac = fmt::format("{:09d}", nanos).substr(0, digits);
  if (trim_zeros) {
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
    if (frac.empty()) return;
  }
  out += separator;
  out += frac;
}

bool starts_with(std::string_view s, size_t i, std::string_view prefix) { return s.substr(i, prefix.size()) == prefix; }

// Go's layout elements, longest first where one is a prefix of another.
// Returns the length of the element written at layout[i], or 0.
size_t append_element(std::string& out, const Civil& c, std::string_view layout, size_t i) {
  auto is = [&](std::string_view element) { return starts_with(layout, i, element); };
  const int hour12 = c.hour % 12 == 0 ? 12 : c.hour % 12;
  const std::string_view month(kMonths[static_cast<size_t>(c.month - 1)]);
  const std::string_view weekday(kWeekdays[static_cast<size_t>(c.weekday)]);
  if (is("January")) return out += month, 7;
  if (is("Jan")) return out += month.substr(0, 3), 3;
  if (is("Monday")) return out += weekday, 6;
  if (is("Mon")) return out += weekday.substr(0, 3), 3;
  if (is("MST")) return out += "UTC", 3;
  if (is("2006")) return out += fmt::format("{:04d}", c.year), 4;
  if (is("002")) return out += fmt::format("{:03d}", c.yearday), 3;
  if (is("01")) return out += fmt::format("{:02d}", c.month), 2;
  if (is("02")) return out += fmt::format("{:02d}", c.day), 2;
  if (is("03")) return out += fmt::format("{:02d}", hour12), 2;
  if (is("04")) return out += fmt::format("{:02d}", c.minute), 2;
  if (is("05")) return out += fmt::format("{:02d}", c.second), 2;
  if (is("06")) return out += fmt::format("{:02d}", c.year % 100), 2;
  if (is("15")) return out += fmt::format("{:02d}", c.hour), 2;
  if (is("__2")) return out += fmt::format("{:>3d}", c.yearday), 3;
  if (is("_2") && !is("_2006")) return out += fmt::format("{:>2d}", c.day), 2;
  if (is("1")) return out += std::to_string(c.month), 1;
  if (is("2")) return out += std::to_string(c.day), 1;
  if (is("3")) return out += std::to_string(hour12), 1;
  if (is("4")) return out += std::to_string(c.minute), 1;
  if (is("5")) return out += std::to_string(c.second), 1;
  if (is("PM")) return out += c.hour >= 12 ? "PM" : "AM", 2;
  if (is("pm")) return out += c.hour >= 12 ? "pm" : "am", 2;
  // The zone is always UTC: a numeric offset of zeros in the layout's
  // shape, or "Z" for the ISO 8601 forms.
  for (std::string_view zone : {"-07:00:00", "-070000", "-07:00", "-0700", "-07"}) {
    if (is(zone)) {
      out += '+';
      for (char ch : zone.substr(1)) out += ch == ':' ? ':' : '0';
      return zone.size();
    }
  }
  for (std::string_view zone : {"Z07:00:00", "Z070000", "Z07:00", "Z0700", "Z07"}) {
    if (is(zone)) return out += 'Z', zone.size();
  }
  if (layout[i] == '.' || layout[i] == ',') {
    size_t j = i + 1;
    const char digit = j < layout.size() ? layout[j] : '\0';
    if (digit == '0' || digit == '9') {
      while (j < layout.size() && layout[j] == digit) ++j;
      if (j == layout.size() || layout[j] < '0' || layout[j] > '9') {
        append_fraction(out, c.nanos, j - i - 1, digit == '9', layout[i]);
        return j - i;
      }
    }
  }
  return 0;
}

}  // namespace

std::string format_go_time(TimePoint point, std::string_view layout) {
  const Civil c = to_civil(point);
  std::string out;
  for (size_t i = 0; i < layout.size();) {
    size_t used = append_element(out, c, layout, i);
    if (used == 0) {
      out += layout[i];
      used = 1;
    }
    i += used;
  }
  return out;
}

std::string format_go_time(TimePoint point) { return format_go_time(point, "2006-01-02 15:04:05.999999999 -0700 MST"); }

std::shared_ptr<const Methods> go_time_methods() {
  static const auto kMethods = [] {
    auto methods = std::make_shared<Methods>();
    auto civil_field = [](int64_t Civil::*field) {
      return [field](const Value& self, std::span<const Value> args) -> Result<Value> {
        if (auto bad = expect_count(args, 0); !bad) return std::unexpected(bad.error());
        return Value::integer(to_civil(self.as_time()).*field);
      };
    };
    auto civil_int = [](int Civil::*field) {
      return [field](const Value& self, std::span<const Value> args) -> Result<Value> {
        if (auto bad = expect_count(args, 0); !bad) return std::unexpected(bad.error());
        return Value::integer(to_civil(self.as_time()).*field);
      };
    };
    // Unix, UnixMilli, UnixNano: the time in units of 10^-digits seconds,
    // wrapping as Go's int64 arithmetic does when out of range.
    auto since_epoch = [](int digits) {
      return [digits](const Value& self, std::span<const Value> args) -> Result<Value> {
        if (auto bad = expect_count(args, 0); !bad) return std::unexpected(bad.error());
        TimePoint t = self.as_time();
        uint64_t scale = 1;
        for (int i = 0; i < digits; ++i) scale *= 10;
        uint64_t units = static_cast<uint64_t>(t.unix_seconds) * scale +
                         static_cast<uint64_t>(t.nanos) / (kNanosPerSecond / static_cast<int64_t>(scale));
        return Value::integer(static_cast<int64_t>(units));
      };
    };
    auto same = [](const Value& self, std::span<const Value> args) -> Result<Value> {
      if (auto bad = expect_count(args, 0); !bad) return std::unexpected(bad.error());
      return self;
    };
    (*methods)["Format"] = [](const Value& self, std::span<const Value> args) -> Result<Value> {
      if (auto bad = expect_count(args, 1); !bad) return std::unexpected(bad.error());
      auto layout = expect_string(args, 0);
      if (!layout) return std::unexpected(layout.error());
      return Value::string(format_go_time(self.as_time(), *layout));
    };
    (*methods)["String"] = [](const Value& self, std::span<const Value> args) -> Result<Value> {
      if (auto bad = expect_count(args, 0); !bad) return std::unexpected(bad.error());
      return Value::string(format_go_time(self.as_time()));
    };
    (*methods)["IsZero"] = [](const Value& self, std::span<const Value> args) -> Result<Value> {
      if (auto bad = expect_count(args, 0); !bad) return std::unexpected(bad.error());
      // Go's zero time is January 1, year 1.
      TimePoint t = self.as_time();
      return Value::boolean(t.unix_seconds == TimePoint::go_zero().unix_seconds && t.nanos == 0);
    };
    (*methods)["Unix"] = since_epoch(0);
    (*methods)["UnixMilli"] = since_epoch(3);
    (*methods)["UnixNano"] = since_epoch(9);
    (*methods)["UTC"] = same;
    (*methods)["Local"] = same;
    (*methods)["Year"] = civil_field(&Civil::year);
    (*methods)["Day"] = civil_int(&Civil::day);
    (*methods)["Hour"] = civil_int(&Civil::hour);
    (*methods)["Minute"] = civil_int(&Civil::minute);
    (*methods)["Second"] = civil_int(&Civil::second);
    return std::shared_ptr<const Methods>(std::move(methods));
  }();
  return kMethods;
}

Value time_value(TimePoint point) { return Value::time(point).with_methods(go_time_methods()); }

}  // namespace vigil::tmpl
