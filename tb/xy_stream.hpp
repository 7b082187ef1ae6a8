// Drives the s_x -> m_y stream of a generated nonlinear unit (Verilated as Vdut) through
// the shared AXI4-Stream source and sink (tb/axis_stream.hpp): input beats with random
// bubbles, output back-pressure, the hold rule on m_y, and every output beat recorded
// with its cycle. What the outputs should be is the
// test's business (the bit-exact model); this class only moves beats.
#pragma once
#include <random>
#include <string>
#include <vector>

#include "tb/dut_model.hpp"
#include "params.hpp"
#include "tb/axis_stream.hpp"
#include "tb/verilated_dut.hpp"

namespace bitloom::tb {

struct XBeat {
  std::vector<int64_t> lanes;  // signed input codes
  uint64_t keep = ~uint64_t{0};  // lane n kept when bit n is set (units with s_x_tkeep)
  bool last = false;
};

struct YBeat {
  std::vector<uint64_t> lanes;  // raw output codes
  bool last = false;
  long long cycle = 0;
};

class XyStream {
 public:
  XyStream(uint64_t seed, const std::string& trace_path);

  std::mt19937_64& rng() { return rng_; }
  // Probability that the source idles before showing a beat / that m_y_tready is low.
  void set_knobs(double bubble, double stall) {
    source_.set_rate(1.0 - bubble);
    sink_.set_rate(1.0 - stall);
  }
  void push(const XBeat& b);

  // Clocks until every pushed beat is in and as many beats are out; false on a
  // timeout (no progress for `idle_limit` cycles) or an AXI violation.
  bool run(long long idle_limit = 20000);
  void step();
  // Synchronous reset for `cycles` cycles; queued beats and recorded outputs are dropped.
  void reset(int cycles = 2);

  const std::vector<YBeat>& outputs() const { return outputs_; }
  // Forgets the outputs recorded so far (long runs check and drop them in chunks).
  void clear_outputs() {
    beats_in_ -= static_cast<long long>(outputs_.size());
    outputs_.clear();
  }
  const std::vector<std::string>& errors() const { return errors_; }
  long long cycle() const { return cycle_; }
  long long beats_in() const { return beats_in_; }
  const std::vector<long long>& input_cycles() const { return input_cycles_; }

 private:
  void error(const std::string& what);
  AxisPort x_port();
  AxisPort y_port();

  VerilatedDut<Vdut> dut_;
  std::mt19937_64 rng_;
  AxisSource source_;  // s_x, with random bubbles
  AxisSink sink_;      // m_y, with random back-pressure and the hold-rule check
  std::vector<YBeat> outputs_;
  std::vector<long long> input_cycles_;
  std::vector<std::string> errors_;
  long long cycle_ = 0, beats_in_ = 0;
};

}  // namespace bitloom::tb
