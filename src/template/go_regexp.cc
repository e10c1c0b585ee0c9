#include "template/go_regexp.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include <vector>

#include "core/go_text.h"
#include "template/function_args.h"

namespace vigil::tmpl {
namespace {

// Go's regexp/syntax ErrorCode text for RE2's codes.
const char* go_error_code(RE2::ErrorCode code) {
  switch (code) {
    case RE2::ErrorBadEscape:
      return "invalid escape sequence";
    case RE2::ErrorBadCharClass:
      return "invalid character class";
    case RE2::ErrorBadCharRange:
      return "invalid character class range";
    case RE2::ErrorMissingBracket:
      return "missing closing ]";
    case RE2::ErrorMissingParen:
      return "missing closing )";
    case RE2::ErrorUnexpectedParen:
      return "unexpected )";
    case RE2::ErrorTrailingBackslash:
      return "trailing backslash at end of expression";
    case RE2::ErrorRepeatArgument:
      return "missing argument to repetition operator";
    case RE2::ErrorRepeatSize:
      return "invalid repeat count";
    case RE2::ErrorRepeatOp:
      return "invalid nested repetition operator";
    case RE2::ErrorBadPerlOp:
      return "invalid or unsupported Perl syntax";
    case RE2::ErrorBadUTF8:
      return "invalid UTF-8";
    case RE2::ErrorBadNamedCapture:
      return "invalid named capture";
    case RE2::ErrorPatternTooLarge:
      return "expression too large";
    default:
      return "internal error";
  }
}

// strconv.CanBackquote: printable, no backquote, tab allowed.
bool can_backquote(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    uint32_t rune = 0;
    size_t len = decode_utf8(s, i, rune);
    if (len == 0 || rune == '`' || rune == 0xFEFF || (rune < ' ' && rune != '\t') || rune == 0x7F) return false;
    i += len;
  }
  return true;
}

}  // namespace

Result<GoRegexp> GoRegexp::compile(std::string_view pattern) {
  RE2::Options options;
  options.set_log_errors(false);
  auto re = std::make_shared<const RE2>(re2::StringPiece(pattern.data(), pattern.size()), options);
  if (!re->ok()) {
    return std::unexpected(
        make_error(ErrorKind::invalid_argument,
                   fmt::format("error parsing regexp: {}: `{}`", go_error_code(re->error_code()), re->error_arg())));
  }
  GoRegexp compiled;
  compiled.re_ = std::move(re);
  return compiled;
}

bool GoRegexp::match(std::string_view text) const {
  return RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *re_);
}

std::string GoRegexp::replace_all(std::string_view text, std::string_view replacement) const {
  const re2::StringPiece input(text.data(), text.size());
  const int groups = re_->NumberOfCapturingGroups() + 1;
  std::vector<re2::StringPiece> match(static_cast<size_t>(groups));
  auto group_text = [&](std::string_view name) { return go_group_text(name, match, re_->NamedCapturingGroups()); };
  std::string out;
  size_t last_match_end = 0;
  size_t search = 0;
  while (search <= text.size()) {
    if (!re_->Match(input, search, text.size(), RE2::UNANCHORED, match.data(), groups)) break;
    const size_t begin = static_cast<size_t>(match[0].data() - text.data());
    const size_t end = begin + match[0].size();
    out.append(text.substr(last_match_end, begin - last_match_end));
    // An empty match right after a match is not replaced (Go's rule, so
    // "a*" over "baaac" replaces "aaa" once, not also the empty match after).
    if (end > last_match_end || begin == 0) out += expand_go_template(replacement, group_text);
    if (out.size() > kMaxResultBytes) return out;
    last_match_end = end;
    uint32_t rune = 0;
    size_t width = search < text.size() ? decode_utf8(text, search, rune) : 0;
    if (search < text.size() && width == 0) width = 1;
    if (search + width > end) {
      search += width;
    } else if (search + 1 > end) {
      ++search;
    } else {
      search = end;
    }
  }
  out.append(text.substr(last_match_end));
  return out;
}

std::string go_must_compile_message(std::string_view pattern, const Error& error) {
  std::string quoted = can_backquote(pattern) ? fmt::format("`{}`", pattern) : quote_go_string(pattern);
  return fmt::format("regexp: Compile({}): {}", quoted, error.message);
}

}  // namespace vigil::tmpl
