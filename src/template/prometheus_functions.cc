#include "template/prometheus_functions.h"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "core/duration.h"
#include "core/go_text.h"
#include "template/builtins.h"
#include "template/function_args.h"
#include "template/go_format.h"
#include "template/go_time.h"
#include "template/text_functions.h"

namespace vigil::tmpl {
namespace {

constexpr const char* kSampleType = "*template.sample";
constexpr const char* kResultType = "template.queryResult";

Value sample_value(const QuerySample& sample) {
  return Value::record(kSampleType,
                       {{"Labels", Value::string_map(sample.labels)}, {"Value", Value::floating(sample.value)}});
}

// strconv.ParseFloat: Go's float syntax (decimal, hex with a 'p' exponent,
// '_' between digits, Inf, Infinity, NaN), nothing around it.
Result<double> go_parse_float(const std::string& text) {
  auto syntax_error = [&](const char* why) {
    return std::unexpected(call_error(fmt::format("strconv.ParseFloat: parsing {}: {}", quote_go_string(text), why)));
  };
  std::string body = text;
  size_t i = body.empty() || (body[0] != '+' && body[0] != '-') ? 0 : 1;
  std::string lower;
  for (char c : body.substr(i)) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "inf" || lower == "infinity") {
    return body[0] == '-' ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
  }
  if (lower == "nan") return std::numeric_limits<double>::quiet_NaN();
  const bool hex = lower.starts_with("0x");
  if (hex && lower.find('p') == std::string::npos) return syntax_error("invalid syntax");
  std::string digits;
  for (size_t k = 0; k < body.size(); ++k) {
    const char c = body[k];
    if (c == '_') {
      // Only between digits, as Go's underscoreOK allows.
      if (k == 0 || k + 1 >= body.size() || !std::isxdigit(static_cast<unsigned char>(body[k - 1])) ||
          !std::isxdigit(static_cast<unsigned char>(body[k + 1]))) {
        return syntax_error("invalid syntax");
      }
      continue;
    }
    const bool allowed =
        std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '+' || c == '-' ||
        (hex ? (std::isxdigit(static_cast<unsigned char>(c)) || c == 'x' || c == 'X' || c == 'p' || c == 'P')
             : (c == 'e' || c == 'E'));
    if (!allowed) return syntax_error("invalid syntax");
    digits += c;
  }
  if (digits.empty()) return syntax_error("invalid syntax");
  errno = 0;
  char* end = nullptr;
  double value = std::strtod(digits.c_str(), &end);
  if (end != digits.c_str() + digits.size()) return syntax_error("invalid syntax");
  if (errno == ERANGE && std::isinf(value)) return syntax_error("value out of range");
  return value;
}

// Prometheus's convertToFloat: a float, an int or a string holding a float.
Result<double> convert_to_float(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::floating:
      return v.as_float();
    case Value::Kind::integer:
      return static_cast<double>(v.as_int());
    case Value::Kind::string:
      return go_parse_float(v.as_string());
    default:
      return std::unexpected(call_error(fmt::format("can't convert {} to float", v.type_name())));
  }
}

std::string format_4g(double v, std::string_view suffix = "") {
  Value arg = Value::floating(v);
  std::string out = go_sprintf("%.4g", std::span<const Value>(&arg, 1));
  out += suffix;
  return out;
}

// A func(interface{}) (string, error) over convertToFloat.
Function number_function(Result<std::string> (*format)(double)) {
  return [format](std::span<const Value> args) -> Result<Value> {
    if (auto bad = expect_count(args, 1); !bad) return std::unexpected(bad.error());
    auto v = convert_to_float(args[0]);
    if (!v) return std::unexpected(v.error());
    auto text = format(*v);
    if (!text) return std::unexpected(text.error());
    return Value::string(std::move(*text));
  };
}

// Divides (or multiplies) by `base` while the magnitude calls for the next
// prefix; returns the scaled value and the prefix reached.
std::pair<double, std::string_view> scale(double v, double base, std::span<const std::string_view> prefixes, bool up) {
  std::string_view prefix;
  for (std::string_view p : prefixes) {
    if (up ? std::abs(v) < base : std::abs(v) >= 1) break;
    prefix = p;
    v = up ? v / base : v * base;
  }
  return {v, prefix};
}

