// Measures a nonlinear unit's bit-exact model against double precision: exhaustively
// for GELU, on seeded random and directed vectors for softmax.
#pragma once
#include <nlohmann/json.hpp>

#include <random>
#include <utility>
#include <vector>

#include "generator/nonlinear/error_stats.hpp"
#include "generator/nonlinear/gelu_model.hpp"
#include "generator/nonlinear/softmax_model.hpp"

namespace bitloom {

// Every input code of the model's format.
ErrorStats gelu_accuracy(const GeluModel& m);

// Softmax inputs: Gaussian logits with standard deviation sigma (real units), rounded
// to the input format and clamped; the lengths N and the sigmas are cycled so every
// pair gets an equal share of the vectors.
struct SoftmaxSuite {
  uint64_t seed = 1;
  long long vectors = 100000;
  std::vector<int> lengths = {1, 2, 3, 7, 64, 197, 1024};   // those above max_len are skipped
  std::vector<double> sigmas = {0.5, 1, 2, 4, 8};
};

struct SoftmaxAccuracy {
  ErrorStats error{8, 0, 255};
  std::vector<std::pair<int, double>> max_lsb_by_length;  // N -> max |err| in LSB
  double max_sum_error_lsb = 0;     // max over vectors of |sum(p) - 1|, in LSB
  double max_sum_error_ratio = 0;   // ... relative to the N/2 LSB bound
  long long argmax_checked = 0;     // vectors whose top-two gap exceeds one input LSB
  long long argmax_kept = 0;        // ... whose top input still has a top output
  long long vectors = 0;
};

// One vector's outcome, for suites and directed tests alike.
void score_softmax_vector(const SoftmaxModel& m, const std::vector<int64_t>& codes, const std::vector<bool>& keep,
                          SoftmaxAccuracy& acc);

SoftmaxAccuracy softmax_accuracy(const SoftmaxModel& m, const SoftmaxSuite& suite);

// Random Gaussian logits for one vector (shared with the RTL test bench's generator).
std::vector<int64_t> gaussian_codes(std::mt19937_64& rng, const FixedFormat& x, int n, double sigma);

}  // namespace bitloom
