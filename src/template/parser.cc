#include "template/parser.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstdlib>
#include <stdexcept>

#include "core/go_text.h"
#include "template/lexer.h"
#include "template/number_literal.h"

namespace vigil::tmpl {
namespace {

// Thrown inside the parser, turned into an Error at parse_template's edge.
struct ParseFailure {
  std::string message;
};

// One template body being parsed: the main text, a define or a block.
class Parser {
 public:
  Parser(std::string_view name, std::shared_ptr<const std::string> text, const FunctionCheck& is_function,
         TreeSet& defined)
      : name_(name), text_(std::move(text)), is_function_(is_function), defined_(defined) {
    tokens_ = lex_template(*text_);
  }

  std::shared_ptr<const Tree> parse_main() {
    auto tree = std::make_shared<Tree>();
    tree->name = name_;
    tree->parse_name = name_;
    tree->text = text_;
    tree->root = std::make_unique<ListNode>(peek().pos);
    vars_ = {"$"};
    while (peek().type != TokenType::eof) {
      if (peek().type == TokenType::left_delim) {
        size_t saved = index_;
        next();
        if (next_non_space().type == TokenType::define) {
          parse_definition();
          continue;
        }
        index_ = saved;
      }
      Item item = text_or_action();
      if (item.terminator != Terminator::none) fail(fmt::format("unexpected {}", item.describe()));
      tree->root->nodes.push_back(std::move(item.node));
    }
    return tree;
  }

 private:
  enum class Terminator { none, end, else_ };
  struct Item {
    NodePtr node;
    Terminator terminator = Terminator::none;
    size_t pos = 0;
    std::string describe() const { return terminator == Terminator::end ? "{{end}}" : "{{else}}"; }
  };

  std::string name_;
  std::shared_ptr<const std::string> text_;
  const FunctionCheck& is_function_;
  TreeSet& defined_;
  std::vector<Token> tokens_;
  size_t index_ = 0;
  int last_line_ = 1;    // line of the token read last, for errors
  int action_line_ = 0;  // line where the current action started
  int range_depth_ = 0;
  int depth_ = 0;
  std::vector<std::string> vars_;

  // The lexer ends the list with eof or an error; reading stops there.
  const Token& peek() const { return tokens_[std::min(index_, tokens_.size() - 1)]; }
  const Token& next() {
    const Token& t = peek();
    ++index_;  // past the end peek() keeps answering the final token
    last_line_ = t.line;
    return t;
  }
  void backup() { --index_; }
  const Token& next_non_space() {
    while (peek().type == TokenType::space) next();
    return next();
  }
  const Token& peek_non_space() {
    while (peek().type == TokenType::space) next();
    return peek();
  }

  [[noreturn]] void fail(const std::string& message) const {
    throw ParseFailure{fmt::format("template: {}:{}: {}", name_, last_line_, message)};
  }

  [[noreturn]] void unexpected(const Token& token, std::string_view context) {
    last_line_ = token.line;
    if (token.type == TokenType::error) {
      std::string extra;
      if (action_line_ != 0 && action_line_ != token.line) {
        extra = fmt::format(" in action started at {}:{}", name_, action_line_);
        if (token.message.ends_with(" action")) extra.erase(0, std::string_view(" in action").size());
      }
      fail(token.message + extra);
    }
    fail(fmt::format("unexpected {} in {}", token.describe(), context));
  }

  const Token& expect(TokenType type, std::string_view context) {
    const Token& token = next_non_space();
    if (token.type != type) unexpected(token, context);
    return token;
  }

  struct DepthGuard {
    Parser& parser;
    explicit DepthGuard(Parser& p) : parser(p) {
      if (++parser.depth_ > kMaxParseDepth) parser.fail("max expression depth exceeded");
    }
    ~DepthGuard() { --parser.depth_; }
  };

  void add_tree(std::shared_ptr<Tree> tree) {
    auto it = defined_.find(tree->name);
    if (it == defined_.end() || it->second->root->nodes.empty()) {
      defined_[tree->name] = std::move(tree);
      return;
    }
    if (!tree->root->nodes.empty()) {
      fail(fmt::format("template: multiple definition of template {}", quote_go_string(tree->name)));
    }
  }

