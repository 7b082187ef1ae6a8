// The structural IR: a module is typed ports, constants and items (declarations,
// continuous assignments, instances, and raw Verilog for behaviour the IR does not
// model, such as always blocks). Modules are concrete: every width is a number, so a
// generated module's name says which variant it is and reports never show $paramod.
#pragma once
#include <functional>
#include <string>
#include <variant>
#include <vector>

#include "hw/expr.hpp"
#include "hw/sym.hpp"

namespace bitloom::hw {

enum class Dir { kIn, kOut };

struct Port {
  std::string name;
  Dir dir = Dir::kIn;
  int width = 1;
  bool is_reg = false;  // an output driven from an always block
  std::string comment;
  bool vector = false;  // printed with a range even at one bit (a bus the body indexes)
  std::string range_text;  // printed instead of [width-1:0] when set (a width in localparams)
  bool is_signed = false;  // printed `wire signed`: the value is two's complement
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
  std::string range_text;  // printed instead of [width-1:0] when set (a symbolic width)
  bool in_raw = false;     // declared by a raw block's text (several on one line), not printed
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
// checker still sees every driver and every load: whole nets by name, or bits (a raw
// block inside a generate loop drives its iteration's slice).
struct Raw {
  std::string text;
  std::vector<std::string> drives;
  std::vector<std::string> reads;
  std::vector<Expr> drive_bits, read_bits;
};

class LoopBody;

// for (genvar = 0; genvar < count; genvar = genvar + 1) begin : label ... end
// `body` adds one iteration's items for `index`; the printer calls it once with the
// genvar's name, the checker once per value. A body must not branch on index.value():
// what it prints has to hold for every iteration.
struct Loop {
  std::string label;
  std::string genvar;
  Sym count = 0;
  std::function<void(LoopBody&, const Sym& index)> body;
};

using Item = std::variant<Decl, Assign, Instance, Raw, Loop>;

// The items of one loop iteration. Instance names repeat from iteration to iteration;
// a wire declared here is the iteration's own (gen_row[i].row_group), checked per
// iteration.
class LoopBody {
 public:
  Expr wire(const std::string& name, const Sym& width) {
    items_.push_back(Decl{name, static_cast<int>(width.value()), false, "", width.range()});
    return whole_net(name, static_cast<int>(width.value()));
  }
  // The iteration's own net that a raw block's text declares (a reg of an always block):
  // known to the checker, not printed.
  Expr raw_wire(const std::string& name, int width) {
    items_.push_back(Decl{name, width, false, "", "", true});
    return whole_net(name, width);
  }
  void assign(const Expr& lhs, const Expr& rhs) { items_.push_back(Assign{lhs, rhs}); }
  void add(Instance instance) { items_.push_back(std::move(instance)); }
  void raw_bits(const std::string& text, std::vector<Expr> drives, std::vector<Expr> reads) {
    items_.push_back(Raw{text, {}, {}, std::move(drives), std::move(reads)});
  }
  void loop(Loop l) { items_.push_back(std::move(l)); }
  const std::vector<Item>& items() const { return items_; }

 private:
  std::vector<Item> items_;
};

class Module {
 public:
  Module(std::string name, std::string comment) : name_(std::move(name)), comment_(std::move(comment)) {}

  Expr input(const std::string& name, int width = 1, const std::string& comment = "");
  Expr output(const std::string& name, int width = 1, const std::string& comment = "");
  Expr output_reg(const std::string& name, int width = 1, const std::string& comment = "");
  // Ports that are buses at any width: [0:0] at one bit, so a body may index them.
  Expr input_vector(const std::string& name, int width, const std::string& comment = "");
  Expr output_vector(const std::string& name, int width, const std::string& comment = "");
  Expr output_reg_vector(const std::string& name, int width, const std::string& comment = "");
  // Ports whose range prints as `width`'s text ([COLS*C_WIDTH-1:0]) over localparams the
  // module declares; a one-bit bus prints [0:0].
  Expr input_sized(const std::string& name, const Sym& width, const std::string& comment = "");
  Expr output_sized(const std::string& name, const Sym& width, const std::string& comment = "");
  void constant(const std::string& name, long long value, const std::string& comment = "");
  Expr wire(const std::string& name, int width = 1, const std::string& comment = "");
  Expr reg(const std::string& name, int width = 1, const std::string& comment = "");
  // A wire that a raw block's text declares (wire [7:0] a, b;): known to the checker,
  // not printed.
  Expr raw_wire(const std::string& name, int width);
  void assign(const Expr& lhs, const Expr& rhs);
  // An instance, its ports connected (connect(), in the order they should print).
  void add(Instance instance);
  void raw(const std::string& text, std::vector<std::string> drives, std::vector<std::string> reads);
  void raw_bits(const std::string& text, std::vector<Expr> drives, std::vector<Expr> reads);
  // A generate loop (consecutive loops print in one generate block).
  void loop(Loop l);
  // A localparam's name with its value, for loop bounds and index arithmetic.
  Sym constant_sym(const std::string& name) const;
  // Comment or pragma lines printed at the head of the port list (a lint waiver that the
  // body ends, for inputs of which only some bits matter).
  void set_port_preamble(std::string text) { port_preamble_ = std::move(text); }
  // The bits this module stores when it is a RAM (the memory prims set it): a synthesis
  // flow may keep such a module as an SRAM macro (a black box) instead of flops.
  void set_ram_bits(long long bits) { ram_bits_ = bits; }
  long long ram_bits() const { return ram_bits_; }

  // Marks a port as two's complement (printed `signed`; widths and checks are the same).
  void make_signed(const std::string& port);

  // A port or declared net, whole.
  Expr net(const std::string& name) const;

  const std::string& name() const { return name_; }
  const std::string& comment() const { return comment_; }
  const std::string& port_preamble() const { return port_preamble_; }
  const std::vector<Port>& ports() const { return ports_; }
  const std::vector<Constant>& constants() const { return constants_; }
  const std::vector<Item>& items() const { return items_; }
  const Port* find_port(const std::string& name) const;

 private:
  Expr add_port(const std::string& name, Dir dir, int width, bool is_reg, const std::string& comment);
  void claim(const std::string& name);

  std::string name_, comment_, port_preamble_;
  std::vector<Port> ports_;
  std::vector<Constant> constants_;
  std::vector<Item> items_;
  std::vector<std::string> names_;
  long long ram_bits_ = 0;
};

void connect(Instance& inst, const std::string& port, const Expr& value);
// An output port whose value nobody needs.
void leave_open(Instance& inst, const std::string& port);

}  // namespace bitloom::hw
