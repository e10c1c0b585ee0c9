#pragma once
// The table of configuration keys. Each leaf key is declared once, with its
// path, its codec and the Config field it fills; the YAML decoder, the
// environment overrides and the printer all work from this table.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "config/config.h"

namespace vigil::config {

// A single value ("30s", "true", "127.0.0.1:9400").
struct ScalarLeaf {
  std::string expected;  // "a duration", for "expected a duration, got a map"
  // Parses the text into the Config; returns what is wrong.
  std::function<std::optional<std::string>(Config&, std::string_view text)> parse_into;
  std::function<std::string(const Config&)> format;
};

// A list of strings; items are checked one by one so each error has its line.
struct ListLeaf {
  std::function<std::optional<std::string>(std::string_view item)> check_item;
  std::function<std::vector<std::string>&(Config&)> field;
  std::function<const std::vector<std::string>&(const Config&)> read;
};

// A map of string to string, such as user -> password hash.
struct MapLeaf {
  std::function<std::optional<std::string>(std::string_view key, std::string_view value)> check_entry;
  std::function<std::map<std::string, std::string>&(Config&)> field;
  std::function<const std::map<std::string, std::string>&(const Config&)> read;
};

struct Leaf {
  std::string_view path;  // "server.read_timeout"
  bool secret = false;    // list items or map values printed as <secret>
  std::variant<ScalarLeaf, ListLeaf, MapLeaf> kind;

  bool is_scalar() const { return std::holds_alternative<ScalarLeaf>(kind); }
};

// Sections kept as YAML for the issues that implement them: only their shape
// is checked here. The Alertmanager keys under `alerting` are such sections.
enum class NodeShape { sequence, map };

struct RawSection {
  std::string_view path;  // "scrape_configs", "alerting.route"
  NodeShape shape;
  std::function<void(Config&, const YAML::Node&)> store;
  std::function<std::optional<YAML::Node>(const Config&)> read;  // none when absent
};

// Top-level sections in the order the printer writes them.
const std::vector<std::string_view>& top_level_sections();
const std::vector<Leaf>& leaves();
const std::vector<RawSection>& raw_sections();

const Leaf* find_leaf(std::string_view path);
const RawSection* find_raw_section(std::string_view path);
// The names directly under `prefix` ("" for the top level): what a key at
// that level may be, for "did you mean".
std::vector<std::string_view> child_names(std::string_view prefix);
// True when `path` lies inside the map `prefix`: "server.tls.cert_file" is
// under "server.tls" and under "server".
bool under(std::string_view path, std::string_view prefix);
// True when `path` is a map that holds leaves or raw sections ("server.tls").
bool is_branch(std::string_view path);

// VIGIL_ + path upper-cased with '.' -> '_': VIGIL_SERVER_READ_TIMEOUT.
std::string env_name(std::string_view path);

// "a.b" + "c" -> "a.b.c"; "" + "c" -> "c".
std::string join_path(std::string_view prefix, std::string_view name);

}  // namespace vigil::config
