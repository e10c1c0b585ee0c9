#pragma once
// The routing tree built from a configuration's `route`, as Alertmanager's
// dispatcher uses it: options inherited from parents, depth-first matching
// with `continue`, route keys and IDs, and the group labels of an alert.

#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "alerting/config.h"

namespace vigil::alerting {

struct RouteOptions {
  std::string receiver;
  std::set<std::string> group_by;
  bool group_by_all = false;  // group_by: ['...']
  Duration group_wait = std::chrono::seconds(30);
  Duration group_interval = std::chrono::minutes(5);
  Duration repeat_interval = std::chrono::hours(4);
  // Not inherited: they apply to the route that names them.
  std::vector<std::string> mute_time_intervals;
  std::vector<std::string> active_time_intervals;
  // Inherited like the receiver (Vigil's extension).
  std::optional<Escalation> escalate;
};

class Route {
 public:
  // The tree of a configuration's root route.
  static std::unique_ptr<Route> build(const RouteConfig& root);

  // The routes an alert goes to, in order: depth first, a matching child
  // stops the search among its siblings unless it has `continue`, and a
  // route none of whose children match is itself the match. Empty when this
  // route's own matchers do not match.
  std::vector<const Route*> match(const Labels& labels) const;

  // The parent's key, "/", and this route's matchers: {}/{env="prod"}. Not
  // unique among siblings with equal matchers.
  std::string key() const;
  // The key and the position among the parent's children: {}/{env="prod"}/0.
  std::string id() const;

  // The alert's labels that this route groups by (only those present).
  Labels group_labels(const Labels& alert_labels) const;
  // The dispatcher's group key: key(), ":" and the group labels as
  // Alertmanager prints a label set.
  std::string group_key(const Labels& alert_labels) const;

  const RouteOptions& options() const { return options_; }
  const Matchers& matchers() const { return matchers_; }
  bool continue_matching() const { return continue_; }
  const Route* parent() const { return parent_; }
  const std::vector<std::unique_ptr<Route>>& routes() const { return routes_; }
  int line() const { return line_; }

  // This route and its descendants, depth first.
  void walk(const std::function<void(const Route&)>& visit) const;

 private:
  Route() = default;
  static std::unique_ptr<Route> build(const RouteConfig& config, const Route* parent);
  void match_into(const Labels& labels, std::vector<const Route*>& out, bool& matched) const;

  const Route* parent_ = nullptr;
  RouteOptions options_;
  Matchers matchers_;
  bool continue_ = false;
  std::vector<std::unique_ptr<Route>> routes_;
  int line_ = 0;
};

// Whether a route's notifications are held at `now`: inside one of its
// mute_time_intervals, or outside all of its active_time_intervals when it
// has some. `intervals` are the configuration's; unknown names (which a
// checked configuration does not have) do not match.
bool muted_at(const RouteOptions& options, const std::vector<NamedTimeInterval>& intervals, TimePoint now);

}  // namespace vigil::alerting
