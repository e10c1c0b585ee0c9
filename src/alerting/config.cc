#include "alerting/config.h"

#include <functional>
#include <set>

#include <yaml-cpp/yaml.h>

#include "alerting/config_sections.h"
#include "config/duplicate_keys.h"
#include "config/yaml_file.h"
#include "core/go_text.h"

namespace vigil::alerting {
namespace {


GlobalConfig read_global(YamlReader& in, const YAML::Node& node) {
  GlobalConfig global;
  if (!in.map(node, "config.GlobalConfig")) return global;
  in.check_keys(node, {"resolve_timeout", "http_config", "smtp_from", "smtp_hello", "smtp_smarthost",
                       "smtp_auth_username", "smtp_auth_password", "smtp_auth_secret", "smtp_auth_identity",
                       "smtp_require_tls", "slack_api_url", "slack_api_url_file", "pagerduty_url",
                       // Settings of notifiers Vigil refuses; harmless without them.
                       "opsgenie_api_url", "opsgenie_api_key", "opsgenie_api_key_file", "wechat_api_url",
                       "wechat_api_secret", "wechat_api_corp_id", "victorops_api_url", "victorops_api_key",
                       "victorops_api_key_file", "telegram_api_url", "webex_api_url"});
  in.read(node, "resolve_timeout", global.resolve_timeout);
  if (node["http_config"])
    if (auto http = read_http_config(in, node["http_config"])) global.http_config = *http;
  in.read(node, "smtp_from", global.smtp_from);
  in.read(node, "smtp_hello", global.smtp_hello);
  in.read(node, "smtp_smarthost", global.smtp_smarthost);
  if (!global.smtp_smarthost.empty()) check_host_port(in, node["smtp_smarthost"], global.smtp_smarthost);
  in.read(node, "smtp_auth_username", global.smtp_auth_username);
  in.read(node, "smtp_auth_password", global.smtp_auth_password);
  in.read(node, "smtp_auth_secret", global.smtp_auth_secret);
  in.read(node, "smtp_auth_identity", global.smtp_auth_identity);
  in.read(node, "smtp_require_tls", global.smtp_require_tls);
  if (in.read(node, "slack_api_url", global.slack_api_url)) check_url(in, node["slack_api_url"], global.slack_api_url);
  in.read(node, "slack_api_url_file", global.slack_api_url_file);
  if (!global.slack_api_url.empty() && !global.slack_api_url_file.empty())
    in.problem(node, "at most one of slack_api_url & slack_api_url_file must be configured");
  if (in.read(node, "pagerduty_url", global.pagerduty_url)) check_url(in, node["pagerduty_url"], global.pagerduty_url);
  return global;
}

// match (equality) or match_re (regex) maps into matchers.
void read_legacy_matchers(YamlReader& in, const YAML::Node& node, const char* key, MatchType type, Matchers& out) {
  std::map<std::string, std::string> map;
  if (!in.read(node, key, map)) return;
  for (const auto& [name, value] : map) {
    if (!is_valid_label_name(name)) {
      in.problem(node[key], "invalid label name " + quote_go_string(name));
      continue;
    }
    auto matcher = Matcher::make(type, name, value);
    // Alertmanager 0.25 turns a match_re value into a matcher on the value
    // as its config.Regexp prints it, anchored: group keys show
    // service=~"^(?:web|api)$". A bad one is reported unanchored first, as
    // its YAML reader does.
    if (matcher && type == MatchType::regexp) {
      std::string anchored = "^(?:";
      anchored += value;
      anchored += ")$";
      matcher = Matcher::make(type, name, std::move(anchored));
    }
    if (matcher) {
      out.push_back(std::move(*matcher));
    } else {
      in.problem(node[key][name], matcher.error().message);
    }
  }
}

// A `matchers:` list; each entry may hold several comma-separated matchers.
void read_matcher_list(YamlReader& in, const YAML::Node& node, const char* key, Matchers& out) {
  std::vector<std::string> lines;
  if (!in.read(node, key, lines)) return;
  for (size_t i = 0; i < lines.size(); ++i) {
    auto parsed = parse_matchers(lines[i]);
    if (!parsed) {
      in.problem(node[key][i], parsed.error().message);
      continue;
    }
    for (auto& m : *parsed) out.push_back(std::move(m));
  }
}

void read_group_by(YamlReader& in, const YAML::Node& node, RouteConfig& route) {
  std::vector<std::string> names;
  if (!in.read(node, "group_by", names)) return;
  std::vector<std::string> labels;
  std::set<std::string> seen;
  for (const auto& name : names) {
    if (name == "...") {
      route.group_by_all = true;
      continue;
    }
    if (!is_valid_label_name(name)) {
      in.problem(node["group_by"], "invalid label name " + quote_go_string(name) + " in group_by list");
      continue;
    }
    if (!seen.insert(name).second)
      in.problem(node["group_by"], "duplicated label " + quote_go_string(name) + " in group_by");
    labels.push_back(name);
  }
  if (route.group_by_all && !labels.empty())
    in.problem(node["group_by"], "cannot have wildcard group_by (`...`) and other other labels at the same time");
  // An empty list is no list: the parent's grouping applies (as in Alertmanager).
  if (!labels.empty()) route.group_by = std::move(labels);
}

// Aliases can make a tree of routes far larger than its text; no real
// configuration comes near this.
constexpr size_t kMaxRoutes = 100'000;

RouteConfig read_route(YamlReader& in, const YAML::Node& node, size_t& count) {
  RouteConfig route;
  route.line = node.Mark().line + 1;
  if (++count > kMaxRoutes) {
    if (count == kMaxRoutes + 1) in.problem(node, "more than " + std::to_string(kMaxRoutes) + " routes");
    return route;
  }
  in.check_keys(node,
                {"receiver", "group_by", "continue", "match", "match_re", "matchers", "mute_time_intervals",
                 "active_time_intervals", "group_wait", "group_interval", "repeat_interval", "routes", "escalate"});
  in.read(node, "receiver", route.receiver);
  read_group_by(in, node, route);
  read_legacy_matchers(in, node, "match", MatchType::equal, route.matchers);
  read_legacy_matchers(in, node, "match_re", MatchType::regexp, route.matchers);
  read_matcher_list(in, node, "matchers", route.matchers);
  std::sort(route.matchers.begin(), route.matchers.end());
  in.read(node, "continue", route.continue_matching);
  Duration d{0};
  if (in.read(node, "group_wait", d)) route.group_wait = d;
  if (in.read(node, "group_interval", d)) {
    route.group_interval = d;
    if (d == Duration(0)) in.problem(node["group_interval"], "group_interval cannot be zero");
  }
  if (in.read(node, "repeat_interval", d)) {
    route.repeat_interval = d;
    if (d == Duration(0)) in.problem(node["repeat_interval"], "repeat_interval cannot be zero");
  }
  in.read(node, "mute_time_intervals", route.mute_time_intervals);
  in.read(node, "active_time_intervals", route.active_time_intervals);
  const YAML::Node escalate = node["escalate"];
  if (in.map(escalate, "config.Escalation")) {
    in.check_keys(escalate, {"after", "receiver"}, "config.Escalation");
    Escalation escalation;
    in.read(escalate, "after", escalation.after);
    in.read(escalate, "receiver", escalation.receiver);
    if (escalation.after <= Duration(0)) in.problem(escalate, "escalate.after must be a positive duration");
    if (escalation.receiver.empty()) in.problem(escalate, "escalate.receiver must name a receiver");
    route.escalate = escalation;
  }
  const YAML::Node routes = node["routes"];
  if (in.sequence(routes, "[]*config.Route"))
    for (const auto& child : routes)
      if (in.map(child, "config.plain")) route.routes.push_back(read_route(in, child, count));
  return route;
}

InhibitRule read_inhibit_rule(YamlReader& in, const YAML::Node& node) {
  InhibitRule rule;
  rule.line = node.Mark().line + 1;
  in.check_keys(node, {"source_match", "source_match_re", "source_matchers", "target_match", "target_match_re",
                       "target_matchers", "equal"});
  read_legacy_matchers(in, node, "source_match", MatchType::equal, rule.source_matchers);
  read_legacy_matchers(in, node, "source_match_re", MatchType::regexp, rule.source_matchers);
  read_matcher_list(in, node, "source_matchers", rule.source_matchers);
  read_legacy_matchers(in, node, "target_match", MatchType::equal, rule.target_matchers);
  read_legacy_matchers(in, node, "target_match_re", MatchType::regexp, rule.target_matchers);
  read_matcher_list(in, node, "target_matchers", rule.target_matchers);
  std::sort(rule.source_matchers.begin(), rule.source_matchers.end());
  std::sort(rule.target_matchers.begin(), rule.target_matchers.end());
  in.read(node, "equal", rule.equal);
  for (const auto& name : rule.equal)
    if (!is_valid_label_name(name)) in.problem(node["equal"], quote_go_string(name) + " is not a valid label name");
  return rule;
}

// Every route's receivers and time intervals exist; the YAML nodes give the
// lines.
void check_route_references(YamlReader& in, const YAML::Node& node, const RouteConfig& route,
                            const std::set<std::string>& receivers, const std::set<std::string>& intervals) {
  if (!route.receiver.empty() && !receivers.contains(route.receiver))
    in.problem(node["receiver"], "undefined receiver " + quote_go_string(route.receiver) + " used in route");
  if (route.escalate && !route.escalate->receiver.empty() && !receivers.contains(route.escalate->receiver))
    in.problem(node["escalate"],
               "undefined receiver " + quote_go_string(route.escalate->receiver) + " used in route escalation");
  for (const char* key : {"mute_time_intervals", "active_time_intervals"}) {
    const auto& names =
        std::string_view(key) == "mute_time_intervals" ? route.mute_time_intervals : route.active_time_intervals;
    for (const auto& name : names)
      if (!intervals.contains(name))
        in.problem(node[key], "undefined time interval " + quote_go_string(name) + " used in route");
  }
  const YAML::Node children = node["routes"];
  if (!children || !children.IsSequence()) return;
  size_t i = 0;
  for (const auto& child_node : children) {
    if (!child_node.IsMap()) continue;
    if (i < route.routes.size()) check_route_references(in, child_node, route.routes[i], receivers, intervals);
    ++i;
  }
}

Result<AlertingConfig> read_config(const YAML::Node& root, std::string_view path) {
  YamlReader in(path);
  AlertingConfig config;
  config.source = path;
  if (root.IsDefined() && !root.IsNull() && !in.map(root, "config.plain")) return std::unexpected(in.error());
  in.check_keys(
      root, {"global", "route", "inhibit_rules", "receivers", "templates", "mute_time_intervals", "time_intervals"});
  config.global = read_global(in, root["global"]);

  std::set<std::string> receiver_names;
  if (in.sequence(root["receivers"], "[]*config.Receiver")) {
    for (const auto& node : root["receivers"]) {
      if (!in.map(node, "config.plain")) continue;
      Receiver receiver = read_receiver(in, node, config.global);
      if (!receiver.name.empty() && !receiver_names.insert(receiver.name).second)
        in.problem(node["name"], "notification config name " + quote_go_string(receiver.name) + " is not unique");
      config.receivers.push_back(std::move(receiver));
    }
  }

  std::set<std::string> interval_names;
  for (const auto& [key, kind] :
       {std::pair{"mute_time_intervals", "mute time interval"}, std::pair{"time_intervals", "time interval"}}) {
    if (!in.sequence(root[key], "[]config.TimeInterval")) continue;
    for (const auto& node : root[key]) {
      auto named = read_named_time_interval(in, node, kind);
      if (!named) continue;
      if (!named->name.empty() && !interval_names.insert(named->name).second)
        in.problem(node["name"], std::string(kind) + " " + quote_go_string(named->name) + " is not unique");
      config.time_intervals.push_back(std::move(*named));
    }
  }

  const YAML::Node route = root["route"];
  if (!route || route.IsNull()) {
    in.problem(root, "no routes provided");
  } else if (in.map(route, "config.plain")) {
    size_t count = 0;
    config.route = read_route(in, route, count);
    if (config.route.receiver.empty()) in.problem(route, "root route must specify a default receiver");
    if (!config.route.matchers.empty()) in.problem(route, "root route must not have any matchers");
    if (!config.route.mute_time_intervals.empty())
      in.problem(route["mute_time_intervals"], "root route must not have any mute time intervals");
    if (!config.route.active_time_intervals.empty())
      in.problem(route["active_time_intervals"], "root route must not have any active time intervals");
    check_route_references(in, route, config.route, receiver_names, interval_names);
  }

  if (in.sequence(root["inhibit_rules"], "[]config.InhibitRule"))
    for (const auto& node : root["inhibit_rules"])
      if (in.map(node, "config.plain")) config.inhibit_rules.push_back(read_inhibit_rule(in, node));
  in.read(root, "templates", config.templates);
  if (!in.ok()) return std::unexpected(in.error());
  return config;
}

// Duplicate keys first: yaml-cpp keeps only one of them, so what follows
// would read a different file than the user wrote.
Result<AlertingConfig> checked_config(const Result<YAML::Node>& root, std::string_view path) {
  if (!root) return std::unexpected(root.error());
  config::Problems duplicates;
  config::find_duplicate_keys(*root, path, duplicates);
  if (!duplicates.empty()) return std::unexpected(duplicates.to_error());
  return alerting_config_from_yaml(*root, path);
}

}  // namespace

const Receiver* AlertingConfig::receiver(std::string_view name) const {
  for (const auto& r : receivers)
    if (r.name == name) return &r;
  return nullptr;
}

const NamedTimeInterval* AlertingConfig::time_interval(std::string_view name) const {
  for (const auto& t : time_intervals)
    if (t.name == name) return &t;
  return nullptr;
}

Result<AlertingConfig> parse_alerting_config(std::string_view text, std::string_view path) {
  return checked_config(config::parse_yaml(std::string(text), std::string(path)), path);
}

Result<AlertingConfig> load_alerting_config(const std::string& path) {
  return checked_config(config::read_yaml_file(path), path);
}

Result<AlertingConfig> alerting_config_from_yaml(const YAML::Node& node, std::string_view path) {
  try {
    expand_merge_keys(node);
    return read_config(node, path);
  } catch (const YAML::Exception& e) {
    // The reader checks shapes before it looks inside; this is a safety net.
    return std::unexpected(make_error(ErrorKind::invalid_config, std::string(path) + ": " + e.msg));
  }
}

}  // namespace vigil::alerting
