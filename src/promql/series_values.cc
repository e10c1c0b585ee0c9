#include "promql/series_notation.h"

#include <cctype>
#include <charconv>
#include <cstdint>

#include "promql/histogram_notation.h"
#include "promql/number_literal.h"
#include "storage/sample.h"

namespace vigil::promql {
namespace {

using Values = std::vector<SequenceValue>;

// Most values one series may expand to: `1x99999999999` is refused, not an
// allocation that takes the machine's memory.
constexpr uint64_t kMaxValues = 10'000'000;

std::string too_many_values() {
  std::string message = "more than ";
  message += std::to_string(kMaxValues);
  message += " values in a series";
  return message;
}
using Outcome = std::expected<Values, std::string>;

bool is_space(char c) { return c == ' ' || c == '\t'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

class ValueReader {
 public:
  explicit ValueReader(std::string_view text) : text_(text) {}

  Outcome run() {
    Values out;
    while (true) {
      while (pos_ < text_.size() && is_space(text_[pos_])) ++pos_;
      if (pos_ == text_.size()) return out;
      auto item = read_item();
      if (!item) return item;
      out.insert(out.end(), item->begin(), item->end());
      if (out.size() > kMaxValues) return fail(too_many_values());
      // Items are separated by whitespace: `1 2`, never `1_`.
      if (pos_ < text_.size() && !is_space(text_[pos_])) {
        return fail(std::string("unexpected \"") + text_[pos_] + "\" after a series value");
      }
    }
  }

 private:
  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  std::unexpected<std::string> fail(std::string message) const { return std::unexpected(std::move(message)); }

  Outcome read_item() {
    if (text_.substr(pos_).starts_with("{{")) return read_histogram_item();
    if (peek() == '_') {
      ++pos_;
      if (peek() != 'x') return Values{{ValueKind::omitted, 0}};
      ++pos_;
      auto k = read_repetition();
      if (!k) return std::unexpected(k.error());
      return Values(*k, SequenceValue{ValueKind::omitted, 0});  // `_xK` is K slots, not K+1
    }
    auto start = read_value(/*allow_stale=*/true);
    if (!start) return std::unexpected(start.error());
    if (peek() == 'x') {
      ++pos_;
      auto k = read_repetition();
      if (!k) return std::unexpected(k.error());
      return Values(*k + 1, SequenceValue{ValueKind::number, *start});
    }
    if (peek() != '+' && peek() != '-') return Values{{ValueKind::number, *start}};
    auto delta = read_value(/*allow_stale=*/false);
    if (!delta) return std::unexpected(delta.error());
    if (peek() != 'x') return fail("expected \"x\" and a repetition count after the increment");
    ++pos_;
    auto k = read_repetition();
    if (!k) return std::unexpected(k.error());
    Values out{{ValueKind::number, *start}};
    // Repeated addition, as upstream does; multiplying would round differently.
    double v = *start;
    for (uint64_t j = 1; j <= *k; ++j) {
      v += *delta;
      out.push_back({ValueKind::number, v});
    }
    return out;
  }

  // An optionally signed number, Inf/NaN in any case, or `stale` when allowed
  // (an increment must be a signed number).
  std::expected<double, std::string> read_value(bool allow_stale) {
    char sign = 0;
    if (peek() == '+' || peek() == '-') sign = text_[pos_++];
    size_t begin = pos_;
    if (is_digit(peek()) || (peek() == '.' && pos_ + 1 < text_.size() && is_digit(text_[pos_ + 1]))) {
      scan_number();
    } else if (std::isalpha(static_cast<unsigned char>(peek())) != 0) {
      while (is_alnum(peek())) ++pos_;
      std::string word = lower(text_.substr(begin, pos_ - begin));
      if (word == "stale" && allow_stale && sign == 0) return storage::stale_nan();
      if (word != "inf" && word != "nan") {
        return fail("unexpected identifier \"" + std::string(text_.substr(begin, pos_ - begin)) +
                    "\" in series values, expected number or \"stale\"");
      }
    } else {
      if (sign == 0 && !allow_stale) return fail("expected a signed increment");
      return fail(pos_ == text_.size() ? "unexpected end of input in series values"
                                       : std::string("unexpected character in series sequence: '") + peek() + "'");
    }
    auto v = parse_number_literal(text_.substr(begin, pos_ - begin));
    if (!v) return fail(v.error());
    if (sign == 0 && !allow_stale) return fail("expected a signed increment");
    return sign == '-' ? -*v : *v;
  }

  // Digits, a fraction and an exponent; never hex, because `x` repeats here
  // (`0x3` is 0 four times).
  void scan_number() {
    while (is_digit(peek())) ++pos_;
    if (peek() == '.') {
      ++pos_;
      while (is_digit(peek())) ++pos_;
    }
    if (peek() == 'e' || peek() == 'E') {
      ++pos_;
      if (peek() == '+' || peek() == '-') ++pos_;
      while (is_digit(peek())) ++pos_;
    }
  }

  // The count after `x`: a decimal unsigned integer.
  std::expected<uint64_t, std::string> read_repetition() {
    size_t begin = pos_;
    while (is_alnum(peek()) || peek() == '.') ++pos_;
    std::string_view digits = text_.substr(begin, pos_ - begin);
    uint64_t k = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), k);
    if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) {
      return fail("invalid repetition in series values: \"" + std::string(digits) + "\"");
    }
    if (k >= kMaxValues) return fail(too_many_values());
    return k;
  }

  // `{{...}}`, `{{...}}xK` or `{{A}}+{{B}}xK`: the slots are counted and the
  // descriptions checked, not decoded.
  Outcome read_histogram_item() {
    auto base = read_histogram();
    if (!base) return std::unexpected(base.error());
    if (peek() == '+' || peek() == '-') {
      ++pos_;
      if (!text_.substr(pos_).starts_with("{{")) return fail("expected a native histogram after the sign");
      auto increment = read_histogram();
      if (!increment) return std::unexpected(increment.error());
      // Adding a histogram of a lower schema would need the base's buckets
      // split, which upstream refuses.
      if (*increment < *base) {
        return fail("cannot merge from schema " + std::to_string(*increment) + " to " + std::to_string(*base));
      }
      if (peek() != 'x') return fail("expected \"x\" and a repetition count after the increment");
    }
    if (peek() != 'x') return Values{{ValueKind::native_histogram, 0}};
    ++pos_;
    auto k = read_repetition();
    if (!k) return std::unexpected(k.error());
    return Values(*k + 1, SequenceValue{ValueKind::native_histogram, 0});
  }

  // One `{{...}}` at pos_: its schema.
  std::expected<int, std::string> read_histogram() {
    size_t end = text_.find("}}", pos_ + 2);
    if (end == std::string_view::npos) return fail("unterminated native histogram \"{{\"");
    std::string_view body = text_.substr(pos_ + 2, end - pos_ - 2);
    pos_ = end + 2;
    return check_histogram_desc(body);
  }

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

std::expected<std::vector<SequenceValue>, std::string> parse_series_values(std::string_view text) {
  return ValueReader(text).run();
}

}  // namespace vigil::promql
