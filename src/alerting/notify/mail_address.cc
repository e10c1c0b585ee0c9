#include "alerting/notify/mail_address.h"

#include <cctype>

namespace vigil::alerting::notify {
namespace {

// RFC 5322 atext, as net/mail accepts it (plus UTF-8 bytes, which Go allows).
bool is_atext(char c) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) || u >= 0x80 || std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

class AddressReader {
 public:
  explicit AddressReader(std::string_view text) : text_(text) {}

  Result<std::vector<MailAddress>> list() {
    std::vector<MailAddress> out;
    skip_space();
    if (at_end()) return fail("no address");
    while (true) {
      auto address = one();
      if (!address) return std::unexpected(address.error());
      out.push_back(std::move(*address));
      skip_space();
      if (at_end()) return out;
      if (text_[pos_] != ',') return fail("expected comma");
      ++pos_;
      skip_space();
    }
  }

 private:
  bool at_end() const { return pos_ >= text_.size(); }
  void skip_space() {
    while (!at_end() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\r' || text_[pos_] == '\n'))
      ++pos_;
  }
  std::unexpected<Error> fail(std::string_view what) const {
    return std::unexpected(make_error(
        ErrorKind::invalid_argument,
        "mail: " + std::string(what) + " at offset " + std::to_string(pos_) + " of \"" + std::string(text_) + "\""));
  }

  // An atom, or dot-separated atoms when `dots`.
  std::string atom(bool dots) {
    const size_t start = pos_;
    while (!at_end() && (is_atext(text_[pos_]) || (dots && text_[pos_] == '.'))) ++pos_;
    return std::string(text_.substr(start, pos_ - start));
  }

  Result<std::string> quoted() {
    ++pos_;  // the opening quote
    std::string out;
    while (!at_end() && text_[pos_] != '"') {
      if (text_[pos_] == '\\') {
        ++pos_;
        if (at_end()) break;
      }
      out += text_[pos_++];
    }
    if (at_end()) return fail("unclosed quoted-string");
    ++pos_;
    return out;
  }

  // local@domain, from the current position.
  Result<std::string> addr_spec() {
    std::string local;
    if (!at_end() && text_[pos_] == '"') {
      auto q = quoted();
      if (!q) return q;
      local = "\"" + *q + "\"";
    } else {
      local = atom(true);
    }
    if (local.empty() || local.front() == '.' || local.back() == '.' || local.find("..") != std::string::npos)
      return fail("invalid local part");
    if (at_end() || text_[pos_] != '@') return fail("missing @ in addr-spec");
    ++pos_;
    std::string domain = atom(true);
    if (domain.empty() || domain.front() == '.' || domain.back() == '.' || domain.find("..") != std::string::npos)
      return fail("invalid domain");
    return local + "@" + domain;
  }

  Result<MailAddress> one() {
    const size_t start = pos_;
    // A bare addr-spec first, as net/mail tries it.
    if (auto spec = addr_spec()) {
      skip_space();
      if (at_end() || text_[pos_] == ',') return MailAddress{"", *spec};
    }
    pos_ = start;
    std::string name;
    while (!at_end() && text_[pos_] != '<') {
      std::string word;
      if (text_[pos_] == '"') {
        auto q = quoted();
        if (!q) return std::unexpected(q.error());
        word = *q;
      } else {
        word = atom(true);
        if (word.empty()) return fail("unexpected character in display name");
      }
      if (!name.empty()) name += ' ';
      name += word;
      skip_space();
    }
    if (at_end()) return fail("no angle-addr");
    ++pos_;
    skip_space();
    auto spec = addr_spec();
    if (!spec) return std::unexpected(spec.error());
    skip_space();
    if (at_end() || text_[pos_] != '>') return fail("unclosed angle-addr");
    ++pos_;
    return MailAddress{name, *spec};
  }

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

Result<std::vector<MailAddress>> parse_address_list(std::string_view text) { return AddressReader(text).list(); }

}  // namespace vigil::alerting::notify
