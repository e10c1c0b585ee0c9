#pragma once
// Small files replaced whole and durably: the new content is written to a
// temporary file beside the target, synced, renamed over the target, and the
// directory is synced, so after a crash the file holds either the old or the
// new content, never a mix.

#include <filesystem>
#include <string>
#include <string_view>

#include "core/error.h"

namespace vigil {

// Errors are ErrorKind::io and name the file and the system's reason.
Result<void> replace_file_durably(const std::filesystem::path& path, std::string_view content);

// The whole file; ErrorKind::not_found when it does not exist, io otherwise.
Result<std::string> read_whole_file(const std::filesystem::path& path);

}  // namespace vigil
