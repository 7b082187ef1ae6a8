// Checks shared by the stream buffers (FIFOs, skid buffer): random traffic through the
// shared AXI4-Stream source and sink, expecting exactly the input beats in input order
// (the contract of a buffer), plus throughput and the absence of paths from one side's
// handshake to the other's.
#pragma once
#include <gtest/gtest.h>
#include <verilated.h>

#include <functional>
#include <memory>
#include <random>
#include <type_traits>

#include "tb/axis_stream.hpp"
#include "tb/lanes.hpp"
#include "tests/prims/prim_variants.hpp"

namespace bitloom::prim_test {

// Whether the design's s_x has a tready (FifoOptions::in_ready) and whether it reports
// its occupancy a cycle ahead (FifoOptions::next_occupancy).
template <class M, class = void>
struct HasInReady : std::false_type {};
template <class M>
struct HasInReady<M, std::void_t<decltype(std::declval<M&>().s_x_tready)>> : std::true_type {};
template <class M, class = void>
struct HasNextOccupancy : std::false_type {};
template <class M>
struct HasNextOccupancy<M, std::void_t<decltype(std::declval<M&>().occupancy_next_o)>> : std::true_type {};

// The design's s_x (our source drives it). Without a tready, `room` says whether the
// contract lets the source push this cycle (the bench's own count, not the design's).
template <class M>
tb::AxisPort sink_side(M& m, std::function<bool()> room = {}) {
  tb::AxisPort p;
  // Without a tready every beat presented is taken, so the source shows one only with room.
  if constexpr (HasInReady<M>::value)
    p.set_valid = [&m](bool v) { m.s_x_tvalid = v; };
  else
    p.set_valid = [&m, room](bool v) { m.s_x_tvalid = v && room(); };
  p.put = [&m](const tb::AxisBeat& b) {
    for (int l = 0; l < 2; ++l) tb::put_lane(m.s_x_tdata, l, 8, b.lanes[l]);
    m.s_x_tlast = b.last;
    m.s_x_tkeep = b.keep;
    m.s_x_tuser = b.user;
  };
  if constexpr (HasInReady<M>::value)
    p.ready = [&m] { return m.s_x_tready != 0; };
  else
    p.ready = room;
  return p;
}

template <class M>
tb::AxisPort source_side(M& m) {  // the design's m_x (our sink takes it)
  tb::AxisPort p;
  p.set_ready = [&m](bool r) { m.m_x_tready = r; };
  p.valid = [&m] { return m.m_x_tvalid != 0; };
  p.get = [&m] {
    tb::AxisBeat b;
    for (int l = 0; l < 2; ++l) b.lanes.push_back(tb::get_lane(m.m_x_tdata, l, 8));
    b.last = m.m_x_tlast;
    b.keep = m.m_x_tkeep;
    b.user = m.m_x_tuser;
    return b;
  };
  return p;
}

inline std::vector<tb::AxisBeat> random_beats(std::mt19937_64& rng, int n) {
  std::vector<tb::AxisBeat> beats;
  for (int i = 0; i < n; ++i)
    beats.push_back({{rng() & 0xff, rng() & 0xff}, (rng() & 1) != 0, rng() & 3, rng() & 7});
  return beats;
}

// Two clock cycles with rst_ni low (the first edge sees a low clock before it).
template <class M>
void clock_reset(M& m) {
  m.rst_ni = 0;
  for (int i = 0; i < 2; ++i) {
    m.clk_i = 0;
    m.eval();
    m.clk_i = 1;
    m.eval();
  }
  m.rst_ni = 1;
}

template <class M>
void reset(M& m, VerilatedContext&) {
  m.s_x_tvalid = 0;
  m.m_x_tready = 0;
  clock_reset(m);
}

struct Traffic {
  double valid_rate = 1.0, ready_rate = 1.0;
  int beats = 2000;
};

struct TrafficResult {
  std::vector<std::string> errors;
  long long cycles = 0;
  long long first_out_cycle = -1;
};

// Runs `t` through the buffer. `each_cycle(model, pushes, pops)` may add its own checks
// after every edge (occupancy and the like). The buffer holds `depth` beats; without an
// s_x_tready the source pushes only while fewer are held.
template <class M, class EachCycle>
TrafficResult run_traffic(uint64_t seed, const Traffic& t, EachCycle each_cycle, int depth) {
  auto ctx = std::make_unique<VerilatedContext>();
  auto m = std::make_unique<M>(ctx.get());
  std::mt19937_64 rng(seed);
  const auto beats = random_beats(rng, t.beats);
  long long pushes = 0, pops = 0;
  tb::AxisSource src(sink_side(*m, [&] { return pushes - pops < depth; }), t.valid_rate, rng());
  tb::AxisSink sink(source_side(*m), t.ready_rate, rng());
  for (const auto& b : beats) src.push(b);
  reset(*m, *ctx);
  TrafficResult r;
  const long long limit = 40LL * t.beats + 100;
  for (r.cycles = 0; static_cast<int>(sink.received.size()) < t.beats && r.cycles < limit; ++r.cycles) {
    src.drive();
    sink.drive();
    m->clk_i = 0;
    m->eval();
    // Neither side's tready/tvalid may follow the other side's handshake within a cycle.
    bool s_ready = true, s_ready_after = true;
    if constexpr (HasInReady<M>::value) s_ready = m->s_x_tready;
    const bool m_valid = m->m_x_tvalid;
    m->m_x_tready = !m->m_x_tready;
    m->s_x_tvalid = !m->s_x_tvalid;
    m->eval();
    if constexpr (HasInReady<M>::value) s_ready_after = m->s_x_tready;
    if (s_ready_after != s_ready || (m->m_x_tvalid != 0) != m_valid)
      r.errors.push_back(fmt::format("cycle {}: a handshake output follows the other side combinationally", r.cycles));
    src.present();
    sink.present();
    m->eval();
    const bool in = src.sample(), out = sink.sample(r.cycles);
    if (out && r.first_out_cycle < 0) r.first_out_cycle = r.cycles;
    if constexpr (HasNextOccupancy<M>::value) {
      const long long next = pushes + in - pops - out;
      if (m->occupancy_next_o != next)
        r.errors.push_back(fmt::format("cycle {}: occupancy_next {}, but {} beats will be held", r.cycles,
                                       m->occupancy_next_o, next));
    }
    m->clk_i = 1;
    m->eval();
    src.advance();
    pushes += in;
    pops += out;
    each_cycle(*m, pushes, pops, r.errors);
    if (r.errors.size() > 5) break;
  }
  r.errors.insert(r.errors.end(), sink.errors.begin(), sink.errors.end());
  if (sink.received.size() != beats.size())
    r.errors.push_back(fmt::format("{} beats out of {} after {} cycles", sink.received.size(), beats.size(), r.cycles));
  for (size_t i = 0; i < sink.received.size() && i < beats.size(); ++i)
    if (sink.received[i] != beats[i]) {
      r.errors.push_back(fmt::format("beat {}: got {}, sent {}", i, sink.received[i].str(), beats[i].str()));
      break;
    }
  return r;
}

}  // namespace bitloom::prim_test
