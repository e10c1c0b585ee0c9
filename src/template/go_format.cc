#include "template/go_format.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/go_text.h"
#include "template/function_args.h"
#include "template/go_time.h"

namespace vigil::tmpl {
namespace {

// Go's fmt refuses widths and precisions beyond a million.
constexpr int kMaxWidth = 1'000'000;

struct Flags {
  bool plus = false, minus = false, sharp = false, space = false, zero = false;
  bool plus_v = false, sharp_v = false;
  bool wid_present = false, prec_present = false;
  int wid = 0, prec = 0;
};

size_t rune_count(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size();) {
    uint32_t rune = 0;
    size_t len = decode_utf8(s, i, rune);
    i += len == 0 ? 1 : len;
    ++n;
  }
  return n;
}

// The first `count` runes of s.
std::string_view first_runes(std::string_view s, size_t count) {
  size_t i = 0;
  for (size_t n = 0; n < count && i < s.size(); ++n) {
    uint32_t rune = 0;
    size_t len = decode_utf8(s, i, rune);
    i += len == 0 ? 1 : len;
  }
  return s.substr(0, i);
}

// snprintf's %.*e, %.*f or %.*g (and upper-case forms) of v.
std::string c_format(char verb, int prec, double v) {
  auto print = [&](char* buf, size_t size) {
    switch (verb) {
      case 'e':
        return std::snprintf(buf, size, "%.*e", prec, v);
      case 'E':
        return std::snprintf(buf, size, "%.*E", prec, v);
      case 'f':
      case 'F':
        return std::snprintf(buf, size, "%.*f", prec, v);
      case 'G':
        return std::snprintf(buf, size, "%.*G", prec, v);
      default:
        return std::snprintf(buf, size, "%.*g", prec, v);
    }
  };
  std::string out(64, '\0');
  int n = print(out.data(), out.size());
  if (n >= 0 && static_cast<size_t>(n) >= out.size()) {
    out.resize(static_cast<size_t>(n) + 1);
    n = print(out.data(), out.size());
  }
  out.resize(n < 0 ? 0 : static_cast<size_t>(n));
  return out;
}

class Printer {
 public:
  std::string out;
  Flags f;

  void print_arg(const Value& arg, char32_t verb) {
    if (arg.kind() == Value::Kind::nil || !arg.is_valid()) {
      if (verb == 'v' || verb == 'T') {
        pad("<nil>");
      } else {
        bad_verb(verb, arg);
      }
      return;
    }
    if (verb == 'T') {
      pad(arg.type_name());
      return;
    }
    print_value(arg, verb, 0);
  }

  void print_value(const Value& value, char32_t verb, int depth) {
    switch (value.kind()) {
      case Value::Kind::invalid:
      case Value::Kind::nil:
        pad("<nil>");
        return;
      case Value::Kind::boolean:
        if (verb == 't' || verb == 'v') {
          pad(value.as_bool() ? "true" : "false");
        } else {
          bad_verb(verb, value);
        }
        return;
      case Value::Kind::integer:
        print_integer(value, verb);
        return;
      case Value::Kind::floating:
        print_float(value, verb);
        return;
      case Value::Kind::string:
        print_string(value, verb);
        return;
      case Value::Kind::time:
        // time.Time is a Stringer: the string verbs format its String().
        if (verb == 'v' || verb == 's' || verb == 'q' || verb == 'x' || verb == 'X') {
          format_string(format_go_time(value.as_time()), verb);
        } else {
          bad_verb(verb, value);
        }
        return;
      case Value::Kind::list: {
        out += '[';
        bool first = true;
        for (const Value& item : value.as_list()) {
          if (!first) out += ' ';
          first = false;
          print_value(item, verb, depth + 1);
        }
        out += ']';
        return;
      }
      case Value::Kind::map:
        print_map(value, verb, depth);
        return;
      case Value::Kind::function:
        pad("<func>");
        return;
    }
  }

  void bad_verb(char32_t verb, const Value& value) {
    out += "%!";
    append_utf8(out, verb);
    out += '(';
    if (value.kind() == Value::Kind::nil || !value.is_valid()) {
      out += "<nil>";
    } else {
      out += value.type_name();
      out += '=';
      Flags saved = f;
      f = Flags{};
      print_value(value, 'v', 0);
      f = saved;
    }
    out += ')';
  }

