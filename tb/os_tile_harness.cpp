#include "tb/os_tile_harness.hpp"

#include <fmt/format.h>

#include "tb/lanes.hpp"

namespace bitloom::tb {

OsTileHarness::OsTileHarness(uint64_t seed, const std::string& trace_path)
    : dut_(seed, trace_path), rng_(seed) {
  dut_->m_c_tready = 0;
  dut_->s_a_tvalid = 0;
  dut_->s_b_tvalid = 0;
  reset(2);
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
    Beat ab{{}, t == beats - 1}, bb{{}, t == beats - 1};
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
    a_beats_.push_back(ab);
    b_beats_.push_back(bb);
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

void OsTileHarness::drive_inputs() {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  // AXI-Stream: once tvalid is up it stays up, with the same data, until taken.
  if (!a_showing_ && !a_beats_.empty() && u(rng_) >= knobs_.a_bubble) a_showing_ = true;
  if (!b_showing_ && !b_beats_.empty() && u(rng_) >= knobs_.b_bubble) b_showing_ = true;
  dut_->s_a_tvalid = a_showing_;
  dut_->s_b_tvalid = b_showing_;
  if (a_showing_) {
    const auto& lanes = a_beats_.front().lanes;
    for (size_t i = 0; i < lanes.size(); ++i)
      put_lane(dut_->s_a_tdata, static_cast<int>(i), P::a_width, lanes[i]);
    dut_->s_a_tlast = a_beats_.front().last;
  }
  if (b_showing_) {
    const auto& lanes = b_beats_.front().lanes;
    for (size_t j = 0; j < lanes.size(); ++j)
      put_lane(dut_->s_b_tdata, static_cast<int>(j), P::b_width, lanes[j]);
    dut_->s_b_tlast = b_beats_.front().last;
  }
  dut_->m_c_tready = u(rng_) >= knobs_.c_stall;
}

void OsTileHarness::check_output() {
  std::vector<uint64_t> lanes;
  for (int j = 0; j < P::cols; ++j) lanes.push_back(get_lane(dut_->m_c_tdata, j, P::c_width));
  const bool valid = dut_->m_c_tvalid, ready = dut_->m_c_tready, last = dut_->m_c_tlast;
  if (!c_hold_.observe(valid, ready, AxisBeat{lanes, last, 0, 0}))
    error("m_c changed while valid and not ready (AXI4-Stream violation)");
  if (!(valid && ready)) return;
  if (first_output_cycle_ < 0) first_output_cycle_ = cycle_;
  last_output_cycle_ = cycle_;
  if (expected_.empty()) {
    error("m_c beat with no tile outstanding");
    return;
  }
  const ExpectedRow exp = expected_.front();
  expected_.pop_front();
  if (exp.last) ++tiles_out_;
  if (last != exp.last)
    error(fmt::format("tile {} row {}: tlast is {}, expected {}", exp.tile, exp.row, last, exp.last));
  for (int j = 0; j < P::cols; ++j)
    if (lanes[j] != exp.lanes[j])
      error(fmt::format("tile {} C[{}][{}] = {:#x}, golden {:#x}", exp.tile, exp.row, j, lanes[j],
                        exp.lanes[j]));
}

void OsTileHarness::tick() {
  dut_.tick();
  ++cycle_;
}

void OsTileHarness::step() {
  drive_inputs();
  dut_->eval();
  const bool a_fire = dut_->s_a_tvalid && dut_->s_a_tready;
  const bool b_fire = dut_->s_b_tvalid && dut_->s_b_tready;
  if ((a_fire || b_fire) && first_input_cycle_ < 0) first_input_cycle_ = cycle_;
  check_output();
  tick();
  if (a_fire) {
    a_beats_.pop_front();
    a_showing_ = false;
  }
  if (b_fire) {
    b_beats_.pop_front();
    b_showing_ = false;
  }
}

bool OsTileHarness::run(long long idle_limit) {
  long long idle = 0;
  while (!a_beats_.empty() || !b_beats_.empty() || !expected_.empty()) {
    const size_t before = a_beats_.size() + b_beats_.size() + expected_.size();
    step();
    if (!errors_.empty()) return false;
    idle = (a_beats_.size() + b_beats_.size() + expected_.size() == before) ? idle + 1 : 0;
    if (idle > idle_limit) {
      error(fmt::format("no progress for {} cycles ({} a beats, {} b beats, {} result rows left)",
                        idle_limit, a_beats_.size(), b_beats_.size(), expected_.size()));
      return false;
    }
  }
  // A few idle cycles: nothing more may come out.
  for (int i = 0; i < 2 * (P::rows + P::cols) + 8; ++i) step();
  return errors_.empty();
}

void OsTileHarness::reset(int cycles) {
  a_beats_.clear();
  b_beats_.clear();
  expected_.clear();
  a_showing_ = b_showing_ = false;
  c_hold_.reset();
  dut_->s_a_tvalid = 0;
  dut_->s_b_tvalid = 0;
  dut_->rst_n = 0;
  for (int i = 0; i < cycles; ++i) tick();
  dut_->rst_n = 1;
}

}  // namespace bitloom::tb
