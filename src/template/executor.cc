#include "template/executor.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <span>
#include <vector>

#include "core/go_text.h"
#include "template/builtins.h"
#include "template/function_args.h"
#include "template/go_format.h"

namespace vigil::tmpl {
namespace {

// Thrown inside the executor, turned into an Error at execute_tree's edge.
struct ExecFailure {
  std::string message;
};

enum class Flow { normal, break_, continue_ };

class Executor {
 public:
  Executor(const TreeSet& trees, const Functions& functions, const ExecuteOptions& options)
      : trees_(trees), functions_(functions), options_(options) {}

  std::string run(const Tree& tree, const Value& data) {
    tree_ = &tree;
    vars_.emplace_back("$", data);
    walk(data, *tree.root);
    return std::move(out_);
  }

 private:
  const TreeSet& trees_;
  const Functions& functions_;
  const ExecuteOptions& options_;
  std::string out_;
  const Tree* tree_ = nullptr;  // the template being executed
  const Node* node_ = nullptr;  // the node being evaluated, for errors
  std::vector<std::pair<std::string, Value>> vars_;
  int depth_ = 0;
  uint64_t steps_ = 0;

  [[noreturn]] void fail(const std::string& message) const {
    if (node_ == nullptr) throw ExecFailure{fmt::format("template: {}: {}", tree_->name, message)};
    // Line and byte column of the node in the text its tree came from.
    std::string_view text = *tree_->text;
    const size_t pos = std::min(node_->pos, text.size());
    std::string_view before = text.substr(0, pos);
    const size_t newline = before.rfind('\n');
    const size_t column = newline == std::string_view::npos ? pos : pos - newline - 1;
    const auto line = 1 + std::count(before.begin(), before.end(), '\n');
    throw ExecFailure{fmt::format("template: {}:{}:{}: executing {} at <{}>: {}", tree_->parse_name, line, column,
                                  quote_go_string(tree_->name), node_->to_string(), message)};
  }

  void at(const Node& node) { node_ = &node; }

  void step() {
    if (++steps_ > options_.max_steps) fail(fmt::format("exceeded maximum template steps ({})", options_.max_steps));
  }

  void write(std::string_view text) {
    if (out_.size() + text.size() > options_.max_output_bytes) {
      fail(fmt::format("template output exceeds {} bytes", options_.max_output_bytes));
    }
    out_ += text;
  }

  struct DepthGuard {
    Executor& e;
    explicit DepthGuard(Executor& executor) : e(executor) {
      if (++e.depth_ > e.options_.max_depth)
        e.fail(fmt::format("exceeded maximum template depth ({})", e.options_.max_depth));
    }
    ~DepthGuard() { --e.depth_; }
  };

  // --- variables

  size_t mark() const { return vars_.size(); }
  void pop(size_t mark) { vars_.resize(mark); }

  void set_var(const std::string& name, const Value& value) {
    for (auto it = vars_.rbegin(); it != vars_.rend(); ++it) {
      if (it->first == name) {
        it->second = value;
        return;
      }
    }
    fail(fmt::format("undefined variable: {}", name));
  }

  const Value& var_value(const std::string& name) {
    for (auto it = vars_.rbegin(); it != vars_.rend(); ++it) {
      if (it->first == name) return it->second;
    }
    fail(fmt::format("undefined variable: {}", name));
  }

  // --- statements

  Flow walk(const Value& dot, const Node& node) {
    at(node);
    step();
    switch (node.type) {
      case Node::Type::list:
        for (const auto& child : static_cast<const ListNode&>(node).nodes) {
          if (Flow flow = walk(dot, *child); flow != Flow::normal) return flow;
        }
        return Flow::normal;
      case Node::Type::text:
        write(static_cast<const TextNode&>(node).text);
        return Flow::normal;
      case Node::Type::action: {
        const auto& pipe = *static_cast<const ActionNode&>(node).pipe;
        Value value = eval_pipeline(dot, pipe);
        if (pipe.decls.empty()) print_value(value);
        return Flow::normal;
      }
      case Node::Type::if_:
      case Node::Type::with:
        return walk_if_or_with(dot, static_cast<const BranchNode&>(node));
      case Node::Type::range:
        return walk_range(dot, static_cast<const BranchNode&>(node));
      case Node::Type::template_:
        walk_template(dot, static_cast<const TemplateNode&>(node));
        return Flow::normal;
      case Node::Type::break_:
        return Flow::break_;
      case Node::Type::continue_:
        return Flow::continue_;
      default:
        fail(fmt::format("unknown node: {}", node.to_string()));
    }
  }

