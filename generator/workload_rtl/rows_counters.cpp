// The DRAM row movers' commands and row counters (rows_common.hpp).
#include <fmt/format.h>

#include "generator/workload_rtl/core_parts.hpp"
#include "generator/workload_rtl/rows_common.hpp"
#include "generator/workload_rtl/unit_job.hpp"

namespace bitloom::workload_rtl::rows {

namespace {

std::string commands_text(const Shape& s) {
  const int bb = s.block_bits;
  return fmt::format(R"(
  // ---------------------------------------------------------------- DMA commands
  // One command per row block, in order, from the job's first block to its last (or
  // the tensor's last, which may be partial).
  reg            cmd_active_q;
  reg  [{aw1}:0] cmd_addr_q;
  reg  [{bb1}:0] cmd_block_q;  // row block of the next command
  reg  [{bb1}:0] cmd_end_q;    // the job's last row block
  wire [{bb1}:0] job_end_block = {{{pad}'d0, offset_q}} + {{{pad2}'d0, m_last_q}};
  /* verilator lint_off UNUSEDSIGNAL */
  wire [{prod1}:0] cmd_first_full = block_bytes_q * {{{aw}'d0, offset_q}};
  /* verilator lint_on UNUSEDSIGNAL */
  wire cmd_fire = cmd_valid_o && cmd_ready_i;
  assign cmd_valid_o = cmd_active_q && (!ring_q || ring_room_i){gate};
  assign ring_claim_o = cmd_fire && ring_q;
  assign cmd_addr_o = cmd_addr_q;
  assign cmd_beats_o = cmd_block_q == last_block_q ? last_block_beats_q : block_beats_q;

  always @(posedge clk_i) begin
    if (!rst_ni) cmd_active_q <= 1'b0;
    else if (start_q) cmd_active_q <= !empty_q;
    else if (cmd_fire && cmd_block_q == cmd_end_q) cmd_active_q <= 1'b0;
    if (start_q) begin
      cmd_addr_q <= dram_base_i + dram_offset_q + cmd_first_full[{aw1}:0];
      cmd_block_q <= {{{pad}'d0, offset_q}};
      cmd_end_q <= job_end_block < last_block_q ? job_end_block : last_block_q;
    end else if (cmd_fire) begin
      cmd_addr_q <= cmd_addr_q + block_bytes_q;
      cmd_block_q <= cmd_block_q + {bb}'d1;
    end
  end
)",
                     fmt::arg("aw1", s.o.addr_bits - 1), fmt::arg("aw", s.o.addr_bits), fmt::arg("bb1", bb - 1),
                     fmt::arg("bb", bb), fmt::arg("pad", bb - 14), fmt::arg("pad2", bb - 12),
                     fmt::arg("prod1", s.o.addr_bits + 13), fmt::arg("gate", s.cmd_gate.empty() ? "" : " && " + s.cmd_gate));
}

}  // namespace

std::string counters_text(const Shape& s, const std::string& ring_done) {
  const bool ring = !ring_done.empty();
  const int rw = core::kRowBits, lw = s.lane_bits, ab = s.o.address_bits;
  return fmt::format(R"(
  // ---------------------------------------------------------------- rows and slots
  reg  [{sw1}:0] slot_q;       // slot of the row
  reg  [{rw1}:0] row_q;        // tensor row
  reg  [{ab1}:0] buf_row_q;    // buffer word of the row's first slot
  reg  [{rw1}:0] rows_end_q;   // one past the job's last row
  reg            rows_active_q;
  wire slot_advance;           // the unit moves the slot on
  wire last_slot = slot_q == slots_last_q;
  wire slot_is_data = slot_q < words_q;
  wire [{rw1}:0] job_rows_end = {{{rpad}'d0, {{1'b0, offset_q}} + {{3'd0, m_last_q}} + 15'd1, {lw}'d0}};
  /* verilator lint_off UNUSEDSIGNAL */
  wire [{prod1}:0] buf_first_full = buf_block_step_q * {{{ab}'d0, offset_q}};
  /* verilator lint_on UNUSEDSIGNAL */
  wire [{ab1}:0] slot_word = buf_row_q + {slot_fit};
  wire [{ab1}:0] buf_next_row = buf_row_q + buf_pitch_q;
{ring_done}
  always @(posedge clk_i) begin
    if (!rst_ni) rows_active_q <= 1'b0;
    else if (start_q) rows_active_q <= !empty_q;
    else if (slot_advance && last_slot && row_q + {rw}'d1 == rows_end_q) rows_active_q <= 1'b0;
    if (start_q) begin
      slot_q <= {sw}'d0;
      row_q <= {{{opad}'d0, offset_q, {lw}'d0}};
      buf_row_q <= buf_base_q + buf_first_full[{ab1}:0];
      rows_end_q <= job_rows_end < rows_q ? job_rows_end : rows_q;
    end else if (slot_advance) begin
      slot_q <= last_slot ? {sw}'d0 : slot_q + {sw}'d1;
      if (last_slot) begin
        row_q <= row_q + {rw}'d1;
        buf_row_q <= {next_row};
      end
    end
  end
)",
                     fmt::arg("sw1", s.slot_bits - 1), fmt::arg("sw", s.slot_bits), fmt::arg("rw1", rw - 1),
                     fmt::arg("rw", rw), fmt::arg("ab1", ab - 1), fmt::arg("ab", ab), fmt::arg("lw", lw),
                     fmt::arg("ring_done", ring ? fmt::format("  assign {} = ring_q && slot_advance && last_slot && "
                                                              "(&row_q[{}:0] || row_q + {}'d1 == rows_end_q);\n", ring_done, lw - 1, rw)
                                                : ""),
                     fmt::arg("next_row", ring ? "ring_q && buf_next_row == ring_end_q ? buf_base_q : buf_next_row;  // a ring wraps"
                                               : "buf_next_row;"),
                     fmt::arg("rpad", rw - 15 - lw), fmt::arg("opad", rw - 14 - lw), fmt::arg("prod1", ab + 13),
                     fmt::arg("slot_fit", core::fit("slot_q", s.slot_bits, ab)));
}

std::string common_text(const Shape& s, const std::vector<RowStage>& stages) {
  return job_register_text(false) + "\n  // ---------------------------------------------------------------- stage table\n" +
         stage_table_text(row_stage_fields(s), stages) + commands_text(s) + counters_text(s, "ring_done_o");
}

}  // namespace bitloom::workload_rtl::rows
