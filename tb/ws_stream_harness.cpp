#include "tb/ws_stream_harness.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "tb/lanes.hpp"

namespace bitloom::tb {

namespace P = bitloom_params;

WsStreamHarness::WsStreamHarness(uint64_t seed, const std::string& trace_path)
    : dut_(seed, trace_path), rng_(seed) {
  reset(2);
}

Matrix WsStreamHarness::random_weights(int k_used, int fill) {
  Matrix w(P::k_rows, P::cols);
  for (int k = 0; k < k_used; ++k)
    for (int j = 0; j < P::cols; ++j) w.at(k, j) = random_operand(rng_, P::b_width, P::b_signed, fill);
  return w;
}

Matrix WsStreamHarness::random_rows(int rows, int k_used, int fill) {
  Matrix a(rows, P::k_rows);
  for (int i = 0; i < rows; ++i)
    for (int k = 0; k < k_used; ++k) a.at(i, k) = random_operand(rng_, P::a_width, P::a_signed, fill);
  return a;
}

void WsStreamHarness::push_weights(const Matrix& w) {
  sets_.push_back(w);
  for (int k = 0; k < P::k_rows; ++k) {
    Beat b{{}, k == P::k_rows - 1};
    for (int j = 0; j < P::cols; ++j) b.lanes.push_back(static_cast<uint64_t>(w.at(k, j)));
    w_beats_.push_back(b);
  }
}

void WsStreamHarness::push_batch(const Matrix& a, bool bind) {
  // The contract, from the streams' order alone.
  if (bind || !bound_) {
    if (next_bind_ >= sets_.size()) throw std::logic_error("a batch binds a weight set that was never pushed");
    bound_ = next_bind_++;
  }
  const auto c = golden_gemm(a, sets_[*bound_], P::c_width);
  for (int i = 0; i < a.rows; ++i) {
    Beat b{{}, i == a.rows - 1, i == 0 && bind};
    for (int k = 0; k < P::k_rows; ++k) b.lanes.push_back(static_cast<uint64_t>(a.at(i, k)));
    a_beats_.push_back(b);
    ExpectedRow e{{}, b.last, rows_in_++};
    for (int j = 0; j < P::cols; ++j) e.lanes.push_back(c[static_cast<size_t>(i) * P::cols + j]);
    expected_.push_back(e);
  }
}

void WsStreamHarness::error(const std::string& what) {
  if (errors_.size() < 20) errors_.push_back(fmt::format("cycle {}: {}", cycle_, what));
}

void WsStreamHarness::tick() {
  dut_.tick();
  ++cycle_;
}

void WsStreamHarness::step() {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  if (!w_showing_ && !w_beats_.empty() && u(rng_) >= knobs_.w_bubble) w_showing_ = true;
  if (!a_showing_ && !a_beats_.empty() && u(rng_) >= knobs_.a_bubble) a_showing_ = true;
  dut_->s_w_tvalid = w_showing_;
  dut_->s_a_tvalid = a_showing_;
  if (w_showing_) {
    for (int j = 0; j < P::cols; ++j) put_lane(dut_->s_w_tdata, j, P::b_width, w_beats_.front().lanes[j]);
    dut_->s_w_tlast = w_beats_.front().last;
  }
  if (a_showing_) {
    for (int k = 0; k < P::k_rows; ++k) put_lane(dut_->s_a_tdata, k, P::a_width, a_beats_.front().lanes[k]);
    dut_->s_a_tlast = a_beats_.front().last;
    // tuser[0] counts on a batch's first beat only; elsewhere the contract leaves it
    // free, so the harness makes it random there.
    dut_->s_a_tuser = batch_first_ ? a_beats_.front().bind : static_cast<uint8_t>(rng_() & 1);
  }
  dut_->m_c_tready = u(rng_) >= knobs_.c_stall;
  dut_->eval();
  const bool w_fire = dut_->s_w_tvalid && dut_->s_w_tready;
  const bool a_fire = dut_->s_a_tvalid && dut_->s_a_tready;

  // Output checks (AXI stability, then values).
  std::vector<uint64_t> lanes;
  for (int j = 0; j < P::cols; ++j) lanes.push_back(get_lane(dut_->m_c_tdata, j, P::c_width));
  const bool valid = dut_->m_c_tvalid, ready = dut_->m_c_tready, last = dut_->m_c_tlast;
  if (!c_hold_.observe(valid, ready, AxisBeat{lanes, last, 0, 0}))
    error("m_c changed while valid and not ready (AXI4-Stream violation)");
  if (valid && ready) {
    if (first_output_cycle_ < 0) first_output_cycle_ = cycle_;
    last_output_cycle_ = cycle_;
    if (expected_.empty()) {
      error("m_c beat with no row outstanding");
    } else {
      const ExpectedRow e = expected_.front();
      expected_.pop_front();
      ++rows_out_;
      if (last != e.last) error(fmt::format("row {}: tlast is {}, expected {}", e.row, last, e.last));
      for (int j = 0; j < P::cols; ++j)
        if (lanes[j] != e.lanes[j])
          error(fmt::format("row {} C[{}] = {:#x}, golden {:#x}", e.row, j, lanes[j], e.lanes[j]));
    }
  }

  if (a_fire && first_input_cycle_ < 0) first_input_cycle_ = cycle_;
  tick();
  if (w_fire) {
    w_beats_.pop_front();
    w_showing_ = false;
  }
  if (a_fire) {
    batch_first_ = a_beats_.front().last;
    a_beats_.pop_front();
    a_showing_ = false;
  }
}

bool WsStreamHarness::run(long long idle_limit) {
  long long idle = 0;
  // Sets no batch binds: the first fills the shadow registers, the rest wait behind it.
  const size_t unbound = sets_.size() - next_bind_;
  const size_t stuck_beats = unbound > 1 ? (unbound - 1) * static_cast<size_t>(P::k_rows) : 0;
  auto done = [&] { return a_beats_.empty() && expected_.empty() && w_beats_.size() <= stuck_beats; };
  while (!done()) {
    const size_t before = w_beats_.size() + a_beats_.size() + expected_.size();
    step();
    if (!errors_.empty()) return false;
    idle = (w_beats_.size() + a_beats_.size() + expected_.size() == before) ? idle + 1 : 0;
    if (idle > idle_limit) {
      error(fmt::format("no progress for {} cycles ({} w beats, {} a beats, {} rows left)", idle_limit,
                        w_beats_.size(), a_beats_.size(), expected_.size()));
      return false;
    }
  }
  for (int i = 0; i < 2 * (P::k_rows + P::cols) + 8; ++i) step();
  return errors_.empty();
}

void WsStreamHarness::reset(int cycles) {
  w_beats_.clear();
  a_beats_.clear();
  expected_.clear();
  next_bind_ = sets_.size();  // sets pushed from now on are the next to bind
  bound_.reset();
  batch_first_ = true;
  w_showing_ = a_showing_ = false;
  c_hold_.reset();
  dut_->s_w_tvalid = 0;
  dut_->s_a_tvalid = 0;
  dut_->m_c_tready = 0;
  dut_->rst_n = 0;
  for (int i = 0; i < cycles; ++i) tick();
  dut_->rst_n = 1;
}

}  // namespace bitloom::tb
