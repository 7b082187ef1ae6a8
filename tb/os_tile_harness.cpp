#include "tb/os_tile_harness.hpp"

#include <fmt/format.h>

#include "tb/axis_ports.hpp"

namespace bitloom::tb {

OsTileHarness::OsTileHarness(uint64_t seed, const std::string& trace_path)
    : dut_(seed, trace_path),
      rng_(seed),
      a_src_(design_sink_port(&dut_->s_a_tvalid, &dut_->s_a_tdata, &dut_->s_a_tlast, &dut_->s_a_tready, P::a_width), 1.0,
             seed + 1),
      b_src_(design_sink_port(&dut_->s_b_tvalid, &dut_->s_b_tdata, &dut_->s_b_tlast, &dut_->s_b_tready, P::b_width), 1.0,
             seed + 2),
      c_sink_(design_source_port(&dut_->m_c_tvalid, &dut_->m_c_tdata, &dut_->m_c_tlast, &dut_->m_c_tready, P::cols,
                                 P::c_width),
              1.0, seed + 3) {  // the drivers' own draws leave rng_ to the operands
  dut_->m_c_tready = 0;
  dut_->s_a_tvalid = 0;
  dut_->s_b_tvalid = 0;
  reset(2);
}

void OsTileHarness::set_knobs(const StreamKnobs& k) {
  a_src_.set_rate(1.0 - k.a_bubble);
  b_src_.set_rate(1.0 - k.b_bubble);
  c_sink_.set_rate(1.0 - k.c_stall);
}

Matrix OsTileHarness::random_a(int k, int fill) {
  Matrix m(P::rows, k);
  for (auto& x : m.v) x = random_operand(rng_, P::a_width, P::a_signed, fill);
  return m;
}

Matrix OsTileHarness::random_b(int k, int fill) {
  Matrix m(k, P::cols);
  for (auto& x : m.v) x = random_operand(rng_, P::b_width, P::b_signed, fill);
  return m;
}

void OsTileHarness::push_tile(const Matrix& a, const Matrix& b) {
  // k_per_beat k steps per beat; the host pads K up to a multiple of it with zeros.
  const int k = a.cols, kb = static_cast<int>(P::k_per_beat);
  const int beats = (k + kb - 1) / kb;
  for (int t = 0; t < beats; ++t) {
    AxisBeat ab, bb;
    ab.last = bb.last = t == beats - 1;
    for (int i = 0; i < P::rows; ++i)
      for (int kk = 0; kk < kb; ++kk) {
        const int kx = t * kb + kk;
        ab.lanes.push_back(kx < k ? static_cast<uint64_t>(a.at(i, kx)) : 0);
      }
    for (int kk = 0; kk < kb; ++kk)
      for (int j = 0; j < P::cols; ++j) {
        const int kx = t * kb + kk;
        bb.lanes.push_back(kx < k ? static_cast<uint64_t>(b.at(kx, j)) : 0);
      }
    a_src_.push(ab);
    b_src_.push(bb);
  }
  const auto c = golden_gemm(a, b, P::c_width);
  for (int i = 0; i < P::rows; ++i) {
    ExpectedRow row{{}, i == P::rows - 1, tiles_pushed_, i};
    for (int j = 0; j < P::cols; ++j) row.lanes.push_back(c[static_cast<size_t>(i) * P::cols + j]);
    expected_.push_back(row);
  }
  ++tiles_pushed_;
}

void OsTileHarness::error(const std::string& what) {
  if (errors_.size() < 20) errors_.push_back(fmt::format("cycle {}: {}", cycle_, what));
}

void OsTileHarness::check_output(const AxisBeat& beat) {
  if (expected_.empty()) {
    error("m_c beat with no tile outstanding");
    return;
  }
  const ExpectedRow exp = expected_.front();
  expected_.pop_front();
  if (exp.last) ++tiles_out_;
  if (beat.last != exp.last)
    error(fmt::format("tile {} row {}: tlast is {}, expected {}", exp.tile, exp.row, beat.last, exp.last));
  for (int j = 0; j < P::cols; ++j)
    if (beat.lanes[j] != exp.lanes[j])
      error(fmt::format("tile {} C[{}][{}] = {:#x}, golden {:#x}", exp.tile, exp.row, j, beat.lanes[j],
                        exp.lanes[j]));
}

void OsTileHarness::tick() {
  dut_.tick();
  ++cycle_;
}

void OsTileHarness::step() {
  a_src_.drive();
  b_src_.drive();
  c_sink_.drive();
  dut_->eval();
  const bool a_fire = a_src_.sample(), b_fire = b_src_.sample();
  if ((a_fire || b_fire) && first_input_cycle_ < 0) first_input_cycle_ = cycle_;
  take_output(c_sink_, "m_c", [this](const AxisBeat& beat) { check_output(beat); });
  tick();
  a_src_.advance();
  b_src_.advance();
}

bool OsTileHarness::run(long long idle_limit) {
  const auto stall = [&] {
    error(fmt::format("no progress for {} cycles ({} a beats, {} b beats, {} result rows left)", idle_limit,
                      a_src_.waiting(), b_src_.waiting(), expected_.size()));
  };
  return run_steps([this] { return pending() == 0; }, [this] { return pending(); }, [this] { step(); }, stall,
                   idle_limit, 2 * (P::rows + P::cols) + 8);
}

void OsTileHarness::reset(int cycles) {
  a_src_.clear();
  b_src_.clear();
  expected_.clear();
  c_sink_.reset();
  dut_->s_a_tvalid = 0;
  dut_->s_b_tvalid = 0;
  dut_->rst_n = 0;
  for (int i = 0; i < cycles; ++i) tick();
  dut_->rst_n = 1;
}

}  // namespace bitloom::tb
