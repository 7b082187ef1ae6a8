// The DRAM row storer (dram_rows.hpp): one buffer read (slot) a cycle in, DMA beats out.
#include <fmt/format.h>

#include "generator/workload_rtl/core_parts.hpp"
#include "generator/workload_rtl/dram_rows.hpp"
#include "generator/workload_rtl/rows_common.hpp"
#include "hw/prims/prims.hpp"
#include "hw/stream.hpp"

namespace bitloom::workload_rtl {

namespace {

constexpr int kSlotDepth = 4;  // slot FIFO: a read in flight + two words keep one slot per cycle

// Beats out of the slot FIFO (slot_out_*): m_data_*, slot_out_ready and beats_empty.
std::string slots_to_beats(const rows::Shape& s) {
  const int dw8 = s.o.data_bytes * 8, word = s.word_bytes * 8;
  if (s.beats_per_slot > 1) {
    const int pb = hw::prims::bits_for(s.beats_per_slot - 1);
    return fmt::format(R"(
  // A slot leaves as {n} beats; the next slot comes in as its last beat leaves.
  reg  [{w1}:0] word_q;
  reg          word_valid_q;
  reg  [{pb1}:0] part_q;
  wire part_last = part_q == {pb}'d{last};
  wire beat_fire = m_data_tvalid && m_data_tready;
  assign slot_out_ready = !word_valid_q || beat_fire && part_last;
  assign m_data_tvalid = word_valid_q;
  assign m_data_tdata = word_q[part_q*{dw8} +: {dw8}];
  wire beats_empty = !word_valid_q;
  always @(posedge clk_i) begin
    if (!rst_ni) begin
      word_valid_q <= 1'b0;
      part_q <= {pb}'d0;
    end else begin
      if (beat_fire) begin
        part_q <= part_last ? {pb}'d0 : part_q + {pb}'d1;
        if (part_last) word_valid_q <= 1'b0;
      end
      if (slot_out_valid && slot_out_ready) word_valid_q <= 1'b1;
    end
    if (slot_out_valid && slot_out_ready) word_q <= slot_out_data;
  end
)",
                       fmt::arg("n", s.beats_per_slot), fmt::arg("w1", word - 1), fmt::arg("pb1", pb - 1),
                       fmt::arg("pb", pb), fmt::arg("last", s.beats_per_slot - 1), fmt::arg("dw8", dw8));
  }
  const int g = s.slots_per_beat, gb = hw::prims::bits_for(std::max(1, g - 1));
  const std::string assembled = g == 1 ? "slot_out_data" : fmt::format("{{slot_out_data, gather_q[{}:0]}}", (g - 1) * word - 1);
  const std::string gather = g == 1 ? "" : fmt::format(R"(
  reg  [{gw1}:0] gather_q;  // the beat's earlier slots
  always @(posedge clk_i) if (slot_out_valid && slot_out_ready && !part_last) gather_q[part_q*{word} +: {word}] <= slot_out_data;
)", fmt::arg("gw1", (g - 1) * word - 1), fmt::arg("word", word));
  return gather + fmt::format(R"(
  // {n} slot(s) make a beat; a slot is taken whenever the beat register is free or its
  // beat leaves.
  reg  [{d1}:0] beat_q;
  reg          beat_valid_q;
  reg  [{gb1}:0] part_q;
  wire part_last = part_q == {gb}'d{last};
  assign slot_out_ready = !beat_valid_q || m_data_tready;
  assign m_data_tvalid = beat_valid_q;
  assign m_data_tdata = beat_q;
  wire beats_empty = !beat_valid_q && part_q == {gb}'d0;
  always @(posedge clk_i) begin
    if (!rst_ni) begin
      beat_valid_q <= 1'b0;
      part_q <= {gb}'d0;
    end else begin
      if (m_data_tready) beat_valid_q <= 1'b0;
      if (slot_out_valid && slot_out_ready) begin
        part_q <= part_last ? {gb}'d0 : part_q + {gb}'d1;
        if (part_last) beat_valid_q <= 1'b1;
      end
    end
    if (slot_out_valid && slot_out_ready && part_last) beat_q <= {assembled};
  end
)",
                              fmt::arg("n", g), fmt::arg("d1", dw8 - 1), fmt::arg("gb1", gb - 1), fmt::arg("gb", gb),
                              fmt::arg("last", g - 1), fmt::arg("assembled", assembled));
}

