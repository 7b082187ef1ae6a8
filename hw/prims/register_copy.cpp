#include "hw/prims/prims.hpp"

namespace bitloom::hw::prims {

Module register_copy(const std::string& name, const std::string& what) {
  Module m(name, name + ": one copy of " + what + ".");
  m.input("clk_i");
  m.input("d_i");
  m.output_reg("q_o");
  m.raw("  always @(posedge clk_i) q_o <= d_i;\n", {"q_o"}, {"clk_i", "d_i"});
  return m;
}

}  // namespace bitloom::hw::prims
