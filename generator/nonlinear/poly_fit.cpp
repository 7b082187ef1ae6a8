#include "generator/nonlinear/poly_fit.hpp"

#include "generator/nonlinear/segment_fit.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cmath>
#include <stdexcept>

namespace bitloom {

namespace {

using Real = long double;

// Solves the (n x n+1) augmented system in place by Gaussian elimination with
// partial pivoting.
std::vector<Real> solve(std::vector<std::vector<Real>> m) {
  const size_t n = m.size();
  for (size_t col = 0; col < n; ++col) {
    size_t pivot = col;
    for (size_t r = col + 1; r < n; ++r)
      if (std::fabs(m[r][col]) > std::fabs(m[pivot][col])) pivot = r;
    std::swap(m[col], m[pivot]);
    for (size_t r = 0; r < n; ++r) {
      if (r == col || m[col][col] == 0) continue;
      const Real k = m[r][col] / m[col][col];
      for (size_t c = col; c <= n; ++c) m[r][c] -= k * m[col][c];
    }
  }
  std::vector<Real> x(n);
  for (size_t i = 0; i < n; ++i) x[i] = m[i][i] == 0 ? 0 : m[i][n] / m[i][i];
  return x;
}

Real poly_at(const std::vector<Real>& a, Real x) {
  Real v = 0;
  for (size_t j = a.size(); j-- > 0;) v = v * x + a[j];
  return v;
}

}  // namespace

std::vector<double> minimax_poly(const std::vector<double>& x, const std::vector<double>& y,
                                 int degree) {
  const size_t n = x.size();
  const size_t terms = static_cast<size_t>(degree) + 1;
  if (n <= terms) {
    // Few points: interpolate through them; higher coefficients stay zero.
    std::vector<std::vector<Real>> m(n, std::vector<Real>(n + 1));
    for (size_t i = 0; i < n; ++i) {
      for (size_t j = 0; j < n; ++j) m[i][j] = std::pow(static_cast<Real>(x[i]), j);
      m[i][n] = y[i];
    }
    std::vector<Real> c = solve(m);
    std::vector<double> out(terms, 0.0);
    for (size_t j = 0; j < n; ++j) out[j] = static_cast<double>(c[j]);
    return out;
  }
  // Reference set: terms + 1 points spread like Chebyshev extrema.
  std::vector<size_t> ref(terms + 1);
  for (size_t i = 0; i <= terms; ++i) {
    const double k = 0.5 - 0.5 * std::cos(M_PI * static_cast<double>(i) / static_cast<double>(terms));
    ref[i] = std::min(n - 1, static_cast<size_t>(std::lround(k * static_cast<double>(n - 1))));
  }
  for (size_t i = 1; i < ref.size(); ++i) ref[i] = std::max(ref[i], ref[i - 1] + 1);
  for (size_t i = ref.size(); i-- > 1;) ref[i - 1] = std::min(ref[i - 1], ref[i] - 1);

  std::vector<Real> a(terms, 0);
  for (int iter = 0; iter < 60; ++iter) {
    std::vector<std::vector<Real>> m(terms + 1, std::vector<Real>(terms + 2));
    for (size_t i = 0; i <= terms; ++i) {
      for (size_t j = 0; j < terms; ++j) m[i][j] = std::pow(static_cast<Real>(x[ref[i]]), j);
      m[i][terms] = (i % 2 == 0) ? 1 : -1;
      m[i][terms + 1] = y[ref[i]];
    }
    std::vector<Real> sol = solve(m);
    a.assign(sol.begin(), sol.begin() + static_cast<long>(terms));
    const Real level = std::fabs(sol[terms]);
    auto err = [&](size_t k) { return static_cast<Real>(y[k]) - poly_at(a, x[k]); };
    size_t worst = 0;
    for (size_t k = 0; k < n; ++k)
      if (std::fabs(err(k)) > std::fabs(err(worst))) worst = k;
    if (std::fabs(err(worst)) <= level * (1 + 1e-12L) + 1e-30L) break;
    // The worst point is already a reference point: nothing left to exchange.
    if (std::find(ref.begin(), ref.end(), worst) != ref.end()) break;
    // Single-point exchange that keeps the signs alternating.
    const auto same_sign = [&](size_t p, size_t q) { return (err(p) >= 0) == (err(q) >= 0); };
    if (worst < ref.front()) {
      if (same_sign(worst, ref.front())) {
        ref.front() = worst;
      } else {
        ref.pop_back();
        ref.insert(ref.begin(), worst);
      }
    } else if (worst > ref.back()) {
      if (same_sign(worst, ref.back())) {
        ref.back() = worst;
      } else {
        ref.erase(ref.begin());
        ref.push_back(worst);
      }
    } else {
      size_t i = 0;
      while (!(ref[i] <= worst && worst < ref[i + 1])) ++i;
      if (ref[i] == worst) break;
      if (same_sign(worst, ref[i])) ref[i] = worst;
      else ref[i + 1] = worst;
    }
  }
  std::vector<double> out(terms);
  for (size_t j = 0; j < terms; ++j) out[j] = static_cast<double>(a[j]);
  return out;
}

PolyFit fit_poly_table(const PolyFitRequest& req) {
  PolyFit fit;
  PolyTable& t = fit.table;
  t.in_bits = req.in_bits;
  t.in_frac = req.in_frac;
  t.block_bits = req.block_bits;
  t.degree = req.degree;
  t.frac = req.frac;
  const uint64_t block_codes = uint64_t{1} << req.block_bits;
  const uint64_t blocks = (req.domain_codes + block_codes - 1) / block_codes;
  for (uint64_t b = 0; b < blocks; ++b) {
    std::vector<SegmentFit> chosen;
    int chosen_shift = -1;
    double chosen_error = 0;
    for (int shift = req.block_bits; shift >= 0 && chosen_shift < 0; --shift) {
      std::vector<SegmentFit> segs;
      double worst = 0;
      for (uint64_t t0 = b * block_codes; t0 < (b + 1) * block_codes; t0 += uint64_t{1} << shift) {
        segs.push_back(fit_segment(req, t0, shift));
        worst = std::max(worst, segs.back().error);
        if (worst > req.max_error) break;
      }
      if (worst <= req.max_error) {
        chosen = std::move(segs);
        chosen_shift = shift;
        chosen_error = worst;
      }
    }
    if (chosen_shift < 0)
      throw std::runtime_error(fmt::format(
          "no table of degree {} meets an error of {:.3g} with {} coefficient fraction bits",
          req.degree, req.max_error, req.frac));
    t.block_shift.push_back(chosen_shift);
    t.block_base.push_back(t.rows());
    for (const auto& s : chosen) t.coef.insert(t.coef.end(), s.coef.begin(), s.coef.end());
    fit.max_error = std::max(fit.max_error, chosen_error);
  }
  return fit;
}

}  // namespace bitloom
