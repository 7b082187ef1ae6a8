// Generate loops of Booth recoders (booth_recoder.hpp) in an array's top: every array
// recodes each activation once, before the copies or the row of PEs it reaches, so that
// no PE repeats the recoding and the PEs' critical path starts at the partial-product
// select. The arrays differ only in where the activations and their digits sit. Each
// loop is a checked IR fragment (hw/fragment.hpp): the digit nets it drives for the text
// must be driven in full, once.
#pragma once
#include <functional>
#include <string>

#include "generator/design.hpp"
#include "hw/fragment.hpp"

namespace bitloom {

// Recoder `index`'s a input and its digit outputs.
struct RecoderPorts {
  hw::Expr a, neg, one, two;
};
// Declares in `f` the nets the loop reads and drives; returns where recoder `index` sits.
using RecoderWiring = std::function<std::function<RecoderPorts(const hw::Sym& index)>(hw::Fragment& f)>;

// Bits of one activation's Booth digits, {two, one, neg} (the tops' A_CODE).
int digit_code_bits(const GemmConfig& g);

// A generate block of `count` recoders `recoder` (instance gen_recode[var].u_recode); `d`
// holds the recoder module.
std::string recoder_loop(const Design& d, const std::string& recoder, const std::string& var, const hw::Sym& count,
                         const RecoderWiring& wiring);

// The recoders at the edge of a systolic array whose activations move along its rows
// (OS, WS): each activation is recoded as it enters, and its digits move from PE to PE
// in its place. Declares DIGITS (radix-4 Booth digits per activation), A_CODE =
// 3*DIGITS (one activation's digits, {two, one, neg}, digit d at bit d of each) and the
// wire `out` [lanes*A_CODE], and recodes lane gl of `in` (A_WIDTH bits a lane) into lane
// gl of `out`. Uses genvar gl.
std::string edge_recoders(const Design& d, const GemmConfig& g, const std::string& recoder, const hw::Sym& lanes,
                          const std::string& in, const std::string& out);

}  // namespace bitloom
