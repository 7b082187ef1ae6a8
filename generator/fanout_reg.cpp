#include "generator/fanout_reg.hpp"

#include <fmt/format.h>

namespace bitloom {

VerilogModule fanout_reg_module(const std::string& name, const std::string& what) {
  return {name, "fanout", fmt::format(R"(// {0}: one copy of {1}.
`resetall
`default_nettype none
module {0} (
  input  wire clk_i,
  input  wire d_i,
  output reg  q_o
);
  always @(posedge clk_i) q_o <= d_i;
endmodule
`resetall
)",
                                      name, what)};
}

}  // namespace bitloom
