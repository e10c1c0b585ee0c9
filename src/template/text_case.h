#pragma once
// strings.ToUpper, strings.ToLower and strings.Title as Go applies them.
// Case mapping covers ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic;
// other code points are left as they are. Invalid UTF-8 in a non-ASCII
// string becomes U+FFFD, as Go's strings.Map writes it.

#include <string>
#include <string_view>

namespace vigil::tmpl {

std::string go_to_upper(std::string_view text);
std::string go_to_lower(std::string_view text);
// The first letter of each word upper-cased; words are separated by
// anything but ASCII letters, digits and '_' (and non-ASCII letters).
std::string go_title(std::string_view text);

}  // namespace vigil::tmpl
