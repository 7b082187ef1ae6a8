// A compute core of the workload hardware (cc<i>, issue 14): a bitloom os_tile array,
// unchanged, wrapped with
// - the operand fetch: A as column slices of a skewed buffer (one L-row block, column k
//   per beat, so a row-major tensor feeds the array without a transpose), B as row
//   slices of a second buffer or as the beats of a stream (a DRAM panel);
// - the GEMM epilogue (round, shift, saturate, ReLU; hw/prims/stream_units.hpp);
// - the output demux: row slices to a buffer's write port, or a stream to the DMA.
// The controller hands it jobs (the 57-bit job word of hw/prims/controller.hpp); a job's
// stage selects a row of the core's stage table, generated constants that say where the
// stage reads and writes. docs/workload_hardware.md has the contract.
#pragma once
#include <string>
#include <vector>

#include "generator/design.hpp"
#include "hw/module.hpp"

namespace bitloom::workload_rtl {

// One row of a core's stage table. Addresses and pitches are buffer words (one word =
// L elements of every bank, hw/prims/skewed_buffer.hpp); "signed" says how a buffer
// element extends to the array's operand width.
struct CoreStage {
  // A: M x K, row-major, from word a_base on, a_pitch words per row. a_bits: the bits of
  // an element its format uses (0: all of it); the array's operand may be narrower than
  // an element, as long as it holds every value of the format.
  long long a_base = 0, a_pitch = 1;
  bool a_signed = true;
  int a_bits = 0;
  // > 0: A arrives through a ring of this many row blocks from a_base on (a block FIFO
  // filled by a DRAM loader): row tile i is in slot i mod a_ring_blocks. The fetch waits
  // for a_ring_ready_i before a row tile's first read (a_ring_take_o), and frees the slot
  // after its last (a_ring_free_o). Row tiles outer, jobs from row tile 0.
  long long a_ring_blocks = 0;
  // B: K x N. From the B buffer (row k, column block j at b_base + k * b_pitch + j) or,
  // with b_from_stream, the beats of s_b: for every tile, in tile order, its K rows.
  // With b_columns the buffer holds B transposed (N x K, b_pitch words a row) and row k
  // of B's column tile j is a column slice of it (b_base + j * L * b_pitch + k / L,
  // rotation k mod L): Q.K^T reads K as stored.
  bool b_from_stream = false;
  bool b_columns = false;
  long long b_base = 0, b_pitch = 1;
  bool b_signed = true;
  int b_bits = 0;  // as a_bits
  // Results: row r, column block j at out_base + r * out_pitch + j of the write port,
  // or beats of m_out. Rows from out_rows on are dropped; lanes from column out_cols on
  // are written as 0 (and have tkeep 0 on m_out).
  bool out_to_stream = false;
  long long out_base = 0, out_pitch = 1;
  // > 0: the results go into a block FIFO of this many row blocks from out_base on (row
  // tile i in slot i mod out_ring_blocks), read by a unit in step: before a row tile's
  // first result the core waits for out_ring_room_i (out_ring_claim_o), after its last
  // it pulses out_ring_done_o. Row tiles outer, jobs from row tile 0. The ports exist
  // only when some stage has an output ring.
  long long out_ring_blocks = 0;
  long long out_rows = 1, out_cols = 1;
  // Words between the results of two column tiles next to each other in the job: 1, or
  // g where g cores split a GEMM's column tiles (core c taking tiles c, c + g, ...).
  // With g > 1, B comes from the stream and out_cols counts only this core's columns
  // (every tile full but the GEMM's last). The counter exists only when some stage has a
  // step above 1.
  long long out_col_step = 1;
  int shift = 0;
  bool relu = false;
  // Tile order: column tiles outer, row tiles inner (a B panel serves every row tile
  // before the next panel), else row tiles outer (results come row block by row block).
  bool panels = false;
};

struct CoreOptions {
  int lanes = 8;            // L: the array has L rows; a buffer word holds L elements
  int elem_width = 8;       // bits of one buffer element
  int address_bits = 10;    // buffer word address width (both buffers)
  int out_width = 8;        // the epilogue's saturation format
  bool out_signed = true;
  // An array of c < L columns (a re-split core) makes each L x L tile in L / c passes; a
  // streamed B then goes through a panel store of this many rows (the longest K of the
  // core's jobs; needed only where some stage streams B), read by every pass of a tile;
  // the next tile's panel follows its last pass in.
  int panel_depth = 0;
};

// The core `name` around `array` (an os_tile design of L x c PEs, c = L or a smaller power
// of two, with signed operands
// at least elem_width + 1 bits wide where a stage reads unsigned elements). Returns the
// modules the core adds (leaves first); `array`'s own modules are emitted by the caller.
// Throws std::invalid_argument for a stage that cannot run on these options.
std::vector<hw::Module> compute_core(const std::string& name, const bitloom::Design& array, const CoreOptions& o,
                                     const std::vector<CoreStage>& stages);

// The ports of `array`'s top as a module without contents: what the structural checker
// needs to check an instance of a design that is still Verilog text.
hw::Module array_ports(const bitloom::Design& array);

}  // namespace bitloom::workload_rtl
