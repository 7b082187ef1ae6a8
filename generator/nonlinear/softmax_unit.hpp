// The softmax unit (kind: softmax): its bit-exact model, sized from the spec's formats
// and MAX_LEN, and the streaming RTL of each method.
#pragma once
#include "generator/design.hpp"
#include "generator/nonlinear/softmax_model.hpp"

namespace bitloom {

struct SoftmaxSizing {
  int sum_guard_bits = -1;  // -1: the generator's choice (tests narrow it on purpose)
};

SoftmaxModel build_softmax_model(const NonlinearConfig& c, const SoftmaxSizing& sizing = {});

// Protocol "softmax_rows".
Design build_softmax_design(const NonlinearConfig& c);

}  // namespace bitloom
