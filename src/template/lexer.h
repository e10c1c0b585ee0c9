#pragma once
// Splits template text into Go text/template's items: text between
// actions, and inside {{ }} the words of pipelines. Trim markers ("{{- "
// and " -}}") and comments are resolved here, as Go's lexer does.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::tmpl {

enum class TokenType {
  error,  // value is the message
  eof,
  text,
  left_delim,
  right_delim,
  space,
  pipe,
  assign,   // =
  declare,  // :=
  left_paren,
  right_paren,
  char_,  // another printable ASCII character, such as ','
  string,
  raw_string,
  char_constant,
  number,
  boolean,
  dot,
  field,
  variable,
  identifier,
  // keywords
  block,
  break_,
  continue_,
  define,
  else_,
  end,
  if_,
  nil,
  range,
  template_,
  with,
};

struct Token {
  TokenType type = TokenType::eof;
  std::string_view value;  // the source text, or the error message
  size_t pos = 0;
  int line = 1;
  std::string message;  // for errors

  bool is_keyword() const { return type >= TokenType::block; }
  // Go's item.String(): EOF, <keyword>, "text" (cut after 10 characters).
  std::string describe() const;
};

// All tokens of `text`, ending with eof or with the first error.
std::vector<Token> lex_template(std::string_view text);

}  // namespace vigil::tmpl
