// The exp units of the max-first softmax methods, each a module of its own computing
// e ~ exp(x - max) on the integer grid: I-BERT's i-exp and hls4ml's table.
#pragma once
#include <string>

#include "generator/design.hpp"
#include "generator/nonlinear/softmax_model.hpp"

namespace bitloom {

struct ExpUnit {
  VerilogModule module;
  int latency = 0;
  int out_width = 0;   // unsigned e
  int multipliers = 0;
};

// I-BERT i-exp of x - max: a = max - x = z |ln2| - p, z by a constant divide (multiply
// and shift, checked exact for every a), q = (p + b)^2 + c, e = q * 2^(shift - z).
ExpUnit ibert_exp(const std::string& name, const NonlinearConfig& c, const SoftmaxModel& m);

// hls4ml-style exp: a ROM indexed by the top bits of max - x.
ExpUnit lut_exp(const std::string& name, const NonlinearConfig& c, const SoftmaxModel& m);

}  // namespace bitloom