  Flow walk_if_or_with(const Value& dot, const BranchNode& node) {
    DepthGuard guard(*this);
    const size_t saved = mark();
    Value value = eval_pipeline(dot, *node.pipe);
    Flow flow = Flow::normal;
    if (value.truthy()) {
      flow = walk(node.type == Node::Type::with ? value : dot, *node.list);
    } else if (node.else_list) {
      flow = walk(dot, *node.else_list);
    }
    pop(saved);
    return flow;
  }

  Flow walk_range(const Value& dot, const BranchNode& node) {
    DepthGuard guard(*this);
    const size_t saved = mark();
    const Value value = eval_pipeline(dot, *node.pipe);
    const size_t body_mark = mark();
    const size_t decls = node.pipe->decls.size();
    // Returns false to stop the loop ({{break}}).
    auto one_iteration = [&](const Value& index, const Value& element) {
      if (decls > 0) vars_[vars_.size() - 1].second = element;
      if (decls > 1) vars_[vars_.size() - 2].second = index;
      Flow flow = walk(element, *node.list);
      pop(body_mark);
      return flow != Flow::break_;
    };
    bool empty = true;
    switch (value.kind()) {
      case Value::Kind::list: {
        const auto& items = value.as_list();
        empty = items.empty();
        for (size_t i = 0; i < items.size(); ++i) {
          if (!one_iteration(Value::integer(static_cast<int64_t>(i)), items[i])) break;
        }
        break;
      }
      case Value::Kind::map:
        if (value.is_record()) fail(fmt::format("range can't iterate over {}", go_sprint_value(value)));
        empty = value.entries().empty();
        for (const auto& [key, element] : value.entries()) {
          if (!one_iteration(Value::string(key), element)) break;
        }
        break;
      case Value::Kind::invalid:
        break;  // like a nil map
      default:
        fail(fmt::format("range can't iterate over {}", go_sprint_value(value)));
    }
    if (empty && node.else_list) walk(dot, *node.else_list);
    pop(saved);
    return Flow::normal;
  }

  void walk_template(const Value& dot, const TemplateNode& node) {
    at(node);
    auto it = trees_.find(node.name);
    if (it == trees_.end()) fail(fmt::format("template {} not defined", quote_go_string(node.name)));
    DepthGuard guard(*this);
    // Without a pipeline the called template's dot is nothing at all.
    Value new_dot = node.pipe ? eval_pipeline(dot, *node.pipe) : Value();
    // The callee runs in a state of its own, as in Go: its variables, and
    // the caller's node for errors after it returns.
    const Tree* caller = tree_;
    const Node* caller_node = node_;
    auto caller_vars = std::move(vars_);
    vars_.clear();
    vars_.emplace_back("$", new_dot);
    tree_ = it->second.get();
    walk(new_dot, *tree_->root);
    tree_ = caller;
    node_ = caller_node;
    vars_ = std::move(caller_vars);
  }

  void print_value(const Value& value) {
    if (!value.is_valid()) {
      write("<no value>");
      return;
    }
    if (value.kind() == Value::Kind::function)
      fail(fmt::format("can't print {} of type {}", node_->to_string(), value.type_name()));
    write(go_sprint_value(value));
  }

  // --- pipelines and commands

  Value eval_pipeline(const Value& dot, const PipeNode& pipe) {
    at(pipe);
    // Go unwraps each stage's interface{} result: a nil one is no value.
    std::optional<Value> value;
    for (const auto& cmd : pipe.cmds) value = eval_command(dot, *cmd, value ? &*value : nullptr);
    if (value->kind() == Value::Kind::nil) value = Value();
    for (const auto& name : pipe.decls) {
      if (pipe.is_assign) {
        set_var(name, *value);
      } else {
        vars_.emplace_back(name, *value);
      }
    }
    return std::move(*value);
  }

  void not_a_function(std::span<const NodePtr> args, const Value* final) {
    if (args.size() > 1 || final != nullptr)
      fail(fmt::format("can't give argument to non-function {}", args[0]->to_string()));
  }

