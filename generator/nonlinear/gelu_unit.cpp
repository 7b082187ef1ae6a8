#include "generator/nonlinear/gelu_unit.hpp"

#include <climits>
#include <cmath>
#include <vector>

#include "generator/nonlinear/gelu_rtl.hpp"
#include "generator/interfaces.hpp"
#include "generator/nonlinear/golden.hpp"
#include "generator/nonlinear/poly_fit.hpp"
#include "generator/nonlinear/model_json.hpp"
#include "generator/nonlinear/nonlinear_design.hpp"

namespace bitloom {

namespace {

// Guard bits of the internal value below the finer of the two formats: coefficient
// and Horner rounding then cost at most ~2^-8 output LSB each.
constexpr int kGuardBits = 8;

// I-BERT's erf fit (Kim et al. 2021): erf(u) ~ sgn(u) [a (min(|u|, -b) + b)^2 + 1].
constexpr double kIbertA = -0.2888;
constexpr double kIbertB = -1.769;

void derive_ibert(const NonlinearConfig& c, GeluModel& m) {
  const double s1 = std::ldexp(1.0, -c.x.frac) / std::sqrt(2.0);  // scale of u = x / sqrt 2
  m.b_int = static_cast<int64_t>(std::floor(kIbertB / s1));
  m.c_int = static_cast<int64_t>(std::floor(1.0 / (kIbertA * s1 * s1)));
  // The published code shifts erf right by a fixed 14 bits, which leaves nothing of
  // erf at coarse input scales. Keep 2^-(YF+4) of erf per code instead: then x * erf/2
  // loses under a quarter output LSB for |x| < 8, and the product stays small.
  const double erf_unit = std::fabs(kIbertA) * s1 * s1;
  m.erf_shift = std::max(0, static_cast<int>(std::floor(std::log2(std::ldexp(1.0, -(c.y.frac + 4)) / erf_unit))));
  const double erf_scale = kIbertA * s1 * s1 * std::ldexp(1.0, m.erf_shift);  // negative
  m.one_int = static_cast<int64_t>(std::floor(1.0 / erf_scale));
  // GELU = x (erf_int + one_int) * scale_out; one multiply moves it to the output grid.
  const double scale_out = std::ldexp(1.0, -c.x.frac) * erf_scale / 2 * std::ldexp(1.0, c.y.frac);
  m.out_shift = 15 - static_cast<int>(std::floor(std::log2(std::fabs(scale_out))));
  m.out_mult = std::llround(scale_out * std::ldexp(1.0, m.out_shift));
}

void fit_delta(const NonlinearConfig& c, GeluModel& m) {
  m.frac = std::max(c.x.frac, c.y.frac) + kGuardBits;
  const double budget = c.max_error_lsb * std::ldexp(1.0, -c.y.frac);
  // delta falls monotonically beyond its peak near 0.75; from the first code where it
  // is within the budget, the unit outputs ReLU(x).
  const uint64_t t_max = uint64_t{1} << (c.x.width - 1);
  uint64_t end = static_cast<uint64_t>(std::ceil(0.75 * std::ldexp(1.0, c.x.frac)));
  while (end <= t_max && golden::gelu_delta(std::ldexp(static_cast<double>(end), -c.x.frac)) > budget) ++end;
  PolyFitRequest req;
  req.f = golden::gelu_delta;
  req.in_bits = c.x.width;
  req.in_frac = c.x.frac;
  // Blocks of a quarter unit: delta's curvature changes over about that distance.
  req.block_bits = std::max(0, c.x.frac - 2);
  req.domain_codes = std::min(end, t_max + 1);
  req.degree = c.method == Method::kPolyQuadratic ? 2 : 1;
  req.frac = m.frac;
  req.max_error = budget;
  // Score a table value by the two outputs it decides, GELU(t) and GELU(-t). The fit
  // tries many values per code, so each code's correctly rounded outputs are computed once.
  const int64_t ymax = (int64_t{1} << (c.y.width - 1)) - 1;
  const int64_t x_max = (int64_t{1} << (c.x.width - 1)) - 1;
  const double lsb = std::ldexp(1.0, -c.y.frac);
  auto nearest = [&](int64_t x) {
    const double v = std::floor(golden::gelu(std::ldexp(static_cast<double>(x), -c.x.frac)) / lsb + 0.5);
    return static_cast<int64_t>(std::min<double>(static_cast<double>(ymax), std::max<double>(static_cast<double>(-ymax - 1), v)));
  };
  const uint64_t fit_codes = ((req.domain_codes + (uint64_t{1} << req.block_bits) - 1) >> req.block_bits) << req.block_bits;
  std::vector<int64_t> want_pos(fit_codes), want_neg(fit_codes);
  for (uint64_t t = 0; t < fit_codes; ++t) {
    want_neg[t] = nearest(-static_cast<int64_t>(t));
    want_pos[t] = static_cast<int64_t>(t) <= x_max ? nearest(static_cast<int64_t>(t)) : 0;
  }
  // For x = +t and x = -t: the table values (in units of 2^-frac) for which the
  // output equals the correctly rounded GELU(x). The output is
  // sat(round_shift(relu * 2^(frac - XF) - value, frac - YF)), falling in value, so
  // each target code is one range of values.
  const int k = m.frac - c.y.frac;
  const int64_t ymin = -ymax - 1;
  req.correct_ranges = [&, k, ymin](uint64_t t, std::vector<std::pair<int64_t, int64_t>>& out) {
    for (int sign : {1, -1}) {
      const int64_t x = sign * static_cast<int64_t>(t);
      if (x <= x_max) {
        const int64_t want = sign > 0 ? want_pos[t] : want_neg[t];
        const int64_t r = (x > 0 ? x : 0) * (int64_t{1} << (m.frac - c.x.frac));
        // round_shift(v, k) == want  <=>  v in [want 2^k - 2^(k-1), want 2^k + 2^(k-1) - 1];
        // saturation stretches the end codes to everything beyond them.
        const int64_t half = k > 0 ? int64_t{1} << (k - 1) : 0;
        const int64_t v_lo = want == ymin ? INT64_MIN : want * (int64_t{1} << k) - half;
        const int64_t v_hi = want == ymax ? INT64_MAX : want * (int64_t{1} << k) + (k > 0 ? half - 1 : 0);
        // value = r - v
        out.emplace_back(v_hi == INT64_MAX ? INT64_MIN : r - v_hi, v_lo == INT64_MIN ? INT64_MAX : r - v_lo);
      }
      if (t == 0) break;
    }
  };
  m.delta = fit_poly_table(req).table;
}

}  // namespace

GeluModel build_gelu_model(const NonlinearConfig& c) {
  GeluModel m;
  m.method = c.method;
  m.x = c.x;
  m.y = c.y;
  if (c.method == Method::kIbert) derive_ibert(c, m);
  else fit_delta(c, m);
  return m;
}

Design build_gelu_design(const NonlinearConfig& c) {
  const GeluModel m = build_gelu_model(c);
  Design d = nonlinear_design(c, BlockKind::kGelu, "elementwise", true);
  d.streams = elementwise_streams(c);
  const GeluRtl rtl = emit_gelu_rtl(c, m);
  d.modules = rtl.modules;
  d.latency_cycles = rtl.latency;
  auto& p = d.params;
  p["multipliers_per_lane"] = rtl.multipliers_per_lane;
  if (c.method == Method::kIbert) {
    p["table_rows"] = 0;
    p["table_row_bits"] = 0;
  } else {
    p["max_error_lsb"] = c.max_error_lsb;
    p["table_rows"] = m.delta.rows();
    p["table_row_bits"] = rtl.table_row_bits;
    p["table_degree"] = m.delta.degree;
    p["internal_frac"] = m.frac;
  }
  d.model = to_json(m);
  return d;
}

}  // namespace bitloom
