// The workload hardware's on-chip buffer: L banks of simple dual-port RAM with element
// (r, c) of a tensor in bank (r + c) mod L, so that a row slice (L neighbours in a row)
// and a column slice (L neighbours in a column) each read every bank once and take one
// cycle. Column slices give the cores their A operand columns and Kᵀ without a copy.
//
// A tensor of rows x (pitch * L) elements lives from word `base` on: row r, column
// block cb at word base + r * pitch + cb of every bank.
// - Write (row slices only): wr_addr_i = base + r * pitch + cb, wr_rot_i = r mod L,
//   lane j of wr_data_i is element (r, cb * L + j).
// - Row read: rd_addr_i as for a write, rd_rot_i = r mod L; lane j of rd_data_o is
//   element (r, cb * L + j).
// - Column read (rd_column_i): column c, rows rb * L .. rb * L + L - 1:
//   rd_addr_i = base + rb * L * pitch + c / L, rd_pitch_i = pitch, rd_rot_i = c mod L;
//   lane i of rd_data_o is element (rb * L + i, c).
// rd_data_o follows rd_en_i by one cycle. A read of a word written in the same cycle
// returns its old value. With more than one read port, port p's names are rd<p>_*
// (rd1_en_i, ...), each port a read mux over the same words (the cores of one GEMM read
// a bank at once).
#pragma once
#include <string>
#include <vector>

#include "hw/module.hpp"

namespace bitloom::hw::prims {

// `lanes` (L) a power of two >= 2; `words` per bank. Returns the bank RAM and the buffer.
std::vector<Module> skewed_buffer(const std::string& name, int lanes, int width, int words, int read_ports = 1);

}  // namespace bitloom::hw::prims