  Value eval_command(const Value& dot, const CommandNode& cmd, const Value* final) {
    step();
    const Node& first = *cmd.args[0];
    std::span<const NodePtr> args(cmd.args);
    switch (first.type) {
      case Node::Type::field:
        return eval_field_node(dot, static_cast<const FieldNode&>(first), args, final);
      case Node::Type::chain:
        return eval_chain_node(dot, static_cast<const ChainNode&>(first), args, final);
      case Node::Type::identifier:
        return eval_function(dot, static_cast<const IdentifierNode&>(first), cmd, args, final);
      case Node::Type::pipe:
        not_a_function(args, final);
        return eval_pipeline(dot, static_cast<const PipeNode&>(first));
      case Node::Type::variable:
        return eval_variable_node(dot, static_cast<const VariableNode&>(first), args, final);
      default:
        break;
    }
    at(first);
    not_a_function(args, final);
    switch (first.type) {
      case Node::Type::boolean:
        return Value::boolean(static_cast<const BoolNode&>(first).value);
      case Node::Type::dot:
        return dot;
      case Node::Type::nil:
        fail("nil is not a command");
      case Node::Type::number:
        return number_value(static_cast<const NumberNode&>(first));
      case Node::Type::string:
        return Value::string(static_cast<const StringNode&>(first).text);
      default:
        fail(fmt::format("can't evaluate command {}", quote_go_string(first.to_string())));
    }
  }

  Value number_value(const NumberNode& number) {
    at(number);
    if (number.is_float) return Value::floating(number.float_value);
    if (number.overflows_int) fail(fmt::format("{} overflows int", number.text));
    return Value::integer(number.int_value);
  }

  Value eval_field_node(const Value& dot, const FieldNode& field, std::span<const NodePtr> args, const Value* final) {
    at(field);
    return eval_field_chain(dot, dot, field, field.idents, args, final);
  }

  Value eval_chain_node(const Value& dot, const ChainNode& chain, std::span<const NodePtr> args, const Value* final) {
    at(chain);
    Value receiver = eval_arg(dot, *chain.node);
    return eval_field_chain(dot, receiver, chain, chain.fields, args, final);
  }

  Value eval_variable_node(const Value& dot, const VariableNode& variable, std::span<const NodePtr> args,
                           const Value* final) {
    at(variable);
    Value value = var_value(variable.idents[0]);
    if (variable.idents.size() == 1) {
      not_a_function(args, final);
      return value;
    }
    return eval_field_chain(dot, value, variable, std::span(variable.idents).subspan(1), args, final);
  }

  Value eval_field_chain(const Value& dot, Value receiver, const Node& node, std::span<const std::string> idents,
                         std::span<const NodePtr> args, const Value* final) {
    // Whether the receiver came out of a map[string]interface{}: Go names its
    // static type, interface {}, when a field cannot be found.
    bool from_interface = false;
    for (size_t i = 0; i + 1 < idents.size(); ++i) {
      const bool interface_map = receiver.kind() == Value::Kind::map && !receiver.is_record() &&
                                 receiver.map_zero().kind() == Value::Kind::nil;
      receiver = eval_field(dot, idents[i], node, {}, nullptr, receiver, from_interface);
      from_interface = interface_map;
    }
    return eval_field(dot, idents.back(), node, args, final, receiver, from_interface);
  }

  Value eval_field(const Value& dot, const std::string& name, const Node& node, std::span<const NodePtr> args,
                   const Value* final, const Value& receiver, bool from_interface) {
    if (!receiver.is_valid()) return Value();
    if (const Method* method = receiver.method(name)) {
      auto call = [&](std::span<const Value> values) { return (*method)(receiver, values); };
      return eval_call(dot, call, node, node, name, args, final);
    }
    const bool has_args = args.size() > 1 || final != nullptr;
    switch (receiver.kind()) {
      case Value::Kind::nil:
        fail(fmt::format("nil pointer evaluating interface {{}}.{}", name));
      case Value::Kind::map: {
        const Value* found = receiver.find(name);
        if (receiver.is_record()) {
          if (found == nullptr) break;
          if (has_args) fail(fmt::format("{} has arguments but cannot be invoked as function", name));
          return *found;
        }
        if (has_args) fail(fmt::format("{} is not a method but has arguments", name));
        if (found != nullptr) return *found;
        return options_.missing_key == MissingKey::zero ? receiver.map_zero() : Value();
      }
      default:
        break;
    }
    fail(fmt::format("can't evaluate field {} in type {}", name,
                     from_interface ? "interface {}" : receiver.type_name()));
  }

  // `cmd` is the command the call stands in (errors from the call point at
  // it), `ident` the function's name (argument-count errors point there).
  Value eval_function(const Value& dot, const IdentifierNode& ident, const Node& cmd, std::span<const NodePtr> args,
                      const Value* final) {
    at(ident);
    const std::string& name = ident.name;
    if (auto it = functions_.find(name); it != functions_.end())
      return eval_call(dot, it->second, ident, cmd, name, args, final);
    if (name == "and" || name == "or") return eval_and_or(dot, name == "or", args, final);
    const auto& builtins = builtin_functions();
    if (auto it = builtins.find(name); it != builtins.end())
      return eval_call(dot, it->second, ident, cmd, name, args, final);
    fail(fmt::format("{} is not a defined function", quote_go_string(name)));
  }

