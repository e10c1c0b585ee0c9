#include "alerting/notify/secret_file.h"

#include <fstream>
#include <sstream>

namespace vigil::alerting::notify {

Result<std::string> read_secret_file(const std::string& path, std::string_view what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected(make_error(ErrorKind::io, "unable to read " + std::string(what) + " file " + path));
  std::ostringstream content;
  content << in.rdbuf();
  std::string text = content.str();
  const char* space = " \t\r\n\v\f";
  text.erase(0, std::min(text.find_first_not_of(space), text.size()));
  text.erase(text.find_last_not_of(space) + 1);
  return text;
}

}  // namespace vigil::alerting::notify
