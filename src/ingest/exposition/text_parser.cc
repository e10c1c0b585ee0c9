#include "ingest/exposition/text_parser.h"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <set>

#include <fmt/core.h>

#include "storage/labels/utf8.h"

namespace vigil::ingest::exposition {
namespace {

// Go's math.NaN(), which Prometheus stores for a scraped "NaN": kept apart
// from the staleness marker's bit pattern.
const double kScrapedNaN = std::bit_cast<double>(uint64_t{0x7ff8000000000001});

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// Character classes by table: names are most of a scrape's bytes.
enum CharClass : uint8_t { kNameStart = 1, kNameChar = 2, kColon = 4 };
constexpr std::array<uint8_t, 256> kCharClasses = [] {
  std::array<uint8_t, 256> table{};
  for (int c = 0; c < 256; ++c) {
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    if (letter) table[c] |= kNameStart | kNameChar;
    if (c >= '0' && c <= '9') table[c] |= kNameChar;
    if (c == ':') table[c] |= kColon;
  }
  return table;
}();
uint8_t char_class(char c) { return kCharClasses[static_cast<uint8_t>(c)]; }

// Eight bytes at a time (SWAR): a word with a bit set in each byte that equals `byte`.
constexpr uint64_t kOnes = 0x0101010101010101ULL;
constexpr uint64_t kHighs = 0x8080808080808080ULL;
uint64_t bytes_equal(uint64_t word, uint8_t byte) {
  const uint64_t x = word ^ (kOnes * byte);
  // The lowest flagged byte is exact; bytes above it may be flagged falsely,
  // which is harmless when only the first match is used.
  return (x - kOnes) & ~x & kHighs;
}

// Where the first '"' or '\\' is in `text`, or text.size(); `ascii` is
// cleared if a byte before it is not ASCII.
size_t find_quote_or_backslash(std::string_view text, bool& ascii) {
  uint64_t high = 0;
  size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, text.data() + i, 8);
    const uint64_t hits = bytes_equal(word, '"') | bytes_equal(word, '\\');
    if (hits != 0) {
      const size_t offset = static_cast<size_t>(std::countr_zero(hits)) / 8;
      // Only the bytes before the hit count towards `ascii`.
      if (offset > 0) high |= word & (~uint64_t{0} >> (64 - 8 * offset));
      ascii = (high & kHighs) == 0;
      return i + offset;
    }
    high |= word;
  }
  ascii = (high & kHighs) == 0;
  for (; i < text.size(); ++i) {
    if (text[i] == '"' || text[i] == '\\') return i;
    if (static_cast<uint8_t>(text[i]) >= 0x80) ascii = false;
  }
  return i;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return (x | 0x20) == (y | 0x20);
         });
}

// A float as Go's strconv.ParseFloat reads it (which Prometheus uses): an
// optional sign, then decimal or hexadecimal digits, or Inf, Infinity or NaN
// in any case.
bool parse_go_float(std::string_view text, double& out) {
  bool negative = false;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  if (text.empty()) return false;
  // Most values are small integers (counters, buckets): exact in a double
  // up to 15 digits, and much cheaper than the general conversion.
  if (text.size() <= 15) {
    uint64_t n = 0;
    size_t k = 0;
    for (; k < text.size(); ++k) {
      const unsigned digit = static_cast<unsigned>(text[k] - '0');
      if (digit > 9) break;
      n = n * 10 + digit;
    }
    if (k == text.size()) {
      out = negative ? -static_cast<double>(n) : static_cast<double>(n);
      return true;
    }
  }
  if (equals_ignoring_case(text, "inf") || equals_ignoring_case(text, "infinity")) {
    out = negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
    return true;
  }
  if (equals_ignoring_case(text, "nan")) {
    out = kScrapedNaN;
    return true;
  }
  auto format = std::chars_format::general;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    format = std::chars_format::hex;
    text.remove_prefix(2);
  }
  // from_chars takes neither a second sign nor a leading '+'; both are errors here too.
  if (text[0] == '+' || text[0] == '-') return false;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out, format);
  // Out of range: Go answers ±Inf (or 0) with an error; Prometheus refuses it.
  if (ec != std::errc() || ptr != end) return false;
  if (negative) out = -out;
  return true;
}