  // and/or evaluate their arguments only until the answer is known.
  Value eval_and_or(const Value& dot, bool is_or, std::span<const NodePtr> args, const Value* final) {
    const size_t count = args.size() - 1 + (final ? 1 : 0);
    if (count == 0) {
      fail(fmt::format("wrong number of args for {}: want at least 1 got 0", is_or ? "or" : "and"));
    }
    Value value;
    for (size_t i = 1; i < args.size(); ++i) {
      value = eval_arg(dot, *args[i]);
      if (value.truthy() == is_or) return value;
    }
    return final ? *final : value;
  }

  template <class Callable>
  Value eval_call(const Value& dot, const Callable& function, const Node& ident, const Node& cmd,
                  const std::string& name, std::span<const NodePtr> args, const Value* final) {
    std::vector<Value> values;
    values.reserve(args.size());
    for (size_t i = 1; i < args.size(); ++i) values.push_back(eval_arg(dot, *args[i]));
    if (final) values.push_back(*final);
    Result<Value> result = function(std::span<const Value>(values));
    if (result) {
      if (result->kind() == Value::Kind::string && result->as_string().size() > options_.max_output_bytes) {
        at(cmd);
        fail(fmt::format("error calling {}: result exceeds {} bytes", name, options_.max_output_bytes));
      }
      return std::move(*result);
    }
    const std::string& message = result.error().message;
    if (result.error().kind != ErrorKind::invalid_argument) {
      at(cmd);
      fail(fmt::format("error calling {}: {}", name, message));
    }
    constexpr std::string_view kCount = "wrong number of args";
    if (message.starts_with(kCount)) {
      at(ident);
      fail(fmt::format("{} for {}{}", kCount, name, message.substr(kCount.size())));
    }
    if (auto problem = split_argument_error(message)) {
      // An argument written in the action: point at it. The piped-in final
      // value has no node of its own.
      if (problem->index + 1 < args.size()) {
        const Node& arg = *args[problem->index + 1];
        at(arg);
        fail(literal_argument_problem(arg, problem->message));
      }
      fail(std::string(problem->message));
    }
    fail(message);
  }

  // Go checks a literal argument against the parameter's type before any
  // call: "expected string; found 1", "can't handle 1 for arg of type T".
  static std::string literal_argument_problem(const Node& arg, std::string_view message) {
    constexpr std::string_view kPrefix = "wrong type for value; expected ";
    const bool literal = arg.type == Node::Type::number || arg.type == Node::Type::string ||
                         arg.type == Node::Type::boolean || arg.type == Node::Type::nil;
    if (!literal || !message.starts_with(kPrefix)) return std::string(message);
    std::string_view type = message.substr(kPrefix.size());
    type = type.substr(0, type.find(';'));
    if (type == "string") {
      if (arg.type == Node::Type::nil) return fmt::format("cannot assign nil to {}", type);
      return fmt::format("expected string; found {}", arg.to_string());
    }
    return fmt::format("can't handle {} for arg of type {}", arg.to_string(), type);
  }

  Value eval_arg(const Value& dot, const Node& node) {
    at(node);
    switch (node.type) {
      case Node::Type::dot:
        return dot;
      case Node::Type::nil:
        return Value::nil();
      case Node::Type::field:
        return eval_field_node(dot, static_cast<const FieldNode&>(node), {}, nullptr);
      case Node::Type::variable:
        return eval_variable_node(dot, static_cast<const VariableNode&>(node), {}, nullptr);
      case Node::Type::pipe:
        return eval_pipeline(dot, static_cast<const PipeNode&>(node));
      case Node::Type::identifier:
        return eval_function(dot, static_cast<const IdentifierNode&>(node), node, {}, nullptr);
      case Node::Type::chain:
        return eval_chain_node(dot, static_cast<const ChainNode&>(node), {}, nullptr);
      case Node::Type::boolean:
        return Value::boolean(static_cast<const BoolNode&>(node).value);
      case Node::Type::number:
        return number_value(static_cast<const NumberNode&>(node));
      case Node::Type::string:
        return Value::string(static_cast<const StringNode&>(node).text);
      default:
        fail(fmt::format("can't handle {} for arg of type interface {{}}", node.to_string()));
    }
  }
};

}  // namespace

Result<std::string> execute_tree(const Tree& tree, const TreeSet& trees, const Functions& functions, const Value& data,
                                 const ExecuteOptions& options) {
  try {
    return Executor(trees, functions, options).run(tree, data);
  } catch (const ExecFailure& failure) {
    return std::unexpected(make_error(ErrorKind::invalid_argument, failure.message));
  }
}

}  // namespace vigil::tmpl
