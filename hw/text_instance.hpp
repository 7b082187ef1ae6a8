// An instance that Verilog text around it wires: each port on bits of a net the text
// declares (read from the text or driven for it, by the port's direction), checked
// against the instantiated module's header, so a port renamed, widened or left out fails
// the generator instead of reaching lint. Used where the rest of a module is still text.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "hw/module.hpp"
#include "hw/sym.hpp"

namespace bitloom::hw {

struct TextPort {
  // On bits of the text's net `net` (net_width bits).
  TextPort(std::string port_name, std::string net_name, int width, int first = 0, int stride = 0)
      : port(std::move(port_name)), net(std::move(net_name)), net_width(width), lsb(first), lane_stride(stride) {}
  // On a constant (1'b1).
  TextPort(std::string port_name, Expr literal) : port(std::move(port_name)), value(std::move(literal)) {}

  std::string port;
  std::string net;       // the text's net; empty: `value` instead (a literal)
  int net_width = 0;
  int lsb = 0;           // the port's bits start here ...
  int lane_stride = 0;   // ... plus lane * lane_stride in lane loops (0: the same bits in every lane)
  Expr value;
};

// One instance `inst` of `child`.
std::string checked_text_instance(const Module& child, const std::string& inst, const std::vector<TextPort>& ports,
                                  const std::string& indent = "  ");

// `count` instances in a generate loop `label` over genvar `genvar`, lane i on its bits.
std::string checked_text_lanes(const Module& child, const std::string& inst, const std::string& label,
                               const std::string& genvar, const Sym& count, const std::vector<TextPort>& ports);

}  // namespace bitloom::hw