  std::string unquote(const Token& token) {
    auto text = unquote_go(token.value);
    if (!text) fail("invalid syntax");
    return *text;
  }

  // {{define "name"}} ... {{end}}; "define" is past.
  void parse_definition() {
    constexpr std::string_view context = "define clause";
    const Token& token = next_non_space();
    if (token.type != TokenType::string && token.type != TokenType::raw_string) unexpected(token, context);
    auto tree = std::make_shared<Tree>();
    tree->name = unquote(token);
    expect(TokenType::right_delim, context);
    tree->root = body(context);
    finish_tree(std::move(tree));
  }

  // A define or block body: its own variables, ended by {{end}}.
  std::unique_ptr<ListNode> body(std::string_view context) {
    auto saved_vars = std::move(vars_);
    const int saved_range = range_depth_;
    vars_ = {"$"};
    range_depth_ = 0;
    auto [list, end] = item_list();
    if (end.terminator != Terminator::end) fail(fmt::format("unexpected {} in {}", end.describe(), context));
    vars_ = std::move(saved_vars);
    range_depth_ = saved_range;
    return std::move(list);
  }

  void finish_tree(std::shared_ptr<Tree> tree) {
    tree->parse_name = name_;
    tree->text = text_;
    add_tree(std::move(tree));
  }

  std::pair<std::unique_ptr<ListNode>, Item> item_list() {
    auto list = std::make_unique<ListNode>(peek_non_space().pos);
    while (peek_non_space().type != TokenType::eof) {
      Item item = text_or_action();
      if (item.terminator != Terminator::none) return {std::move(list), std::move(item)};
      list->nodes.push_back(std::move(item.node));
    }
    fail("unexpected EOF");
  }

  Item text_or_action() {
    const Token& token = next_non_space();
    switch (token.type) {
      case TokenType::text:
        return Item{std::make_unique<TextNode>(token.pos, std::string(token.value))};
      case TokenType::left_delim: {
        action_line_ = token.line;
        Item item = action();
        action_line_ = 0;
        return item;
      }
      default:
        unexpected(token, "input");
    }
  }

  Item action() {
    const Token& token = next_non_space();
    switch (token.type) {
      case TokenType::block:
        return Item{block_control()};
      case TokenType::break_:
      case TokenType::continue_: {
        const bool is_break = token.type == TokenType::break_;
        const size_t pos = token.pos;
        const Token& after = next_non_space();
        if (after.type != TokenType::right_delim) unexpected(after, is_break ? "{{break}}" : "{{continue}}");
        if (range_depth_ == 0) fail(is_break ? "{{break}} outside {{range}}" : "{{continue}} outside {{range}}");
        return Item{std::make_unique<LoopControlNode>(is_break ? Node::Type::break_ : Node::Type::continue_, pos)};
      }
      case TokenType::else_: {
        // "{{else if": leave the "if" for the if-chain to read.
        const Token& peeked = peek_non_space();
        if (peeked.type == TokenType::if_) return Item{nullptr, Terminator::else_, peeked.pos};
        const Token& close = expect(TokenType::right_delim, "else");
        return Item{nullptr, Terminator::else_, close.pos};
      }
      case TokenType::end: {
        const Token& close = expect(TokenType::right_delim, "end");
        return Item{nullptr, Terminator::end, close.pos};
      }
      case TokenType::if_:
        return Item{control(Node::Type::if_, "if")};
      case TokenType::range:
        return Item{control(Node::Type::range, "range")};
      case TokenType::with:
        return Item{control(Node::Type::with, "with")};
      case TokenType::template_:
        return Item{template_control()};
      default:
        break;
    }
    backup();
    const Token& first = peek();
    // Variables declared here persist until the enclosing {{end}}.
    return Item{std::make_unique<ActionNode>(first.pos, first.line, pipeline("command", TokenType::right_delim))};
  }

