// The writer of the max-first softmax tops (ibert, lut), shared by the two files that
// hold its sections: softmax_max_first_rtl.cpp (sizing, buffer, max, sum) and
// max_first_softmax_out.cpp (1/sum, per-vector FIFO, output reader).
#pragma once
#include <string>

#include "generator/nonlinear/delay_line_set.hpp"
#include "generator/nonlinear/softmax_exp_units.hpp"
#include "generator/nonlinear/softmax_rtl.hpp"

namespace bitloom::max_first_softmax {

// Writes a max-first softmax top (ibert or lut). The constructor sizes everything; each
// section of the datapath is a method, called in order by write().
class MaxFirstSoftmaxWriter {
 public:
  MaxFirstSoftmaxWriter(const NonlinearConfig& config, const SoftmaxModel& model);
  SoftmaxRtl write();

 private:
  void header_and_buffer();
  void running_max();
  void sum_reader();
  void divider();
  void inverse_table();
  void meta_fifo();
  void output_reader();
  void round_out();
  // The next value of a beat-buffer pointer and of a per-vector FIFO pointer.
  std::string bump(const std::string& ptr) const;
  std::string vbump(const std::string& ptr) const;

  const NonlinearConfig& c;
  const SoftmaxModel& m;
  SoftmaxRtl r;
  std::string v;  // the top's text so far
  std::string top;
  DelayLineSet delays;  // the data delay chains, their modules before the top
  bool ibert;
  int P, xw, yw;
  ExpUnit ex;
  // exp latency and width; vector sum, beat sum and 1/sum widths; divider latency.
  int le, ew, sw, bsw, fw, ld, out_shift;
  int64_t lut_sum_max;
  // Buffer sizes, counter and pointer widths, entry widths.
  int beats_max, depth, vdepth, dw, vdw, bpw, vpw, bufw, metaw;
  std::string factor, meta_valid, meta_meta;  // what the per-vector FIFO stores
};

}  // namespace bitloom::max_first_softmax
