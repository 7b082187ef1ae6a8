// Stimulus and expected results for a design's self-checking Verilog test bench, per
// protocol, from golden models that share nothing with the RTL: plain integer GEMM
// loops for the arrays, the bit-exact GELU/softmax models (rebuilt from the design's
// own tables) for the nonlinear units. What is expected follows from the inputs' order
// and the protocol's contract alone.
#pragma once
#include <cstdint>

#include "generator/design.hpp"
#include "tb/verilog_tb/stream_testbench.hpp"

namespace bitloom::tb {

// A seeded scenario for the design's protocol: short enough for an event-driven
// simulator (a few thousand cycles), covering corner operands and every sideband.
TbBench protocol_vectors(const Design& d, uint64_t seed);

}  // namespace bitloom::tb