  void pad(std::string_view s) {
    if (!f.wid_present || f.wid == 0) {
      out += s;
      return;
    }
    size_t width = rune_count(s);
    size_t fill = static_cast<size_t>(f.wid) > width ? static_cast<size_t>(f.wid) - width : 0;
    if (f.minus) {
      out += s;
      out.append(fill, ' ');
    } else {
      out.append(fill, f.zero ? '0' : ' ');
      out += s;
    }
  }

 private:
  void print_map(const Value& value, char32_t verb, int depth) {
    if (value.is_record()) {
      if (depth == 0 && value.type_name().starts_with("*")) out += '&';
      out += '{';
      bool first = true;
      for (const auto& [name, field] : value.entries()) {
        if (!first) out += ' ';
        first = false;
        if (f.plus_v) {
          out += name;
          out += ':';
        }
        print_value(field, verb, depth + 1);
      }
      out += '}';
      return;
    }
    out += "map[";
    bool first = true;
    for (const auto& [key, item] : value.entries()) {
      if (!first) out += ' ';
      first = false;
      print_value(Value::string(key), verb, depth + 1);
      out += ':';
      print_value(item, verb, depth + 1);
    }
    out += ']';
  }

  void print_integer(const Value& value, char32_t verb) {
    const int64_t v = value.as_int();
    switch (verb) {
      case 'v':
      case 'd':
        format_integer(v, 10, false, "0123456789abcdef");
        return;
      case 'b':
        format_integer(v, 2, false, "01");
        return;
      case 'o':
        format_integer(v, 8, false, "01234567");
        return;
      case 'O':
        format_integer(v, 8, true, "01234567");
        return;
      case 'x':
        format_integer(v, 16, false, "0123456789abcdef");
        return;
      case 'X':
        format_integer(v, 16, false, "0123456789ABCDEF");
        return;
      case 'c': {
        std::string s;
        append_utf8(s, valid_rune(v));
        pad(s);
        return;
      }
      case 'q':
        pad(quote_go_rune(valid_rune(v)));
        return;
      case 'U': {
        uint32_t rune = static_cast<uint32_t>(v);
        std::string s = fmt::format("U+{:04X}", static_cast<uint64_t>(v));
        if (f.sharp && v >= 0 && v <= 0x10FFFF) {
          std::string quoted = format_go_unicode(rune);
          if (quoted.size() > s.size()) s = quoted;
        }
        pad(s);
        return;
      }
      default:
        bad_verb(verb, value);
    }
  }

  static uint32_t valid_rune(int64_t v) {
    if (v < 0 || v > 0x10FFFF || (v >= 0xD800 && v < 0xE000)) return 0xFFFD;
    return static_cast<uint32_t>(v);
  }

  // fmt's fmtInteger: precision or zero padding as leading zeros, then the
  // base prefix for '#', then the sign.
  void format_integer(int64_t v, unsigned base, bool o_prefix, const char* digits) {
    const bool negative = v < 0;
    uint64_t u = negative ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
    int min_digits = 0;
    if (f.prec_present) {
      min_digits = f.prec;
      if (min_digits == 0 && u == 0) {
        bool zero = f.zero;
        f.zero = false;
        pad("");
        f.zero = zero;
        return;
      }
    } else if (f.zero && f.wid_present) {
      min_digits = f.wid;
      if (negative || f.plus || f.space) --min_digits;
    }
    std::string text;
    do {
      text += digits[u % base];
      u /= base;
    } while (u != 0);
    while (static_cast<int>(text.size()) < min_digits) text += '0';
    if (f.sharp) {
      if (base == 2) text += "b0";
      if (base == 8 && text.back() != '0') text += '0';
      if (base == 16) {
        text += digits[10] == 'a' ? 'x' : 'X';
        text += '0';
      }
    }
    if (o_prefix) text += "o0";
    if (negative) {
      text += '-';
    } else if (f.plus) {
      text += '+';
    } else if (f.space) {
      text += ' ';
    }
    std::string forward(text.rbegin(), text.rend());
    bool zero = f.zero;
    f.zero = false;
    pad(forward);
    f.zero = zero;
  }

  void print_float(const Value& value, char32_t verb) {
    const double v = value.as_float();
    switch (verb) {
      case 'v':
      case 'g':
      case 'G':
      case 'e':
      case 'E':
      case 'f':
      case 'F':
      case 'x':
      case 'X':
        format_float(v, verb);
        return;
      default:
        bad_verb(verb, value);
    }
  }

