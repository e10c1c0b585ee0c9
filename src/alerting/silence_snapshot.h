#pragma once
// The file that keeps silences across restarts (docs/format/silences.md): a
// magic string, then one record per silence, each with its length and a
// CRC-32 so that damage is found and named rather than misread.

#include <string>
#include <string_view>
#include <vector>

#include "alerting/silence.h"
#include "core/error.h"

namespace vigil::alerting {

// "VGSILNC1": the format's name and version.
inline constexpr std::string_view kSilenceSnapshotMagic = "VGSILNC1";

std::string encode_silence_snapshot(const std::vector<Silence>& silences);

// ErrorKind::corruption naming `file_name` and the byte offset of the damage
// (bad magic, a truncated or checksum-failing record, a bad field).
Result<std::vector<Silence>> decode_silence_snapshot(std::string_view bytes, std::string_view file_name);

}  // namespace vigil::alerting
