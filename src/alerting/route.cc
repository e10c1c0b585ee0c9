#include "alerting/route.h"

namespace vigil::alerting {

std::unique_ptr<Route> Route::build(const RouteConfig& root) { return build(root, nullptr); }

std::unique_ptr<Route> Route::build(const RouteConfig& config, const Route* parent) {
  std::unique_ptr<Route> route(new Route());
  route->parent_ = parent;
  RouteOptions options = parent ? parent->options_ : RouteOptions{};
  if (!config.receiver.empty()) options.receiver = config.receiver;
  if (config.group_by) {
    options.group_by = std::set<std::string>(config.group_by->begin(), config.group_by->end());
    options.group_by_all = false;
  } else if (config.group_by_all) {
    options.group_by_all = true;
  }
  if (config.group_wait) options.group_wait = *config.group_wait;
  if (config.group_interval) options.group_interval = *config.group_interval;
  if (config.repeat_interval) options.repeat_interval = *config.repeat_interval;
  options.mute_time_intervals = config.mute_time_intervals;
  options.active_time_intervals = config.active_time_intervals;
  if (config.escalate) options.escalate = config.escalate;
  route->options_ = std::move(options);
  route->matchers_ = config.matchers;
  route->continue_ = config.continue_matching;
  route->line_ = config.line;
  for (const auto& child : config.routes) route->routes_.push_back(build(child, route.get()));
  return route;
}

void Route::match_into(const Labels& labels, std::vector<const Route*>& out, bool& matched) const {
  matched = matches_all(matchers_, labels);
  if (!matched) return;
  const size_t before = out.size();
  for (const auto& child : routes_) {
    bool child_matched = false;
    child->match_into(labels, out, child_matched);
    if (child_matched && !child->continue_) break;
  }
  if (out.size() == before) out.push_back(this);
}

std::vector<const Route*> Route::match(const Labels& labels) const {
  std::vector<const Route*> out;
  bool matched = false;
  match_into(labels, out, matched);
  return out;
}

std::string Route::key() const {
  std::string out;
  if (parent_) {
    out = parent_->key();
    out += '/';
  }
  out += matchers_text(matchers_);
  return out;
}

std::string Route::id() const {
  std::string out = key();
  if (parent_) {
    for (size_t i = 0; i < parent_->routes_.size(); ++i) {
      if (parent_->routes_[i].get() == this) {
        out += '/';
        out += std::to_string(i);
        break;
      }
    }
  }
  return out;
}

Labels Route::group_labels(const Labels& alert_labels) const {
  if (options_.group_by_all) return alert_labels;
  Labels out;
  for (const auto& [name, value] : alert_labels)
    if (options_.group_by.contains(name)) out.emplace(name, value);
  return out;
}

std::string Route::group_key(const Labels& alert_labels) const {
  std::string out = key();
  out += ':';
  out += labels_text(group_labels(alert_labels));
  return out;
}

void Route::walk(const std::function<void(const Route&)>& visit) const {
  visit(*this);
  for (const auto& child : routes_) child->walk(visit);
}

namespace {

bool inside_any(const std::vector<std::string>& names, const std::vector<NamedTimeInterval>& intervals, TimePoint now) {
  for (const auto& name : names)
    for (const auto& interval : intervals)
      if (interval.name == name && interval.contains(now)) return true;
  return false;
}

}  // namespace

bool muted_at(const RouteOptions& options, const std::vector<NamedTimeInterval>& intervals, TimePoint now) {
  if (inside_any(options.mute_time_intervals, intervals, now)) return true;
  return !options.active_time_intervals.empty() && !inside_any(options.active_time_intervals, intervals, now);
}

}  // namespace vigil::alerting
