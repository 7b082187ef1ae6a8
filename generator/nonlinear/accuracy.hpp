// Measures a nonlinear unit's bit-exact model against double precision: exhaustively
// for GELU, on seeded random and directed vectors for softmax.
#pragma once
#include <nlohmann/json.hpp>

#include "generator/nonlinear/error_stats.hpp"
#include "generator/nonlinear/gelu_model.hpp"

namespace bitloom {

// Every input code of the model's format.
ErrorStats gelu_accuracy(const GeluModel& m);

}  // namespace bitloom
