// Drives a generated os_tile core (Verilated as Vdut) through its AXI4-Stream ports with
// the shared source and sink (tb/axis_stream.hpp): independent input streams with random
// bubbles, random back-pressure on the output, protocol checks, and a comparison of
// every result beat with the golden GEMM.
#pragma once
#include <verilated.h>

#include <deque>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "tb/dut_model.hpp"
#include "params.hpp"
#include "tb/axis_stream.hpp"
#include "tb/golden_gemm.hpp"
#include "tb/harness_timeline.hpp"
#include "tb/verilated_dut.hpp"

namespace bitloom::tb {

namespace P = bitloom_params;

struct StreamKnobs {
  double a_bubble = 0.0;  // chance that a free input slot stays empty this cycle
  double b_bubble = 0.0;
  double c_stall = 0.0;   // chance that m_c_tready is low this cycle
};

class OsTileHarness : public HarnessTimeline {
 public:
  // Empty trace_path: no waveform.
  OsTileHarness(uint64_t seed, const std::string& trace_path);

  std::mt19937_64& rng() { return rng_; }
  void set_knobs(const StreamKnobs& k);

  // Random operands in the spec's ranges; `fill` = +1 all max, -1 all min, 0 random.
  Matrix random_a(int k, int fill = 0);
  Matrix random_b(int k, int fill = 0);
  // Queues one tile's beats and its expected results.
  void push_tile(const Matrix& a, const Matrix& b);

  // Clocks until every queued beat is in and every expected result is out.
  // Returns false on a timeout (no progress for `idle_limit` cycles) or a mismatch.
  bool run(long long idle_limit = 20000);
  // Holds rst_n low for `cycles`; everything queued or in flight is dropped.
  void reset(int cycles = 2);
  void step();

  // errors(), cycle() and the first/last input/output cycles: HarnessTimeline.
  long long tiles_out() const { return tiles_out_; }

 private:
  struct ExpectedRow {
    std::vector<uint64_t> lanes;
    bool last;
    long long tile;
    int row;
  };
  void check_output(const AxisBeat& beat);
  void error(const std::string& what);
  void tick();
  size_t pending() const { return a_src_.waiting() + b_src_.waiting() + expected_.size(); }

  VerilatedDut<Vdut> dut_;
  std::mt19937_64 rng_;
  AxisSource a_src_, b_src_;
  AxisSink c_sink_;
  std::deque<ExpectedRow> expected_;
  long long tiles_pushed_ = 0, tiles_out_ = 0;
};

}  // namespace bitloom::tb
