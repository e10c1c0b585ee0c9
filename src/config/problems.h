#pragma once
// The problems found while building a configuration. Loading goes on after a
// problem so that one run reports all of them, one line each:
// "<where>: <key path>: <what is wrong>".

#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "core/error.h"

namespace vigil::config {

struct Problem {
  std::string where;  // "config.yml:7", "env VIGIL_SERVER_THREADS", "flag --listen"
  std::string key;    // "server.threads"; empty when no key applies
  std::string what;
};

class Problems {
 public:
  void add(std::string where, std::string key, std::string what);
  bool empty() const { return problems_.empty(); }
  const std::vector<Problem>& list() const { return problems_; }
  // All problems as one invalid_config Error, one line per problem.
  Error to_error() const;

 private:
  std::vector<Problem> problems_;
};

// "file:line" with yaml-cpp's 0-based line printed 1-based.
std::string file_position(std::string_view file, const YAML::Mark& mark);

// A value as it may appear in a message: quoted, control characters escaped,
// cut short when long, so hostile input cannot forge lines in the report.
std::string quoted(std::string_view text);

// A key from the file as it may appear in a key path: as written when it is
// short and printable, else quoted().
std::string key_text(std::string_view key);

}  // namespace vigil::config
