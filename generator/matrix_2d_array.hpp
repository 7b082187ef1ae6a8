// 2D-Matrix array (the TPE paper's fourth architecture), protocol os_tile: R x C PEs, each
// one output; a beat's column of A is broadcast along the PE rows and its row of B down
// the PE columns, with no systolic skew. With sparse_serial PEs one encoder per row
// turns groups of activations into nonzero EN-T digits, one per cycle, and the array
// stalls its inputs through tready while it works.
#pragma once
#include "generator/design.hpp"

namespace bitloom {
Design build_matrix_2d_array(const GemmConfig& g);
}
