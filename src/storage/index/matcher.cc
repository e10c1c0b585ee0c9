#include "storage/index/matcher.h"

#include <re2/re2.h>

namespace vigil::storage::index {

Result<Matcher> Matcher::make(Type type, std::string name, std::string value) {
  std::shared_ptr<const re2::RE2> re;
  if (type == Type::regex || type == Type::not_regex) {
    RE2::Options options;
    options.set_log_errors(false);
    options.set_dot_nl(true);
    auto compiled = std::make_shared<const re2::RE2>("^(?:" + value + ")$", options);
    if (!compiled->ok()) {
      return std::unexpected(make_error(ErrorKind::invalid_argument,
                                        "invalid regular expression \"" + value + "\" for label " + name + ": " +
                                            compiled->error()));
    }
    re = std::move(compiled);
  }
  return Matcher(type, std::move(name), std::move(value), std::move(re));
}

bool Matcher::matches(std::string_view v) const {
  switch (type_) {
    case Type::equal: return v == value_;
    case Type::not_equal: return v != value_;
    case Type::regex: return RE2::FullMatch(v, *re_);
    case Type::not_regex: return !RE2::FullMatch(v, *re_);
  }
  return false;
}

std::string Matcher::to_string() const {
  static constexpr const char* kOps[] = {"=", "!=", "=~", "!~"};
  std::string out = name_ + kOps[static_cast<int>(type_)] + "\"";
  for (char c : value_) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

}  // namespace vigil::storage::index