  // strconv.FormatFloat for one verb, with a leading sign always present.
  std::string float_digits(double v, char32_t verb) const {
    const bool shortest = !f.prec_present && (verb == 'v' || verb == 'g' || verb == 'G' || verb == 'x' || verb == 'X');
    const int prec = f.prec_present ? f.prec : 6;
    std::string num;
    if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
    if (std::isnan(v)) return "+NaN";
    char buf[kGoFloatFixedBuffer + 32];
    if (verb == 'x' || verb == 'X') {
      // Go's hexadecimal mantissa with a two-digit (at least) binary exponent.
      int n = shortest ? std::snprintf(buf, sizeof buf, verb == 'x' ? "%a" : "%A", v)
                       : std::snprintf(buf, sizeof buf, verb == 'x' ? "%.*a" : "%.*A", std::min(prec, 64), v);
      num.assign(buf, std::min(static_cast<size_t>(n), sizeof buf - 1));
      size_t p = num.find_first_of("pP");
      if (p != std::string::npos && num.size() - p == 3) num.insert(p + 2, "0");
    } else if (shortest) {
      num = format_go_float(v);
      if (verb == 'G') {
        for (char& c : num) c = c == 'e' ? 'E' : c;
      }
    } else {
      // glibc rounds exactly, as strconv does, for every fixed precision.
      num = c_format(verb == 'v' ? 'g' : static_cast<char>(verb), prec, v);
    }
    if (num[0] != '-' && num[0] != '+') num.insert(num.begin(), '+');
    return num;
  }

  // fmt's fmtFloat: the sign only when asked for or negative, Inf and NaN
  // never zero-padded.
  void format_float(double v, char32_t verb) {
    std::string num = float_digits(v, verb);
    if (f.space && num[0] == '+' && !f.plus) num[0] = ' ';
    if (num[1] == 'I' || num[1] == 'N') {
      bool zero = f.zero;
      f.zero = false;
      if (num[1] == 'N' && !f.space && !f.plus) num.erase(0, 1);
      pad(num);
      f.zero = zero;
      return;
    }
    if (f.plus || num[0] != '+') {
      if (f.zero && f.wid_present && f.wid > static_cast<int>(num.size())) {
        out += num[0];
        out.append(static_cast<size_t>(f.wid) - num.size(), '0');
        out.append(num, 1);
        return;
      }
      pad(num);
      return;
    }
    pad(std::string_view(num).substr(1));
  }

  void print_string(const Value& value, char32_t verb) {
    if (verb == 'v' || verb == 's' || verb == 'q' || verb == 'x' || verb == 'X') {
      format_string(value.as_string(), verb);
    } else {
      bad_verb(verb, value);
    }
  }

  void format_string(std::string_view s, char32_t verb) {
    if (f.prec_present && verb != 'x' && verb != 'X') s = first_runes(s, static_cast<size_t>(f.prec));
    switch (verb) {
      case 'q':
        if (f.sharp && s.find('`') == std::string_view::npos && s.find('\n') == std::string_view::npos) {
          pad(fmt::format("`{}`", s));
        } else {
          pad(quote_go_string(s));
        }
        return;
      case 'x':
      case 'X': {
        if (f.prec_present && static_cast<size_t>(f.prec) < s.size()) s = s.substr(0, static_cast<size_t>(f.prec));
        const char* digits = verb == 'x' ? "0123456789abcdef" : "0123456789ABCDEF";
        std::string hex;
        for (size_t i = 0; i < s.size(); ++i) {
          if (f.space && i > 0) hex += ' ';
          if (f.sharp && (f.space || i == 0)) hex += verb == 'x' ? "0x" : "0X";
          auto byte = static_cast<unsigned char>(s[i]);
          hex += digits[byte >> 4];
          hex += digits[byte & 0xF];
        }
        pad(hex);
        return;
      }
      default:
        if (f.sharp_v) {
          pad(quote_go_string(s));
        } else {
          pad(s);
        }
    }
  }
};

// Parses a width or precision; a number beyond a million consumes the rest
// of the format, as Go's parsenum does.
bool parse_number(std::string_view format, size_t& i, int& number) {
  if (i >= format.size() || format[i] < '0' || format[i] > '9') return false;
  int64_t n = 0;
  while (i < format.size() && format[i] >= '0' && format[i] <= '9') {
    n = n * 10 + (format[i] - '0');
    ++i;
    if (n > kMaxWidth) {
      i = format.size();
      return false;
    }
  }
  number = static_cast<int>(n);
  return true;
}

// A * width or precision: an int argument within fmt's bounds.
bool int_from_arg(std::span<const Value> args, size_t& arg, int& number) {
  if (arg >= args.size()) return false;
  const Value& value = args[arg++];
  if (value.kind() != Value::Kind::integer) return false;
  int64_t n = value.as_int();
  if (n > kMaxWidth || n < -kMaxWidth) return false;
  number = static_cast<int>(n);
  return true;
}

}  // namespace

