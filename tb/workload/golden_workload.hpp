// The golden model of a whole workload: every tensor, computed the way the hardware
// will: plain integer loops for GEMM (exact sum, then round, shift, saturate, ReLU) and
// add (saturating), and the GELU and softmax units' own bit-exact models, built from the
// same tables the generator computes, fed rows as beats of L lanes with padded lanes
// masked. It is the reference for the workload hardware's test bench.
#pragma once
#include <cstdint>
#include <random>
#include <vector>

#include "generator/workload/workload.hpp"

namespace bitloom::workload {

struct Values {
  long long rows = 0, cols = 0;
  std::vector<int64_t> v;  // row-major codes
  Values() = default;
  Values(long long r, long long c) : rows(r), cols(c), v(static_cast<size_t>(r * c), 0) {}
  int64_t& at(long long r, long long c) { return v[static_cast<size_t>(r * cols + c)]; }
  int64_t at(long long r, long long c) const { return v[static_cast<size_t>(r * cols + c)]; }
};

// One Values per tensor, by tensor index; inputs filled, the rest empty.
using TensorValues = std::vector<Values>;

// Seeded inputs: GEMM weights uniform over the format, activations and nonlinear inputs
// Gaussian with a standard deviation of two units (so softmax and GELU see their
// interesting range), rounded and clamped to the format.
TensorValues random_inputs(const Workload& w, uint64_t seed);

// Every tensor of the workload, computed from the inputs in task order.
TensorValues run_golden(const Workload& w, TensorValues values);

}  // namespace bitloom::workload
