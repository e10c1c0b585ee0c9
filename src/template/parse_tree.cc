#include "template/parse_tree.h"

#include "core/go_text.h"

namespace vigil::tmpl {

std::string ListNode::to_string() const {
  std::string out;
  for (const auto& node : nodes) out += node->to_string();
  return out;
}

std::string TextNode::to_string() const { return text; }

std::string CommandNode::to_string() const {
  std::string out;
  for (size_t i = 0; i < args.size(); ++i) {
    if (i > 0) out += ' ';
    if (args[i]->type == Type::pipe) {
      out += '(';
      out += args[i]->to_string();
      out += ')';
    } else {
      out += args[i]->to_string();
    }
  }
  return out;
}

std::string PipeNode::to_string() const {
  std::string out;
  for (size_t i = 0; i < decls.size(); ++i) {
    if (i > 0) out += ", ";
    out += decls[i];
  }
  if (!decls.empty()) out += " := ";
  for (size_t i = 0; i < cmds.size(); ++i) {
    if (i > 0) out += " | ";
    out += cmds[i]->to_string();
  }
  return out;
}

std::string ActionNode::to_string() const {
  std::string out = "{{";
  out += pipe->to_string();
  out += "}}";
  return out;
}

std::string FieldNode::to_string() const {
  std::string out;
  for (const auto& ident : idents) {
    out += '.';
    out += ident;
  }
  return out;
}

std::string VariableNode::to_string() const {
  std::string out;
  for (size_t i = 0; i < idents.size(); ++i) {
    if (i > 0) out += '.';
    out += idents[i];
  }
  return out;
}

std::string ChainNode::to_string() const {
  std::string out;
  if (node->type == Type::pipe) {
    out += '(';
    out += node->to_string();
    out += ')';
  } else {
    out += node->to_string();
  }
  for (const auto& field : fields) {
    out += '.';
    out += field;
  }
  return out;
}

std::string BranchNode::to_string() const {
  const char* name = type == Type::if_ ? "if" : type == Type::range ? "range" : "with";
  std::string out = "{{";
  out += name;
  out += ' ';
  out += pipe->to_string();
  out += "}}";
  out += list->to_string();
  if (else_list) {
    out += "{{else}}";
    out += else_list->to_string();
  }
  out += "{{end}}";
  return out;
}

std::string TemplateNode::to_string() const {
  std::string out = "{{template ";
  out += quote_go_string(name);
  if (pipe) {
    out += ' ';
    out += pipe->to_string();
  }
  out += "}}";
  return out;
}

}  // namespace vigil::tmpl
