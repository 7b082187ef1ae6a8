// The primitive variants the prim tests build: written to Verilog by write_prims (at
// build time, then verilated), and read by the tests for their shapes.
#pragma once
#include <string>
#include <vector>

#include "hw/design.hpp"
#include "hw/prims/controller.hpp"
#include "hw/prims/dma.hpp"
#include "hw/prims/prims.hpp"
#include "hw/prims/skewed_buffer.hpp"
#include "hw/prims/stream_units.hpp"

namespace bitloom::prim_test {

// Every FIFO and skid buffer carries this bundle: two 8-bit lanes, tlast, tkeep, 3-bit tuser.
inline hw::Stream test_shape() {
  hw::Stream s;
  s.name = "x";
  s.lanes = 2;
  s.lane_width = 8;
  s.last = true;
  s.keep = true;
  s.user_width = 3;
  return s;
}

inline const std::vector<int> kFifoDepths = {1, 2, 3, 16};
inline std::string fifo_name(int depth) { return "prim_fifo_d" + std::to_string(depth); }
// Almost full one below full (for depth 1: at 1).
inline int fifo_almost_full_at(int depth) { return depth > 1 ? depth - 1 : 1; }
// FIFOs without an input tready that report their occupancy a cycle ahead: the arrays'
// output queues (head in flops), and the same options on a ring.
inline const std::vector<int> kShiftFifoDepths = {1, 2, 3};
inline std::string shift_fifo_name(int depth) { return "prim_fifo_shift_d" + std::to_string(depth); }
inline hw::prims::FifoOptions no_ready_fifo(int depth, bool head_in_flops) {
  hw::prims::FifoOptions o;
  o.depth = depth;
  o.almost_full_at = fifo_almost_full_at(depth);
  o.next_occupancy = true;
  o.in_ready = false;
  o.head_in_flops = head_in_flops;
  return o;
}

// The DMA channels: small bursts and a small buffer (many bursts, credit runs out), and
// AXI4's full 256-beat bursts with 8-byte beats (4 KiB boundaries every 512 beats).
inline hw::prims::DmaOptions dma_small() {
  hw::prims::DmaOptions o;
  o.data_bytes = 4;
  o.addr_bits = 16;
  o.max_burst = 16;
  o.beats_bits = 12;
  o.buffer_beats = 24;
  o.queued = 2;
  o.pending_writes = 3;
  o.clients = 3;  // reads: three streams share the request port
  o.bursts_in_flight = 3;
  return o;
}
// Two clients with room for four bursts each: one could take every turn.
inline hw::prims::DmaOptions dma_pair() {
  hw::prims::DmaOptions o = dma_small();
  o.buffer_beats = 64;
  o.clients = 2;
  o.bursts_in_flight = 8;
  return o;
}
inline hw::prims::DmaOptions dma_full() {
  hw::prims::DmaOptions o;
  o.data_bytes = 8;
  o.addr_bits = 20;
  o.max_burst = 256;
  o.beats_bits = 16;
  o.buffer_beats = 512;  // two bursts in flight: full rate at the tests' 40-cycle latency
  o.queued = 48;         // ... and 48 one-beat commands (a panel's rows)
  o.bursts_in_flight = 48;
  o.pending_writes = 32;  // one-beat writes a cycle at the tests' 20-cycle write latency
  return o;
}
// Writes with a strobe bit per 2 bytes (the tile writers' words narrower than a beat).
inline hw::prims::DmaOptions dma_strobed() {
  hw::prims::DmaOptions o = dma_full();
  o.strobe_bytes = 2;
  return o;
}

// The elementwise units: 4 lanes; the epilogue's accumulator width is the 16x16 int8
// core's at K = 1024.
inline constexpr int kUnitLanes = 4;
inline constexpr int kEpilogueAccWidth = 26;

// The controller's test program: three phases over three units, queues filled to their
// depth, in the second phase a WAIT, a WAIT for unit 1 alone (while unit 0 still works)
// and one for unit 0 and the writes, then HALT. Stage, bounds and offset make every job
// word different.
inline std::vector<hw::prims::Instruction> controller_program() {
  using I = hw::prims::Instruction;
  auto run = [](int unit, int n) { return I{I::Op::kRun, unit, n % 32, 100 + n, 2000 + n, 9000 + n, 300 + n}; };
  auto wait_for = [](uint32_t units, bool writes) {
    I i{I::Op::kWait};
    i.wait_units = units;
    i.wait_writes = writes;
    return i;
  };
  return {run(0, 1), run(1, 2), run(0, 3), run(2, 4), I{I::Op::kSync},
          run(2, 5), run(2, 6), I{I::Op::kWait}, run(2, 7), run(1, 8), run(0, 9),
          wait_for(0b010, false), run(2, 11), wait_for(0b001, true), run(1, 12), I{I::Op::kSync},
          run(1, 10), I{I::Op::kHalt}};
}
inline constexpr int kControllerUnits = 3;
inline constexpr int kReconfigCycles = 5;

// The per-lane delay lines' variant: lanes of 5 bits, out of order, one a wire.
inline constexpr int kLaneWidth = 5;
inline const std::vector<int> kLaneDepths = {2, 0, 3, 1};

inline const std::vector<unsigned long long> kRomTable = {5, 1023, 0, 77, 512, 1, 2, 3, 999, 64, 640, 6, 1000};

// Every variant, each a design of one module.
inline std::vector<hw::Module> all_variants() {
  using namespace hw::prims;
  std::vector<hw::Module> v;
  v.push_back(delay_line("prim_delay_d0", 8, 0));
  v.push_back(delay_line("prim_delay_d1", 8, 1));
  v.push_back(delay_line("prim_delay_d3_en", 5, 3, true));
  v.push_back(delay_lines("prim_delay_lanes_en", kLaneWidth, kLaneDepths, true, "depths[i] cycles"));
  v.push_back(register_copy("prim_register_copy", "a test signal"));
  v.push_back(register_copy("prim_register_copy_w12", "a test word", 12));
  v.push_back(enabled_register_copy("prim_register_copy_en", "a test word", 6));
  v.push_back(skid_buffer("prim_skid", test_shape()));
  for (int d : kFifoDepths) v.push_back(fifo(fifo_name(d), test_shape(), {d, fifo_almost_full_at(d), true}));
  for (int d : kShiftFifoDepths) v.push_back(fifo(shift_fifo_name(d), test_shape(), no_ready_fifo(d, true)));
  v.push_back(fifo("prim_fifo_ring_no_ready_d3", test_shape(), no_ready_fifo(3, false)));
  hw::prims::FifoOptions head_with_ready = no_ready_fifo(2, true);
  head_with_ready.in_ready = true;
  v.push_back(fifo("prim_fifo_shift_ready_d2", test_shape(), head_with_ready));
  v.push_back(rom("prim_rom", 10, kRomTable));
  v.push_back(ram_single_port("prim_ram_sp", 12, 24));
  v.push_back(ram_simple_dual_port("prim_ram_sdp", 12, 24));
  v.push_back(ram_simple_dual_port("prim_ram_sdp_256x16", 16, 256));
  // Composites: their leaves come first, each in its own file.
  for (auto&& list : {dma_read("prim_dma_read", dma_small()), dma_read("prim_dma_read_full", dma_full()),
                      dma_read("prim_dma_read_pair", dma_pair()),
                      dma_write("prim_dma_write", dma_small()), dma_write("prim_dma_write_full", dma_full()),
                      dma_write("prim_dma_write_strobed", dma_strobed())})
    v.insert(v.end(), list.begin(), list.end());
  for (auto&& list : {gemm_epilogue("prim_epilogue", kUnitLanes, kEpilogueAccWidth, 8, true),
                      gemm_epilogue("prim_epilogue_u6", kUnitLanes, 12, 6, false),
                      saturating_add("prim_add", kUnitLanes, 8, true), saturating_add("prim_add_u8", kUnitLanes, 8, false),
                      skewed_buffer("prim_skewed4", 4, 8, 64, 2), skewed_buffer("prim_skewed8", 8, 16, 200),
                      workload_controller("prim_controller", kControllerUnits, controller_program(), kReconfigCycles)})
    v.insert(v.end(), list.begin(), list.end());
  return v;
}

}  // namespace bitloom::prim_test
