// Drives a generated ws_stream core (Verilated as Vdut): weight sets on s_w, rows of A
// on s_a, rows of C checked on m_c against the golden GEMM. Which set a batch uses
// follows from the order of the two streams alone, as the contract says: a batch that
// binds (s_a_tuser[0] = 1 on its first beat) uses the next set pushed that no earlier
// batch bound; one that does not keeps the previous batch's set. Expected rows are
// fixed when a batch is pushed, so the harness never looks at the DUT's handshake
// timing to decide them. Random bubbles, back-pressure and AXI4-Stream checks through
// the shared source and sink (tb/axis_stream.hpp), as for os_tile.
#pragma once
#include <verilated.h>

#include <deque>
#include <memory>
#include <optional>
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

struct WsKnobs {
  double w_bubble = 0.0, a_bubble = 0.0, c_stall = 0.0;
};

class WsStreamHarness : public HarnessTimeline {
 public:
  WsStreamHarness(uint64_t seed, const std::string& trace_path);

  std::mt19937_64& rng() { return rng_; }
  void set_knobs(const WsKnobs& k);

  // KH x C weights; rows k >= k_used are zero (the host's padding for K < KH).
  Matrix random_weights(int k_used, int fill = 0);
  // `rows` rows of A (rows x KH), zero beyond k_used.
  Matrix random_rows(int rows, int k_used, int fill = 0);
  void push_weights(const Matrix& w);
  // One batch: its rows, tlast on the last one. `bind`: the batch takes the next weight
  // set (the first batch after a reset always does).
  void push_batch(const Matrix& a, bool bind = true);

  // Clocks until every row is in and out (weight sets that no batch binds, beyond the
  // first, stay queued: the shadow registers hold one). False on a timeout or a mismatch.
  bool run(long long idle_limit = 20000);
  void reset(int cycles = 2);
  void step();

  // errors(), cycle() and the first/last input/output cycles: HarnessTimeline.
  long long rows_out() const { return rows_out_; }

 private:
  struct ExpectedRow {
    std::vector<uint64_t> lanes;
    bool last;
    long long row;
  };
  void check_output(const AxisBeat& beat);
  void error(const std::string& what);
  void tick();
  size_t pending() const { return w_src_.waiting() + a_src_.waiting() + expected_.size(); }

  VerilatedDut<Vdut> dut_;
  std::mt19937_64 rng_;
  AxisSource w_src_, a_src_;
  AxisSink c_sink_;
  std::vector<Matrix> sets_;             // every weight set pushed
  size_t next_bind_ = 0;                 // the set the next binding batch takes
  std::optional<size_t> bound_;          // the set of the last batch pushed
  std::deque<ExpectedRow> expected_;
  long long rows_in_ = 0, rows_out_ = 0;
};

}  // namespace bitloom::tb