constexpr std::string_view kLarge[] = {"k", "M", "G", "T", "P", "E", "Z", "Y"};
constexpr std::string_view kSmall[] = {"m", "u", "n", "p", "f", "a", "z", "y"};
constexpr std::string_view kBinary[] = {"ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"};

Result<std::string> humanize(double v) {
  if (v == 0 || std::isnan(v) || std::isinf(v)) return format_4g(v);
  auto [scaled, prefix] = std::abs(v) >= 1 ? scale(v, 1000, kLarge, true) : scale(v, 1000, kSmall, false);
  return format_4g(scaled, prefix);
}

Result<std::string> humanize_1024(double v) {
  if (std::abs(v) <= 1 || std::isnan(v) || std::isinf(v)) return format_4g(v);
  auto [scaled, prefix] = scale(v, 1024, kBinary, true);
  return format_4g(scaled, prefix);
}

Result<std::string> humanize_duration(double v) {
  if (std::isnan(v) || std::isinf(v)) return format_4g(v);
  if (v == 0) return format_4g(v, "s");
  if (std::abs(v) >= 1) {
    const char* sign = v < 0 ? "-" : "";
    v = std::abs(v);
    // Go's int64(v) of a value beyond int64 is the minimum int64 on amd64.
    const int64_t duration =
        v >= 9.223372036854775807e18 ? std::numeric_limits<int64_t>::min() : static_cast<int64_t>(v);
    const int64_t seconds = duration % 60;
    const int64_t minutes = duration / 60 % 60;
    const int64_t hours = duration / 60 / 60 % 24;
    const int64_t days = duration / 60 / 60 / 24;
    if (days != 0) return fmt::format("{}{}d {}h {}m {}s", sign, days, hours, minutes, seconds);
    if (hours != 0) return fmt::format("{}{}h {}m {}s", sign, hours, minutes, seconds);
    if (minutes != 0) return fmt::format("{}{}m {}s", sign, minutes, seconds);
    return format_4g(v, "s").insert(0, sign);
  }
  auto [scaled, prefix] = scale(v, 1000, kSmall, false);
  std::string suffix(prefix);
  suffix += 's';
  return format_4g(scaled, suffix);
}

Result<std::string> humanize_percentage(double v) { return format_4g(v * 100, "%"); }

// Prometheus's floatToTime: seconds to a time with millisecond precision
// (model.TimeFromUnixNano truncates to milliseconds).
Result<TimePoint> float_to_time(double v) {
  const double nanos = v * 1e9;
  if (nanos >= 9.223372036854775807e18 || nanos < -9.223372036854775808e18) {
    return std::unexpected(call_error(fmt::format(
        "{} cannot be represented as a nanoseconds timestamp since it overflows int64", format_go_float(v))));
  }
  // int64 division truncates toward zero, as Go's does.
  const int64_t millis = static_cast<int64_t>(nanos) / 1'000'000;
  int64_t seconds = millis / 1000;
  int64_t rest = millis % 1000;
  if (rest < 0) {
    rest += 1000;
    --seconds;
  }
  return TimePoint{seconds, static_cast<int32_t>(rest * 1'000'000)};
}

Result<std::string> humanize_timestamp(double v) {
  if (std::isnan(v) || std::isinf(v)) return format_4g(v);
  auto t = float_to_time(v);
  if (!t) return std::unexpected(t.error());
  return format_go_time(*t);
}

// A *template.sample argument; nil or missing is Go's nil pointer.
Result<const Value*> expect_sample(std::span<const Value> args, size_t index) {
  const Value& v = args[index];
  if (v.kind() == Value::Kind::invalid || v.kind() == Value::Kind::nil) return nullptr;
  if (v.is_record() && v.find("Labels") != nullptr && v.find("Value") != nullptr) return &v;
  return std::unexpected(wrong_arg_type(args, index, kSampleType));
}

std::string sample_label(const Value& sample, std::string_view name) {
  const Value* labels = sample.find("Labels");
  if (labels == nullptr || labels->kind() != Value::Kind::map) return "";
  const Value* label = labels->find(name);
  return label != nullptr && label->kind() == Value::Kind::string ? label->as_string() : "";
}