bool parse_int64(std::string_view text, int64_t& out) {
  if (!text.empty() && text[0] == '+') text.remove_prefix(1);
  if (text.empty() || text[0] == '+') return false;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end;
}

MetricType parse_type(std::string_view word, Format format, bool& ok) {
  ok = true;
  if (word == "counter") return MetricType::counter;
  if (word == "gauge") return MetricType::gauge;
  if (word == "histogram") return MetricType::histogram;
  if (word == "summary") return MetricType::summary;
  if (format == Format::prometheus_text) {
    if (word == "untyped") return MetricType::unknown;
  } else {
    if (word == "unknown") return MetricType::unknown;
    if (word == "gaugehistogram") return MetricType::gaugehistogram;
    if (word == "info") return MetricType::info;
    if (word == "stateset") return MetricType::stateset;
  }
  ok = false;
  return MetricType::unknown;
}

// One line being parsed: the position, and errors that name the line and
// the column (1-based, in bytes) where the problem starts.
class Line {
 public:
  Line(std::string_view text, size_t number) : text_(text), number_(number) {}

  size_t number() const { return number_; }
  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return at_end() ? '\0' : text_[pos_]; }
  size_t pos() const { return pos_; }
  void advance(size_t n = 1) { pos_ += n; }
  // The scanning loops below work on locals: stepping pos_ itself would
  // store it to memory on every byte.
  bool skip_blanks() {
    const size_t start = pos_;
    size_t p = start;
    while (p < text_.size() && is_blank(text_[p])) ++p;
    pos_ = p;
    return p > start;
  }
  std::string_view rest() const { return text_.substr(std::min(pos_, text_.size())); }
  std::string_view slice(size_t from, size_t to) const { return text_.substr(from, to - from); }
  // The token up to the next blank (or the end of the line).
  std::string_view token() {
    const size_t start = pos_;
    size_t p = start;
    while (p < text_.size() && !is_blank(text_[p])) ++p;
    pos_ = p;
    return slice(start, p);
  }
  std::string_view name(bool metric) {
    const size_t start = pos_;
    const uint8_t first = metric ? kNameStart | kColon : kNameStart;
    if (at_end() || (char_class(text_[pos_]) & first) == 0) return {};
    const uint8_t rest = metric ? kNameChar | kColon : kNameChar;
    size_t p = start + 1;
    // Names are long (node_cpu_seconds_total): four bytes per test and branch.
    auto in_name = [&](size_t i) { return (char_class(text_[i]) & rest) != 0; };
    while (p + 4 <= text_.size() && (in_name(p) & in_name(p + 1) & in_name(p + 2) & in_name(p + 3))) p += 4;
    while (p < text_.size() && in_name(p)) ++p;
    pos_ = p;
    return slice(start, p);
  }

  Error error(size_t column_pos, std::string_view what) const {
    return make_error(ErrorKind::invalid_argument,
                      fmt::format("line {}, column {}: {}", number_, column_pos + 1, what));
  }
  Error error(std::string_view what) const { return error(pos_, what); }
  // What stands at the position, quoted for a message (a few bytes, made valid UTF-8).
  std::string found() const {
    if (at_end()) return "the end of the line";
    std::string quoted = "\"";  // appended, not `"\"" + ...`: GCC 12 -O3 warns falsely on that (-Wrestrict)
    quoted += storage::escape_invalid_utf8(text_.substr(pos_, 16));
    quoted += '"';
    return quoted;
  }

 private:
  std::string_view text_;
  size_t number_;
  size_t pos_ = 0;
};

class Run {
 public:
  Run(Format format, ParseSink& sink, std::vector<LabelView>& labels, std::string& scratch,
      NameSet& seen_types)
      : format_(format), sink_(sink), labels_(labels), scratch_(scratch), seen_types_(seen_types) {}

