// Verilog of the online_base2 softmax unit (protocol softmax_rows).
//
// Front (pass 1, never stalls): x -> v = x log2 e; per beat the kept lanes' max of
// int(v) and sum of 2^frac(v) shifted to that max; a running (max, sum) pair that
// moves to a larger max by shifting the sum. v and tkeep go into a beat buffer.
// Reciprocal (per vector, fixed latency): normalise the sum, table 1/s, Newton step.
// Back (pass 2, stalls on m_y): re-read each beat, 2^(v - m) * (1/sum), round.
// Admission counts buffer beats and vectors in flight, so nothing overflows and
// back-to-back vectors stream at one beat per cycle.
#pragma once
#include <vector>

#include "generator/design.hpp"
#include "generator/nonlinear/softmax_model.hpp"

namespace bitloom {

struct SoftmaxRtl {
  std::vector<VerilogModule> modules;
  int latency = 0;        // one-beat vector, no stalls: s_x beat to m_y beat
  int buffer_beats = 0;   // beat buffer depth
  int multipliers = 0;    // in the whole unit
};

SoftmaxRtl emit_softmax_rtl(const NonlinearConfig& c, const SoftmaxModel& m);

}  // namespace bitloom