// net.SplitHostPort's split; false where Go reports an error.
bool split_host_port(std::string_view hostport, std::string_view& host, std::string_view& port) {
  const size_t colon = hostport.rfind(':');
  if (colon == std::string_view::npos) return false;
  size_t j = 0, k = 0;
  if (!hostport.empty() && hostport[0] == '[') {
    const size_t end = hostport.find(']');
    if (end == std::string_view::npos || end + 1 != colon) return false;
    host = hostport.substr(1, end - 1);
    j = 1;
    k = end + 1;
  } else {
    host = hostport.substr(0, colon);
    if (host.find(':') != std::string_view::npos) return false;
  }
  if (hostport.substr(j).find('[') != std::string_view::npos) return false;
  if (hostport.substr(k).find(']') != std::string_view::npos) return false;
  port = hostport.substr(colon + 1);
  return true;
}

bool is_ip(std::string_view text) {
  std::string s(text);
  unsigned char buffer[16];
  return inet_pton(AF_INET, s.c_str(), buffer) == 1 || inet_pton(AF_INET6, s.c_str(), buffer) == 1;
}

std::string join_host_port(std::string_view host, std::string_view port) {
  if (host.find(':') != std::string_view::npos) return fmt::format("[{}]:{}", host, port);
  return fmt::format("{}:{}", host, port);
}

// url.URL.Path of an absolute URL: what follows the authority, up to '?'
// or '#'.
std::string url_path(std::string_view url) {
  size_t start = 0;
  if (size_t scheme = url.find("://"); scheme != std::string_view::npos) {
    start = url.find('/', scheme + 3);
    if (start == std::string_view::npos) return "";
  }
  std::string_view rest = url.substr(start);
  return std::string(rest.substr(0, rest.find_first_of("?#")));
}

std::string strip_port(std::string_view hostport) {
  std::string_view host, port;
  return std::string(split_host_port(hostport, host, port) ? host : hostport);
}

std::string strip_domain(std::string_view hostport) {
  std::string_view host = hostport, port;
  if (!split_host_port(hostport, host, port)) {
    host = hostport;
    port = {};
  }
  if (is_ip(host)) return std::string(hostport);
  host = host.substr(0, host.find('.'));
  return port.empty() ? std::string(host) : join_host_port(host, port);
}

std::string graph_link(std::string_view expr) {
  return fmt::format("/graph?g0.expr={}&g0.tab=0", go_query_escape(expr));
}
std::string table_link(std::string_view expr) {
  return fmt::format("/graph?g0.expr={}&g0.tab=1", go_query_escape(expr));
}

Function constant_string(std::string text) {
  return [text = std::move(text)](std::span<const Value> args) -> Result<Value> {
    if (auto bad = expect_count(args, 0); !bad) return std::unexpected(bad.error());
    return Value::string(text);
  };
}

void add_sample_functions(Functions& f) {
  f["first"] = [](std::span<const Value> args) -> Result<Value> {
    if (auto bad = expect_count(args, 1); !bad) return std::unexpected(bad.error());
    auto list = expect_list(args, 0, kResultType);
    if (!list) return std::unexpected(list.error());
    if (list->empty()) return std::unexpected(call_error("first() called on vector with no elements"));
    return list->front();
  };
  f["label"] = [](std::span<const Value> args) -> Result<Value> {
    if (auto bad = expect_count(args, 2); !bad) return std::unexpected(bad.error());
    auto name = expect_string(args, 0);
    if (!name) return std::unexpected(name.error());
    auto sample = expect_sample(args, 1);
    if (!sample) return std::unexpected(sample.error());
    return Value::string(*sample ? sample_label(**sample, *name) : "");
  };
  f["value"] = [](std::span<const Value> args) -> Result<Value> {
    if (auto bad = expect_count(args, 1); !bad) return std::unexpected(bad.error());
    auto sample = expect_sample(args, 0);
    if (!sample) return std::unexpected(sample.error());
    return *sample ? *(*sample)->find("Value") : Value::floating(0);
  };
  f["strvalue"] = [](std::span<const Value> args) -> Result<Value> {
    if (auto bad = expect_count(args, 1); !bad) return std::unexpected(bad.error());
    auto sample = expect_sample(args, 0);
    if (!sample) return std::unexpected(sample.error());
    return Value::string(*sample ? sample_label(**sample, "__value__") : "");
  };
  f["sortByLabel"] = [](std::span<const Value> args) -> Result<Value> {
    if (auto bad = expect_count(args, 2); !bad) return std::unexpected(bad.error());
    auto name = expect_string(args, 0);
    if (!name) return std::unexpected(name.error());
    auto list = expect_list(args, 1, kResultType);
    if (!list) return std::unexpected(list.error());
    std::stable_sort(list->begin(), list->end(), [&](const Value& a, const Value& b) {
      return (a.is_record() ? sample_label(a, *name) : "") < (b.is_record() ? sample_label(b, *name) : "");
    });
    return Value::list(std::move(*list)).with_type_name(kResultType);
  };
}

}  // namespace

