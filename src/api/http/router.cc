#include "api/http/router.h"

#include <algorithm>
#include <set>

namespace vigil::api {
namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> segments;
  size_t i = 1;  // paths start with '/'
  while (i <= path.size()) {
    size_t slash = path.find('/', i);
    if (slash == std::string_view::npos) slash = path.size();
    segments.push_back(path.substr(i, slash - i));
    i = slash + 1;
  }
  return segments;
}

bool match_pattern(std::string_view pattern, std::string_view path, std::map<std::string, std::string>& params) {
  auto want = split_path(pattern);
  auto have = split_path(path);
  for (size_t i = 0; i < want.size(); ++i) {
    if (!want[i].empty() && want[i][0] == '*') {
      std::string rest;
      for (size_t j = i; j < have.size(); ++j) {
        if (j > i) rest += '/';
        rest += have[j];
      }
      params[std::string(want[i].substr(1))] = rest;
      return true;
    }
    if (i >= have.size()) return false;
    if (!want[i].empty() && want[i][0] == ':') {
      if (have[i].empty()) return false;
      params[std::string(want[i].substr(1))] = std::string(have[i]);
    } else if (want[i] != have[i]) {
      return false;
    }
  }
  return want.size() == have.size();
}

bool allows(const Route& route, http::verb method) {
  for (auto m : route.methods) {
    if (m == method || (m == http::verb::get && method == http::verb::head)) return true;
  }
  return false;
}

}  // namespace

void Router::add(std::vector<http::verb> methods, std::string pattern, Handler handler) {
  routes_.push_back(Route{std::move(methods), std::move(pattern), std::move(handler)});
}

void Router::add_long_running(std::vector<http::verb> methods, std::string pattern, Handler handler) {
  routes_.push_back(Route{std::move(methods), std::move(pattern), std::move(handler), true});
}

Router::Match Router::match(http::verb method, std::string_view path) const {
  Match result;
  std::set<std::string> allowed;
  for (const auto& route : routes_) {
    std::map<std::string, std::string> params;
    if (!match_pattern(route.pattern, path, params)) continue;
    if (allows(route, method)) {
      result.kind = Match::Kind::found;
      result.route = &route;
      result.params = std::move(params);
      return result;
    }
    if (result.route == nullptr) result.route = &route;
    for (auto m : route.methods) {
      allowed.insert(std::string(http::to_string(m)));
      if (m == http::verb::get) allowed.insert("HEAD");
    }
  }
  if (!allowed.empty()) {
    result.kind = Match::Kind::method_not_allowed;
    for (const auto& m : allowed) {
      if (!result.allowed.empty()) result.allowed += ", ";
      result.allowed += m;
    }
  }
  return result;
}

}  // namespace vigil::api