  NodePtr control(Node::Type type, std::string_view context) {
    DepthGuard guard(*this);
    const size_t vars_mark = vars_.size();
    auto node = std::make_unique<BranchNode>(type, 0, 0);
    node->pipe = pipeline(context, TokenType::right_delim);
    node->pos = node->pipe->pos;
    node->line = node->pipe->line;
    if (type == Node::Type::range) ++range_depth_;
    auto [list, next_item] = item_list();
    if (type == Node::Type::range) --range_depth_;
    node->list = std::move(list);
    if (next_item.terminator == Terminator::else_) {
      if (type == Node::Type::if_ && peek().type == TokenType::if_) {
        // {{else if b}} is {{else}}{{if b}}...{{end}} sharing one {{end}}.
        next();
        node->else_list = std::make_unique<ListNode>(next_item.pos);
        node->else_list->nodes.push_back(control(Node::Type::if_, "if"));
      } else {
        auto [else_list, end] = item_list();
        if (end.terminator != Terminator::end) fail(fmt::format("expected end; found {}", end.describe()));
        node->else_list = std::move(else_list);
      }
    }
    vars_.resize(vars_mark);
    return node;
  }

  std::string template_name(const Token& token, std::string_view context) {
    if (token.type != TokenType::string && token.type != TokenType::raw_string) unexpected(token, context);
    return unquote(token);
  }

  // The name after "template" or "block", as the start of its node.
  std::unique_ptr<TemplateNode> template_node(std::string_view context) {
    const Token& token = next_non_space();
    const size_t pos = token.pos;
    const int line = token.line;
    return std::make_unique<TemplateNode>(pos, line, template_name(token, context));
  }

  NodePtr template_control() {
    constexpr std::string_view context = "template clause";
    auto node = template_node(context);
    if (next_non_space().type != TokenType::right_delim) {
      backup();
      node->pipe = pipeline(context, TokenType::right_delim);
    }
    return node;
  }

  // {{block "name" pipeline}} body {{end}}: defines "name" and calls it.
  NodePtr block_control() {
    constexpr std::string_view context = "block clause";
    auto node = template_node(context);
    node->pipe = pipeline(context, TokenType::right_delim);
    auto tree = std::make_shared<Tree>();
    tree->name = node->name;
    tree->root = body(context);
    finish_tree(std::move(tree));
    return node;
  }

  std::unique_ptr<PipeNode> pipeline(std::string_view context, TokenType end) {
    DepthGuard guard(*this);
    const Token& start = peek_non_space();
    auto pipe = std::make_unique<PipeNode>(start.pos, start.line);
    declarations(*pipe, context);
    while (true) {
      const Token& token = next_non_space();
      if (token.type == end) {
        check_pipeline(*pipe, context);
        return pipe;
      }
      switch (token.type) {
        case TokenType::boolean:
        case TokenType::char_constant:
        case TokenType::dot:
        case TokenType::field:
        case TokenType::identifier:
        case TokenType::number:
        case TokenType::nil:
        case TokenType::raw_string:
        case TokenType::string:
        case TokenType::variable:
        case TokenType::left_paren:
          backup();
          pipe->cmds.push_back(command());
          break;
        default:
          unexpected(token, context);
      }
    }
  }

  // "$x :=", "$x =", and for range "$i, $v :=".
  void declarations(PipeNode& pipe, std::string_view context) {
    while (peek_non_space().type == TokenType::variable) {
      const size_t at_variable = index_;
      const Token& variable = next();
      const Token& following = peek_non_space();
      if (following.type == TokenType::assign || following.type == TokenType::declare) {
        pipe.is_assign = following.type == TokenType::assign;
        next_non_space();
        pipe.decls.emplace_back(variable.value);
        vars_.emplace_back(variable.value);
        return;
      }
      if (following.type == TokenType::char_ && following.value == ",") {
        next_non_space();
        pipe.decls.emplace_back(variable.value);
        vars_.emplace_back(variable.value);
        if (context == "range" && pipe.decls.size() < 2) {
          TokenType after = peek_non_space().type;
          if (after == TokenType::variable || after == TokenType::right_delim || after == TokenType::right_paren) {
            continue;
          }
          fail("range can only initialize variables");
        }
        fail(fmt::format("too many declarations in {}", context));
      }
      index_ = at_variable;  // "$x foo": $x is an argument
      return;
    }
  }

