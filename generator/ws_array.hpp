// Weight-stationary systolic array with the ws_stream protocol.
#pragma once
#include "generator/design.hpp"

namespace bitloom {
Design build_ws_array(const GemmConfig& g);
}