std::string go_sprint_value(const Value& value) {
  Printer p;
  p.print_arg(value, 'v');
  return std::move(p.out);
}

std::string go_sprint(std::span<const Value> args) {
  Printer p;
  bool previous_string = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const bool is_string = args[i].kind() == Value::Kind::string;
    if (i > 0 && !is_string && !previous_string) p.out += ' ';
    p.print_arg(args[i], 'v');
    previous_string = is_string;
  }
  return std::move(p.out);
}

std::string go_sprintln(std::span<const Value> args) {
  Printer p;
  for (size_t i = 0; i < args.size(); ++i) {
    if (i > 0) p.out += ' ';
    p.print_arg(args[i], 'v');
  }
  p.out += '\n';
  return std::move(p.out);
}

std::string go_sprintf(std::string_view format, std::span<const Value> args) {
  Printer p;
  size_t arg = 0;
  for (size_t i = 0; i < format.size();) {
    size_t start = i;
    while (i < format.size() && format[i] != '%') ++i;
    p.out.append(format.substr(start, i - start));
    if (i >= format.size()) break;
    ++i;
    p.f = Flags{};
    for (; i < format.size(); ++i) {
      char c = format[i];
      if (c == '#') {
        p.f.sharp = true;
      } else if (c == '0') {
        p.f.zero = !p.f.minus;
      } else if (c == '+') {
        p.f.plus = true;
      } else if (c == '-') {
        p.f.minus = true;
        p.f.zero = false;
      } else if (c == ' ') {
        p.f.space = true;
      } else {
        break;
      }
    }
    if (i < format.size() && format[i] == '*') {
      ++i;
      p.f.wid_present = int_from_arg(args, arg, p.f.wid);
      if (!p.f.wid_present) p.out += "%!(BADWIDTH)";
      if (p.f.wid < 0) {
        p.f.wid = -p.f.wid;
        p.f.minus = true;
        p.f.zero = false;
      }
    } else {
      p.f.wid_present = parse_number(format, i, p.f.wid);
    }
    if (i + 1 < format.size() && format[i] == '.') {
      ++i;
      if (format[i] == '*') {
        ++i;
        p.f.prec_present = int_from_arg(args, arg, p.f.prec);
        if (p.f.prec < 0) {
          p.f.prec = 0;
          p.f.prec_present = false;
        }
        if (!p.f.prec_present) p.out += "%!(BADPREC)";
      } else {
        if (!parse_number(format, i, p.f.prec)) p.f.prec = 0;
        p.f.prec_present = true;
      }
    }
    if (i >= format.size()) {
      p.out += "%!(NOVERB)";
      break;
    }
    uint32_t verb = static_cast<unsigned char>(format[i]);
    size_t len = verb < 0x80 ? 1 : decode_utf8(format, i, verb);
    if (len == 0) {
      verb = 0xFFFD;
      len = 1;
    }
    i += len;
    if (verb == '%') {
      p.out += '%';
      continue;
    }
    if (arg >= args.size()) {
      p.out += "%!";
      append_utf8(p.out, verb);
      p.out += "(MISSING)";
      continue;
    }
    if (verb == 'v') {
      p.f.sharp_v = p.f.sharp;
      p.f.sharp = false;
      p.f.plus_v = p.f.plus;
      p.f.plus = false;
    }
    p.print_arg(args[arg++], verb);
    if (p.out.size() > kMaxResultBytes) return std::move(p.out);
  }
  if (arg < args.size()) {
    p.f = Flags{};
    p.out += "%!(EXTRA ";
    for (size_t k = arg; k < args.size(); ++k) {
      if (k > arg) p.out += ", ";
      if (args[k].kind() == Value::Kind::nil || !args[k].is_valid()) {
        p.out += "<nil>";
      } else {
        p.out += args[k].type_name();
        p.out += '=';
        p.print_arg(args[k], 'v');
      }
    }
    p.out += ')';
  }
  return std::move(p.out);
}

}  // namespace vigil::tmpl
