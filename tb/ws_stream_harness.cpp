#include "tb/ws_stream_harness.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "tb/axis_ports.hpp"

namespace bitloom::tb {

namespace P = bitloom_params;

WsStreamHarness::WsStreamHarness(uint64_t seed, const std::string& trace_path)
    : dut_(seed, trace_path),
      rng_(seed),
      w_src_(design_sink_port(&dut_->s_w_tvalid, &dut_->s_w_tdata, &dut_->s_w_tlast, &dut_->s_w_tready, P::b_width), 1.0,
             seed + 1),
      a_src_(design_sink_port(&dut_->s_a_tvalid, &dut_->s_a_tdata, &dut_->s_a_tlast, &dut_->s_a_tready, P::a_width,
                              &dut_->s_a_tuser),
             1.0, seed + 2),
      c_sink_(design_source_port(&dut_->m_c_tvalid, &dut_->m_c_tdata, &dut_->m_c_tlast, &dut_->m_c_tready, P::cols,
                                 P::c_width),
              1.0, seed + 3) {  // the drivers' own draws leave rng_ to the operands
  reset(2);
}

void WsStreamHarness::set_knobs(const WsKnobs& k) {
  w_src_.set_rate(1.0 - k.w_bubble);
  a_src_.set_rate(1.0 - k.a_bubble);
  c_sink_.set_rate(1.0 - k.c_stall);
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
    AxisBeat b;
    b.last = k == P::k_rows - 1;
    for (int j = 0; j < P::cols; ++j) b.lanes.push_back(static_cast<uint64_t>(w.at(k, j)));
    w_src_.push(b);
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
    AxisBeat b;
    b.last = i == a.rows - 1;
    // tuser[0] counts on a batch's first beat only; elsewhere the contract leaves it
    // free, so the harness makes it random there.
    b.user = i == 0 ? bind : rng_() & 1;
    for (int k = 0; k < P::k_rows; ++k) b.lanes.push_back(static_cast<uint64_t>(a.at(i, k)));
    a_src_.push(b);
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

void WsStreamHarness::check_output(const AxisBeat& beat) {
  if (expected_.empty()) {
    error("m_c beat with no row outstanding");
    return;
  }
  const ExpectedRow e = expected_.front();
  expected_.pop_front();
  ++rows_out_;
  if (beat.last != e.last) error(fmt::format("row {}: tlast is {}, expected {}", e.row, beat.last, e.last));
  for (int j = 0; j < P::cols; ++j)
    if (beat.lanes[j] != e.lanes[j])
      error(fmt::format("row {} C[{}] = {:#x}, golden {:#x}", e.row, j, beat.lanes[j], e.lanes[j]));
}

void WsStreamHarness::step() {
  w_src_.drive();
  a_src_.drive();
  c_sink_.drive();
  dut_->eval();
  w_src_.sample();
  if (a_src_.sample() && first_input_cycle_ < 0) first_input_cycle_ = cycle_;
  take_output(c_sink_, "m_c", [this](const AxisBeat& beat) { check_output(beat); });
  tick();
  w_src_.advance();
  a_src_.advance();
}

bool WsStreamHarness::run(long long idle_limit) {
  // Sets no batch binds: the first fills the shadow registers, the rest wait behind it.
  const size_t unbound = sets_.size() - next_bind_;
  const size_t stuck_beats = unbound > 1 ? (unbound - 1) * static_cast<size_t>(P::k_rows) : 0;
  const auto done = [&] { return a_src_.idle() && expected_.empty() && w_src_.waiting() <= stuck_beats; };
  const auto stall = [&] {
    error(fmt::format("no progress for {} cycles ({} w beats, {} a beats, {} rows left)", idle_limit,
                      w_src_.waiting(), a_src_.waiting(), expected_.size()));
  };
  return run_steps(done, [this] { return pending(); }, [this] { step(); }, stall, idle_limit,
                   2 * (P::k_rows + P::cols) + 8);
}

void WsStreamHarness::reset(int cycles) {
  w_src_.clear();
  a_src_.clear();
  expected_.clear();
  next_bind_ = sets_.size();  // sets pushed from now on are the next to bind
  bound_.reset();
  c_sink_.reset();
  dut_->s_w_tvalid = 0;
  dut_->s_a_tvalid = 0;
  dut_->m_c_tready = 0;
  dut_->rst_n = 0;
  for (int i = 0; i < cycles; ++i) tick();
  dut_->rst_n = 1;
}

}  // namespace bitloom::tb