  Result<void> parse(std::string_view input) {
    seen_types_.clear();
    size_t pos = 0;
    size_t number = 0;
    bool eof = false;
    while (pos < input.size()) {
      const char* start = input.data() + pos;
      const void* newline = std::memchr(start, '\n', input.size() - pos);
      const size_t length = newline == nullptr ? input.size() - pos : static_cast<const char*>(newline) - start;
      std::string_view text(start, length);
      pos += length + 1;
      ++number;
      // Tolerated though neither format has it: files written on Windows.
      if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
      Line line(text, number);
      if (eof) return std::unexpected(line.error(0, "content after \"# EOF\""));
      auto done = parse_line(line, eof);
      if (!done) return done;
    }
    if (format_ == Format::openmetrics && !eof) {
      return std::unexpected(make_error(ErrorKind::invalid_argument,
                                        fmt::format("line {}: OpenMetrics input must end with \"# EOF\"", number)));
    }
    return {};
  }

 private:
  Result<void> parse_line(Line& line, bool& eof) {
    const bool openmetrics = format_ == Format::openmetrics;
    if (!openmetrics) line.skip_blanks();
    if (line.at_end()) {
      if (openmetrics) return std::unexpected(line.error("empty line (OpenMetrics has none)"));
      return {};
    }
    if (line.peek() == '#') return parse_comment(line, eof);
    return parse_sample(line);
  }

  Result<void> parse_comment(Line& line, bool& eof) {
    line.advance();
    const bool had_blank = line.skip_blanks();
    const size_t keyword_pos = line.pos();
    const std::string_view keyword = line.token();
    const bool openmetrics = format_ == Format::openmetrics;
    if (openmetrics && keyword == "EOF" && line.at_end()) {
      eof = true;
      return {};
    }
    const bool help = keyword == "HELP", type = keyword == "TYPE", unit = openmetrics && keyword == "UNIT";
    if (!had_blank || !(help || type || unit) || !line.skip_blanks()) {
      // The text format ignores other comments; OpenMetrics has none.
      if (!openmetrics) return {};
      return std::unexpected(line.error(keyword_pos, "expected HELP, TYPE, UNIT or EOF after \"#\""));
    }
    const size_t name_pos = line.pos();
    const std::string_view family = line.name(true);
    if (family.empty()) return std::unexpected(line.error("expected a metric name, found " + line.found()));
    if (!line.at_end() && !is_blank(line.peek())) {
      return std::unexpected(line.error("unexpected " + line.found() + " in the metric name"));
    }
    line.skip_blanks();
    if (help) {
      scratch_.clear();
      sink_.on_help(family, unescape_help(line.rest()));
      return {};
    }
    if (unit) {
      sink_.on_unit(family, line.rest());
      return {};
    }
    const size_t type_pos = line.pos();
    const std::string_view word = line.token();
    line.skip_blanks();
    bool known = false;
    const MetricType metric_type = parse_type(word, format_, known);
    if (!known) {
      return std::unexpected(
          line.error(type_pos, fmt::format("unknown metric type \"{}\"", storage::escape_invalid_utf8(word))));
    }
    if (!line.at_end()) return std::unexpected(line.error("unexpected " + line.found() + " after the metric type"));
    if (!seen_types_.insert(family)) {
      return std::unexpected(line.error(name_pos, fmt::format("second TYPE line for metric name \"{}\"", family)));
    }
    sink_.on_type(family, metric_type);
    return {};
  }

