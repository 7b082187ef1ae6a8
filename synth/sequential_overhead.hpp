// The part of a clock period that no combinational logic can use: a flop's clock-to-Q
// delay plus the next flop's setup time, measured for a library by a real Yosys +
// OpenSTA run of a two-flop pipeline (cached per library). ABC maps combinational logic
// between flops, so its delay target is the period minus this overhead; given the whole
// period, ABC stops optimising paths that then miss timing in STA.
#pragma once
#include "synth/liberty.hpp"

namespace bitloom {

double sequential_overhead_ns(const Liberty& lib);

}  // namespace bitloom
