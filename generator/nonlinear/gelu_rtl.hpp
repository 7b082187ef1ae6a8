// Verilog of the GELU unit: one lane module per method and the elementwise top that
// runs P lanes in lock step under one AXI4-Stream handshake.
#pragma once
#include <vector>

#include "generator/design.hpp"
#include "generator/nonlinear/gelu_model.hpp"

namespace bitloom {

struct GeluRtl {
  std::vector<VerilogModule> modules;  // leaves first
  int latency = 0;                     // cycles from an accepted beat to its output beat
  int multipliers_per_lane = 0;
  int table_row_bits = 0;              // bits of one ROM row (all coefficients)
};

GeluRtl emit_gelu_rtl(const NonlinearConfig& c, const GeluModel& m);

// The elementwise top of `c` (module c.name): `lane` has ports clk_i, en_i, x_i[XW-1:0],
// y_o[YW-1:0] and `latency` register stages (checked against its header). Shared with any
// elementwise unit.
VerilogModule emit_elementwise_top(const NonlinearConfig& c, const VerilogModule& lane, int latency,
                                   const std::string& what);

}  // namespace bitloom
