#include "hw/printer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <sstream>

namespace bitloom::hw {

namespace {

std::string comment_block(const std::string& text, const std::string& indent) {
  std::string out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out += indent + (line.empty() ? "//" : "// " + line) + "\n";
  return out;
}

std::string port_lines(const Module& m) {
  size_t type_width = 0, name_width = 0;
  auto type_of = [](const Port& p) {
    return std::string(p.dir == Dir::kIn ? "input  " : "output ") + (p.is_reg ? "reg  " : "wire ") +
           (p.is_signed ? "signed " : "") +
           (!p.range_text.empty() ? p.range_text : p.vector && p.width == 1 ? "[0:0] " : range_text(p.width));
  };
  for (const Port& p : m.ports()) {
    type_width = std::max(type_width, type_of(p).size());
    name_width = std::max(name_width, p.name.size() + 1);
  }
  std::string out;
  for (size_t i = 0; i < m.ports().size(); ++i) {
    const Port& p = m.ports()[i];
    std::string line = fmt::format("  {:<{}}{}", type_of(p), type_width, p.name + (i + 1 < m.ports().size() ? "," : ""));
    if (!p.comment.empty()) line = fmt::format("{:<{}}  // {}", line, 2 + type_width + name_width, p.comment);
    out += line + "\n";
  }
  return out;
}

std::string decl_line(const Decl& d) {
  std::string line = fmt::format("  {} {}{};", d.is_reg ? "reg " : "wire",
                                 d.range_text.empty() ? range_text(d.width) : d.range_text, d.name);
  return d.comment.empty() ? line + "\n" : line + "  // " + d.comment + "\n";
}

std::string print_items_in(const std::vector<Item>& items, const std::string& indent, bool in_generate);

// The loop's body printed once, with the genvar's name for its index.
std::string print_loop(const Loop& l, const std::string& indent) {
  LoopBody body;
  l.body(body, Sym::named(l.genvar, 0));
  return fmt::format("{0}for ({1} = 0; {1} < {2}; {1} = {1} + 1) begin : {3}\n", indent, l.genvar, l.count.text(),
                     l.label) +
         print_items_in(body.items(), indent + "  ", true) + indent + "end\n";
}

// Consecutive loops outside a generate block share one.
std::string print_items_in(const std::vector<Item>& items, const std::string& indent, bool in_generate) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    const Item& item = items[i];
    if (const auto* d = std::get_if<Decl>(&item)) {
      if (d->in_raw) continue;
      out += in_generate ? indent + decl_line(*d).substr(2) : decl_line(*d);
    } else if (const auto* a = std::get_if<Assign>(&item)) {
      out += fmt::format("{}assign {} = {};\n", indent, a->lhs.text, a->rhs.text);
    } else if (const auto* inst = std::get_if<Instance>(&item)) {
      out += print_instance(*inst, indent);
    } else if (const auto* l = std::get_if<Loop>(&item)) {
      const bool opens = !in_generate && (i == 0 || !std::holds_alternative<Loop>(items[i - 1]));
      const bool closes = !in_generate && (i + 1 == items.size() || !std::holds_alternative<Loop>(items[i + 1]));
      if (opens) out += indent + "generate\n";
      out += print_loop(*l, in_generate ? indent : indent + "  ");
      if (closes) out += indent + "endgenerate\n";
    } else {
      out += std::get<Raw>(item).text;
    }
  }
  return out;
}

}  // namespace

std::string print_items(const std::vector<Item>& items, const std::string& indent) {
  return print_items_in(items, indent, false);
}

std::string print_instance(const Instance& inst, const std::string& indent) {
  size_t port_width = 0;
  for (const Connection& c : inst.connections) port_width = std::max(port_width, c.port.size());
  std::string out = "\n" + comment_block(inst.comment, indent) + fmt::format("{}{} {} (\n", indent, inst.module, inst.name);
  for (size_t i = 0; i < inst.connections.size(); ++i) {
    const Connection& c = inst.connections[i];
    out += fmt::format("{}  .{:<{}} ({}){}\n", indent, c.port, port_width, c.value.text,
                       i + 1 < inst.connections.size() ? "," : "");
  }
  return out + indent + ");\n";
}

std::string range_text(int width) { return width == 1 ? "" : fmt::format("[{}:0] ", width - 1); }

std::string print_module(const Module& m) {
  return print_module_head(m) + print_items(m.items(), "  ") + "endmodule\n`resetall\n";
}

std::string print_module_head(const Module& m) {
  std::string out = comment_block(m.comment(), "");
  out += "`resetall\n`default_nettype none\n";
  out += fmt::format("module {} (\n{}{});\n", m.name(), m.port_preamble(), port_lines(m));
  for (const Constant& c : m.constants()) {
    if (!c.comment.empty()) out += comment_block(c.comment, "  ");
    out += fmt::format("  localparam integer {} = {};\n", c.name, c.value);
  }
  return out;
}

}  // namespace bitloom::hw
