// Weight-stationary multiplier-adder tree (the TPE paper's third architecture), protocol
// ws_stream: N columns, each a K-deep dot product of one row of A per beat with its
// stationary, double-buffered weights.
#pragma once
#include "generator/design.hpp"

namespace bitloom {
Design build_mul_tree_array(const GemmConfig& g);
}