  Result<void> parse_sample(Line& line) {
    SampleView sample;
    labels_.clear();
    scratch_.clear();
    // Unescaped values are appended to scratch_ and viewed there: room for the
    // whole line up front means it never moves while views into it exist.
    scratch_.reserve(line.rest().size());
    sample.name = line.name(true);
    if (sample.name.empty()) return std::unexpected(line.error("expected a metric name, found " + line.found()));
    const bool blank_after_name = line.skip_blanks();
    if (line.peek() == '{') {
      if (auto ok = parse_labels(line, labels_); !ok) return ok;
      line.skip_blanks();
    } else if (!blank_after_name && !line.at_end()) {
      return std::unexpected(line.error("unexpected " + line.found() + " after the metric name"));
    }
    const size_t sample_labels = labels_.size();
    const size_t value_pos = line.pos();
    const std::string_view value = line.token();
    if (value.empty()) return std::unexpected(line.error("expected a value, found " + line.found()));
    if (!parse_go_float(value, sample.value)) {
      return std::unexpected(line.error(value_pos, fmt::format("\"{}\" is not a number", storage::escape_invalid_utf8(value))));
    }
    line.skip_blanks();
    if (!line.at_end() && line.peek() != '#') {
      if (auto ok = parse_timestamp(line, sample.timestamp_ms); !ok) return ok;
      line.skip_blanks();
    }
    if (!line.at_end()) {
      if (format_ != Format::openmetrics || line.peek() != '#') {
        return std::unexpected(line.error("unexpected " + line.found() + " after the value"));
      }
      if (auto ok = parse_exemplar(line, sample); !ok) return ok;
    }
    sample.labels = std::span<const LabelView>(labels_.data(), sample_labels);
    sample.line = line.number();
    sink_.on_sample(sample);
    return {};
  }

  // `{name="value",...}`, a trailing comma allowed; values unescaped into scratch_.
  Result<void> parse_labels(Line& line, std::vector<LabelView>& out) {
    const size_t first = out.size();
    line.advance();  // '{'
    for (;;) {
      line.skip_blanks();
      if (line.peek() == '}') {
        line.advance();
        return {};
      }
      const size_t name_pos = line.pos();
      const std::string_view name = line.name(false);
      if (name.empty()) return std::unexpected(line.error("expected a label name or \"}\", found " + line.found()));
      line.skip_blanks();
      if (line.peek() != '=') return std::unexpected(line.error("expected \"=\" after label name, found " + line.found()));
      line.advance();
      line.skip_blanks();
      if (line.peek() != '"') return std::unexpected(line.error("expected a quoted label value, found " + line.found()));
      const size_t value_pos = line.pos();
      auto value = parse_quoted(line);
      if (!value) return std::unexpected(value.error());
      if (!ascii_value_ && !storage::is_valid_utf8(*value)) {
        return std::unexpected(line.error(value_pos, fmt::format("label \"{}\" has a value that is not valid UTF-8", name)));
      }
      for (size_t i = first; i < out.size(); ++i) {
        if (out[i].name == name) {
          return std::unexpected(line.error(name_pos, fmt::format("duplicate label name \"{}\"", name)));
        }
      }
      out.push_back({name, *value});
      line.skip_blanks();
      if (line.peek() == ',') {
        line.advance();
        continue;
      }
      if (line.peek() != '}') return std::unexpected(line.error("expected \",\" or \"}\" after a label, found " + line.found()));
    }
  }

  // A quoted label value: \\, \" and \n are unescaped; another escaped
  // character is kept with its backslash, as Prometheus keeps it.
  Result<std::string_view> parse_quoted(Line& line) {
    const size_t open = line.pos();
    line.advance();
    const std::string_view rest = line.rest();
    bool ascii = true;
    size_t i = find_quote_or_backslash(rest, ascii);
    const bool escaped = i < rest.size() && rest[i] == '\\';
    if (escaped) {
      ascii = false;  // judged on the unescaped value below
      for (; i < rest.size() && rest[i] != '"'; ++i) {
        if (rest[i] == '\\' && ++i == rest.size()) break;
      }
    }
    if (i >= rest.size()) return std::unexpected(line.error(open, "label value has no closing quote"));
    const std::string_view raw = rest.substr(0, i);
    line.advance(i + 1);
    ascii_value_ = ascii;
    if (!escaped) return raw;
    const size_t start = scratch_.size();
    for (size_t k = 0; k < raw.size(); ++k) {
      if (raw[k] == '\\' && k + 1 < raw.size()) {
        const char next = raw[k + 1];
        if (next == '\\' || next == '"' || next == 'n') {
          scratch_ += next == 'n' ? '\n' : next;
          ++k;
          continue;
        }
      }
      scratch_ += raw[k];
    }
    return std::string_view(scratch_).substr(start);
  }

