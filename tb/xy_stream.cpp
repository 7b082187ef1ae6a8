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

AxisPort XyStream::x_port() {
  AxisPort p;
  p.set_valid = [this](bool v) { dut_->s_x_tvalid = v; };
  p.put = [this](const AxisBeat& b) {
    for (int l = 0; l < P::lanes; ++l) put_lane(dut_->s_x_tdata, l, P::x_width, b.lanes[l]);
    dut_->s_x_tlast = b.last;
    drive_keep(*dut_.operator->(), b.keep, 0);
  };
  p.ready = [this] { return dut_->s_x_tready != 0; };
  return p;
}

AxisPort XyStream::y_port() {
  AxisPort p;
  p.set_ready = [this](bool r) { dut_->m_y_tready = r; };
  p.valid = [this] { return dut_->m_y_tvalid != 0; };
  p.get = [this] {
    AxisBeat b;
    for (int l = 0; l < P::lanes; ++l) b.lanes.push_back(get_lane(dut_->m_y_tdata, l, P::y_width));
    b.last = dut_->m_y_tlast;
    return b;
  };
  return p;
}

XyStream::XyStream(uint64_t seed, const std::string& trace_path)
    : dut_(seed, trace_path), rng_(seed), source_(x_port(), 1.0, seed ^ 0x5eed5), sink_(y_port(), 1.0, seed ^ 0x51c4) {
  reset(2);
}

void XyStream::error(const std::string& what) {
  if (errors_.size() < 20) errors_.push_back(fmt::format("cycle {}: {}", cycle_, what));
}

void XyStream::push(const XBeat& b) {
  AxisBeat beat;
  for (int64_t v : b.lanes) beat.lanes.push_back(static_cast<uint64_t>(v));
  beat.keep = b.keep;
  beat.last = b.last;
  source_.push(beat);
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
  source_.clear();
  sink_.reset();
  // Beats taken before the reset are gone with the pipeline; count afresh.
  outputs_.clear();
  input_cycles_.clear();
  beats_in_ = 0;
}

void XyStream::step() {
  source_.drive();
  sink_.drive();
  dut_->eval();
  const bool in_fire = source_.sample();
  const size_t errors_before = sink_.errors.size();
  if (sink_.sample(cycle_)) outputs_.push_back({sink_.received.back().lanes, sink_.received.back().last, cycle_});
  // The sink's message already names the cycle.
  if (sink_.errors.size() != errors_before && errors_.size() < 20) errors_.push_back("m_y: " + sink_.errors.back());
  if (in_fire) {
    input_cycles_.push_back(cycle_);
    ++beats_in_;
  }
  dut_.tick();
  source_.advance();
  ++cycle_;
}

bool XyStream::run(long long idle_limit) {
  long long idle = 0;
  size_t seen_out = outputs_.size();
  long long seen_in = beats_in_;
  while ((!source_.idle() || static_cast<long long>(outputs_.size()) < beats_in_) && errors_.empty()) {
    step();
    if (outputs_.size() != seen_out || beats_in_ != seen_in) {
      idle = 0;
      seen_out = outputs_.size();
      seen_in = beats_in_;
    } else if (++idle > idle_limit) {
      error(fmt::format("no progress for {} cycles ({} beats in, {} out, {} waiting)", idle_limit, beats_in_,
                        outputs_.size(), source_.waiting()));
    }
  }
  return errors_.empty();
}

}  // namespace bitloom::tb
