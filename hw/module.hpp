// The structural IR: a module is typed ports, constants and items (declarations,
// continuous assignments, instances, and raw Verilog for behaviour the IR does not
// model, such as always blocks). Modules are concrete: every width is a number, so a
// generated module's name says which variant it is and reports never show $paramod.
#pragma once
#include <string>
#include <variant>
#include <vector>

#include "hw/expr.hpp"

namespace bitloom::hw {

enum class Dir { kIn, kOut };

struct Port {
  std::string name;
  Dir dir = Dir::kIn;
  int width = 1;
  bool is_reg = false;  // an output driven from an always block
  std::string comment;
};

// localparam integer NAME = value; printed after the ports.
struct Constant {
  std::string name;
  long long value = 0;
  std::string comment;
};

struct Decl {
  std::string name;
  int width = 1;
  bool is_reg = false;
  std::string comment;
};

struct Assign {
  Expr lhs, rhs;
};

struct Connection {
  std::string port;
  Expr value;  // empty: an output left open on purpose
};

struct Instance {
  std::string module;
  std::string name;
  std::string comment;
  std::vector<Connection> connections;
};

// Verilog the IR does not model. It names the nets it drives and reads so that the
// checker still sees every driver and every load.
struct Raw {
  std::string text;
  std::vector<std::string> drives;
  std::vector<std::string> reads;
};

using Item = std::variant<Decl, Assign, Instance, Raw>;

class Module {
 public:
  Module(std::string name, std::string comment) : name_(std::move(name)), comment_(std::move(comment)) {}

  Expr input(const std::string& name, int width = 1, const std::string& comment = "");
  Expr output(const std::string& name, int width = 1, const std::string& comment = "");
  Expr output_reg(const std::string& name, int width = 1, const std::string& comment = "");
  void constant(const std::string& name, long long value, const std::string& comment = "");
  Expr wire(const std::string& name, int width = 1, const std::string& comment = "");
  Expr reg(const std::string& name, int width = 1, const std::string& comment = "");
  void assign(const Expr& lhs, const Expr& rhs);
  // An instance, its ports connected (connect(), in the order they should print).
  void add(Instance instance);
  void raw(const std::string& text, std::vector<std::string> drives, std::vector<std::string> reads);

  // A port or declared net, whole.
  Expr net(const std::string& name) const;

  const std::string& name() const { return name_; }
  const std::string& comment() const { return comment_; }
  const std::vector<Port>& ports() const { return ports_; }
  const std::vector<Constant>& constants() const { return constants_; }
  const std::vector<Item>& items() const { return items_; }
  const Port* find_port(const std::string& name) const;

 private:
  Expr add_port(const std::string& name, Dir dir, int width, bool is_reg, const std::string& comment);
  void claim(const std::string& name);

  std::string name_, comment_;
  std::vector<Port> ports_;
  std::vector<Constant> constants_;
  std::vector<Item> items_;
  std::vector<std::string> names_;
};

void connect(Instance& inst, const std::string& port, const Expr& value);
// An output port whose value nobody needs.
void leave_open(Instance& inst, const std::string& port);

}  // namespace bitloom::hw