Value query_result_value(const std::vector<QuerySample>& samples) {
  std::vector<Value> items;
  items.reserve(samples.size());
  for (const auto& sample : samples) items.push_back(sample_value(sample));
  return Value::list(std::move(items)).with_type_name(kResultType);
}

Functions prometheus_functions(QueryFunction query, std::string external_url) {
  Functions f;
  add_text_functions(f);
  add_sample_functions(f);
  f["humanize"] = number_function(humanize);
  f["humanize1024"] = number_function(humanize_1024);
  f["humanizeDuration"] = number_function(humanize_duration);
  f["humanizePercentage"] = number_function(humanize_percentage);
  f["humanizeTimestamp"] = number_function(humanize_timestamp);
  f["toTime"] = [](std::span<const Value> args) -> Result<Value> {
    if (auto bad = expect_count(args, 1); !bad) return std::unexpected(bad.error());
    auto v = convert_to_float(args[0]);
    if (!v) return std::unexpected(v.error());
    if (std::isnan(*v) || std::isinf(*v)) return std::unexpected(call_error("value is NaN or Inf"));
    auto t = float_to_time(*v);
    if (!t) return std::unexpected(t.error());
    return time_value(*t).with_type_name("*time.Time");
  };
  f["query"] = [query = std::move(query)](std::span<const Value> args) -> Result<Value> {
    if (auto bad = expect_count(args, 1); !bad) return std::unexpected(bad.error());
    auto expr = expect_string(args, 0);
    if (!expr) return std::unexpected(expr.error());
    if (!query) return std::unexpected(call_error("no query function"));
    auto samples = query(*expr);
    if (!samples) return std::unexpected(call_error(samples.error().message));
    return query_result_value(*samples);
  };
  f["args"] = [](std::span<const Value> args) -> Result<Value> {
    std::map<std::string, Value, std::less<>> entries;
    for (size_t i = 0; i < args.size(); ++i)
      entries[fmt::format("arg{}", i)] = args[i].is_valid() ? args[i] : Value::nil();
    return Value::map(std::move(entries));
  };
  f["parseDuration"] = [](std::span<const Value> args) -> Result<Value> {
    if (auto bad = expect_count(args, 1); !bad) return std::unexpected(bad.error());
    auto text = expect_string(args, 0);
    if (!text) return std::unexpected(text.error());
    if (text->empty()) return std::unexpected(call_error("empty duration string"));
    auto d = parse_duration(*text);
    if (!d) {
      if (d.error().message.find("too large") != std::string::npos) {
        return std::unexpected(call_error("duration out of range"));
      }
      return std::unexpected(call_error(fmt::format("not a valid duration string: {}", quote_go_string(*text))));
    }
    return Value::floating(static_cast<double>(d->count()) / 1000.0);
  };
  f["stripPort"] = string_function(strip_port);
  f["stripDomain"] = string_function(strip_domain);
  f["graphLink"] = string_function(graph_link);
  f["tableLink"] = string_function(table_link);
  f["pathPrefix"] = constant_string(url_path(external_url));
  f["externalURL"] = constant_string(external_url);
  return f;
}

}  // namespace vigil::tmpl
