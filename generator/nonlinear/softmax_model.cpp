#include "generator/nonlinear/softmax_model.hpp"

#include <algorithm>

namespace bitloom {

namespace {

int msb_index(uint64_t v) { return 63 - __builtin_clzll(v); }

// The largest kept code; false when every element is masked.
bool kept_max(const std::vector<int64_t>& codes, const std::vector<bool>& keep, int64_t& mx) {
  bool have = false;
  for (size_t i = 0; i < codes.size(); ++i)
    if (keep[i]) {
      mx = have ? std::max(mx, codes[i]) : codes[i];
      have = true;
    }
  return have;
}

// v >> k for unsigned sums, 0 once everything is shifted out.
int64_t shift_out(int64_t v, int64_t k) { return k >= 63 ? 0 : v >> k; }

}  // namespace

int64_t SoftmaxModel::exp2_of(int64_t v) const {
  return exp2.eval(static_cast<uint64_t>(v & ((int64_t{1} << v_frac) - 1)));
}

SoftmaxModel::Reciprocal SoftmaxModel::reciprocal_of(int64_t sum) const {
  Reciprocal out;
  const int k = msb_index(static_cast<uint64_t>(sum));
  const int64_t mant = k >= mant_frac ? sum >> (k - mant_frac) : sum << (mant_frac - k);
  out.e = k - sum_frac;
  const int64_t r0 = recip.eval(static_cast<uint64_t>(mant - (int64_t{1} << mant_frac)));
  if (!newton) {
    out.r = r0;
    return out;
  }
  const int64_t sr = fx::round_shift(mant * r0, mant_frac);  // s * r0, ~1 in units 2^-recip_frac
  out.r = fx::round_shift(r0 * ((int64_t{2} << recip_frac) - sr), recip_frac);
  return out;
}

std::vector<int64_t> SoftmaxModel::eval(const std::vector<int64_t>& codes, const std::vector<bool>& keep) const {
  if (method == Method::kIbert) return eval_ibert(codes, keep);
  if (method == Method::kLut) return eval_lut(codes, keep);
  return eval_online(codes, keep);
}

std::vector<int64_t> SoftmaxModel::eval_online(const std::vector<int64_t>& codes,
                                               const std::vector<bool>& keep) const {
  const size_t n = codes.size();
  std::vector<int64_t> out(n, 0);
  bool have = false;
  int64_t m = 0, sum = 0;
  // Pass 1, one beat at a time: the beat's own max and sum, then the running pair is
  // brought to the larger max by shifts.
  for (size_t b0 = 0; b0 < n; b0 += lanes) {
    bool any = false;
    int64_t bm = 0;
    for (size_t i = b0; i < b0 + lanes && i < n; ++i) {
      if (!keep[i]) continue;
      const int64_t vi = fx::floor_shift(v_of(codes[i]), v_frac);
      bm = any ? std::max(bm, vi) : vi;
      any = true;
    }
    if (!any) continue;
    int64_t beat_sum = 0;
    for (size_t i = b0; i < b0 + lanes && i < n; ++i) {
      if (!keep[i]) continue;
      const int64_t v = v_of(codes[i]);
      beat_sum += shift_out(exp2_of(v), bm - fx::floor_shift(v, v_frac));
    }
    if (!have) {
      m = bm;
      sum = beat_sum;
      have = true;
    } else {
      const int64_t mn = std::max(m, bm);
      sum = shift_out(sum, mn - m) + shift_out(beat_sum, mn - bm);
      m = mn;
    }
  }
  if (!have) return out;
  // Pass 2: each element's 2^(v - m) times 1/sum.
  const Reciprocal r = reciprocal_of(sum);
  for (size_t i = 0; i < n; ++i) {
    if (!keep[i]) continue;
    const int64_t v = v_of(codes[i]);
    const int64_t sh = sum_frac + recip_frac - y.frac + (m - fx::floor_shift(v, v_frac)) + r.e;
    const int64_t p = sh >= 63 ? 0 : fx::round_shift(exp2_of(v) * r.r, static_cast<int>(sh));
    out[i] = fx::saturate(p, y.width, false);
  }
  return out;
}

std::vector<int64_t> SoftmaxModel::eval_ibert(const std::vector<int64_t>& codes,
                                              const std::vector<bool>& keep) const {
  const size_t n = codes.size();
  std::vector<int64_t> out(n, 0), e(n, 0);
  int64_t mx = 0;
  if (!kept_max(codes, keep, mx)) return out;
  int64_t sum = 0;
  for (size_t i = 0; i < n; ++i) {
    if (!keep[i]) continue;
    const int64_t d = codes[i] - mx;              // <= 0
    const int64_t z = d / ln2_int;                // both <= 0: floor of a non-negative quotient
    const int64_t p = d - z * ln2_int;            // in (ln2_int, 0]
    const int64_t q = (p + poly_b) * (p + poly_b) + poly_c;
    const int64_t sh = exp_shift - z;
    e[i] = sh >= 0 ? q << sh : shift_out(q, -sh);
    sum += e[i];
  }
  const int64_t factor = sum > 0 ? (int64_t{1} << 32) / sum : 0;
  for (size_t i = 0; i < n; ++i)
    if (keep[i]) out[i] = fx::saturate((e[i] * factor) >> (32 - y.frac), y.width, false);
  return out;
}

std::vector<int64_t> SoftmaxModel::eval_lut(const std::vector<int64_t>& codes, const std::vector<bool>& keep) const {
  const size_t n = codes.size();
  std::vector<int64_t> out(n, 0), e(n, 0);
  int64_t mx = 0;
  if (!kept_max(codes, keep, mx)) return out;
  // The sum is an ap_fixed<18,8>-like register: it saturates.
  const int64_t sum_max = (int64_t{1} << 17) - 1;
  int64_t sum = 0;
  for (size_t i = 0; i < n; ++i) {
    if (!keep[i]) continue;
    const int64_t idx = std::min<int64_t>((mx - codes[i]) >> lut_exp_shift, static_cast<int64_t>(lut_exp.size()) - 1);
    e[i] = lut_exp[static_cast<size_t>(idx)];
    sum = std::min(sum_max, sum + e[i]);
  }
  const int64_t inv_idx = std::min<int64_t>(sum >> lut_inv_shift, static_cast<int64_t>(lut_inv.size()) - 1);
  const int64_t inv = lut_inv[static_cast<size_t>(inv_idx)];
  for (size_t i = 0; i < n; ++i)
    if (keep[i]) out[i] = fx::saturate((e[i] * inv) >> (2 * lut_frac - y.frac), y.width, false);
  return out;
}

}  // namespace bitloom
