#include "generator/nonlinear/poly_fit.hpp"

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

struct SegmentFit {
  std::vector<int64_t> coef;  // c0..cd
  double error = 0;           // real units
};

// One segment [t0, t0 + 2^shift): minimax in real arithmetic, then the rounded
// coefficients c1..cd, then c0 chosen against the integer datapath so the error is
// centred exactly.
SegmentFit fit_segment(const PolyFitRequest& req, uint64_t t0, int shift) {
  const uint64_t codes = uint64_t{1} << shift;
  const int d = req.degree;
  const Real scale_in = std::ldexp(Real(1), -req.in_frac);
  std::vector<double> xs, ys;
  const uint64_t stride = std::max<uint64_t>(1, codes / 2048);
  for (uint64_t u = 0; u < codes; u += stride) {
    xs.push_back(static_cast<double>(u) / static_cast<double>(codes));
    ys.push_back(req.f(static_cast<double>((t0 + u) * scale_in)));
  }
  if ((codes - 1) % stride != 0) {
    xs.push_back(static_cast<double>(codes - 1) / static_cast<double>(codes));
    ys.push_back(req.f(static_cast<double>((t0 + codes - 1) * scale_in)));
  }
  const std::vector<double> a = minimax_poly(xs, ys, d);
  // The function at every code of the segment, in units of 2^-frac (evaluated once: the
  // loops below visit each code several times).
  std::vector<Real> target(codes);
  for (uint64_t u = 0; u < codes; ++u)
    target[u] = static_cast<Real>(req.f(static_cast<double>((t0 + u) * scale_in))) * std::ldexp(Real(1), req.frac);
  PolyTable one;
  one.in_bits = 63;
  one.in_frac = req.in_frac;
  one.block_bits = shift;
  one.block_shift = {shift};
  one.block_base = {0};
  one.degree = d;
  one.frac = req.frac;
  one.coef.assign(d + 1, 0);
  // x = u / codes and u_real = u * 2^-in_frac, so c_j = a_j * (2^in_frac / codes)^j.
  const Real per_u = std::ldexp(Real(1), req.in_frac) / static_cast<Real>(codes);
  for (int j = 1; j <= d; ++j)
    one.coef[j] = std::llround(static_cast<Real>(a[j]) * std::pow(per_u, j) *
                               std::ldexp(Real(1), req.frac));
  // Without ranges: the rounded minimax slope and the centred offset. With them, nearby
  // slopes too, each with its best offset.
  const Real budget = static_cast<Real>(req.max_error) * std::ldexp(Real(1), req.frac);
  const int64_t base_c1 = one.coef[1];
  const int span = req.correct_ranges ? 4 : 0;
  SegmentFit s;
  long best_score = -1;
  Real best_width = INFINITY;
  std::vector<Real> residual(codes);
  std::vector<std::vector<std::pair<int64_t, int64_t>>> ranges(req.correct_ranges ? codes : 0);
  for (uint64_t u = 0; u < ranges.size(); ++u) req.correct_ranges(t0 + u, ranges[u]);
  for (int64_t dc1 = -span; dc1 <= span; ++dc1) {
    one.coef[1] = base_c1 + dc1;
    Real lo = INFINITY, hi = -INFINITY;
    for (uint64_t u = 0; u < codes; ++u) {
      residual[u] = target[u] - static_cast<Real>(one.eval(u));
      lo = std::min(lo, residual[u]);
      hi = std::max(hi, residual[u]);
    }
    const int64_t centre = std::llround((lo + hi) / 2);
    if (!req.correct_ranges) {
      s.coef = one.coef;
      s.coef[0] = centre;
      break;
    }
    // Offsets whose error stays within the budget. The count of correct outputs is
    // constant between the ends of the ranges, so only those points and the offsets
    // nearest the centre of each constant stretch are candidates (the width is convex
    // in c0); they are visited in ascending order, as a scan of every offset would.
    const int64_t c0_lo = static_cast<int64_t>(std::ceil(hi - budget));
    const int64_t c0_hi = static_cast<int64_t>(std::floor(lo + budget));
    if (c0_hi < c0_lo) continue;
    const Real mid = (lo + hi) / 2;
    auto consider = [&](int64_t c0, long total) {
      const Real width = std::max(hi - static_cast<Real>(c0), static_cast<Real>(c0) - lo);
      if (total > best_score || (total == best_score && width < best_width)) {
        best_score = total;
        best_width = width;
        s.coef = one.coef;
        s.coef[0] = c0;
      }
    };
    // Calls add(first, last) for every range, as offsets clipped to the window.
    auto for_each_range = [&](auto&& add) {
      for (uint64_t u = 0; u < codes; ++u) {
        const int64_t base = one.eval(u);
        for (const auto& [rlo, rhi] : ranges[u]) {
          // value = base + c0 in [rlo, rhi]  <=>  c0 in [rlo - base, rhi - base]
          const int64_t a = rlo <= INT64_MIN + (base > 0 ? base : 0) ? c0_lo : std::max(c0_lo, rlo - base);
          const int64_t b = rhi >= INT64_MAX - (base < 0 ? -base : 0) ? c0_hi : std::min(c0_hi, rhi - base);
          if (a <= b) add(a, b);
        }
      }
    };
    const uint64_t window = static_cast<uint64_t>(c0_hi - c0_lo) + 1;
    if (window <= 8 * codes + 64) {
      // A narrow window: count every offset with a difference array.
      std::vector<long> delta(window + 1, 0);
      for_each_range([&](int64_t a, int64_t b) {
        ++delta[static_cast<size_t>(a - c0_lo)];
        --delta[static_cast<size_t>(b - c0_lo) + 1];
      });
      long total = 0;
      for (int64_t c0 = c0_lo; c0 <= c0_hi; ++c0) consider(c0, total += delta[static_cast<size_t>(c0 - c0_lo)]);
      continue;
    }
    std::vector<std::pair<int64_t, int>> events;  // (first offset, +1 / -1)
    for_each_range([&](int64_t a, int64_t b) {
      events.emplace_back(a, +1);
      events.emplace_back(b + 1, -1);
    });
    std::sort(events.begin(), events.end());
    long total = 0;
    size_t e = 0;
    for (int64_t p = c0_lo; p <= c0_hi;) {
      while (e < events.size() && events[e].first <= p) total += events[e++].second;
      const int64_t q = e < events.size() ? std::min(c0_hi, events[e].first - 1) : c0_hi;
      int64_t points[] = {p, static_cast<int64_t>(std::floor(mid)), static_cast<int64_t>(std::ceil(mid)), q};
      for (int64_t& c : points) c = std::clamp(c, p, q);
      std::sort(std::begin(points), std::end(points));
      for (int i = 0; i < 4; ++i)
        if (i == 0 || points[i] != points[i - 1]) consider(points[i], total);
      p = q + 1;
    }
  }
  if (s.coef.empty()) {  // no slope met the budget: report the centred minimax error
    one.coef[1] = base_c1;
    s.coef = one.coef;
    Real lo = INFINITY, hi = -INFINITY;
    for (uint64_t u = 0; u < codes; ++u) {
      const Real r = target[u] - static_cast<Real>(one.eval(u));
      lo = std::min(lo, r);
      hi = std::max(hi, r);
    }
    s.coef[0] = std::llround((lo + hi) / 2);
  }
  one.coef = s.coef;
  one.coef[0] = 0;
  for (uint64_t u = 0; u < codes; ++u)
    residual[u] = target[u] - static_cast<Real>(one.eval(u));
  Real worst = 0;
  for (Real r : residual) worst = std::max(worst, std::fabs(r - static_cast<Real>(s.coef[0])));
  s.error = static_cast<double>(worst * std::ldexp(Real(1), -req.frac));
  return s;
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
