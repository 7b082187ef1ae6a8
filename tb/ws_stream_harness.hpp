// Drives a generated ws_stream core (Verilated as Vdut): weight sets on s_w, rows of A
// on s_a, rows of C checked on m_c against the golden GEMM with the weights that the
// protocol says apply (the last set whose load completed before the batch's first beat
// was taken). Random bubbles, back-pressure and AXI4-Stream checks as for os_tile.
#pragma once
#include <verilated.h>
#include <verilated_fst_c.h>

#include <deque>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "Vdut.h"
#include "params.hpp"
#include "tb/golden_gemm.hpp"
#include "tb/verilated_dut.hpp"

namespace bitloom::tb {

struct WsKnobs {
  double w_bubble = 0.0, a_bubble = 0.0, c_stall = 0.0;
};

class WsStreamHarness {
 public:
  WsStreamHarness(uint64_t seed, const std::string& trace_path);

  std::mt19937_64& rng() { return rng_; }
  void set_knobs(const WsKnobs& k) { knobs_ = k; }

  // KH x C weights; rows k >= k_used are zero (the host's padding for K < KH).
  Matrix random_weights(int k_used, int fill = 0);
  // `rows` rows of A (rows x KH), zero beyond k_used.
  Matrix random_rows(int rows, int k_used, int fill = 0);
  void push_weights(const Matrix& w);
  // One batch: its rows, tlast on the last one.
  void push_batch(const Matrix& a);

  // Clocks until every row is in and out (weight sets queued behind a loaded, unused
  // set stay queued). False on a timeout or a mismatch.
  bool run(long long idle_limit = 20000);
  void reset(int cycles = 2);
  void step();

  const std::vector<std::string>& errors() const { return errors_; }
  long long cycle() const { return cycle_; }
  long long first_input_cycle() const { return first_input_cycle_; }
  long long first_output_cycle() const { return first_output_cycle_; }
  long long last_output_cycle() const { return last_output_cycle_; }
  long long rows_out() const { return rows_out_; }

 private:
  struct Beat {
    std::vector<uint64_t> lanes;
    bool last;
    long long set = -1;  // weight beats: which set they belong to
  };
  struct ExpectedRow {
    std::vector<uint64_t> lanes;
    bool last;
    long long row;
  };
  void error(const std::string& what);
  void tick();

  VerilatedDut<Vdut> dut_;
  std::mt19937_64 rng_;
  WsKnobs knobs_;
  std::deque<Beat> w_beats_, a_beats_;
  std::vector<Matrix> sets_;             // every weight set pushed
  std::optional<long long> pending_set_; // loaded, not yet swapped in
  std::optional<long long> active_set_;
  bool batch_start_ = true;
  std::deque<ExpectedRow> expected_;
  bool w_showing_ = false, a_showing_ = false;
  StreamHoldCheck c_hold_;
  std::vector<std::string> errors_;
  long long cycle_ = 0, rows_in_ = 0, rows_out_ = 0;
  long long first_input_cycle_ = -1, first_output_cycle_ = -1, last_output_cycle_ = -1;
};

}  // namespace bitloom::tb
