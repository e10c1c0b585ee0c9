#pragma once
// Configuration files for tests: written to the system's temporary directory
// under a unique name and removed when the test ends.

#include <string>
#include <string_view>

#include "config/loader.h"

namespace vigil::config::test_support {

class TempConfigFile {
 public:
  explicit TempConfigFile(std::string_view content);
  ~TempConfigFile();
  TempConfigFile(const TempConfigFile&) = delete;
  TempConfigFile& operator=(const TempConfigFile&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Loads `yaml` as the file of `options`.
Result<Config> load_yaml(std::string_view yaml, LoadOptions options = {});

// The error message of loading `yaml`, with the temporary file's path
// replaced by "config.yml"; "" when it loads.
std::string errors_of(std::string_view yaml, LoadOptions options = {});

}  // namespace vigil::config::test_support