  std::string_view unescape_help(std::string_view raw) {
    if (raw.find('\\') == std::string_view::npos) return raw;
    for (size_t k = 0; k < raw.size(); ++k) {
      if (raw[k] == '\\' && k + 1 < raw.size()) {
        const char next = raw[k + 1];
        // OpenMetrics also escapes '"' in HELP; the text format only '\\' and newlines.
        if (next == '\\' || next == 'n' || (next == '"' && format_ == Format::openmetrics)) {
          scratch_ += next == 'n' ? '\n' : next;
          ++k;
          continue;
        }
      }
      scratch_ += raw[k];
    }
    return scratch_;
  }

  // Milliseconds in the text format; seconds, possibly fractional, in OpenMetrics.
  Result<void> parse_timestamp(Line& line, std::optional<int64_t>& out) {
    const size_t pos = line.pos();
    const std::string_view text = line.token();
    if (format_ == Format::prometheus_text) {
      int64_t ms = 0;
      if (!parse_int64(text, ms)) {
        return std::unexpected(line.error(pos, fmt::format("timestamp \"{}\" is not an integer number of milliseconds",
                                                           storage::escape_invalid_utf8(text))));
      }
      out = ms;
      return {};
    }
    double seconds = 0;
    if (!parse_go_float(text, seconds) || !std::isfinite(seconds) ||
        std::fabs(seconds) >= static_cast<double>(std::numeric_limits<int64_t>::max()) / 1000) {
      return std::unexpected(line.error(pos, fmt::format("timestamp \"{}\" is not a number of seconds",
                                                         storage::escape_invalid_utf8(text))));
    }
    out = static_cast<int64_t>(seconds * 1000);
    return {};
  }

  // ` # {labels} value [timestamp]` after an OpenMetrics sample.
  Result<void> parse_exemplar(Line& line, SampleView& sample) {
    line.advance();  // '#'
    line.skip_blanks();
    if (line.peek() != '{') return std::unexpected(line.error("expected \"{\" to start an exemplar, found " + line.found()));
    const size_t first = labels_.size();
    if (auto ok = parse_labels(line, labels_); !ok) return ok;
    line.skip_blanks();
    ExemplarView exemplar;
    const size_t value_pos = line.pos();
    const std::string_view value = line.token();
    if (!parse_go_float(value, exemplar.value)) {
      return std::unexpected(line.error(value_pos, fmt::format("exemplar value \"{}\" is not a number",
                                                               storage::escape_invalid_utf8(value))));
    }
    line.skip_blanks();
    if (!line.at_end()) {
      if (auto ok = parse_timestamp(line, exemplar.timestamp_ms); !ok) return ok;
      line.skip_blanks();
      if (!line.at_end()) return std::unexpected(line.error("unexpected " + line.found() + " after the exemplar"));
    }
    exemplar.labels = std::span<const LabelView>(labels_.data() + first, labels_.size() - first);
    sample.exemplar = exemplar;
    return {};
  }

  Format format_;
  bool ascii_value_ = false;  // set by parse_quoted: the value is plain ASCII (so valid UTF-8)
  ParseSink& sink_;
  std::vector<LabelView>& labels_;
  std::string& scratch_;
  NameSet& seen_types_;
};

}  // namespace

const char* to_string(MetricType type) noexcept {
  switch (type) {
    case MetricType::counter:
      return "counter";
    case MetricType::gauge:
      return "gauge";
    case MetricType::histogram:
      return "histogram";
    case MetricType::gaugehistogram:
      return "gaugehistogram";
    case MetricType::summary:
      return "summary";
    case MetricType::info:
      return "info";
    case MetricType::stateset:
      return "stateset";
    case MetricType::unknown:
      return "unknown";
  }
  return "unknown";
}

Result<void> TextParser::parse(std::string_view input, Format format, ParseSink& sink) {
  return Run(format, sink, labels_, scratch_, seen_types_).parse(input);
}

}  // namespace vigil::ingest::exposition
