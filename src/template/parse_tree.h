#pragma once
// The parse tree of a template, shaped as Go's text/template/parse: a list
// of text and actions; actions hold pipelines of commands of operands.
// Every node keeps its byte offset, from which errors name line and column.

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace vigil::tmpl {

struct Node {
  enum class Type {
    list,
    text,
    action,
    pipe,
    command,  // structure
    identifier,
    dot,
    nil,
    boolean,
    number,
    string,
    field,
    variable,
    chain,  // operands
    if_,
    range,
    with,
    template_,
    break_,
    continue_,  // control
  };
  Node(Type t, size_t p) : type(t), pos(p) {}
  virtual ~Node() = default;
  // Go's Node.String(): the source form, used in "executing ... at <...>".
  virtual std::string to_string() const = 0;

  Type type;
  size_t pos;
};

using NodePtr = std::unique_ptr<Node>;

struct ListNode final : Node {
  explicit ListNode(size_t p) : Node(Type::list, p) {}
  std::string to_string() const override;
  std::vector<NodePtr> nodes;
};

struct TextNode final : Node {
  TextNode(size_t p, std::string t) : Node(Type::text, p), text(std::move(t)) {}
  std::string to_string() const override;
  std::string text;
};

struct CommandNode final : Node {
  explicit CommandNode(size_t p) : Node(Type::command, p) {}
  std::string to_string() const override;
  std::vector<NodePtr> args;
};

struct PipeNode final : Node {
  PipeNode(size_t p, int l) : Node(Type::pipe, p), line(l) {}
  std::string to_string() const override;
  int line;
  bool is_assign = false;          // $x = ... rather than $x := ...
  std::vector<std::string> decls;  // declared or assigned variables
  std::vector<std::unique_ptr<CommandNode>> cmds;
};

struct ActionNode final : Node {
  ActionNode(size_t p, int l, std::unique_ptr<PipeNode> pi) : Node(Type::action, p), line(l), pipe(std::move(pi)) {}
  std::string to_string() const override;
  int line;
  std::unique_ptr<PipeNode> pipe;
};

struct IdentifierNode final : Node {
  IdentifierNode(size_t p, std::string n) : Node(Type::identifier, p), name(std::move(n)) {}
  std::string to_string() const override { return name; }
  std::string name;
};

struct DotNode final : Node {
  explicit DotNode(size_t p) : Node(Type::dot, p) {}
  std::string to_string() const override { return "."; }
};

struct NilNode final : Node {
  explicit NilNode(size_t p) : Node(Type::nil, p) {}
  std::string to_string() const override { return "nil"; }
};

struct BoolNode final : Node {
  BoolNode(size_t p, bool v) : Node(Type::boolean, p), value(v) {}
  std::string to_string() const override { return value ? "true" : "false"; }
  bool value;
};

// A numeric constant as an interface{} argument takes: float64 when written
// with '.', an exponent or 'p' (and not a hex integer), otherwise int.
struct NumberNode final : Node {
  NumberNode(size_t p, std::string t) : Node(Type::number, p), text(std::move(t)) {}
  std::string to_string() const override { return text; }
  std::string text;
  bool is_float = false;
  bool overflows_int = false;  // an unsigned constant beyond int64
  int64_t int_value = 0;
  double float_value = 0;
};

struct StringNode final : Node {
  StringNode(size_t p, std::string q, std::string t)
      : Node(Type::string, p), quoted(std::move(q)), text(std::move(t)) {}
  std::string to_string() const override { return quoted; }
  std::string quoted;
  std::string text;
};

// .A.B
struct FieldNode final : Node {
  FieldNode(size_t p, std::vector<std::string> i) : Node(Type::field, p), idents(std::move(i)) {}
  std::string to_string() const override;
  std::vector<std::string> idents;
};

// $x.A.B: idents[0] is the variable's name with its '$'.
struct VariableNode final : Node {
  VariableNode(size_t p, std::vector<std::string> i) : Node(Type::variable, p), idents(std::move(i)) {}
  std::string to_string() const override;
  std::vector<std::string> idents;
};

// (pipeline).A.B
struct ChainNode final : Node {
  ChainNode(size_t p, NodePtr n) : Node(Type::chain, p), node(std::move(n)) {}
  std::string to_string() const override;
  NodePtr node;
  std::vector<std::string> fields;
};

// if, range and with share this shape.
struct BranchNode final : Node {
  BranchNode(Type t, size_t p, int l) : Node(t, p), line(l) {}
  std::string to_string() const override;
  int line;
  std::unique_ptr<PipeNode> pipe;
  std::unique_ptr<ListNode> list;
  std::unique_ptr<ListNode> else_list;  // may be null
};

struct TemplateNode final : Node {
  TemplateNode(size_t p, int l, std::string n) : Node(Type::template_, p), line(l), name(std::move(n)) {}
  std::string to_string() const override;
  int line;
  std::string name;
  std::unique_ptr<PipeNode> pipe;  // may be null: dot is nil
};

struct LoopControlNode final : Node {
  LoopControlNode(Type t, size_t p) : Node(t, p) {}
  std::string to_string() const override { return type == Type::break_ ? "{{break}}" : "{{continue}}"; }
};

// One parsed template body with what errors need to locate its nodes.
struct Tree {
  std::string name;        // the template's name (a define's name)
  std::string parse_name;  // the name of the text it was parsed from
  std::shared_ptr<const std::string> text;
  std::unique_ptr<ListNode> root;
};

// The templates of a set by name.
using TreeSet = std::map<std::string, std::shared_ptr<const Tree>, std::less<>>;

}  // namespace vigil::tmpl
