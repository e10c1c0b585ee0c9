#include "ingest/scrape/target.h"

#include <set>
#include <string_view>

#include <fmt/core.h>

#include "storage/labels/label_set_builder.h"

namespace vigil::ingest::scrape {
namespace {

constexpr std::string_view kParamPrefix = "__param_";

// Go's url.QueryEscape: unreserved bytes as they are, space as '+', the rest %XX.
void append_query_escaped(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (unsigned char c : text) {
    const bool unreserved =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
        c == '~';
    if (unreserved) {
      out += static_cast<char>(c);
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
}

// host:port as Go's net.SplitHostPort accepts it: a port after the last
// colon, with an IPv6 host in brackets.
bool has_port(std::string_view address) {
  const size_t colon = address.rfind(':');
  if (colon == std::string_view::npos) return false;
  if (address.front() == '[') return colon > 0 && address[colon - 1] == ']';
  return address.find(':') == colon;  // more colons: an IPv6 address without brackets
}

uint64_t fnv1a(uint64_t hash, std::string_view text) {
  for (unsigned char c : text) hash = (hash ^ c) * 0x100000001b3ULL;
  return hash;
}

struct Built {
  std::optional<Target> target;  // none when relabeling dropped it or it is invalid
  storage::LabelSet discovered;
  std::string error;
};

Built build_one(const ScrapeConfig& config, const TargetGroup& group, const std::string& address) {
  storage::LabelSetBuilder labels{storage::LabelSet()};
  for (const auto& [name, value] : group.labels) labels.set(name, value);
  labels.set("__address__", address);
  auto set_default = [&](std::string_view name, std::string_view value) {
    if (labels.get(name).empty()) labels.set(name, value);
  };
  set_default("job", config.job_name);
  set_default("__scrape_interval__", format_duration(config.scrape_interval));
  set_default("__scrape_timeout__", format_duration(config.scrape_timeout));
  set_default("__metrics_path__", config.metrics_path);
  set_default("__scheme__", config.scheme);
  for (const auto& [name, values] : config.params) {
    if (!values.empty()) set_default(std::string(kParamPrefix) + name, values.front());
  }
  const storage::LabelSet discovered = labels.labels();
  auto fail = [&](std::string why) { return Built{std::nullopt, discovered, std::move(why)}; };
  if (!relabel(config.relabel_configs, labels)) return Built{std::nullopt, discovered, {}};

  Target target;
  target.discovered = discovered;
  target.address = std::string(labels.get("__address__"));
  if (target.address.empty()) return fail("no address");
  target.scheme = std::string(labels.get("__scheme__"));
  if (target.scheme != "http" && target.scheme != "https") {
    return fail(fmt::format("unknown scheme \"{}\" for {}", target.scheme, target.address));
  }
  if (!has_port(target.address)) {
    // As Go's net.JoinHostPort: an IPv6 host goes in brackets.
    if (target.address.find(':') != std::string::npos) target.address = "[" + target.address + "]";
    target.address += target.scheme == "https" ? ":443" : ":80";
    labels.set("__address__", target.address);
  }
  if (target.address.find('/') != std::string::npos) {
    return fail(fmt::format("\"{}\" is not a valid hostname", target.address));
  }
  auto interval = parse_duration(labels.get("__scrape_interval__"));
  auto timeout = parse_duration(labels.get("__scrape_timeout__"));
  if (!interval || interval->count() <= 0) {
    return fail(fmt::format("error parsing scrape interval \"{}\"", labels.get("__scrape_interval__")));
  }
  if (!timeout || timeout->count() <= 0) {
    return fail(fmt::format("error parsing scrape timeout \"{}\"", labels.get("__scrape_timeout__")));
  }
  if (*timeout > *interval) {
    return fail(fmt::format("scrape timeout cannot be greater than scrape interval (\"{}\" > \"{}\")",
                                      labels.get("__scrape_timeout__"), labels.get("__scrape_interval__")));
  }
  target.interval = *interval;
  target.timeout = *timeout;

  // The query: the configured params, the first value of each replaced by
  // its __param_ label, in Go's url.Values order (sorted by name).
  std::map<std::string, std::vector<std::string>> params = config.params;
  for (const storage::Label& label : labels.current()) {
    if (!label.name.starts_with(kParamPrefix)) continue;
    auto& values = params[label.name.substr(kParamPrefix.size())];
    if (values.empty()) {
      values.push_back(label.value);
    } else {
      values.front() = label.value;
    }
  }
  target.path_and_query = std::string(labels.get("__metrics_path__"));
  char separator = '?';
  for (const auto& [name, values] : params) {
    for (const std::string& value : values) {
      target.path_and_query += separator;
      separator = '&';
      append_query_escaped(target.path_and_query, name);
      target.path_and_query += '=';
      append_query_escaped(target.path_and_query, value);
    }
  }

  if (labels.get("instance").empty()) labels.set("instance", target.address);
  std::vector<std::string> reserved;
  for (const storage::Label& label : labels.current()) {
    if (label.name.starts_with("__")) reserved.push_back(label.name);
  }
  for (const std::string& name : reserved) labels.del(name);
  target.labels = labels.labels();
  target.hash = fnv1a(fnv1a(0xcbf29ce484222325ULL, target.labels.to_string()), target.url());
  return Built{std::move(target), discovered, {}};
}

}  // namespace

BuiltTargets build_targets(const ScrapeConfig& config, const std::vector<TargetGroup>& groups) {
  BuiltTargets built;
  std::set<std::pair<std::string, std::string>> seen;  // labels and URL
  for (const TargetGroup& group : groups) {
    for (const std::string& address : group.targets) {
      Built one = build_one(config, group, address);
      if (!one.error.empty()) {
        built.errors.push_back(fmt::format("job \"{}\", {} target \"{}\": {}", config.job_name, group.source, address,
                                           one.error));
        continue;
      }
      if (!one.target) {
        // Dropped by relabeling: the labels it had before, for the targets page.
        built.dropped.push_back({std::move(one.discovered)});
        continue;
      }
      if (!seen.emplace(one.target->labels.to_string(), one.target->url()).second) continue;
      built.active.push_back(std::move(*one.target));
    }
  }
  return built;
}

}  // namespace vigil::ingest::scrape
