// Emits a PolyTable as a pipelined Verilog module: the row and offset decode and the
// coefficient ROM in the first stage, then one Horner step per stage. Every wire is
// sized from a range analysis over the whole domain, so nothing can overflow.
#pragma once
#include <string>

#include "generator/design.hpp"
#include "generator/nonlinear/poly_table.hpp"

namespace bitloom {

struct PolyModule {
  VerilogModule module;
  int value_width = 0;  // signed width of value_o
  int latency = 0;      // register stages from t_i to value_o
};

// Module `name` with ports clk_i, en_i (all stages advance together), t_i[in_bits-1:0]
// and value_o (signed, units 2^-frac). Codes from `domain_codes` on give don't-care
// values; the caller masks them. `purpose` becomes the module's header comment.
PolyModule emit_poly_module(const std::string& name, const PolyTable& table, uint64_t domain_codes,
                            const std::string& purpose);

}  // namespace bitloom
