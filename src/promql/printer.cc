#include "promql/printer.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>

#include "core/go_text.h"

namespace vigil::promql {
namespace {

using storage::index::Matcher;

void append_joined(std::string& out, const std::vector<std::string>& items) {
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ", ";
    out += items[i];
  }
}

// " @ 12.345 offset 5m", the order Prometheus prints them in.
void append_modifiers(std::string& out, Duration offset, const std::optional<AtModifier>& at) {
  if (at) {
    switch (at->anchor) {
      case AtModifier::Anchor::start:
        out += " @ start()";
        break;
      case AtModifier::Anchor::end:
        out += " @ end()";
        break;
      case AtModifier::Anchor::timestamp: {
        char buf[64];
        std::snprintf(buf, sizeof buf, " @ %.3f", static_cast<double>(at->timestamp_ms) / 1000.0);
        out += buf;
        break;
      }
    }
  }
  if (offset.count() > 0) {
    out += " offset ";
    out += format_promql_duration(offset);
  } else if (offset.count() < 0) {
    out += " offset -";
    out += format_promql_duration(-offset);
  }
}

// The name and braces, without modifiers; the written name's own matcher is
// left out and the others are sorted as text.
void append_selector_body(std::string& out, const VectorSelector& vs) {
  static constexpr const char* kOps[] = {"=", "!=", "=~", "!~"};
  std::vector<std::string> matchers;
  for (const Matcher& m : vs.matchers) {
    if (m.name() == "__name__" && m.type() == Matcher::Type::equal && m.value() == vs.name) continue;
    std::string text = m.name();
    text += kOps[static_cast<int>(m.type())];
    text += quote_go_string(m.value());
    matchers.push_back(std::move(text));
  }
  out += vs.name;
  if (matchers.empty()) return;
  std::sort(matchers.begin(), matchers.end());
  out += '{';
  for (size_t i = 0; i < matchers.size(); ++i) {
    if (i > 0) out += ',';
    out += matchers[i];
  }
  out += '}';
}

void append_expr(std::string& out, const Expr& expr);

struct Printer {
  std::string& out;

  void operator()(const NumberLiteral& n) const { out += format_go_float(n.value); }
  void operator()(const StringLiteral& s) const { out += quote_go_string(s.value); }
  void operator()(const VectorSelector& vs) const {
    append_selector_body(out, vs);
    append_modifiers(out, vs.offset, vs.at);
  }
  void operator()(const MatrixSelector& ms) const {
    append_selector_body(out, ms.selector);
    out += '[';
    out += format_promql_duration(ms.range);
    out += ']';
    append_modifiers(out, ms.selector.offset, ms.selector.at);
  }
  void operator()(const Subquery& sq) const {
    append_expr(out, *sq.expr);
    out += '[';
    out += format_promql_duration(sq.range);
    out += ':';
    if (sq.step.count() != 0) out += format_promql_duration(sq.step);
    out += ']';
    append_modifiers(out, sq.offset, sq.at);
  }
  void operator()(const Call& c) const {
    out += c.function->name;
    out += '(';
    for (size_t i = 0; i < c.args.size(); ++i) {
      if (i > 0) out += ", ";
      append_expr(out, *c.args[i]);
    }
    out += ')';
  }
  void operator()(const Aggregate& a) const {
    out += to_string(a.op);
    if (a.without) {
      out += " without (";
      append_joined(out, a.grouping);
      out += ") ";
    } else if (!a.grouping.empty()) {
      out += " by (";
      append_joined(out, a.grouping);
      out += ") ";
    }
    out += '(';
    if (a.param) {
      append_expr(out, *a.param);
      out += ", ";
    }
    append_expr(out, *a.expr);
    out += ')';
  }
  void operator()(const Binary& b) const {
    append_expr(out, *b.lhs);
    out += ' ';
    out += to_string(b.op);
    if (b.return_bool) out += " bool";
    // As Prometheus: matching is printed only when it names labels or uses
    // on(), so `ignoring() group_left` is not printed.
    if (b.matching && (!b.matching->labels.empty() || b.matching->on)) {
      out += b.matching->on ? " on (" : " ignoring (";
      append_joined(out, b.matching->labels);
      out += ')';
      auto card = b.matching->card;
      if (card == VectorMatching::Card::many_to_one || card == VectorMatching::Card::one_to_many) {
        out += card == VectorMatching::Card::many_to_one ? " group_left (" : " group_right (";
        append_joined(out, b.matching->include);
        out += ')';
      }
    }
    out += ' ';
    append_expr(out, *b.rhs);
  }
  void operator()(const Unary& u) const {
    out += u.negate ? '-' : '+';
    // An operand that starts with the literal +Inf (`-Inf ^ 2` is -(Inf ^ 2))
    // drops its sign: "-+Inf ^ 2" would parse back with a second unary
    // operator, where Prometheus's printer does not round-trip.
    std::string operand = to_string(*u.expr);
    out.append(operand, operand.starts_with("+Inf") ? 1 : 0);
  }
  void operator()(const Paren& p) const {
    out += '(';
    append_expr(out, *p.expr);
    out += ')';
  }
};

void append_expr(std::string& out, const Expr& expr) { std::visit(Printer{out}, expr.node); }

}  // namespace

std::string to_string(const Expr& expr) {
  std::string out;
  append_expr(out, expr);
  return out;
}

std::string format_promql_duration(Duration d) {
  int64_t ms = d.count();
  if (ms == 0) return "0s";
  struct Unit {
    const char* name;
    int64_t millis;
    bool exact_only;  // years and weeks: "90d" reads better than "12w6d"
  };
  static constexpr Unit kUnits[] = {
      {"y", 365LL * 24 * 3600 * 1000, true},
      {"w", 7LL * 24 * 3600 * 1000, true},
      {"d", 24LL * 3600 * 1000, false},
      {"h", 3600LL * 1000, false},
      {"m", 60LL * 1000, false},
      {"s", 1000, false},
      {"ms", 1, false},
  };
  std::string out;
  for (const Unit& u : kUnits) {
    if (u.exact_only && ms % u.millis != 0) continue;
    int64_t v = ms / u.millis;
    if (v > 0) {
      out += std::to_string(v);
      out += u.name;
      ms -= v * u.millis;
    }
  }
  return out;
}

}  // namespace vigil::promql
