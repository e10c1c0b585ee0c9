#include "promql/parser.h"

#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>
#include <utility>

#include "core/go_text.h"
#include "promql/lexer.h"
#include "promql/number_literal.h"
#include "promql/parse_failure.h"
#include "promql/type_check.h"

namespace vigil::promql {
namespace {

using storage::index::Matcher;

[[noreturn]] void fail(size_t pos, std::string message) { throw ParseFailure{pos, std::move(message)}; }

std::optional<BinaryOp> binary_op(TokenKind kind) {
  switch (kind) {
    case TokenKind::add:
      return BinaryOp::add;
    case TokenKind::sub:
      return BinaryOp::sub;
    case TokenKind::mul:
      return BinaryOp::mul;
    case TokenKind::div:
      return BinaryOp::div;
    case TokenKind::mod:
      return BinaryOp::mod;
    case TokenKind::pow:
      return BinaryOp::pow;
    case TokenKind::eql_c:
      return BinaryOp::eql;
    case TokenKind::neq:
      return BinaryOp::neq;
    case TokenKind::gtr:
      return BinaryOp::gtr;
    case TokenKind::lss:
      return BinaryOp::lss;
    case TokenKind::gte:
      return BinaryOp::gte;
    case TokenKind::lte:
      return BinaryOp::lte;
    case TokenKind::land:
      return BinaryOp::land;
    case TokenKind::lor:
      return BinaryOp::lor;
    case TokenKind::lunless:
      return BinaryOp::lunless;
    case TokenKind::atan2:
      return BinaryOp::atan2;
    default:
      return std::nullopt;
  }
}

// Prometheus's yacc precedence, loosest first; `^` alone is right-associative.
int precedence(BinaryOp op) {
  switch (op) {
    case BinaryOp::lor:
      return 1;
    case BinaryOp::land:
    case BinaryOp::lunless:
      return 2;
    case BinaryOp::eql:
    case BinaryOp::neq:
    case BinaryOp::gtr:
    case BinaryOp::lss:
    case BinaryOp::gte:
    case BinaryOp::lte:
      return 3;
    case BinaryOp::add:
    case BinaryOp::sub:
      return 4;
    case BinaryOp::mul:
    case BinaryOp::div:
    case BinaryOp::mod:
    case BinaryOp::atan2:
      return 5;
    case BinaryOp::pow:
      return 6;
  }
  return 0;
}
constexpr int kPowPrecedence = 6;

// Tokens that may name a metric in an expression (Prometheus's
// metric_identifier): identifiers and most keywords, but not the binary
// matching keywords.
bool can_name_metric(TokenKind kind) {
  switch (kind) {
    case TokenKind::identifier:
    case TokenKind::metric_identifier:
    case TokenKind::by:
    case TokenKind::without:
    case TokenKind::offset:
    case TokenKind::land:
    case TokenKind::lor:
    case TokenKind::lunless:
    case TokenKind::start:
    case TokenKind::end:
      return true;
    default:
      return is_aggregator(kind);
  }
}

// Tokens that may name a label in by/on/group_left lists: identifiers and
// every keyword (checked to be a valid label name afterwards).
bool can_name_label(TokenKind kind) {
  return kind == TokenKind::identifier || kind == TokenKind::metric_identifier || is_keyword(kind) ||
         is_aggregator(kind) || kind == TokenKind::land || kind == TokenKind::lor || kind == TokenKind::lunless ||
         kind == TokenKind::atan2;
}

bool is_label_name(std::string_view s) {
  if (s.empty()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

// The aggregator tokens and AggregateOp list the operators in one order.
static_assert(static_cast<int>(TokenKind::quantile) - static_cast<int>(TokenKind::sum) ==
              static_cast<int>(AggregateOp::quantile));

AggregateOp aggregate_op(TokenKind kind) {
  return static_cast<AggregateOp>(static_cast<int>(kind) - static_cast<int>(TokenKind::sum));
}

class Parser {
 public:
  explicit Parser(std::string_view query) : tokens_(lex(query)) {}

  ExprPtr parse_all() {
    if (peek().kind == TokenKind::eof) fail(0, "no expression found in input");
    ExprPtr e = parse_expr(0);
    if (peek().kind != TokenKind::eof) unexpected();
    return e;
  }

  // Where the input ends when it holds nothing but blanks and comments.
  std::optional<size_t> empty_input_end() const {
    if (peek().kind != TokenKind::eof) return std::nullopt;
    return peek().pos;
  }

 private:
  const Token& peek(size_t ahead = 0) const {
    size_t i = std::min(next_ + ahead, tokens_.size() - 1);
    return tokens_[i];
  }
  const Token& take() {
    const Token& t = tokens_[next_];
    if (next_ + 1 < tokens_.size()) ++next_;
    return t;
  }
  bool accept(TokenKind kind) {
    if (peek().kind != kind) return false;
    take();
    return true;
  }

  // "unexpected <token>[ in <context>][, expected <what>]"; a lexer error is
  // reported as it is.
  [[noreturn]] void unexpected(std::string_view context = {}, std::string_view expected = {}) const {
    const Token& t = peek();
    if (t.kind == TokenKind::error) fail(t.pos, t.text);
    std::string message = "unexpected ";
    message += describe(t);
    if (!context.empty()) {
      message += " in ";
      message += context;
    }
    if (!expected.empty()) {
      message += ", expected ";
      message += expected;
    }
    fail(t.pos, std::move(message));
  }

  void expect(TokenKind kind, std::string_view context, std::string_view expected) {
    if (!accept(kind)) unexpected(context, expected);
  }

  // Counts nesting; the tree's depth stays below kMaxNesting.
  void enter() {
    if (++depth_ > kMaxNesting) {
      std::string message = "expression nests too deeply (more than ";
      message += std::to_string(kMaxNesting);
      message += " levels)";
      fail(peek().pos, std::move(message));
    }
  }

  static ExprPtr make(size_t pos, auto node) {
    auto e = std::make_unique<Expr>();
    e->node = std::move(node);
    e->pos = pos;
    return e;
  }

  ExprPtr parse_expr(int min_precedence) {
    int saved_depth = depth_;
    enter();
    ExprPtr lhs = parse_unary();
    while (auto op = binary_op(peek().kind)) {
      int prec = precedence(*op);
      if (prec < min_precedence) break;
      enter();
      Binary bin;
      bin.op = *op;
      bin.op_pos = take().pos;
      parse_binary_modifiers(bin);
      bin.rhs = parse_expr(*op == BinaryOp::pow ? prec : prec + 1);
      size_t pos = lhs->pos;
      bin.lhs = std::move(lhs);
      lhs = make(pos, std::move(bin));
    }
    depth_ = saved_depth;
    return lhs;
  }

  // [bool] [on|ignoring (labels) [group_left|group_right [(labels)]]]
  void parse_binary_modifiers(Binary& bin) {
    bin.return_bool = accept(TokenKind::bool_);
    VectorMatching vm;
    if (peek().kind == TokenKind::on || peek().kind == TokenKind::ignoring) {
      vm.on = take().kind == TokenKind::on;
      vm.labels = parse_grouping_labels();
      if (peek().kind == TokenKind::group_left || peek().kind == TokenKind::group_right) {
        vm.card = take().kind == TokenKind::group_left ? VectorMatching::Card::many_to_one
                                                       : VectorMatching::Card::one_to_many;
        if (peek().kind == TokenKind::left_paren) vm.include = parse_grouping_labels();
      }
    }
    bin.matching = std::move(vm);
  }

  std::vector<std::string> parse_grouping_labels() {
    expect(TokenKind::left_paren, "grouping opts", "\"(\"");
    std::vector<std::string> labels;
    while (!accept(TokenKind::right_paren)) {
      if (!can_name_label(peek().kind) || !is_label_name(peek().text)) unexpected("grouping opts", "label");
      labels.push_back(take().text);
      if (accept(TokenKind::comma)) continue;
      if (peek().kind != TokenKind::right_paren) unexpected("grouping opts", "\",\" or \")\"");
    }
    return labels;
  }

  // Unary minus and plus bind like `*`: tighter than `+`, looser than `^`,
  // so -1^2 is -(1^2). On a number literal they fold into it.
  ExprPtr parse_unary() {
    if (peek().kind == TokenKind::add || peek().kind == TokenKind::sub) {
      const Token& op = take();
      size_t pos = op.pos;
      bool negate = op.kind == TokenKind::sub;
      ExprPtr operand = parse_expr(kPowPrecedence);
      if (auto* number = std::get_if<NumberLiteral>(&operand->node)) {
        if (negate) number->value = -number->value;
        operand->pos = pos;
        return operand;
      }
      return make(pos, Unary{negate, std::move(operand)});
    }
    return parse_postfix(parse_primary());
  }

  ExprPtr parse_primary() {
    const Token& t = peek();
    switch (t.kind) {
      case TokenKind::number: {
        size_t pos = t.pos;
        double value = number_value(take());
        return make(pos, NumberLiteral{value});
      }
      case TokenKind::string: {
        size_t pos = t.pos;
        return make(pos, StringLiteral{take().value});
      }
      case TokenKind::left_paren: {
        size_t pos = take().pos;
        ExprPtr inner = parse_expr(0);
        if (!accept(TokenKind::right_paren)) unexpected();
        return make(pos, Paren{std::move(inner)});
      }
      case TokenKind::left_brace:
        return parse_selector(t.pos, "");
      case TokenKind::identifier:
        if (peek(1).kind == TokenKind::left_paren) return parse_call();
        break;
      default:
        break;
    }
    if (is_aggregator(t.kind)) {
      TokenKind after = peek(1).kind;
      if (after == TokenKind::left_paren || after == TokenKind::by || after == TokenKind::without) {
        return parse_aggregate();
      }
    }
    if (can_name_metric(t.kind)) {
      size_t pos = t.pos;
      std::string name = take().text;
      return parse_selector(pos, std::move(name));
    }
    unexpected();
  }

  // Only an aggregation can lack its parenthesis here: a name without one is
  // a selector.
  std::vector<ExprPtr> parse_call_arguments() {
    if (!accept(TokenKind::left_paren)) unexpected("aggregation");
    std::vector<ExprPtr> args;
    if (accept(TokenKind::right_paren)) return args;
    while (true) {
      args.push_back(parse_expr(0));
      if (peek().kind == TokenKind::comma) {
        size_t comma = take().pos;
        if (peek().kind == TokenKind::right_paren) fail(comma, "trailing commas not allowed in function call args");
        continue;
      }
      if (accept(TokenKind::right_paren)) return args;
      unexpected();
    }
  }

  ExprPtr parse_call() {
    const Token& name = take();
    const Function* function = find_function(name.text);
    if (function == nullptr) {
      std::string message = "unknown function with name ";
      message += quote_go_string(name.text);
      fail(name.pos, std::move(message));
    }
    size_t pos = name.pos;
    return make(pos, Call{function, parse_call_arguments()});
  }

  void parse_aggregate_modifier(Aggregate& agg) {
    agg.without = take().kind == TokenKind::without;
    agg.grouping = parse_grouping_labels();
  }

  ExprPtr parse_aggregate() {
    const Token& op = take();
    size_t pos = op.pos;
    Aggregate agg;
    agg.op = aggregate_op(op.kind);
    bool modifier_first = peek().kind == TokenKind::by || peek().kind == TokenKind::without;
    if (modifier_first) parse_aggregate_modifier(agg);
    std::vector<ExprPtr> args = parse_call_arguments();
    if (!modifier_first && (peek().kind == TokenKind::by || peek().kind == TokenKind::without)) {
      parse_aggregate_modifier(agg);
    }
    if (args.empty()) fail(pos, "no arguments for aggregate expression provided");
    size_t wanted = takes_parameter(agg.op) ? 2 : 1;
    if (args.size() != wanted) {
      std::string message = "wrong number of arguments for aggregate expression provided, expected ";
      message += std::to_string(wanted);
      message += ", got ";
      message += std::to_string(args.size());
      fail(pos, std::move(message));
    }
    if (wanted == 2) agg.param = std::move(args[0]);
    agg.expr = std::move(args[wanted - 1]);
    return make(pos, std::move(agg));
  }

  ExprPtr parse_selector(size_t pos, std::string name) {
    VectorSelector vs;
    vs.name = std::move(name);
    if (peek().kind == TokenKind::left_brace) vs.matchers = parse_label_matchers();
    // The name's own matcher goes last, as Prometheus appends it; the checks
    // on the matchers run with the type checks, after the syntax is known good.
    if (!vs.name.empty()) vs.matchers.push_back(*Matcher::make(Matcher::Type::equal, "__name__", vs.name));
    return make(pos, std::move(vs));
  }

  std::vector<Matcher> parse_label_matchers() {
    take();  // {
    std::vector<Matcher> matchers;
    while (!accept(TokenKind::right_brace)) {
      if (peek().kind != TokenKind::identifier) unexpected("label matching", "identifier or \"}\"");
      const Token& name = take();
      Matcher::Type type;
      switch (peek().kind) {
        case TokenKind::eql:
          type = Matcher::Type::equal;
          break;
        case TokenKind::neq:
          type = Matcher::Type::not_equal;
          break;
        case TokenKind::eql_regex:
          type = Matcher::Type::regex;
          break;
        case TokenKind::neq_regex:
          type = Matcher::Type::not_regex;
          break;
        default:
          unexpected("label matching", "label matching operator");
      }
      take();
      if (peek().kind != TokenKind::string) unexpected("label matching", "string");
      auto matcher = Matcher::make(type, name.text, take().value);
      if (!matcher) fail(name.pos, matcher.error().message);
      matchers.push_back(std::move(*matcher));
      if (accept(TokenKind::comma)) continue;
      if (peek().kind != TokenKind::right_brace) unexpected("label matching", "\",\" or \"}\"");
    }
    return matchers;
  }

  static double number_value(const Token& t) {
    auto value = parse_number_literal(t.text);
    if (!value) fail(t.pos, std::move(value.error()));
    return *value;
  }

  Duration parse_duration_token(const Token& t) {
    auto d = parse_duration(t.text);
    if (!d) {
      std::string message = "not a valid duration string: ";
      message += quote_go_string(t.text);
      fail(t.pos, std::move(message));
    }
    if (d->count() == 0) fail(t.pos, "duration must be greater than 0");
    return *d;
  }

  // offset, @ and [range] / [range:step] after an expression.
  ExprPtr parse_postfix(ExprPtr e) {
    while (true) {
      switch (peek().kind) {
        case TokenKind::left_bracket:
          e = parse_range(std::move(e));
          break;
        case TokenKind::offset:
          parse_offset(*e);
          break;
        case TokenKind::at:
          parse_at(*e);
          break;
        default:
          return e;
      }
    }
  }

  ExprPtr parse_range(ExprPtr e) {
    size_t bracket = take().pos;
    if (peek().kind != TokenKind::duration) unexpected("subquery selector", "duration");
    Duration range = parse_duration_token(take());
    if (accept(TokenKind::right_bracket)) {
      auto* vs = std::get_if<VectorSelector>(&e->node);
      if (vs == nullptr) fail(bracket, "ranges only allowed for vector selectors");
      if (vs->offset.count() != 0) fail(bracket, "no offset modifiers allowed before range");
      if (vs->at) fail(bracket, "no @ modifiers allowed before range");
      size_t pos = e->pos;
      return make(pos, MatrixSelector{std::move(*vs), range});
    }
    if (!accept(TokenKind::colon)) unexpected("subquery or range", "\":\" or \"]\"");
    Subquery sub;
    sub.range = range;
    if (peek().kind == TokenKind::duration) {
      sub.step = parse_duration_token(take());
      if (!accept(TokenKind::right_bracket)) unexpected("subquery selector", "\"]\"");
    } else if (!accept(TokenKind::right_bracket)) {
      unexpected("subquery selector", "duration or \"]\"");
    }
    enter();
    size_t pos = e->pos;
    sub.expr = std::move(e);
    return make(pos, std::move(sub));
  }

  // The offset and @ fields of the selector or subquery `e`, or a failure
  // naming `modifier`.
  std::pair<Duration*, std::optional<AtModifier>*> modifier_fields(Expr& e, const char* modifier) {
    if (auto* vs = std::get_if<VectorSelector>(&e.node)) return {&vs->offset, &vs->at};
    if (auto* ms = std::get_if<MatrixSelector>(&e.node)) return {&ms->selector.offset, &ms->selector.at};
    if (auto* sq = std::get_if<Subquery>(&e.node)) return {&sq->offset, &sq->at};
    std::string message = modifier;
    message += " modifier must be preceded by an instant vector selector or range vector selector or a subquery";
    fail(e.pos, std::move(message));
  }

  void parse_offset(Expr& e) {
    take();
    bool negative = accept(TokenKind::sub);
    if (peek().kind != TokenKind::duration) unexpected("offset", "duration");
    Duration d = parse_duration_token(take());
    auto [offset, at] = modifier_fields(e, "offset");
    if (offset->count() != 0) fail(e.pos, "offset may not be set multiple times");
    *offset = negative ? -d : d;
  }

  void parse_at(Expr& e) {
    take();
    AtModifier at;
    if (peek().kind == TokenKind::start || peek().kind == TokenKind::end) {
      at.anchor = take().kind == TokenKind::start ? AtModifier::Anchor::start : AtModifier::Anchor::end;
      expect(TokenKind::left_paren, "@", "\"(\"");
      expect(TokenKind::right_paren, "@", "\")\"");
    } else {
      bool negative = false;
      if (peek().kind == TokenKind::add || peek().kind == TokenKind::sub) negative = take().kind == TokenKind::sub;
      if (peek().kind != TokenKind::number) unexpected("@", "timestamp");
      double ts = number_value(take());
      if (negative) ts = -ts;
      constexpr double kLimit = 9223372036854775807.0;  // float64(math.MaxInt64)
      if (std::isnan(ts) || std::isinf(ts) || ts >= kLimit || ts <= -kLimit) {
        std::string message = "timestamp out of bounds for @ modifier: ";
        if (std::isnan(ts)) {
          message += "NaN";
        } else if (std::isinf(ts)) {
          message += ts > 0 ? "+Inf" : "-Inf";
        } else {
          char buf[64];
          std::snprintf(buf, sizeof buf, "%f", ts);
          message += buf;
        }
        fail(e.pos, std::move(message));
      }
      // Go converts an out-of-range float to the minimum int64 on amd64.
      double ms = std::round(ts * 1000);
      at.timestamp_ms = std::abs(ms) < kLimit ? static_cast<int64_t>(ms) : std::numeric_limits<int64_t>::min();
    }
    auto [offset, existing] = modifier_fields(e, "@");
    if (existing->has_value()) fail(e.pos, "@ <timestamp> may not be set multiple times");
    *existing = at;
  }

  std::vector<Token> tokens_;
  size_t next_ = 0;
  int depth_ = 0;
};

// "line:column" of a byte offset, both counted from 1.
std::string position(std::string_view query, size_t pos) {
  pos = std::min(pos, query.size());
  size_t line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < pos; ++i) {
    if (query[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  std::string out = std::to_string(line);
  out += ':';
  out += std::to_string(pos - line_start + 1);
  return out;
}

}  // namespace

Result<Expr> parse_expr(std::string_view query) {
  if (query.size() > kMaxQueryBytes) {
    std::string message = "1:1: parse error: query is longer than ";
    message += std::to_string(kMaxQueryBytes);
    message += " bytes";
    return std::unexpected(make_error(ErrorKind::invalid_argument, std::move(message)));
  }
  try {
    ExprPtr expr = Parser(query).parse_all();
    check_types(*expr);
    return std::move(*expr);
  } catch (const ParseFailure& failure) {
    std::string message = position(query, failure.pos);
    message += ": parse error: ";
    message += failure.message;
    return std::unexpected(make_error(ErrorKind::invalid_argument, std::move(message)));
  }
}

Result<std::vector<storage::index::Matcher>> parse_metric_selector(std::string_view text) {
  if (text.size() > kMaxQueryBytes) {
    return std::unexpected(make_error(ErrorKind::invalid_argument, "1:1: parse error: selector is too long"));
  }
  try {
    Parser parser(text);
    // Prometheus's selector grammar finds the end where a name or `{` should
    // be; a whole query is "no expression found" instead.
    if (auto end = parser.empty_input_end()) throw ParseFailure{*end, "unexpected end of input"};
    ExprPtr expr = parser.parse_all();
    auto* selector = std::get_if<VectorSelector>(&expr->node);
    if (selector == nullptr || selector->offset != Duration{0} || selector->at) {
      throw ParseFailure{expr->pos, "expected a series selector"};
    }
    return std::move(selector->matchers);
  } catch (const ParseFailure& failure) {
    std::string message = position(text, failure.pos);
    message += ": parse error: ";
    message += failure.message;
    return std::unexpected(make_error(ErrorKind::invalid_argument, std::move(message)));
  }
}

}  // namespace vigil::promql