  void check_pipeline(const PipeNode& pipe, std::string_view context) {
    if (pipe.cmds.empty()) fail(fmt::format("missing value for {}", context));
    for (size_t i = 1; i < pipe.cmds.size(); ++i) {
      switch (pipe.cmds[i]->args[0]->type) {
        case Node::Type::boolean:
        case Node::Type::dot:
        case Node::Type::nil:
        case Node::Type::number:
        case Node::Type::string:
          fail(fmt::format("non executable command in pipeline stage {}", i + 1));
        default:
          break;
      }
    }
  }

  std::unique_ptr<CommandNode> command() {
    auto cmd = std::make_unique<CommandNode>(peek_non_space().pos);
    while (true) {
      peek_non_space();
      if (NodePtr operand_node = operand()) cmd->args.push_back(std::move(operand_node));
      const Token& token = next();
      if (token.type == TokenType::space) continue;
      if (token.type == TokenType::right_delim || token.type == TokenType::right_paren) {
        backup();
      } else if (token.type != TokenType::pipe) {
        unexpected(token, "operand");
      }
      break;
    }
    if (cmd->args.empty()) fail("empty command");
    return cmd;
  }

  NodePtr operand() {
    NodePtr node = term();
    if (!node || peek().type != TokenType::field) return node;
    auto chain = std::make_unique<ChainNode>(peek().pos, nullptr);
    while (peek().type == TokenType::field) chain->fields.emplace_back(next().value.substr(1));
    switch (node->type) {
      case Node::Type::field: {
        auto& field = static_cast<FieldNode&>(*node);
        field.idents.insert(field.idents.end(), chain->fields.begin(), chain->fields.end());
        field.pos = chain->pos;
        return node;
      }
      case Node::Type::variable: {
        auto& variable = static_cast<VariableNode&>(*node);
        variable.idents.insert(variable.idents.end(), chain->fields.begin(), chain->fields.end());
        variable.pos = chain->pos;
        return node;
      }
      case Node::Type::boolean:
      case Node::Type::string:
      case Node::Type::number:
      case Node::Type::nil:
      case Node::Type::dot:
        fail(fmt::format("unexpected . after term {}", quote_go_string(node->to_string())));
      default:
        chain->node = std::move(node);
        return chain;
    }
  }

  NodePtr term() {
    const Token& token = next_non_space();
    switch (token.type) {
      case TokenType::identifier:
        if (!is_function_(token.value)) fail(fmt::format("function {} not defined", quote_go_string(token.value)));
        return std::make_unique<IdentifierNode>(token.pos, std::string(token.value));
      case TokenType::dot:
        return std::make_unique<DotNode>(token.pos);
      case TokenType::nil:
        return std::make_unique<NilNode>(token.pos);
      case TokenType::variable:
        return use_variable(token);
      case TokenType::field:
        return std::make_unique<FieldNode>(token.pos, std::vector<std::string>{std::string(token.value.substr(1))});
      case TokenType::boolean:
        return std::make_unique<BoolNode>(token.pos, token.value == "true");
      case TokenType::char_constant:
      case TokenType::number: {
        auto number = parse_number_literal(token.pos, token.value, token.type == TokenType::char_constant);
        if (!number) fail(number.error().message);
        return std::move(*number);
      }
      case TokenType::left_paren:
        return pipeline("parenthesized pipeline", TokenType::right_paren);
      case TokenType::string:
      case TokenType::raw_string:
        return std::make_unique<StringNode>(token.pos, std::string(token.value), unquote(token));
      default:
        backup();
        return nullptr;
    }
  }

  NodePtr use_variable(const Token& token) {
    std::string name(token.value);
    for (const auto& known : vars_) {
      if (known == name) return std::make_unique<VariableNode>(token.pos, std::vector<std::string>{name});
    }
    fail(fmt::format("undefined variable {}", quote_go_string(name)));
  }
};

}  // namespace

Result<ParsedText> parse_template(std::string_view name, std::string_view text, const FunctionCheck& is_function) {
  ParsedText parsed;
  try {
    Parser parser(name, std::make_shared<const std::string>(text), is_function, parsed.defined);
    parsed.main = parser.parse_main();
  } catch (const ParseFailure& failure) {
    return std::unexpected(make_error(ErrorKind::invalid_argument, failure.message));
  }
  return parsed;
}

}  // namespace vigil::tmpl
