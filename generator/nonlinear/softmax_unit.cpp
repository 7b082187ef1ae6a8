#include "generator/nonlinear/softmax_unit.hpp"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

#include "generator/interfaces.hpp"
#include "generator/nonlinear/model_json.hpp"
#include "generator/nonlinear/nonlinear_design.hpp"
#include "generator/nonlinear/poly_fit.hpp"
#include "generator/nonlinear/softmax_max_first_rtl.hpp"
#include "generator/nonlinear/softmax_rtl.hpp"

namespace bitloom {

namespace {

int clog2(int64_t n) {
  int b = 0;
  while ((int64_t{1} << b) < n) ++b;
  return b;
}

// The cheapest table (degree 1, else 2) of f on [0, 1) in `bits` fraction bits.
PolyTable fit_unit_interval(double (*f)(double), int bits, int frac, double budget) {
  PolyFitRequest req;
  req.f = f;
  req.in_bits = bits;
  req.in_frac = bits;
  req.block_bits = bits;
  req.domain_codes = uint64_t{1} << bits;
  req.frac = frac;
  req.max_error = budget;
  req.degree = 1;
  PolyFit fit = fit_poly_table(req);
  if (fit.table.rows() > 64) {
    req.degree = 2;
    fit = fit_poly_table(req);
  }
  return fit.table;
}

double exp2_unit(double f) { return std::exp2(f); }
double recip_unit(double t) { return 1.0 / (1.0 + t); }

void size_online(const NonlinearConfig& c, const SoftmaxSizing& sz, SoftmaxModel& m) {
  const int yf = c.y.frac;
  // v = x log2 e keeps 3 bits below the output's LSB: each term then carries under
  // 2^-3.5 relative error from it, and a common error cancels in p.
  m.v_frac = yf + 3;
  const int lf = m.v_frac + (c.x.width - c.x.frac) + 2;  // log2 e to well below v's LSB
  m.l2e = std::llround(std::log2(std::exp(1.0)) * std::ldexp(1.0, lf));
  m.l2e_shift = c.x.frac + lf - m.v_frac;
  // Each of up to N terms is truncated when shifted into the sum (and the sum when the
  // max moves), so the sum needs log2(N) guard bits beyond the output's precision.
  const int guard = sz.sum_guard_bits >= 0 ? sz.sum_guard_bits : clog2(c.max_len) + 5;
  m.sum_frac = yf + guard;
  m.sum_width = m.sum_frac + clog2(c.max_len) + 1;
  // The table meets 2^-(YF+5), or the sum's own precision when that is coarser.
  m.exp2 = fit_unit_interval(exp2_unit, m.v_frac, m.sum_frac,
                             std::max(std::ldexp(1.0, -(yf + 5)), std::ldexp(1.0, -m.sum_frac)));
  m.recip_frac = yf + 6;
  m.mant_frac = m.recip_frac;
  m.newton = c.newton;
  // Newton squares the seed's relative error, so the seed table needs half the bits.
  const double recip_budget = c.newton ? std::ldexp(1.0, -((yf + 7) / 2 + 1)) : std::ldexp(1.0, -(yf + 5));
  m.recip = fit_unit_interval(recip_unit, m.mant_frac, m.recip_frac, recip_budget);
}

void size_ibert(const NonlinearConfig& c, SoftmaxModel& m) {
  const double s = std::ldexp(1.0, -c.x.frac);
  // I-BERT i-exp: x - max = -z ln2 + p, exp(p) ~ 0.3585 (p + 1.353)^2 + 0.344.
  m.ln2_int = static_cast<int64_t>(std::floor(-std::log(2.0) / s));
  m.poly_b = static_cast<int64_t>(std::floor(1.353 / s));
  m.poly_c = static_cast<int64_t>(std::floor(0.344 / (0.3585 * s * s)));
  // The published shift (30) assumes a coarse input scale; size it so that N terms of
  // exp(0) sum below 2^31 and the factor 2^32 / sum keeps its precision.
  const double q_max = static_cast<double>(m.poly_b * m.poly_b + m.poly_c);
  m.exp_shift = static_cast<int>(std::floor(31 - clog2(c.max_len) - std::log2(q_max)));
}

void size_lut(const NonlinearConfig& c, SoftmaxModel& m) {
  // hls4ml defaults: 1024-entry tables of ap_fixed<18,8> (10 fraction bits); exp is
  // indexed by the top bits of max - x over the input range, 1/sum in steps of 0.25.
  constexpr int kEntries = 1024;
  m.lut_frac = 10;
  m.lut_exp_shift = std::max(0, c.x.width - 10);
  const int entries = std::min(kEntries, 1 << c.x.width);
  const int64_t val_max = (int64_t{1} << 17) - 1;
  for (int i = 0; i < entries; ++i) {
    const double d = std::ldexp(static_cast<double>(int64_t{i} << m.lut_exp_shift), -c.x.frac);
    m.lut_exp.push_back(std::min(val_max, static_cast<int64_t>(std::floor(std::exp(-d) * 1024.0))));
  }
  m.lut_inv_shift = 8;  // sum in units of 2^-10; steps of 0.25
  for (int i = 0; i < kEntries; ++i) {
    const double sum = i * 0.25;
    m.lut_inv.push_back(i == 0 ? val_max : std::min(val_max, static_cast<int64_t>(std::floor(1024.0 / sum))));
  }
}

}  // namespace

SoftmaxModel build_softmax_model(const NonlinearConfig& c, const SoftmaxSizing& sizing) {
  SoftmaxModel m;
  m.method = c.method;
  m.lanes = c.lanes;
  m.max_len = c.max_len;
  m.x = c.x;
  m.y = c.y;
  if (c.method == Method::kOnlineBase2) size_online(c, sizing, m);
  else if (c.method == Method::kIbert) size_ibert(c, m);
  else size_lut(c, m);
  return m;
}

Design build_softmax_design(const NonlinearConfig& c) {
  const SoftmaxModel m = build_softmax_model(c);
  Design d = nonlinear_design(c, BlockKind::kSoftmax, "softmax_rows", false);
  d.streams = softmax_rows_streams(c);
  const bool online = c.method == Method::kOnlineBase2;
  const SoftmaxRtl rtl = online ? emit_softmax_rtl(c, m) : emit_max_first_softmax_rtl(c, m);
  d.modules = rtl.modules;
  d.latency_cycles = rtl.latency;
  auto& p = d.params;
  p["max_len"] = c.max_len;
  p["buffer_beats"] = rtl.buffer_beats;
  p["multipliers"] = rtl.multipliers;
  if (online) {
    p["newton"] = c.newton;
    p["v_frac"] = m.v_frac;
    p["sum_frac"] = m.sum_frac;
    p["sum_width"] = m.sum_width;
    p["exp2_rows"] = m.exp2.rows();
    p["exp2_degree"] = m.exp2.degree;
    p["recip_rows"] = m.recip.rows();
    p["recip_degree"] = m.recip.degree;
  }
  d.model = to_json(m);
  return d;
}

}  // namespace bitloom
