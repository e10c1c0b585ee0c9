#include "promql/token.h"

#include "core/go_text.h"

namespace vigil::promql {

bool is_aggregator(TokenKind kind) { return kind >= TokenKind::sum && kind <= TokenKind::quantile; }

bool is_keyword(TokenKind kind) { return kind >= TokenKind::offset && kind <= TokenKind::end; }

bool is_operator(TokenKind kind) { return kind >= TokenKind::add && kind <= TokenKind::neq_regex; }

std::string describe(const Token& token) {
  std::string out;
  switch (token.kind) {
    case TokenKind::eof:
      return "end of input";
    case TokenKind::error:
      return token.text;
    case TokenKind::identifier:
      out = "identifier ";
      break;
    case TokenKind::metric_identifier:
      out = "metric identifier ";
      break;
    case TokenKind::number:
      out = "number ";
      break;
    case TokenKind::string:
      out = "string ";
      break;
    case TokenKind::duration:
      out = "duration ";
      break;
    default:
      break;
  }
  // start and end are "preprocessors" to Prometheus, not keywords: quoted.
  if (is_keyword(token.kind) && token.kind != TokenKind::start && token.kind != TokenKind::end) {
    out += '<';
    out += token.text;
    out += '>';
    return out;
  }
  if ((is_operator(token.kind) && token.kind != TokenKind::eql) || token.kind == TokenKind::at) {
    out += "<op:";
    out += token.text;
    out += '>';
    return out;
  }
  if (is_aggregator(token.kind)) {
    out += "<aggr:";
    out += token.text;
    out += '>';
    return out;
  }
  // Prometheus abbreviates long literals to their first ten characters.
  if (token.text.size() > 10 &&
      (token.kind == TokenKind::string || token.kind == TokenKind::number || token.kind == TokenKind::duration)) {
    out += quote_go_string(token.text.substr(0, 10));
    out += "...";
    return out;
  }
  out += quote_go_string(token.text);
  return out;
}

}  // namespace vigil::promql
