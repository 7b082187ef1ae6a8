// The Booth recoders at the edge of a systolic array whose activations move along its
// rows (OS, WS): each activation is recoded once, as it enters, and its digits move from
// PE to PE in its place, so that no PE repeats the recoding and the PEs' critical path
// starts at the partial-product select.
#pragma once
#include <string>

#include "generator/spec.hpp"

namespace bitloom {

// Declares DIGITS (radix-4 Booth digits per activation), A_CODE = 3*DIGITS (one
// activation's digits, {two, one, neg}, digit d at bit d of each) and the wire
// `out` [lanes*A_CODE], and recodes lane gl of `in` (A_WIDTH bits a lane) into lane gl of
// `out` with `recoder` (booth_recoder.hpp). Uses genvar gl.
std::string edge_recoders(const GemmConfig& g, const std::string& recoder, const std::string& lanes,
                          const std::string& in, const std::string& out);

}  // namespace bitloom
