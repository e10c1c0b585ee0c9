#include "promql/series_notation.h"

#include <cctype>
#include <optional>

#include "promql/lexer.h"

namespace vigil::promql {
namespace {

bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == ':'; }

bool is_name(std::string_view s, bool allow_colon) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0])) != 0) return false;
  for (char c : s) {
    if (!is_name_char(c) || (c == ':' && !allow_colon)) return false;
  }
  return true;
}

// Where the metric ends: after its name and its `{...}`, skipping quoted
// label values (which may hold braces). nullopt when the brace is not closed.
std::optional<size_t> metric_end(std::string_view line) {
  size_t i = 0;
  while (i < line.size() && is_name_char(line[i])) ++i;
  if (i == line.size() || line[i] != '{') return i;
  for (++i; i < line.size(); ++i) {
    char c = line[i];
    if (c == '}') return i + 1;
    if (c != '"' && c != '\'' && c != '`') continue;
    for (++i; i < line.size() && line[i] != c; ++i) {
      if (line[i] == '\\' && c != '`') ++i;
    }
  }
  return std::nullopt;
}

std::string unexpected(const Token& token, std::string_view context) {
  if (token.kind == TokenKind::error) return token.text;
  std::string out = "unexpected ";
  out += describe(token);
  out += " in ";
  out += context;
  return out;
}

}  // namespace

std::expected<storage::LabelSet, std::string> parse_series_metric(std::string_view text) {
  std::vector<Token> tokens = lex(text);
  size_t i = 0;
  std::vector<storage::Label> labels;
  if (tokens[i].kind != TokenKind::left_brace) {
    if (!is_name(tokens[i].text, true)) return std::unexpected(unexpected(tokens[i], "series description"));
    labels.push_back({std::string(storage::kMetricNameLabel), tokens[i].text});
    ++i;
  }
  if (tokens[i].kind == TokenKind::left_brace) {
    ++i;
    while (tokens[i].kind != TokenKind::right_brace) {
      const Token& name = tokens[i];
      if (!is_name(name.text, false)) return std::unexpected(unexpected(name, "label set"));
      if (tokens[i + 1].kind != TokenKind::eql)
        return std::unexpected(unexpected(tokens[i + 1], "label set, expected \"=\""));
      if (tokens[i + 2].kind != TokenKind::string)
        return std::unexpected(unexpected(tokens[i + 2], "label set, expected string"));
      labels.push_back({name.text, tokens[i + 2].value});
      i += 3;
      if (tokens[i].kind == TokenKind::comma) {
        ++i;
      } else if (tokens[i].kind != TokenKind::right_brace) {
        return std::unexpected(unexpected(tokens[i], "label set, expected \",\" or \"}\""));
      }
    }
    ++i;
  }
  if (tokens[i].kind != TokenKind::eof) return std::unexpected(unexpected(tokens[i], "series description"));
  auto set = storage::LabelSet::from(std::move(labels));
  if (!set) return std::unexpected(set.error().message);
  return *std::move(set);
}

std::expected<SeriesDesc, std::string> parse_series_desc(std::string_view line) {
  std::optional<size_t> end = metric_end(line);
  if (!end) return std::unexpected(std::string("unterminated label set in series description"));
  if (*end == 0) return std::unexpected(std::string("expected a metric name or a label set in series description"));
  if (*end < line.size() && line[*end] != ' ' && line[*end] != '\t') {
    return std::unexpected(std::string("expected whitespace between the metric and its values"));
  }
  auto labels = parse_series_metric(line.substr(0, *end));
  if (!labels) return std::unexpected(labels.error());
  auto values = parse_series_values(line.substr(*end));
  if (!values) return std::unexpected(values.error());
  return SeriesDesc{*std::move(labels), *std::move(values)};
}

}  // namespace vigil::promql
