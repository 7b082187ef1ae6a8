// Fits a PolyTable to a real function: per block, the longest segments whose minimax
// polynomial, after rounding its coefficients, stays within the error budget.
#pragma once
#include <functional>
#include <utility>
#include <vector>

#include "generator/nonlinear/poly_table.hpp"

namespace bitloom {

struct PolyFitRequest {
  std::function<double(double)> f;  // of the real input t * 2^-in_frac
  int in_bits = 0;
  int in_frac = 0;
  int block_bits = 0;
  uint64_t domain_codes = 0;        // fit t in [0, domain_codes), whole blocks
  int degree = 1;
  int frac = 0;
  double max_error = 0;             // absolute, real units, after coefficient rounding
  // Optional: for input t, the ranges of the table's value (offset included) for which
  // one of the unit's outputs is correctly rounded; each range [lo, hi] that holds the
  // value counts one correct output. Among the offsets c0 that keep the error within
  // budget, the fit takes the one with the most correct outputs (correct rounding is
  // decided near half-LSB boundaries, which a pure minimax fit ignores). Ranges make
  // the search linear in codes plus offsets rather than their product.
  std::function<void(uint64_t t, std::vector<std::pair<int64_t, int64_t>>& ranges)> correct_ranges;
};

struct PolyFit {
  PolyTable table;
  double max_error = 0;             // measured over every code of the domain
};

// Throws std::runtime_error when even one-code segments miss the budget (the
// coefficient precision `frac` is too coarse for it).
PolyFit fit_poly_table(const PolyFitRequest& req);

// Minimax polynomial of `degree` through the points (x, y) by Remez exchange on the
// discrete set; coefficients of x^0..x^degree. Exposed for tests.
std::vector<double> minimax_poly(const std::vector<double>& x, const std::vector<double>& y,
                                 int degree);

}  // namespace bitloom
