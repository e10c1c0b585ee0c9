#include "core/go_json.h"

#include "core/go_text.h"

namespace vigil {
namespace {

constexpr size_t kMaxDepth = 10000;
constexpr uint32_t kReplacement = 0xFFFD;

// Go's quoteChar: '\'' and '"' as themselves, others as strconv.Quote
// writes them inside the quotes.
std::string quote_char(char c) {
  if (c == '\'') return "'\\''";
  if (c == '"') return "'\"'";
  std::string quoted = quote_go_string(std::string_view(&c, 1));
  return "'" + quoted.substr(1, quoted.size() - 2) + "'";
}

Error syntax_error(char c, std::string_view context) {
  std::string message = "invalid character ";
  message += quote_char(c);
  message += ' ';
  message += context;
  return make_error(ErrorKind::invalid_argument, std::move(message));
}

Error unexpected_eof() { return make_error(ErrorKind::invalid_argument, "unexpected EOF"); }

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

int hex_value(char c) {
  if (is_digit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  // Go's scanner as a loop over a stack of the containers being filled, so
  // deep nesting cannot overflow the call stack. A child is always the last
  // element of its parent and nothing is added to the parent while the child
  // is open, so the pointers stay valid.
  Result<JsonValue> read() {
    JsonValue root;
    std::vector<JsonValue*> open;
    JsonValue* slot = &root;  // where the next value goes
    skip_space();
    for (;;) {
      if (at_end()) return std::unexpected(unexpected_eof());
      const char c = text_[pos_];
      if (c == '{' || c == '[') {
        if (open.size() == kMaxDepth) {
          return std::unexpected(make_error(ErrorKind::invalid_argument, "exceeded max depth"));
        }
        slot->kind = c == '{' ? JsonValue::Kind::object : JsonValue::Kind::array;
        open.push_back(slot);
        ++pos_;
        skip_space();
        if (at_end()) return std::unexpected(unexpected_eof());
        if (text_[pos_] != (c == '{' ? '}' : ']')) {
          auto next = start_element(*slot);
          if (!next) return std::unexpected(next.error());
          slot = *next;
          continue;
        }
        ++pos_;
        open.pop_back();
      } else if (auto scalar = read_scalar(c, *slot); !scalar) {
        return std::unexpected(scalar.error());
      }
      // A value ended: close what it completes, up to a ',' that starts the next.
      for (;;) {
        if (open.empty()) return root;
        skip_space();
        if (at_end()) return std::unexpected(unexpected_eof());
        const char next = text_[pos_];
        JsonValue& container = *open.back();
        const bool object = container.kind == JsonValue::Kind::object;
        if (next == (object ? '}' : ']')) {
          ++pos_;
          open.pop_back();
          continue;
        }
        if (next != ',') {
          return std::unexpected(syntax_error(next, object ? "after object key:value pair" : "after array element"));
        }
        ++pos_;
        skip_space();
        auto element = start_element(container);
        if (!element) return std::unexpected(element.error());
        slot = *element;
        break;
      }
    }
  }

 private:
  bool at_end() const { return pos_ >= text_.size(); }

  void skip_space() {
    while (!at_end() && is_space(text_[pos_])) ++pos_;
  }

  // Adds an element to `container` (after its key and colon for an object)
  // and returns it; pos_ is then at the element's value.
  Result<JsonValue*> start_element(JsonValue& container) {
    if (container.kind == JsonValue::Kind::array) {
      container.items.emplace_back();
      return &container.items.back();
    }
    if (at_end()) return std::unexpected(unexpected_eof());
    if (text_[pos_] != '"') {
      return std::unexpected(syntax_error(text_[pos_], "looking for beginning of object key string"));
    }
    std::string key;
    if (auto read = read_string(key); !read) return std::unexpected(read.error());
    skip_space();
    if (at_end()) return std::unexpected(unexpected_eof());
    if (text_[pos_] != ':') return std::unexpected(syntax_error(text_[pos_], "after object key"));
    ++pos_;
    skip_space();
    container.members.push_back(JsonMember{std::move(key), {}});
    return &container.members.back().value;
  }

  Result<void> read_scalar(char c, JsonValue& out) {
    if (c == '"') {
      out.kind = JsonValue::Kind::string;
      return read_string(out.text);
    }
    if (c == '-' || is_digit(c)) {
      out.kind = JsonValue::Kind::number;
      const size_t start = pos_;
      if (auto read = read_number(); !read) return read;
      out.text = std::string(text_.substr(start, pos_ - start));
      return {};
    }
    if (c == 't' || c == 'f') {
      out.kind = JsonValue::Kind::boolean;
      out.boolean = c == 't';
      return read_literal(c == 't' ? "true" : "false");
    }
    if (c == 'n') return read_literal("null");
    return std::unexpected(syntax_error(c, "looking for beginning of value"));
  }

  // Four hex digits after "\u"; pos_ on the 'u'.
  Result<uint32_t> read_hex4() {
    uint32_t value = 0;
    for (int i = 0; i < 4; ++i) {
      if (++pos_ >= text_.size()) return std::unexpected(unexpected_eof());
      const int digit = hex_value(text_[pos_]);
      if (digit < 0) return std::unexpected(syntax_error(text_[pos_], "in \\u hexadecimal character escape"));
      value = value * 16 + static_cast<uint32_t>(digit);
    }
    return value;
  }

  Result<void> read_string(std::string& out) {
    ++pos_;  // the opening quote
    while (!at_end()) {
      const char c = text_[pos_];
      if (c == '"') {
        ++pos_;
        return {};
      }
      if (static_cast<unsigned char>(c) < 0x20) return std::unexpected(syntax_error(c, "in string literal"));
      if (c != '\\') {
        uint32_t rune = 0;
        const size_t n = decode_utf8(text_, pos_, rune);
        if (n == 0) {
          append_utf8(out, kReplacement);
          ++pos_;
        } else {
          out.append(text_.substr(pos_, n));
          pos_ += n;
        }
        continue;
      }
      if (++pos_ >= text_.size()) break;
      const char e = text_[pos_];
      static constexpr std::string_view kEscaped = "\"\\/bfnrt";
      static constexpr std::string_view kMeant = "\"\\/\b\f\n\r\t";
      if (const size_t which = kEscaped.find(e); which != std::string_view::npos) {
        out += kMeant[which];
      } else if (e == 'u') {
        auto rune = read_hex4();
        if (!rune) return std::unexpected(rune.error());
        append_utf8(out, combine_surrogates(*rune));
      } else {
        return std::unexpected(syntax_error(e, "in string escape code"));
      }
      ++pos_;
    }
    return std::unexpected(unexpected_eof());
  }

  // A high surrogate followed by "\u" and a low one is one code point; any
  // other surrogate is U+FFFD, as Go decodes them. pos_ on the last hex digit.
  uint32_t combine_surrogates(uint32_t high) {
    if (high < 0xD800 || high > 0xDFFF) return high;
    if (high >= 0xDC00) return kReplacement;
    const std::string_view rest = text_.substr(pos_ + 1);
    if (rest.size() < 6 || rest[0] != '\\' || rest[1] != 'u') return kReplacement;
    uint32_t low = 0;
    for (size_t i = 2; i < 6; ++i) {
      const int digit = hex_value(rest[i]);
      if (digit < 0) return kReplacement;
      low = low * 16 + static_cast<uint32_t>(digit);
    }
    if (low < 0xDC00 || low > 0xDFFF) return kReplacement;
    pos_ += 6;
    return 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
  }

  Result<void> read_number() {
    if (text_[pos_] == '-') {
      if (++pos_ >= text_.size()) return std::unexpected(unexpected_eof());
      if (!is_digit(text_[pos_])) return std::unexpected(syntax_error(text_[pos_], "in numeric literal"));
    }
    if (text_[pos_] == '0') {
      ++pos_;
    } else {
      while (!at_end() && is_digit(text_[pos_])) ++pos_;
    }
    if (!at_end() && text_[pos_] == '.') {
      if (++pos_ >= text_.size()) return std::unexpected(unexpected_eof());
      if (!is_digit(text_[pos_])) {
        return std::unexpected(syntax_error(text_[pos_], "after decimal point in numeric literal"));
      }
      while (!at_end() && is_digit(text_[pos_])) ++pos_;
    }
    if (!at_end() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      if (++pos_ >= text_.size()) return std::unexpected(unexpected_eof());
      if (text_[pos_] == '+' || text_[pos_] == '-') {
        if (++pos_ >= text_.size()) return std::unexpected(unexpected_eof());
      }
      if (!is_digit(text_[pos_])) {
        return std::unexpected(syntax_error(text_[pos_], "in exponent of numeric literal"));
      }
      while (!at_end() && is_digit(text_[pos_])) ++pos_;
    }
    return {};
  }

  Result<void> read_literal(std::string_view word) {
    for (size_t i = 0; i < word.size(); ++i, ++pos_) {
      if (at_end()) return std::unexpected(unexpected_eof());
      if (text_[pos_] != word[i]) {
        std::string context = "in literal ";
        context += word;
        context += " (expecting ";
        context += quote_char(word[i]);
        context += ')';
        return std::unexpected(syntax_error(text_[pos_], context));
      }
    }
    return {};
  }

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

Result<JsonValue> read_go_json(std::string_view text) { return Reader(text).read(); }

const char* go_json_kind(const JsonValue& value) {
  switch (value.kind) {
    case JsonValue::Kind::null:
      return "null";
    case JsonValue::Kind::boolean:
      return "bool";
    case JsonValue::Kind::number:
      return "number";
    case JsonValue::Kind::string:
      return "string";
    case JsonValue::Kind::array:
      return "array";
    case JsonValue::Kind::object:
      return "object";
  }
  return "null";
}

}  // namespace vigil
