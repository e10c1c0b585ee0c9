#pragma once
// Percent-escaping of URL query components.

#include <string>
#include <string_view>

namespace vigil {

// Appends `text` with every byte but letters, digits and `-._~` written as
// %XX (upper-case hex); a space as %20, which every decoder reads.
void append_query_escaped(std::string& out, std::string_view text);

}  // namespace vigil
