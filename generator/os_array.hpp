// Output-stationary systolic array with the os_tile AXI4-Stream protocol.
#pragma once
#include "generator/design.hpp"

namespace bitloom {
Design build_os_array(const GemmConfig& g);
}
