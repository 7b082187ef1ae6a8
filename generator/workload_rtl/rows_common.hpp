// What the DRAM row loader and storer (dram_rows.hpp) share: their widths, stage table,
// ports, DMA commands and the row and slot counters. A slot is one buffer word's share
// of a DRAM row: a row has pitch_bytes / word bytes slots when the bus is at least a
// word wide (`slots_per_beat` of them per beat), else one slot every `beats_per_slot`
// beats.
#pragma once
#include <string>
#include <vector>

#include "generator/workload_rtl/dram_rows.hpp"
#include "generator/workload_rtl/unit_job.hpp"

namespace bitloom::workload_rtl::rows {

struct Shape {
  std::string name;
  RowOptions o;
  int lane_bits = 1;
  int word_bytes = 0;
  int slots_per_beat = 1;  // >= 1 when data_bytes >= word_bytes
  int beats_per_slot = 1;  // >= 1 when word_bytes >= data_bytes
  int slot_bits = 1;       // width of a slot index within a row
  int block_bits = 16;     // absolute row block index
  bool cols_field = false; // the stage table has cols_q (the streaming variants)
  // Verilog ANDed into cmd_valid_o (empty: none): the row sink issues a block's command
  // only once the block's data has come (dram_storer.cpp).
  std::string cmd_gate;
};

// Checks the options and every stage; throws std::invalid_argument.
Shape shape_of(const std::string& name, const RowOptions& o, const std::vector<RowStage>& stages, bool cols_field = false);

// Per lane gl of the word at slot_q, `keep[gl]` = its column < cols_q (a generate block).
std::string column_keep_text(const Shape& s, const std::string& keep);

// The stage table's fields (rows_common.cpp).
std::vector<StageField<RowStage>> row_stage_fields(const Shape& s);

// clk_i, rst_ni, s_job, idle_o, dram_base_i and the DMA command port cmd_*.
void add_common_ports(hw::Module& m, const Shape& s);

// The row and slot counters alone (slot_q, row_q, buf_row_q, rows_active_q, slot_word,
// last_slot, slot_is_data), advancing on slot_advance; they read the stage fields
// rows_q, words_q, slots_last_q, buf_base_q, buf_pitch_q, buf_block_step_q. With a
// `ring_done` net (the stage table then has ring_q and ring_end_q) the rows wrap at
// ring_end_q in ring stages and that net pulses with each ring block's last row.
std::string counters_text(const Shape& s, const std::string& ring_done = "");

// The job register and stage table, the DMA commands (one per row block), and the row
// and slot counters that advance on `slot_advance` (the unit declares and drives it);
// rows_active_q is high from the job's first slot to its last.
std::string common_text(const Shape& s, const std::vector<RowStage>& stages);

}  // namespace bitloom::workload_rtl::rows