void add_slot_fifo(hw::Module& m, const std::string& name, const rows::Shape& s) {
  const int row = s.o.lanes * s.o.elem_width;
  for (const char* n : {"slot_in_valid", "slot_in_ready", "slot_out_valid", "slot_out_ready"}) m.wire(n);
  m.wire("slot_in_data", row, "the slot read last cycle, or zeros for padding");
  m.wire("slot_out_data", row);
  m.wire("slot_count", hw::prims::bits_for(kSlotDepth));
  hw::Instance f{name + "_slots", "u_slots", "Slots read, waiting to leave as beats.", {}};
  for (const auto& [port, net] : std::vector<std::pair<const char*, const char*>>{
           {"clk_i", "clk_i"}, {"rst_ni", "rst_ni"}, {"s_x_tvalid", "slot_in_valid"}, {"s_x_tready", "slot_in_ready"},
           {"s_x_tdata", "slot_in_data"}, {"m_x_tvalid", "slot_out_valid"}, {"m_x_tready", "slot_out_ready"},
           {"m_x_tdata", "slot_out_data"}, {"occupancy_o", "slot_count"}})
    connect(f, port, m.net(net));
  m.add(f);
}

// Slots from the stream (the sink): a word taken, or a zero slot made past the row's
// words, only with room in the slot FIFO; lanes past the columns leave as 0.
std::string stream_slots_text(const rows::Shape& s, const RowOptions& o) {
  const int cb = hw::prims::bits_for(kSlotDepth);
  return fmt::format(R"(
  // ---------------------------------------------------------------- slots from the stream
  // A word is taken (or, past the row's words, a zero slot made) only with room for it
  // in the slot FIFO; lanes past the columns leave as 0.
  wire credit = {{1'b0, slot_count}} < {cb1}'d{depth};
  wire [{l1}:0] lane_keep;
  assign slot_advance = rows_active_q && credit && (!slot_is_data || s_row_tvalid);
  assign s_row_tready = rows_active_q && credit && slot_is_data;
  assign slot_in_valid = slot_advance;
  genvar gw;
  generate
    for (gw = 0; gw < {lanes}; gw = gw + 1) begin : gen_lane
      assign slot_in_data[gw*{w} +: {w}] = slot_is_data && lane_keep[gw] ? s_row_tdata[gw*{w} +: {w}] : {w}'d0;
    end
  endgenerate
  wire read_valid_q = 1'b0;  // nothing in flight: the stream's word is there
  // A row block's command goes to the write channel only once its data has come (a word
  // waiting, or taken): its beats then follow at once. A command whose data waits on
  // another unit would hold the shared, in-order write data channel, and with it every
  // other writer, the one that unit may be waiting on among them (found 2026-12-06 by a
  // random dataflow workload: a GELU's command waiting for a FIFO block that its GEMM
  // could not write until a GEMM beside it wrote its results to DRAM).
  wire [{bb1}:0] data_block = row_q[{top}:{lw}];
  wire block_data_here = data_block > cmd_block_q
                         || data_block == cmd_block_q && (s_row_tvalid || slot_q != {sw}'d0 || row_q[{lw1}:0] != {lw}'d0);
  /* verilator lint_off UNUSEDSIGNAL */
  wire unused_stream = slot_in_ready | s_row_tlast | (|s_row_tkeep) | (|slot_word);  // credit, counters, columns
  /* verilator lint_on UNUSEDSIGNAL */
)",
                                                 fmt::arg("cb1", cb + 1), fmt::arg("depth", kSlotDepth),
                                                 fmt::arg("bb1", s.block_bits - 1), fmt::arg("top", s.lane_bits + s.block_bits - 1),
                                                 fmt::arg("lw", s.lane_bits), fmt::arg("lw1", s.lane_bits - 1),
                                                 fmt::arg("sw", s.slot_bits),
                                                 fmt::arg("l1", o.lanes - 1), fmt::arg("lanes", o.lanes),
                                                 fmt::arg("w", o.elem_width)) +
                                         rows::column_keep_text(s, "lane_keep");
}

// Slots read from the buffer (the storer), one read in flight counted against the FIFO.
std::string buffer_slots_text(const rows::Shape& s, const RowOptions& o) {
  const int cb = hw::prims::bits_for(kSlotDepth);
  return fmt::format(R"(
  // ---------------------------------------------------------------- slots out of the buffer
  // A slot is read (or, past the row's words, made zero) only with room for it in the
  // slot FIFO (a slot in flight counts).
  reg  read_valid_q, read_zero_q;
  wire credit = {{1'b0, slot_count}} + {{{cb}'d0, read_valid_q}} < {cb1}'d{depth};
  assign slot_advance = rows_active_q && credit;
  assign rd_en_o = slot_advance && slot_is_data;
  assign rd_addr_o = slot_word;
  assign rd_rot_o = row_q[{lw1}:0];
  assign slot_in_valid = read_valid_q;
  assign slot_in_data = read_zero_q ? {row}'d0 : rd_data_i;
  always @(posedge clk_i) begin
    if (!rst_ni) read_valid_q <= 1'b0;
    else read_valid_q <= slot_advance;
    read_zero_q <= !slot_is_data;
  end
  /* verilator lint_off UNUSEDSIGNAL */
  wire unused_ready = slot_in_ready;  // always 1: the credit keeps room
  /* verilator lint_on UNUSEDSIGNAL */
)",
                                                fmt::arg("cb", cb), fmt::arg("cb1", cb + 1), fmt::arg("depth", kSlotDepth),
                                                fmt::arg("lw1", s.lane_bits - 1), fmt::arg("row", o.lanes * o.elem_width));
}

