// The result drain of output-stationary arrays (systolic OS and cube): finished rows
// leave in order, one m_c beat per row, with AXI4-Stream back-pressure. Carry-save PEs
// hold (sum, carry) pairs; their drain adds each pair once, with one carry-propagate
// adder per output lane behind a register stage.
#pragma once
#include <string>

#include "generator/design.hpp"
#include "generator/spec.hpp"

namespace bitloom {

// Verilog for the drain. Expects `row_done` [ROWS] (row i's results were captured on
// the last edge), `drain_fire` (declared by the caller), and the PE results: `pe_result`
// (MAC) or `pe_sum` / `pe_carry` (OPT1), PE(i, j) at (i*COLS + j)*C_WIDTH. Drives m_c_*,
// drain_fire and `drain_last` (the last row's results were just read out of the PEs).
// With drain: shift it expects `all_done` instead of row_done (every PE holds its final
// result from the next cycle on); the results are the accumulators themselves (`pe_acc`,
// or `pe_sum` / `pe_carry`, with a row of zeros below the last one), moved up by the
// registered copies of the shift, `shift_col` [COLS]. The caller's tile_pending_q must
// reset to 1: the flush after reset is a drain.
std::string drain_section(const Design& d, const GemmConfig& g);

// Declarations of the PE result buses the drain reads (the PE ports that drive them:
// pe_results.hpp).
std::string result_wires(const GemmConfig& g);

// The PEs hold (sum, carry) pairs (opt1, sparse_serial) rather than plain sums.
bool carry_save_results(const GemmConfig& g);

// The carry-propagate adder module of carry-save designs (arith::prefix_adder_module).
std::string final_adder_name(const GemmConfig& g);

// The one-flop module that holds a column's copy of the shift (drain: shift), and its Verilog.
std::string shift_reg_name(const GemmConfig& g);

// Extra cycles the drain adds to the latency (its output register).
int drain_latency(const GemmConfig& g);

// The paragraph of a top's header comment on where results wait.
std::string drain_note(const GemmConfig& g);

}  // namespace bitloom
