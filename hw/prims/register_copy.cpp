#include "hw/prims/prims.hpp"

namespace bitloom::hw::prims {

Module register_copy(const std::string& name, const std::string& what, int width) {
  Module m(name, name + ": one copy of " + what + ".");
  m.input("clk_i");
  m.input("d_i", width);
  m.output_reg("q_o", width);
  m.raw("  always @(posedge clk_i) q_o <= d_i;\n", {"q_o"}, {"clk_i", "d_i"});
  return m;
}

Module enabled_register_copy(const std::string& name, const std::string& what, int width) {
  Module m(name, name + ": one copy of " + what + ", loaded on the cycles its registered enable is high.");
  m.input("clk_i");
  m.input("en_d_i", 1, "the enable a cycle early; registered here");
  m.input("d_i", width);
  m.output_reg("q_o", width);
  m.reg("en_q", 1, "this copy's own enable flop: it drives only this module's flops");
  m.raw("  always @(posedge clk_i) begin\n    en_q <= en_d_i;\n    if (en_q) q_o <= d_i;\n  end\n", {"en_q", "q_o"},
        {"clk_i", "en_d_i", "d_i"});
  return m;
}

}  // namespace bitloom::hw::prims
