#include "generator/nonlinear/segment_fit.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <utility>

namespace bitloom {

namespace {

using Real = long double;
using Ranges = std::vector<std::vector<std::pair<int64_t, int64_t>>>;

// Samples of f over the segment at x = u / codes in [0, 1): at most about 2048, and the
// last code always.
void sample_segment(const PolyFitRequest& req, uint64_t t0, uint64_t codes, std::vector<double>& xs,
                    std::vector<double>& ys) {
  const Real scale_in = std::ldexp(Real(1), -req.in_frac);
  const uint64_t stride = std::max<uint64_t>(1, codes / 2048);
  for (uint64_t u = 0; u < codes; u += stride) {
    xs.push_back(static_cast<double>(u) / static_cast<double>(codes));
    ys.push_back(req.f(static_cast<double>((t0 + u) * scale_in)));
  }
  if ((codes - 1) % stride != 0) {
    xs.push_back(static_cast<double>(codes - 1) / static_cast<double>(codes));
    ys.push_back(req.f(static_cast<double>((t0 + codes - 1) * scale_in)));
  }
}

// The function at every code of the segment, in units of 2^-frac (evaluated once: the
// searches visit each code several times).
std::vector<Real> segment_targets(const PolyFitRequest& req, uint64_t t0, uint64_t codes) {
  const Real scale_in = std::ldexp(Real(1), -req.in_frac);
  std::vector<Real> target(codes);
  for (uint64_t u = 0; u < codes; ++u)
    target[u] = static_cast<Real>(req.f(static_cast<double>((t0 + u) * scale_in))) * std::ldexp(Real(1), req.frac);
  return target;
}

// A table of this one segment with the minimax polynomial's coefficients rounded
// (c0 = 0 for now). x = u / codes and u_real = u * 2^-in_frac, so
// c_j = a_j * (2^in_frac / codes)^j.
PolyTable rounded_segment(const PolyFitRequest& req, int shift, const std::vector<double>& a) {
  const uint64_t codes = uint64_t{1} << shift;
  PolyTable one;
  one.in_bits = 63;
  one.in_frac = req.in_frac;
  one.block_bits = shift;
  one.block_shift = {shift};
  one.block_base = {0};
  one.degree = req.degree;
  one.frac = req.frac;
  one.coef.assign(req.degree + 1, 0);
  const Real per_u = std::ldexp(Real(1), req.in_frac) / static_cast<Real>(codes);
  for (int j = 1; j <= req.degree; ++j)
    one.coef[j] = std::llround(static_cast<Real>(a[j]) * std::pow(per_u, j) * std::ldexp(Real(1), req.frac));
  return one;
}

// Lowest and highest target - table over the segment.
std::pair<Real, Real> residual_range(const PolyTable& one, const std::vector<Real>& target) {
  Real lo = INFINITY, hi = -INFINITY;
  for (uint64_t u = 0; u < target.size(); ++u) {
    const Real r = target[u] - static_cast<Real>(one.eval(u));
    lo = std::min(lo, r);
    hi = std::max(hi, r);
  }
  return {lo, hi};
}

// The best (slope, offset) so far: most outputs within their correct ranges, then the
// narrowest error.
struct OffsetChoice {
  long best_score = -1;
  Real best_width = INFINITY;
  std::vector<int64_t> coef;

  void consider(const PolyTable& one, int64_t c0, long total, Real lo, Real hi) {
    const Real width = std::max(hi - static_cast<Real>(c0), static_cast<Real>(c0) - lo);
    if (total > best_score || (total == best_score && width < best_width)) {
      best_score = total;
      best_width = width;
      coef = one.coef;
      coef[0] = c0;
    }
  }
};

// Offsets c0 in [c0_lo, c0_hi] for the table's slope. The count of correct outputs is
// constant between the ends of the ranges, so only those points and the offsets nearest
// the centre of each constant stretch are candidates (the width is convex in c0); they
// are visited in ascending order, as a scan of every offset would.
void search_offsets(const PolyTable& one, const Ranges& ranges, int64_t c0_lo, int64_t c0_hi, Real lo, Real hi,
                    OffsetChoice& choice) {
  const uint64_t codes = ranges.size();
  const Real mid = (lo + hi) / 2;
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
    for (int64_t c0 = c0_lo; c0 <= c0_hi; ++c0)
      choice.consider(one, c0, total += delta[static_cast<size_t>(c0 - c0_lo)], lo, hi);
    return;
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
      if (i == 0 || points[i] != points[i - 1]) choice.consider(one, points[i], total, lo, hi);
    p = q + 1;
  }
}

// The rounded minimax slope with the offset that centres the error (no correct ranges,
// or no slope met the budget).
std::vector<int64_t> centred_coefficients(const PolyTable& one, const std::vector<Real>& target) {
  const auto [lo, hi] = residual_range(one, target);
  std::vector<int64_t> coef = one.coef;
  coef[0] = std::llround((lo + hi) / 2);
  return coef;
}

}  // namespace

SegmentFit fit_segment(const PolyFitRequest& req, uint64_t t0, int shift) {
  const uint64_t codes = uint64_t{1} << shift;
  std::vector<double> xs, ys;
  sample_segment(req, t0, codes, xs, ys);
  const std::vector<Real> target = segment_targets(req, t0, codes);
  PolyTable one = rounded_segment(req, shift, minimax_poly(xs, ys, req.degree));
  SegmentFit s;
  if (!req.correct_ranges) {
    s.coef = centred_coefficients(one, target);
  } else {
    // Nearby slopes too, each with its best offset within the budget.
    const Real budget = static_cast<Real>(req.max_error) * std::ldexp(Real(1), req.frac);
    const int64_t base_c1 = one.coef[1];
    Ranges ranges(codes);
    for (uint64_t u = 0; u < codes; ++u) req.correct_ranges(t0 + u, ranges[u]);
    OffsetChoice choice;
    for (int64_t dc1 = -4; dc1 <= 4; ++dc1) {
      one.coef[1] = base_c1 + dc1;
      const auto [lo, hi] = residual_range(one, target);
      const int64_t c0_lo = static_cast<int64_t>(std::ceil(hi - budget));
      const int64_t c0_hi = static_cast<int64_t>(std::floor(lo + budget));
      if (c0_hi >= c0_lo) search_offsets(one, ranges, c0_lo, c0_hi, lo, hi, choice);
    }
    one.coef[1] = base_c1;
    s.coef = choice.coef.empty() ? centred_coefficients(one, target) : choice.coef;
  }
  one.coef = s.coef;
  one.coef[0] = 0;
  Real worst = 0;
  for (uint64_t u = 0; u < codes; ++u)
    worst = std::max(worst, std::fabs(target[u] - static_cast<Real>(one.eval(u)) - static_cast<Real>(s.coef[0])));
  s.error = static_cast<double>(worst * std::ldexp(Real(1), -req.frac));
  return s;
}

}  // namespace bitloom
