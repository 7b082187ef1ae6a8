// The primitive library: small, concrete building blocks generated through the
// structural IR, each unit-tested in Verilator on its own (tests/prims/). The name is
// the caller's, so a design's report says which variant each instance is.
#pragma once
#include <string>
#include <vector>

#include "hw/module.hpp"
#include "hw/stream.hpp"

namespace bitloom::hw::prims {

// q_o is d_i delayed by `depth` cycles (0: a wire). With `enable`, the line moves only
// on cycles with en_i high. No reset: a delay line carries data, never control.
Module delay_line(const std::string& name, int width, int depth, bool enable = false);

// One delay line per lane: lane i of d_i (lanes of `width` bits) reaches lane i of q_o
// depths[i] cycles later (0: a wire); `what` says how the depths go, for the header
// ("i cycles"). The skew and de-skew of the systolic arrays.
Module delay_lines(const std::string& name, int width, const std::vector<int>& depths, bool enable,
                   const std::string& what);

// A register slice with a skid register: AXI4-Stream in (s_*) and out (m_*) of shape
// `shape`, one beat per cycle, and neither tready depends on the other side in the same
// cycle, so it cuts every combinational path through the handshake.
Module skid_buffer(const std::string& name, const Stream& shape);

struct FifoOptions {
  int depth = 2;              // beats it holds, >= 1; full throughput from 2 on
  int almost_full_at = 0;     // > 0: almost_full_o is high from this occupancy on
  bool occupancy = true;      // occupancy_o: beats held now
  // occupancy_next_o: beats held after this cycle's push and pop, for a producer that
  // decides a cycle ahead whether it may push (and registers that decision).
  bool next_occupancy = false;
  // false: the sink has no tready; the producer never pushes into a full FIFO (it knows
  // the room from occupancy_o, or a cycle ahead from occupancy_next_o).
  bool in_ready = true;
  // The oldest beat always sits in slot 0 and the others move up when it leaves, so the
  // m_* outputs come straight from flops (no read multiplexer after them); each slot
  // gets a multiplexer on its input instead. For shallow FIFOs in front of long paths.
  bool head_in_flops = false;
};

// A synchronous FIFO, AXI4-Stream both sides (every sideband of `shape` is carried).
// s_tready and m_tvalid come from registers only.
Module fifo(const std::string& name, const Stream& shape, const FifoOptions& options);

// A read-only memory from a table: data_o is table[addr_i] one cycle after addr_i
// (synchronous read, so it maps to ROM macros where a library has them); addresses past
// the table read 0. Values must fit `width` bits.
Module rom(const std::string& name, int width, const std::vector<unsigned long long>& table);

// Single-port RAM: one address for the write (we_i) and the synchronous read; a read
// of the address being written returns the old word.
Module ram_single_port(const std::string& name, int width, int depth);

// Simple dual-port RAM: one write port, synchronous read ports (re_i; with more than
// one, re1_i, re2_i, ... over the same words); a read of the address being written
// returns the old word.
Module ram_simple_dual_port(const std::string& name, int width, int depth, int read_ports = 1);

// The suffix of read port p's names ("" for port 0, so that a one-port part keeps its
// plain names): `base` + "1" for port 1.
inline std::string read_port_name(const std::string& base, int port) {
  return port == 0 ? base : base + std::to_string(port);
}

// `width` flops without reset or enable, q_o <= d_i: a copy of a registered signal that
// fans out across an array. A module of its own so each copy survives synthesis as
// separate flops (identical flops in one module get merged) and drives only its own
// share of the loads. `what` completes the header: "<name>: one copy of <what>."
Module register_copy(const std::string& name, const std::string& what, int width = 1);
// The same with an enable: q_o <= d_i on the cycles when en_d_i was high on the edge
// before. The enable is registered inside, so each copy has its own enable flop and no
// one flop drives the enables of every copy.
Module enabled_register_copy(const std::string& name, const std::string& what, int width);

// Bits to count 0..n (at least 1).
// Verilog for a ring pointer's next value: ptr + 1, back to 0 after depth - 1 (width bits).
std::string next_pointer(const std::string& ptr, int depth, int width);

inline int bits_for(long long n) {
  int b = 1;
  while (b < 62 && (1LL << b) <= n) ++b;
  return b;
}

}  // namespace bitloom::hw::prims
