#pragma once
// Text as Go's fmt and strconv print it, so that what Vigil writes where
// Prometheus or Alertmanager would (PromQL's canonical form, the API's
// numbers, expanded templates) is byte-for-byte theirs: floats as %v,
// strings as %q, runes as %q / %#U.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>

namespace vigil {

// fmt.Sprint of a float64 (%g with the shortest round-trip digits): exponent
// form when the decimal exponent is below -4 or at least 6, so 123456 ->
// "123456", 1e6 -> "1e+06", 0.0001 -> "0.0001", 1e-05 -> "1e-05", +Inf ->
// "+Inf", NaN -> "NaN".
std::string format_go_float(double value);

// strconv.FormatFloat(v, 'e', -1, 64): the shortest digits in exponent form,
// "1e+00", "1.5e+06", "-2.5e-07"; "+Inf", "-Inf", "NaN".
std::string format_go_float_exponent(double value);

// strconv.FormatFloat(v, 'f', -1, 64): the shortest digits that read back
// exactly, never an exponent ("1000000000000000000000000000000" for 1e30,
// "1152921504606847000" for 2^60); "+Inf", "-Inf", "NaN".
std::string format_go_float_fixed(double value);
// The same for a finite value, written at `out` (kGoFloatFixedBuffer bytes
// hold any double: 309 integer digits, or "0." and 323 zeros before 17
// digits, with a sign); returns the end.
inline constexpr size_t kGoFloatFixedBuffer = 352;
char* write_go_float_fixed(char* out, double value);

// strconv.Quote: double quotes, \a \b \f \n \r \t \v \\ \", other control
// bytes and invalid UTF-8 as \xNN, non-printing code points as \uNNNN.
std::string quote_go_string(std::string_view text);

// strconv.Unquote: a "..." literal with Go's escapes (\n, \x41, \101,
// \u00e9, \U0001F600, ...), a `...` raw literal (carriage returns dropped) or
// a '...' rune literal holding one code point (returned UTF-8 encoded);
// nullopt when malformed (Go's "invalid syntax").
std::optional<std::string> unquote_go(std::string_view quoted);

// Go's regexp.Expand of a replacement template over one match: "$$" is a
// dollar; "$name" and "${name}" (names of letters, digits and '_', taken as
// long as possible) become group_text(name); a '$' without a name, or "${"
// without '}', is literal.
std::string expand_go_template(std::string_view templ,
                               const std::function<std::string_view(std::string_view name)>& group_text);

// The group number a name means in regexp.Expand: all digits without a
// leading zero; -1 for a name to look up among the named groups.
int go_group_number(std::string_view name);

// The text a "$name" of expand_go_template stands for in one regexp match:
// `groups` are the match's groups (data() null for a group that did not
// take part), `named` maps group names to numbers (as RE2's
// NamedCapturingGroups() does). Unknown and unmatched groups are empty.
template <class Groups, class Named>
std::string_view go_group_text(std::string_view name, const Groups& groups, const Named& named) {
  int index = go_group_number(name);
  if (index < 0) {
    auto it = named.find(std::string(name));
    if (it == named.end()) return {};
    index = it->second;
  }
  const auto i = static_cast<size_t>(index);
  if (i >= std::size(groups) || groups[i].data() == nullptr) return {};
  return {groups[i].data(), groups[i].size()};
}

// %q of a single code point: 'a', '\n', '\x00'.
std::string quote_go_rune(uint32_t rune);

// Decodes the UTF-8 sequence at text[i] into `rune`; returns its length, or 0
// when it is invalid (truncated, overlong, surrogate, beyond U+10FFFF).
size_t decode_utf8(std::string_view text, size_t i, uint32_t& rune);

// utf8.ValidString: every sequence decodes.
bool is_valid_utf8(std::string_view text);

// Appends the UTF-8 encoding of a code point.
void append_utf8(std::string& out, uint32_t rune);

// %#U of a code point: U+0071 'q'.
std::string format_go_unicode(uint32_t rune);

// time.Duration.String of a whole number of milliseconds: "0s", "500ms",
// "1.5s", "1m0s", "2h0m30s".
std::string format_go_duration(int64_t ms);

}  // namespace vigil
