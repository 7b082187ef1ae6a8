// 3D-cube array (N x N PEs, each an N-deep dot product per beat) with the os_tile
// protocol generalised to k_per_beat = N k steps per beat.
#pragma once
#include "generator/design.hpp"

namespace bitloom {
Design build_cube_array(const GemmConfig& g);
}
