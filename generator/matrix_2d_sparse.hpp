// The sparse bit-serial part of the 2D-Matrix top: the group load buffer, one encoder per
// PE row, the issue control and the PE array fed from them.
#pragma once
#include <string>

#include "generator/spec.hpp"

namespace bitloom {

// Verilog between the input control (which it gates with load_full_q / handover, both
// declared by the caller) and the drain; drives row_done.
// `flag` is the one-flop module of the per-row flag copies.
std::string sparse_array_body(const GemmConfig& g, const std::string& pe, const std::string& encoder,
                              const std::string& flag);

}  // namespace bitloom
