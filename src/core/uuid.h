#pragma once
// Random (version 4) UUIDs in their usual text form, as Alertmanager makes
// silence ids: "ea1148aa-5765-41ed-a0c0-e10b742964b5".

#include <string>
#include <string_view>

namespace vigil {

// 122 random bits from the system's random source, version 4, RFC 4122
// variant; lower-case hex in 8-4-4-4-12 groups.
std::string new_uuid_v4();

// go-openapi's `uuid` format, which Alertmanager's API checks ids against:
// 32 hex digits of either case, the four hyphens optional.
bool is_uuid_text(std::string_view text);

}  // namespace vigil
