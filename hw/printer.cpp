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
           range_text(p.width);
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
  std::string line = fmt::format("  {} {}{};", d.is_reg ? "reg " : "wire", range_text(d.width), d.name);
  return d.comment.empty() ? line + "\n" : line + "  // " + d.comment + "\n";
}

}  // namespace

std::string print_instance(const Instance& inst) {
  size_t port_width = 0;
  for (const Connection& c : inst.connections) port_width = std::max(port_width, c.port.size());
  std::string out = "\n" + comment_block(inst.comment, "  ") + fmt::format("  {} {} (\n", inst.module, inst.name);
  for (size_t i = 0; i < inst.connections.size(); ++i) {
    const Connection& c = inst.connections[i];
    out += fmt::format("    .{:<{}} ({}){}\n", c.port, port_width, c.value.text,
                       i + 1 < inst.connections.size() ? "," : "");
  }
  return out + "  );\n";
}

std::string range_text(int width) { return width == 1 ? "" : fmt::format("[{}:0] ", width - 1); }

std::string print_module(const Module& m) {
  std::string out = comment_block(m.comment(), "");
  out += "`resetall\n`default_nettype none\n";
  out += fmt::format("module {} (\n{});\n", m.name(), port_lines(m));
  for (const Constant& c : m.constants()) {
    if (!c.comment.empty()) out += comment_block(c.comment, "  ");
    out += fmt::format("  localparam integer {} = {};\n", c.name, c.value);
  }
  for (const Item& item : m.items()) {
    if (const auto* d = std::get_if<Decl>(&item)) {
      out += decl_line(*d);
    } else if (const auto* a = std::get_if<Assign>(&item)) {
      out += fmt::format("  assign {} = {};\n", a->lhs.text, a->rhs.text);
    } else if (const auto* inst = std::get_if<Instance>(&item)) {
      out += print_instance(*inst);
    } else {
      out += std::get<Raw>(item).text;
    }
  }
  return out + "endmodule\n`resetall\n";
}

}  // namespace bitloom::hw
