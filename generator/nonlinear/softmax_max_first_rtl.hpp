// Verilog of the max-first softmax baselines (methods ibert and lut), protocol
// softmax_rows like online_base2. These methods need the vector's max before any exp,
// so each element is read three times: on arrival (running max), by a sum reader
// (exp, sum, then 1/sum: I-BERT's floor(2^32 / sum) by a pipelined divider, or the LUT
// method's reciprocal table), and by an output reader (exp again, times 1/sum). The
// readers overlap across vectors, so back-to-back vectors still stream at one beat per
// cycle, at the price of a buffer of about three vectors.
#pragma once
#include "generator/nonlinear/softmax_rtl.hpp"

namespace bitloom {

SoftmaxRtl emit_max_first_softmax_rtl(const NonlinearConfig& c, const SoftmaxModel& m);

}  // namespace bitloom
