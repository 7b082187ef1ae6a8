// One segment of a piecewise polynomial table: minimax in real arithmetic, then integer
// coefficients chosen against the integer datapath (see fit_segment).
#pragma once
#include <cstdint>
#include <vector>

#include "generator/nonlinear/poly_fit.hpp"

namespace bitloom {

struct SegmentFit {
  std::vector<int64_t> coef;  // c0..cd
  double error = 0;           // real units
};

// The segment [t0, t0 + 2^shift): minimax in real arithmetic, then the rounded
// coefficients c1..cd, then c0 chosen against the integer datapath so the error is
// centred exactly. With req.correct_ranges, nearby slopes too, each with the offset that
// rounds the most outputs correctly within the error budget.
SegmentFit fit_segment(const PolyFitRequest& req, uint64_t t0, int shift);

}  // namespace bitloom
