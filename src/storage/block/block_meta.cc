#include "storage/block/block_meta.h"

#include <limits>
#include <optional>

#include "storage/block/block_files.h"
#include "storage/block/ulid.h"

namespace vigil::storage::block {

std::string encode_meta(const BlockMeta& meta) {
  auto n = [](auto v) { return std::to_string(v); };
  std::string out = "{\n";
  out += "  \"ulid\": \"" + meta.ulid + "\",\n";
  out += "  \"minTime\": " + n(meta.min_time) + ",\n";
  out += "  \"maxTime\": " + n(meta.max_time) + ",\n";
  out += "  \"stats\": {\n";
  out += "    \"numSamples\": " + n(meta.num_samples) + ",\n";
  out += "    \"numSeries\": " + n(meta.num_series) + ",\n";
  out += "    \"numChunks\": " + n(meta.num_chunks) + "\n";
  out += "  },\n";
  out += "  \"compaction\": {\n";
  out += "    \"level\": " + n(meta.level) + ",\n";
  out += "    \"sources\": [";
  for (size_t i = 0; i < meta.sources.size(); ++i)
    out += (i == 0 ? "\n      \"" : ",\n      \"") + meta.sources[i] + "\"";
  out += meta.sources.empty() ? "]\n" : "\n    ]\n";
  out += "  },\n";
  out += "  \"version\": " + n(kMetaVersion) + "\n";
  // No newline after the brace: then every truncation of the file is invalid
  // JSON, so a truncated meta.json never parses.
  out += "}";
  return out;
}

namespace {

// A reader for the JSON subset meta.json uses: objects, arrays, strings
// without escapes (ids only) and integers. Unknown keys are skipped so that a
// later version may add fields; their values may be any of these kinds.
class MetaParser {
 public:
  MetaParser(std::span<const uint8_t> text, const std::string& path) : text_(text), path_(path) {}

  Result<BlockMeta> parse() {
    BlockMeta meta;
    std::optional<int64_t> min_time, max_time, version, level;
    std::optional<uint64_t> num_series, num_samples, num_chunks;
    bool has_ulid = false;
    auto top = object([&](std::string_view key) -> Result<void> {
      if (key == "ulid") {
        has_ulid = true;
        return assign_string(meta.ulid);
      }
      if (key == "minTime") return assign(min_time);
      if (key == "maxTime") return assign(max_time);
      if (key == "version") return assign(version);
      if (key == "stats") {
        return object([&](std::string_view k) -> Result<void> {
          if (k == "numSeries") return assign(num_series);
          if (k == "numSamples") return assign(num_samples);
          if (k == "numChunks") return assign(num_chunks);
          return skip_value(0);
        });
      }
      if (key == "compaction") {
        return object([&](std::string_view k) -> Result<void> {
          if (k == "level") return assign(level);
          if (k == "sources") return string_array(meta.sources);
          return skip_value(0);
        });
      }
      return skip_value(0);
    });
    if (!top) return std::unexpected(top.error());
    skip_space();
    if (pos_ != text_.size()) return fail("unexpected bytes after the object");

    if (!has_ulid || !min_time || !max_time || !version || !num_series || !num_samples || !num_chunks || !level) {
      return invalid(
          "missing field (need ulid, minTime, maxTime, stats.numSeries, stats.numSamples, "
          "stats.numChunks, compaction.level, version)");
    }
    if (*version != kMetaVersion) return invalid("unsupported version " + std::to_string(*version));
    if (!is_ulid(meta.ulid)) return invalid("ulid \"" + meta.ulid + "\" is not a ULID");
    for (const auto& source : meta.sources) {
      if (!is_ulid(source)) return invalid("source \"" + source + "\" is not a ULID");
    }
    if (*min_time >= *max_time) return invalid("minTime is not below maxTime");
    if (*level < 1 || *level > std::numeric_limits<uint32_t>::max()) return invalid("level out of range");
    meta.min_time = *min_time;
    meta.max_time = *max_time;
    meta.num_series = *num_series;
    meta.num_samples = *num_samples;
    meta.num_chunks = *num_chunks;
    meta.level = static_cast<uint32_t>(*level);
    return meta;
  }

 private:
  static constexpr int kMaxDepth = 16;

  std::unexpected<Error> fail(const std::string& what) const {
    return std::unexpected(make_error(ErrorKind::corruption, path_ + ": " + what + " at byte " + std::to_string(pos_)));
  }
  std::unexpected<Error> invalid(const std::string& what) const {
    return std::unexpected(make_error(ErrorKind::corruption, path_ + ": " + what));
  }

