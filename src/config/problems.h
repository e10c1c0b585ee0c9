#pragma once
// The problems found while building a configuration. Loading goes on after a
// problem so that one run reports all of them, one line each:
// "<where>: <key path>: <what is wrong>".

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "core/error.h"

namespace vigil::config {

// Where a value, or a problem with it, comes from.
struct Where {
  // Implicit, so that "env VIGIL_SERVER_THREADS" can be passed where a Where is expected.
  Where(std::string text_, int line_ = 0) : text(std::move(text_)), line(line_) {}

  std::string text;  // "config.yml:7", "env VIGIL_SERVER_THREADS", "flag --listen"
  int line = 0;      // the line in the file, 1-based; 0 for other sources
};

struct Problem {
  Where where;
  std::string key;  // "server.threads"; empty when no key applies
  std::string what;
};

class Problems {
 public:
  void add(Where where, std::string key, std::string what);
  bool empty() const { return problems_.empty(); }
  size_t size() const { return problems_.size(); }
  // Orders the problems from index `first` on by line, keeping the order of
  // those on one line and of those outside the file.
  void sort_by_line(size_t first);
  // All problems as one invalid_config Error, one line per problem.
  Error to_error() const;

 private:
  std::vector<Problem> problems_;
};

// "file:line" with yaml-cpp's 0-based line printed 1-based.
Where file_position(std::string_view file, const YAML::Mark& mark);

// A value as it may appear in a message: quoted, control characters escaped,
// cut short when long, so hostile input cannot forge lines in the report.
std::string quoted(std::string_view text);

// A key from the file as it may appear in a key path: as written when it is
// short and printable, else quoted().
std::string key_text(std::string_view key);

}  // namespace vigil::config
