#pragma once
// The tokens of PromQL as Prometheus 2.x's lexer produces them. Keywords are
// matched without regard to case; their text keeps the spelling of the input.

#include <cstddef>
#include <string>
#include <string_view>

namespace vigil::promql {

enum class TokenKind {
  eof,
  error,  // a lexer error; `text` holds the message
  identifier,
  metric_identifier,  // an identifier that contains a colon
  number,
  string,
  duration,
  left_paren, right_paren, left_brace, right_brace, left_bracket, right_bracket,
  comma, colon, at,
  // operators
  add, sub, mul, div, mod, pow, eql_c, neq, lss, lte, gtr, gte, land, lor, lunless, atan2,
  // label matching operators
  eql, eql_regex, neq_regex,
  // aggregators
  sum, avg, count, min, max, group, stddev, stdvar, topk, bottomk, count_values, quantile,
  // keywords
  offset, by, without, on, ignoring, group_left, group_right, bool_, start, end,
};

struct Token {
  TokenKind kind = TokenKind::eof;
  std::string text;  // the source text; for strings the unquoted value is in `value`
  size_t pos = 0;    // byte offset in the query
  std::string value;
};

bool is_aggregator(TokenKind kind);
bool is_keyword(TokenKind kind);   // offset, by, ..., start, end
bool is_operator(TokenKind kind);  // binary operators and the label matching operators

// How Prometheus names a token in "unexpected ..." messages: `identifier "foo"`,
// `<op:+>`, `<aggr:sum>`, `<by>`, `"("`, `end of input`.
std::string describe(const Token& token);

}  // namespace vigil::promql
