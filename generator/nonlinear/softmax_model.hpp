// Bit-exact models of the softmax methods: what the unit outputs for one vector, given
// as beats of P lanes (the online method's rescaling follows the beat order, so the
// grouping is part of the answer). Integers only; softmax_unit.cpp computes the data.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "generator/kinds.hpp"
#include "generator/nonlinear/fixed_point.hpp"
#include "generator/nonlinear/poly_table.hpp"

namespace bitloom {

struct SoftmaxModel {
  Method method = Method::kOnlineBase2;
  int lanes = 1;
  int max_len = 1;
  FixedFormat x;        // signed input
  FixedFormat y;        // unsigned probability

  // online_base2. v = x log2(e) with v_frac fraction bits: v = round(x * l2e / 2^l2e_shift).
  int64_t l2e = 0;
  int l2e_shift = 0;
  int v_frac = 0;
  PolyTable exp2;       // 2^f for f = frac(v) in [0, 1), units 2^-sum_frac
  int sum_frac = 0;     // fraction bits of the terms and the running sum
  int sum_width = 0;    // bits of the running sum (unsigned)
  int mant_frac = 0;    // the sum normalised to [1, 2) with this many fraction bits
  PolyTable recip;      // 1/s on the mantissa's fraction, units 2^-recip_frac
  int recip_frac = 0;
  bool newton = false;  // one Newton step R (2 - s R) refines the table's 1/s

  // ibert: I-BERT's i-exp on x - max, integer sum, factor floor(2^32 / sum).
  int64_t ln2_int = 0;  // floor(-ln 2 / S): the (negative) range-reduction step
  int64_t poly_b = 0;   // floor(1.353 / S)
  int64_t poly_c = 0;   // floor(0.344 / (0.3585 S^2))
  int exp_shift = 0;    // exp_int = floor(q * 2^(exp_shift - z)), sized so the sum fits

  // lut: hls4ml-style tables; exp indexed by (max - x) >> lut_exp_shift, 1/sum by
  // sum >> lut_inv_shift. Both hold lut_frac fraction bits.
  std::vector<int64_t> lut_exp, lut_inv;
  int lut_exp_shift = 0, lut_inv_shift = 0, lut_frac = 0;

  // The unit's output codes for one vector; keep[i] false masks element i (output 0,
  // no part in max or sum). codes.size() is a multiple of `lanes` (beats).
  std::vector<int64_t> eval(const std::vector<int64_t>& codes, const std::vector<bool>& keep) const;

  // online_base2 pieces, exposed for the RTL's range analysis and for tests.
  int64_t v_of(int64_t x_code) const { return fx::round_shift(x_code * l2e, l2e_shift); }
  int64_t exp2_of(int64_t v) const;  // 2^frac(v) in units 2^-sum_frac
  struct Reciprocal {
    int64_t r = 0;   // ~ 1/s, units 2^-recip_frac
    int e = 0;       // sum = s * 2^e, s in [1, 2)
  };
  Reciprocal reciprocal_of(int64_t sum) const;

 private:
  std::vector<int64_t> eval_online(const std::vector<int64_t>& codes, const std::vector<bool>& keep) const;
  std::vector<int64_t> eval_ibert(const std::vector<int64_t>& codes, const std::vector<bool>& keep) const;
  std::vector<int64_t> eval_lut(const std::vector<int64_t>& codes, const std::vector<bool>& keep) const;
};

}  // namespace bitloom
