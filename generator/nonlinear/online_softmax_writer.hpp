// The writer of the online_base2 softmax top (see softmax_rtl.hpp), shared by the two
// files that hold its sections: softmax_rtl.cpp (sizing, pass 1) and
// online_softmax_back.cpp (reciprocal, pass 2).
#pragma once
#include <string>

#include "generator/nonlinear/delay_line_set.hpp"
#include "generator/nonlinear/poly_rtl.hpp"
#include "generator/nonlinear/softmax_rtl.hpp"

namespace bitloom::online_softmax {

// Writes the online_base2 top. The constructor sizes every register from the model's
// ranges; each section of the datapath is then a method, called in order by write().
class OnlineSoftmaxWriter {
 public:
  OnlineSoftmaxWriter(const NonlinearConfig& config, const SoftmaxModel& model);
  SoftmaxRtl write();

 private:
  void header();
  void front();
  void beat_buffer();
  void beat_sum();
  void running_pair();
  void reciprocal();
  void newton();
  void direct_reciprocal();
  void meta_fifo();
  void back();
  void round_out();
  std::string exp2_lanes(const std::string& side, const std::string& en, const std::string& v_bus,
                         const std::string& e2_bus, const std::string& vi_bus) const;

  const NonlinearConfig& c;
  const SoftmaxModel& m;
  SoftmaxRtl r;
  std::string v;  // the top's text so far
  std::string top;
  DelayLineSet delays;  // the data delay chains, their modules before the top
  int P, xw, yw;
  // Widths: v, int(v), log2 e, x log2 e, 2^frac, beat sum, running sum, mantissa and
  // reciprocal fractions, reciprocal, product, msb index, exponent, output shift.
  int vw, viw, lw, xpw, ew, bw, sw, mf, rf, rw, prw, kw, e_w, shw, r0w;
  int64_t base_shift, srmax;
  PolyModule exp2, recip;
  // Table latencies, pipeline depths, buffer sizes and their counter widths.
  int lp, lr, beats_max, depth, vdepth, dw, vdw, bpw, bufw, metaw, vpw;
  std::string rd;  // suffix of the reciprocal path's delayed signals
  std::string meta_r, meta_e, meta_m, meta_have, meta_valid;  // what the per-vector FIFO stores
};

}  // namespace bitloom::online_softmax
