// The DRAM row loader (dram_rows.hpp): DMA beats in, one buffer word (slot) a cycle out.
#include <fmt/format.h>

#include "generator/workload_rtl/core_parts.hpp"
#include "generator/workload_rtl/dram_rows.hpp"
#include "generator/workload_rtl/rows_common.hpp"
#include "hw/prims/prims.hpp"

namespace bitloom::workload_rtl {

namespace {

// Slots out of the beats: slot_valid / slot_data, and s_data_tready from slot_take.
std::string beats_to_slots(const rows::Shape& s) {
  const int dw8 = s.o.data_bytes * 8, word = s.word_bytes * 8;
  if (s.beats_per_slot > 1) {
    const int pb = hw::prims::bits_for(s.beats_per_slot - 1);
    return fmt::format(R"(
  // {n} beats make a slot; the next slot's first beat may come in as this one leaves.
  reg  [{w1}:0] word_q;
  reg  [{pb1}:0] part_q;
  reg          word_full_q;
  wire part_last = part_q == {pb}'d{last};
  wire data_fire = s_data_tvalid && s_data_tready;
  wire slot_valid = word_full_q;
  wire [{w1}:0] slot_data = word_q;
  assign s_data_tready = !word_full_q || slot_take;
  always @(posedge clk_i) begin
    if (!rst_ni) begin
      word_full_q <= 1'b0;
      part_q <= {pb}'d0;
    end else begin
      if (slot_take) word_full_q <= 1'b0;
      if (data_fire) begin
        part_q <= part_last ? {pb}'d0 : part_q + {pb}'d1;
        if (part_last) word_full_q <= 1'b1;
      end
    end
    if (data_fire) word_q[part_q*{dw8} +: {dw8}] <= s_data_tdata;
  end
)",
                       fmt::arg("n", s.beats_per_slot), fmt::arg("w1", word - 1), fmt::arg("pb1", pb - 1),
                       fmt::arg("pb", pb), fmt::arg("last", s.beats_per_slot - 1), fmt::arg("dw8", dw8));
  }
  const int gb = hw::prims::bits_for(std::max(1, s.slots_per_beat - 1));
  return fmt::format(R"(
  // A beat holds {n} slot(s), taken one a cycle; the next beat comes in as its last leaves.
  reg  [{d1}:0] beat_q;
  reg          beat_valid_q;
  reg  [{gb1}:0] part_q;
  wire part_last = part_q == {gb}'d{last};
  wire data_fire = s_data_tvalid && s_data_tready;
  wire slot_valid = beat_valid_q;
  wire [{w1}:0] slot_data = beat_q[part_q*{word} +: {word}];
  assign s_data_tready = !beat_valid_q || slot_take && part_last;
  always @(posedge clk_i) begin
    if (!rst_ni) begin
      beat_valid_q <= 1'b0;
      part_q <= {gb}'d0;
    end else begin
      if (slot_take) begin
        part_q <= part_last ? {gb}'d0 : part_q + {gb}'d1;
        if (part_last) beat_valid_q <= 1'b0;
      end
      if (data_fire) beat_valid_q <= 1'b1;
    end
    if (data_fire) beat_q <= s_data_tdata;
  end
)",
                     fmt::arg("n", s.slots_per_beat), fmt::arg("d1", dw8 - 1), fmt::arg("gb1", gb - 1), fmt::arg("gb", gb),
                     fmt::arg("last", s.slots_per_beat - 1), fmt::arg("w1", word - 1), fmt::arg("word", word));
}

}  // namespace