// The storer, its rows read from a buffer or (stream) taken from a stream.
std::vector<hw::Module> storer(const std::string& name, const RowOptions& o, const std::vector<RowStage>& stages,
                               bool stream) {
  rows::Shape s = rows::shape_of(name, o, stages, stream);
  if (stream) s.cmd_gate = "block_data_here";
  hw::prims::FifoOptions fo;
  fo.depth = kSlotDepth;
  std::vector<hw::Module> out{hw::prims::fifo(name + "_slots", hw::stream_shape("x", o.lanes, o.elem_width), fo)};
  hw::Module m(name, fmt::format("{}: DRAM row {}: a tensor's rows from {} to the DMA write channel,\n"
                                 "{} lanes of {} bits a word, {}-byte beats (generator/workload_rtl/dram_rows.hpp).",
                                 name, stream ? "sink" : "storer", stream ? "a stream" : "a skewed buffer", o.lanes,
                                 o.elem_width, o.data_bytes));
  rows::add_common_ports(m, s);
  std::vector<std::string> drives{"s_job_tready", "idle_o", "cmd_valid_o", "cmd_addr_o", "cmd_beats_o", "ring_claim_o",
                                  "ring_done_o", "m_data_tvalid", "m_data_tdata", "slot_in_valid", "slot_in_data",
                                  "slot_out_ready"};
  std::vector<std::string> reads{"clk_i", "rst_ni", "s_job_tvalid", "s_job_tdata", "dram_base_i", "cmd_ready_i",
                                 "ring_room_i", "m_data_tready", "slot_in_ready", "slot_out_valid", "slot_out_data",
                                 "slot_count"};
  if (stream) {
    m.input("s_row_tvalid", 1, "the rows, a word a beat");
    m.output("s_row_tready");
    m.input("s_row_tdata", o.lanes * o.elem_width);
    m.input("s_row_tlast");
    m.input("s_row_tkeep", o.lanes);
    drives.push_back("s_row_tready");
    reads.insert(reads.end(), {"s_row_tvalid", "s_row_tdata", "s_row_tlast", "s_row_tkeep"});
  } else {
    m.output("rd_en_o", 1, "row slice reads of the buffer");
    m.output("rd_addr_o", o.address_bits, "buf_base + row * buf_pitch + slot");
    m.output("rd_rot_o", s.lane_bits, "row mod L");
    m.input("rd_data_i", o.lanes * o.elem_width, "one cycle after rd_en_o");
    drives.insert(drives.end(), {"rd_en_o", "rd_addr_o", "rd_rot_o"});
    reads.push_back("rd_data_i");
  }
  m.output("m_data_tvalid", 1, "to the DMA write channel: the commands' beats in order");
  m.input("m_data_tready");
  m.output("m_data_tdata", o.data_bytes * 8);
  add_slot_fifo(m, name, s);
  const std::string slots = stream ? stream_slots_text(s, o) : buffer_slots_text(s, o);
  m.raw(rows::common_text(s, stages) + slots + slots_to_beats(s) + R"(
  assign job_done = busy_q && !start_q && !rows_active_q && !cmd_active_q && !read_valid_q && !slot_out_valid && beats_empty;
)",
        drives, reads);
  out.push_back(std::move(m));
  return out;
}

}  // namespace

std::vector<hw::Module> dram_storer(const std::string& name, const RowOptions& o, const std::vector<RowStage>& stages) {
  return storer(name, o, stages, false);
}

std::vector<hw::Module> dram_row_sink(const std::string& name, const RowOptions& o, const std::vector<RowStage>& stages) {
  return storer(name, o, stages, true);
}

}  // namespace bitloom::workload_rtl
