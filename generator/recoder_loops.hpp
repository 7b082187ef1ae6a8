// Generate loops of Booth recoders (booth_recoder.hpp) in an array's top: every array
// recodes each activation once, before the copies or the row of PEs it reaches, so that
// no PE repeats the recoding and the PEs' critical path starts at the partial-product
// select. The arrays differ only in where the activations and their digits sit.
#pragma once
#include <string>

#include "generator/spec.hpp"

namespace bitloom {

// Where recoder `var` reads a and writes its digits: Verilog slices in terms of `var`.
struct RecoderSlices {
  std::string a, neg, one, two;
};

// Bits of one activation's Booth digits, {two, one, neg} (the tops' A_CODE).
int digit_code_bits(const GemmConfig& g);

// A generate block of `count` recoders `recoder` (instance gen_recode[var].u_recode).
std::string recoder_loop(const std::string& recoder, const std::string& var, const std::string& count,
                         const RecoderSlices& slices);

// The recoders at the edge of a systolic array whose activations move along its rows
// (OS, WS): each activation is recoded as it enters, and its digits move from PE to PE
// in its place. Declares DIGITS (radix-4 Booth digits per activation), A_CODE =
// 3*DIGITS (one activation's digits, {two, one, neg}, digit d at bit d of each) and the
// wire `out` [lanes*A_CODE], and recodes lane gl of `in` (A_WIDTH bits a lane) into lane
// gl of `out`. Uses genvar gl.
std::string edge_recoders(const GemmConfig& g, const std::string& recoder, const std::string& lanes,
                          const std::string& in, const std::string& out);

}  // namespace bitloom
