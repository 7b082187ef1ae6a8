// The workload hardware's row movers between DRAM and a skewed buffer (issue 14): the
// loader reads a tensor's rows from DRAM through a DMA read client and writes them into
// the buffer as row slices; the storer reads row slices and writes the rows to DRAM
// through the DMA write channel. A DRAM row is `pitch_bytes` (the row's elements padded
// to L, then to the bus width); a buffer word holds L elements, so a row is `words`
// words of elements, then (for buses wider than a word) padding slots, which the loader
// drops and the storer writes as zeros. Controller jobs: m_bound row blocks of L rows
// from row block `offset` on; one DMA command per row block (rows are contiguous in
// DRAM). Addresses: dram_base_i + the stage's dram_offset + row * pitch_bytes.
// docs/workload_hardware.md has the contract.
#pragma once
#include <string>
#include <vector>

#include "hw/module.hpp"

namespace bitloom::workload_rtl {

// One row of a mover's stage table: a tensor in DRAM and in the buffer.
struct RowStage {
  long long dram_offset = 0;   // bytes from dram_base_i to row 0
  long long pitch_bytes = 8;   // DRAM bytes per row, a multiple of the bus width
  long long rows = 1;          // the tensor's rows (its last row block may be partial)
  long long words = 1;         // buffer words of elements per row (columns padded to L, / L)
  long long buf_base = 0, buf_pitch = 1;  // buffer words: row 0's first word, words per row
  // > 0: the buffer region is a ring of this many row blocks (a block FIFO between this
  // unit and a core): row block b goes to (or comes from) ring slot b mod ring_blocks.
  // A block's DMA command waits for ring_room_i (the loader: a free slot; the storer: a
  // block to store) and raises ring_claim_o; ring_done_o pulses when the block's last row
  // has been written (loader) or read (storer). Ring jobs start at row block 0.
  long long ring_blocks = 0;
  // The tensor's columns (the streaming variants only: tkeep and zeroed lanes past them);
  // 0: words * L.
  long long cols = 0;
};

struct RowOptions {
  int lanes = 8;          // L
  int elem_width = 8;     // bits of a buffer element = of a DRAM element (8 or 16)
  int data_bytes = 4;     // bytes per DMA beat (a power of two)
  int addr_bits = 32;     // DRAM byte address width
  int beats_bits = 16;    // the DMA's command beat count width
  int address_bits = 10;  // buffer word address width
};

// Both units have the ring ports ring_room_i, ring_claim_o, ring_done_o (stages without
// a ring ignore ring_room_i and never pulse the outputs).
//
// The loader `name` (its modules, leaves first): s_job / idle_o, dram_base_i, a DMA read
// client (cmd_*_o / cmd_ready_i, the data stream s_data_*), the buffer write port
// (wr_valid_o / wr_ready_i, wr_addr_o, wr_rot_o, wr_data_o). Throws
// std::invalid_argument for a stage these options cannot move.
std::vector<hw::Module> dram_loader(const std::string& name, const RowOptions& o, const std::vector<RowStage>& stages);

// The storer `name`: s_job / idle_o, dram_base_i, the buffer's row read port (rd_en_o,
// rd_addr_o, rd_rot_o; rd_data_i one cycle later), a DMA write command port (cmd_*) and
// data stream m_data_*. idle_o means every byte of its jobs is handed to the DMA (the
// controller's SYNC waits for the DMA's write responses).
std::vector<hw::Module> dram_storer(const std::string& name, const RowOptions& o, const std::vector<RowStage>& stages);

// The streaming variants, for the special-function units: the row streamer is the loader
// with its rows on a stream m_row_* (tlast on a row's last word, tkeep 0 past cols)
// instead of the buffer write port; the row sink is the storer taking its rows from a
// stream s_row_* instead of buffer reads (lanes past cols written as 0).
std::vector<hw::Module> dram_row_streamer(const std::string& name, const RowOptions& o,
                                          const std::vector<RowStage>& stages);
std::vector<hw::Module> dram_row_sink(const std::string& name, const RowOptions& o, const std::vector<RowStage>& stages);

}  // namespace bitloom::workload_rtl
