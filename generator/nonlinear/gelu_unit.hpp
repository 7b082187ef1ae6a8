// The GELU unit (kind: gelu): its bit-exact model, computed from the spec's formats and
// method, and the streaming RTL that implements exactly that model.
#pragma once
#include "generator/design.hpp"
#include "generator/nonlinear/gelu_model.hpp"

namespace bitloom {

// Fits the tables or derives the integer constants of the chosen method.
GeluModel build_gelu_model(const NonlinearConfig& c);

// Protocol "elementwise": P lanes per beat, fixed latency, one beat per cycle.
Design build_gelu_design(const NonlinearConfig& c);

}  // namespace bitloom