namespace {

// The loader, writing its rows into a buffer or (stream) handing them on as a stream.
std::vector<hw::Module> loader(const std::string& name, const RowOptions& o, const std::vector<RowStage>& stages,
                               bool stream) {
  const rows::Shape s = rows::shape_of(name, o, stages, stream);
  hw::Module m(name, fmt::format("{}: DRAM row {}: a tensor's rows from a DMA read client {},\n"
                                 "{} lanes of {} bits a word, {}-byte beats (generator/workload_rtl/dram_rows.hpp).",
                                 name, stream ? "streamer" : "loader", stream ? "onto a stream" : "into a skewed buffer",
                                 o.lanes, o.elem_width, o.data_bytes));
  rows::add_common_ports(m, s);
  m.input("s_data_tvalid", 1, "the DMA client's data: the commands' beats in order");
  m.output("s_data_tready");
  m.input("s_data_tdata", o.data_bytes * 8);
  m.input("s_data_tlast");
  std::vector<std::string> drives{"s_job_tready", "idle_o", "cmd_valid_o", "cmd_addr_o", "cmd_beats_o", "ring_claim_o",
                                  "ring_done_o", "s_data_tready"};
  std::vector<std::string> reads{"clk_i", "rst_ni", "s_job_tvalid", "s_job_tdata", "dram_base_i", "cmd_ready_i",
                                 "ring_room_i", "s_data_tvalid", "s_data_tdata", "s_data_tlast"};
  std::string out;
  if (stream) {
    m.output("m_row_tvalid", 1, "the rows, a word a beat");
    m.input("m_row_tready");
    m.output("m_row_tdata", o.lanes * o.elem_width);
    m.output("m_row_tlast", 1, "a row's last word");
    m.output("m_row_tkeep", o.lanes, "0 past the tensor's columns");
    drives.insert(drives.end(), {"m_row_tvalid", "m_row_tdata", "m_row_tlast", "m_row_tkeep"});
    reads.push_back("m_row_tready");
    out = fmt::format(R"(
  assign slot_take = slot_valid && rows_active_q && (!slot_is_data || m_row_tready);
  assign m_row_tvalid = slot_valid && rows_active_q && slot_is_data;
  assign m_row_tdata = slot_data;
  assign m_row_tlast = slot_q + {sw}'d1 == words_q;
  /* verilator lint_off UNUSEDSIGNAL */
  wire unused_buffer = |slot_word;  // no buffer: the rows go on the stream
  /* verilator lint_on UNUSEDSIGNAL */
)",
                      fmt::arg("sw", s.slot_bits)) +
          rows::column_keep_text(s, "m_row_tkeep");
  } else {
    m.output("wr_valid_o", 1, "row slices into the buffer");
    m.input("wr_ready_i");
    m.output("wr_addr_o", o.address_bits, "buf_base + row * buf_pitch + slot");
    m.output("wr_rot_o", s.lane_bits, "row mod L");
    m.output("wr_data_o", o.lanes * o.elem_width);
    drives.insert(drives.end(), {"wr_valid_o", "wr_addr_o", "wr_rot_o", "wr_data_o"});
    reads.push_back("wr_ready_i");
    out = fmt::format(R"(
  assign slot_take = slot_valid && rows_active_q && (!slot_is_data || wr_ready_i);
  assign wr_valid_o = slot_valid && rows_active_q && slot_is_data;
  assign wr_addr_o = slot_word;
  assign wr_rot_o = row_q[{lw1}:0];
  assign wr_data_o = slot_data;
)",
                      fmt::arg("lw1", s.lane_bits - 1));
  }
  m.raw(rows::common_text(s, stages) + R"(
  // ---------------------------------------------------------------- slots out
  wire slot_take;  // a slot leaves: written, or dropped as padding
)" + beats_to_slots(s) + out + R"(
  assign slot_advance = slot_take;
  assign job_done = busy_q && !start_q && !rows_active_q && !cmd_active_q;
  /* verilator lint_off UNUSEDSIGNAL */
  wire unused_last = s_data_tlast;  // the row counters know where a command ends
  /* verilator lint_on UNUSEDSIGNAL */
)",
        drives, reads);
  return {m};
}

}  // namespace

std::vector<hw::Module> dram_loader(const std::string& name, const RowOptions& o, const std::vector<RowStage>& stages) {
  return loader(name, o, stages, false);
}

std::vector<hw::Module> dram_row_streamer(const std::string& name, const RowOptions& o,
                                          const std::vector<RowStage>& stages) {
  return loader(name, o, stages, true);
}

}  // namespace bitloom::workload_rtl
