#include "tb/xy_stream.hpp"

#include <fmt/format.h>

#include <type_traits>

#include "tb/lanes.hpp"

namespace bitloom::tb {

namespace P = bitloom_params;

namespace {

// s_x_tkeep exists on softmax units only.
template <class D>
auto drive_keep(D& d, uint64_t keep, int) -> decltype(d.s_x_tkeep = 0, void()) {
  using Keep = std::remove_reference_t<decltype(d.s_x_tkeep)>;
  d.s_x_tkeep = static_cast<Keep>(keep & ((uint64_t{1} << P::lanes) - 1));
}
template <class D>
void drive_keep(D&, uint64_t, long) {}

}  // namespace

XyStream::XyStream(uint64_t seed, const std::string& trace_path) : dut_(seed, trace_path), rng_(seed) {
  reset(2);
}

void XyStream::error(const std::string& what) {
  if (errors_.size() < 20) errors_.push_back(fmt::format("cycle {}: {}", cycle_, what));
}

void XyStream::reset(int cycles) {
  dut_->rst_n = 0;
  dut_->s_x_tvalid = 0;
  dut_->m_y_tready = 0;
  for (int i = 0; i < cycles; ++i) {
    dut_.tick();
    ++cycle_;
  }
  dut_->rst_n = 1;
  pending_.clear();
  showing_ = false;
  hold_.reset();
  // Beats taken before the reset are gone with the pipeline; count afresh.
  outputs_.clear();
  input_cycles_.clear();
  beats_in_ = 0;
}

void XyStream::step() {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  if (!showing_ && !pending_.empty() && u(rng_) >= bubble_) showing_ = true;
  dut_->s_x_tvalid = showing_;
  if (showing_) {
    const XBeat& b = pending_.front();
    for (int l = 0; l < P::lanes; ++l) put_lane(dut_->s_x_tdata, l, P::x_width, static_cast<uint64_t>(b.lanes[l]));
    dut_->s_x_tlast = b.last;
    drive_keep(*dut_.operator->(), b.keep, 0);
  }
  dut_->m_y_tready = u(rng_) >= stall_;
  dut_->eval();
  const bool in_fire = dut_->s_x_tvalid && dut_->s_x_tready;
  std::vector<uint64_t> lanes;
  for (int l = 0; l < P::lanes; ++l) lanes.push_back(get_lane(dut_->m_y_tdata, l, P::y_width));
  const bool valid = dut_->m_y_tvalid, ready = dut_->m_y_tready, last = dut_->m_y_tlast;
  if (!hold_.observe(valid, ready, lanes, last)) error("m_y changed while stalled (AXI4-Stream hold rule)");
  if (valid && ready) outputs_.push_back({lanes, last, cycle_});
  if (in_fire) {
    input_cycles_.push_back(cycle_);
    pending_.pop_front();
    showing_ = false;
    ++beats_in_;
  }
  dut_.tick();
  ++cycle_;
}

bool XyStream::run(long long idle_limit) {
  long long idle = 0;
  size_t seen_out = outputs_.size();
  long long seen_in = beats_in_;
  while ((!pending_.empty() || static_cast<long long>(outputs_.size()) < beats_in_) && errors_.empty()) {
    step();
    if (outputs_.size() != seen_out || beats_in_ != seen_in) {
      idle = 0;
      seen_out = outputs_.size();
      seen_in = beats_in_;
    } else if (++idle > idle_limit) {
      error(fmt::format("no progress for {} cycles ({} beats in, {} out, {} waiting)", idle_limit, beats_in_,
                        outputs_.size(), pending_.size()));
    }
  }
  return errors_.empty();
}

}  // namespace bitloom::tb