  void skip_space() {
    while (pos_ < text_.size() &&
           (text_[pos_] == ' ' || text_[pos_] == '\n' || text_[pos_] == '\r' || text_[pos_] == '\t')) {
      ++pos_;
    }
  }
  bool consume(char c) {
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == static_cast<uint8_t>(c)) {
      ++pos_;
      return true;
    }
    return false;
  }
  int peek() {
    skip_space();
    return pos_ < text_.size() ? text_[pos_] : -1;
  }

  Result<std::string_view> string() {
    if (!consume('"')) return fail("expected a string");
    size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] != '"') {
      if (text_[pos_] == '\\' || text_[pos_] < 0x20 || text_[pos_] >= 0x80)
        return fail("unsupported character in string");
      ++pos_;
    }
    if (pos_ == text_.size()) return fail("unterminated string");
    std::string_view s(reinterpret_cast<const char*>(text_.data() + start), pos_ - start);
    ++pos_;
    return s;
  }

  // An integer as a sign and a magnitude, so that both int64 and uint64
  // fields take their full range.
  struct Integer {
    bool negative;
    uint64_t magnitude;
  };
  Result<Integer> integer() {
    skip_space();
    Integer n{false, 0};
    if (pos_ < text_.size() && text_[pos_] == '-') {
      n.negative = true;
      ++pos_;
    }
    size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
      uint64_t digit = text_[pos_] - '0';
      if (n.magnitude > (std::numeric_limits<uint64_t>::max() - digit) / 10) return fail("number out of range");
      n.magnitude = n.magnitude * 10 + digit;
      ++pos_;
    }
    if (pos_ == start) return fail("expected an integer");
    if (pos_ - start > 1 && text_[start] == '0') return fail("leading zero in number");
    return n;
  }

  Result<void> assign(std::optional<int64_t>& field) {
    if (field) return fail("duplicate key");
    auto n = integer();
    if (!n) return std::unexpected(n.error());
    constexpr uint64_t kMax = std::numeric_limits<int64_t>::max();
    if (n->magnitude > kMax + (n->negative ? 1 : 0)) return fail("number out of range");
    field = n->negative ? static_cast<int64_t>(0 - n->magnitude) : static_cast<int64_t>(n->magnitude);
    return {};
  }
  Result<void> assign(std::optional<uint64_t>& field) {
    if (field) return fail("duplicate key");
    auto n = integer();
    if (!n) return std::unexpected(n.error());
    if (n->negative && n->magnitude != 0) return fail("negative count");
    field = n->magnitude;
    return {};
  }
  Result<void> assign_string(std::string& field) {
    if (!field.empty()) return fail("duplicate key");
    auto s = string();
    if (!s) return std::unexpected(s.error());
    field = *s;
    return {};
  }

  template <class OnKey>
  Result<void> object(OnKey on_key) {
    if (!consume('{')) return fail("expected an object");
    if (consume('}')) return {};
    do {
      auto key = string();
      if (!key) return std::unexpected(key.error());
      if (!consume(':')) return fail("expected ':'");
      if (auto value = on_key(*key); !value) return value;
    } while (consume(','));
    if (!consume('}')) return fail("expected ',' or '}'");
    return {};
  }

  Result<void> string_array(std::vector<std::string>& out) {
    if (!out.empty()) return fail("duplicate key");
    if (!consume('[')) return fail("expected an array");
    if (consume(']')) return {};
    do {
      auto s = string();
      if (!s) return std::unexpected(s.error());
      out.emplace_back(*s);
    } while (consume(','));
    if (!consume(']')) return fail("expected ',' or ']'");
    return {};
  }

  Result<void> skip_value(int depth) {
    if (depth > kMaxDepth) return fail("nesting too deep");
    switch (peek()) {
      case '"': {
        auto s = string();
        if (!s) return std::unexpected(s.error());
        return {};
      }
      case '{':
        return object([&](std::string_view) { return skip_value(depth + 1); });
      case '[': {
        consume('[');
        if (consume(']')) return {};
        do {
          if (auto v = skip_value(depth + 1); !v) return v;
        } while (consume(','));
        if (!consume(']')) return fail("expected ',' or ']'");
        return {};
      }
      default: {
        auto n = integer();
        if (!n) return std::unexpected(n.error());
        return {};
      }
    }
  }

  std::span<const uint8_t> text_;
  const std::string& path_;
  size_t pos_ = 0;
};

}  // namespace

Result<BlockMeta> decode_meta(std::span<const uint8_t> text, const std::string& path) {
  return MetaParser(text, path).parse();
}

Result<BlockMeta> read_meta(const std::string& block_dir) {
  const std::string path = block_dir + "/" + std::string(kMetaFile);
  auto bytes = read_file(path);
  if (!bytes) return std::unexpected(bytes.error());
  return decode_meta(*bytes, path);
}

}  // namespace vigil::storage::block
