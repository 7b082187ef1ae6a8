#include "generator/workload_rtl/dram_tiles.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "generator/workload_rtl/unit_job.hpp"
#include "hw/prims/prims.hpp"

namespace bitloom::workload_rtl {

namespace {

std::vector<StageField<TileStage>> tile_fields(const TileOptions& o) {
  const long long mask = (1LL << o.addr_bits) - 1;
  return {{"dram_offset", o.addr_bits, [](const TileStage& s) { return s.dram_offset; }},
          {"pitch_bytes", o.addr_bits, [](const TileStage& s) { return s.pitch_bytes; }},
          {"block_bytes", o.addr_bits, [=](const TileStage& s) { return s.pitch_bytes * o.lanes & mask; }},
          {"panels", 1, [](const TileStage& s) { return s.panels ? 1LL : 0LL; }}};
}

// Where the next result row goes: the tile (core order), its row block's address and
// the row's. A tile ends with the core's tlast.
std::string rows_text(const TileOptions& o, int word_bytes) {
  return fmt::format(R"(
  // ---------------------------------------------------------------- result rows
  reg  [11:0]    tile_i_q, tile_j_q;
  reg  [{aw1}:0] first_q;   // row 0 of the job's first row tile, column 0
  reg  [{aw1}:0] block_q;   // row 0 of this row tile, column 0
  reg  [{aw1}:0] row_q;     // this row, column 0
  reg  [{aw1}:0] column_q;  // this column tile's first byte within a row
  reg            tiles_done_q;
  /* verilator lint_off UNUSEDSIGNAL */
  wire [{prod1}:0] first_full = block_bytes_q * {{{aw}'d0, offset_q}};
  wire unused_k = |k_last_q;  // K is the core's business
  /* verilator lint_on UNUSEDSIGNAL */
  wire last_i = tile_i_q == m_last_q;
  wire last_j = tile_j_q == n_last_q;
  wire res_fire = s_res_tvalid && s_res_tready;
  wire tile_end = res_fire && s_res_tlast;
  // Column tiles outer: the next tile is one row tile down, or the next panel from the
  // top; row tiles outer: one column tile right, or the next row block from the left.
  wire [{aw1}:0] next_block = panels_q ? (last_i ? first_q : block_q + block_bytes_q)
                                       : (last_j ? block_q + block_bytes_q : block_q);
  wire [{aw1}:0] next_column = panels_q ? (last_i ? column_q + {aw}'d{word} : column_q)
                                        : (last_j ? {aw}'d0 : column_q + {aw}'d{word});

  always @(posedge clk_i) begin
    if (start_q) begin
      tile_i_q <= 12'd0;
      tile_j_q <= 12'd0;
      first_q <= dram_base_i + dram_offset_q + first_full[{aw1}:0];
      block_q <= dram_base_i + dram_offset_q + first_full[{aw1}:0];
      row_q <= dram_base_i + dram_offset_q + first_full[{aw1}:0];
      column_q <= {aw}'d0;
      tiles_done_q <= empty_q;
    end else if (tile_end) begin
      tile_i_q <= panels_q ? (last_i ? 12'd0 : tile_i_q + 12'd1) : (last_j ? tile_i_q + 12'd1 : tile_i_q);
      tile_j_q <= panels_q ? (last_i ? tile_j_q + 12'd1 : tile_j_q) : (last_j ? 12'd0 : tile_j_q + 12'd1);
      block_q <= next_block;
      row_q <= next_block;
      column_q <= next_column;
      if (last_i && last_j) tiles_done_q <= 1'b1;
    end else if (res_fire) begin
      row_q <= row_q + pitch_bytes_q;
    end
  end
)",
                     fmt::arg("aw1", o.addr_bits - 1), fmt::arg("aw", o.addr_bits), fmt::arg("prod1", 2 * o.addr_bits + 13),
                     fmt::arg("word", word_bytes));
}

// Rows in flight: the oldest row's beats go out while the next rows' commands are
// already issued (the DMA queues bursts whose data is still due). A row taken in cycle t
// (as the oldest one's last beat leaves) has its command out at t + 1 and its request at
// the DRAM at t + 3, so its first beat can leave at t + 4: with `per` beats a row, 1 +
// ceil(4 / per) rows in flight keep the beats back to back. With one row at a time each
// row cost a cycle more than its beats; with two, two-beat rows still left a cycle free
// every two rows (2.5 cycles a row, measured on twin.yaml, 2026-12-04). Commands and
// beats leave in row order.
int rows_in_flight(int per) { return 1 + (4 + per - 1) / per; }

// The slot `count` rows after the oldest row's, as wire <name>_slot (a sum wrapped in the
// ring of n; the sum's top bit only decides the wrap).
std::string ring_slot(const std::string& name, const std::string& count, int n, int cb, int sb) {
  const std::string pad = cb > sb ? fmt::format("{}'d0, ", cb - sb) : std::string();
  return fmt::format(R"(  wire [{cb}:0] {name}_sum = {{1'b0, {pad}data_slot_q}} + {{1'b0, {count}}};
  /* verilator lint_off UNUSEDSIGNAL */
  wire [{cb}:0] {name}_wrap = {name}_sum >= {cbp}'d{n} ? {name}_sum - {cbp}'d{n} : {name}_sum;
  /* verilator lint_on UNUSEDSIGNAL */
  wire [{sb1}:0] {name}_slot = {name}_wrap[{sb1}:0];
)",
                     fmt::arg("name", name), fmt::arg("count", count), fmt::arg("pad", pad), fmt::arg("cb", cb),
                     fmt::arg("cbp", cb + 1), fmt::arg("n", n), fmt::arg("sb1", sb - 1));
}

// A narrow row (word_bytes below a beat) goes out as one beat at the beat's address:
// the word in every place of the beat, and the strobes (a bit per core word) on its own.
struct NarrowRow {
  std::string cmd_addr, data, strobe;
};

NarrowRow narrow_row(const TileOptions& o, int word_bytes) {
  const int core_word = o.lanes * o.elem_width / 8, db = hw::prims::bits_for(o.data_bytes - 1);
  const int cw = hw::prims::bits_for(core_word - 1), strobes = word_strobes(o);
  NarrowRow n;
  n.cmd_addr = fmt::format("{{addr_q[cmd_slot][{}:{}], {}'d0}}", o.addr_bits - 1, db, db);
  n.data = fmt::format("{{{}{{word_q[data_slot_q]}}}}", o.data_bytes / word_bytes);
  // The row's first core word in the beat: address bits db-1 .. cw.
  n.strobe = fmt::format("{}'b{} << addr_q[data_slot_q][{}:{}]", strobes, std::string(o.group, '1'), db - 1, cw);
  return n;
}

std::string word_text(const TileOptions& o, int word_bytes) {
  const bool narrow = narrow_words(o);
  const int per = std::max(1, word_bytes / o.data_bytes), pb = hw::prims::bits_for(std::max(1, per - 1)), dw8 = o.data_bytes * 8;
  const NarrowRow nr = narrow ? narrow_row(o, word_bytes) : NarrowRow{"addr_q[cmd_slot]", "", ""};
  const int n = rows_in_flight(per), cb = hw::prims::bits_for(n), sb = hw::prims::bits_for(n - 1);
  const std::string part = narrow      ? nr.data
                           : per == 1 ? "word_q[data_slot_q]"
                                      : fmt::format("word_q[data_slot_q][part_q*{0} +: {0}]", dw8);
  return fmt::format(R"(
  // ---------------------------------------------------------------- the rows in flight
  reg  [{w1}:0]  word_q [0:{n1}];
  reg  [{aw1}:0] addr_q [0:{n1}];
  reg  [{cb1}:0] held_q;       // rows taken whose beats have not all left
  reg  [{cb1}:0] sent_q;       // ... of them, rows whose command is issued
  reg  [{sb1}:0] data_slot_q;  // the oldest row's slot
  reg  [{pb1}:0] part_q;
  wire part_last = part_q == {pb}'d{last};
  wire cmd_fire = cmd_valid_o && cmd_ready_i;
  wire data_fire = m_data_tvalid && m_data_tready;
  wire row_sent = data_fire && part_last;
  // Slots in a ring of {n}: the oldest row's, then the rows after it.
{slots}  assign s_res_tready = busy_q && !start_q && !tiles_done_q && (held_q != {cb}'d{n} || row_sent);
  assign cmd_valid_o = held_q != sent_q;
  assign cmd_addr_o = {cmd_addr};
  assign cmd_beats_o = {bb}'d{per};
  assign m_data_tvalid = held_q != {cb}'d0;
  assign m_data_tdata = {part};
{strobe}  assign job_done = busy_q && !start_q && tiles_done_q && held_q == {cb}'d0;

  always @(posedge clk_i) begin
    if (!rst_ni) begin
      held_q <= {cb}'d0;
      sent_q <= {cb}'d0;
      data_slot_q <= {sb}'d0;
      part_q <= {pb}'d0;
    end else begin
      held_q <= held_q + {{{cb_pad}res_fire}} - {{{cb_pad}row_sent}};
      sent_q <= sent_q + {{{cb_pad}cmd_fire}} - {{{cb_pad}row_sent}};
      if (row_sent) data_slot_q <= {next_slot};
      if (data_fire) part_q <= part_last ? {pb}'d0 : part_q + {pb}'d1;
    end
    if (res_fire) begin
      word_q[fill_slot] <= s_res_tdata;
      addr_q[fill_slot] <= row_q + column_q;
    end
  end
)",
                     fmt::arg("w1", word_bytes * 8 - 1), fmt::arg("aw1", o.addr_bits - 1), fmt::arg("pb1", pb - 1),
                     fmt::arg("pb", pb), fmt::arg("last", per - 1), fmt::arg("bb", o.beats_bits), fmt::arg("per", per),
                     fmt::arg("part", part), fmt::arg("n", n), fmt::arg("cmd_addr", nr.cmd_addr),
                     fmt::arg("strobe", narrow ? fmt::format("  assign m_data_tstrb = {};\n", nr.strobe) : std::string()), fmt::arg("n1", n - 1), fmt::arg("cb", cb),
                     fmt::arg("cb1", cb - 1), fmt::arg("sb", sb), fmt::arg("sb1", sb - 1),
                     fmt::arg("slots", ring_slot("fill", "held_q", n, cb, sb) + ring_slot("cmd", "sent_q", n, cb, sb)),
                     fmt::arg("next_slot", hw::prims::next_pointer("data_slot_q", n, sb)),
                     fmt::arg("cb_pad", cb > 1 ? fmt::format("{}'d0, ", cb - 1) : std::string()));
}

void check(const std::string& name, const TileOptions& o, const std::vector<TileStage>& stages) {
  const int word_bytes = check_word_options("tile writer", name, o);
  check_stage_count("tile writer", name, stages.size());
  for (size_t i = 0; i < stages.size(); ++i) {
    const TileStage& s = stages[i];
    if (s.dram_offset < 0 || s.dram_offset % o.data_bytes || s.pitch_bytes < word_bytes || s.pitch_bytes % word_bytes ||
        s.pitch_bytes * o.lanes >= (1LL << o.addr_bits))
      throw std::invalid_argument(fmt::format("tile writer {}: stage {}: offset {} / pitch {} bytes on {}-byte rows",
                                              name, i, s.dram_offset, s.pitch_bytes, word_bytes));
  }
}

}  // namespace

std::vector<hw::Module> dram_tile_writer(const std::string& name, const TileOptions& o,
                                         const std::vector<TileStage>& stages) {
  check(name, o, stages);
  const int word_bytes = o.group * o.lanes * o.elem_width / 8;
  const std::string whose = o.group == 1 ? "a core's" : fmt::format("{} cores'", o.group);
  hw::Module m(name, fmt::format("{}: result tile writer: {} result rows, {} lanes of {} bits, to their places in\n"
                                 "DRAM, one DMA command a row (generator/workload_rtl/dram_tiles.hpp).",
                                 name, whose, o.group * o.lanes, o.elem_width));
  add_job_ports(m);  // the core's own job
  m.input("dram_base_i", o.addr_bits, "the workload's DRAM base");
  m.input("s_res_tvalid", 1, "the core's m_out: result rows, tlast on a tile's last kept row");
  m.output("s_res_tready");
  m.input("s_res_tdata", word_bytes * 8);
  m.input("s_res_tlast");
  m.output("cmd_valid_o", 1, "one DMA write command per row");
  m.input("cmd_ready_i");
  m.output("cmd_addr_o", o.addr_bits);
  m.output("cmd_beats_o", o.beats_bits);
  m.output("m_data_tvalid", 1, "the rows' beats, in command order");
  m.input("m_data_tready");
  m.output("m_data_tdata", o.data_bytes * 8);
  const bool narrow = narrow_words(o);
  std::vector<std::string> drives{"s_job_tready", "idle_o", "s_res_tready", "cmd_valid_o", "cmd_addr_o", "cmd_beats_o",
                                  "m_data_tvalid", "m_data_tdata"};
  if (narrow) {
    m.output("m_data_tstrb", word_strobes(o), "a bit per core word of the beat: the row's");
    drives.push_back("m_data_tstrb");
  }
  m.raw(job_register_text(true) + "\n  // ---------------------------------------------------------------- stage table\n" +
            stage_table_text(tile_fields(o), stages) + rows_text(o, word_bytes) + word_text(o, word_bytes),
        drives,
        {"clk_i", "rst_ni", "s_job_tvalid", "s_job_tdata", "dram_base_i", "s_res_tvalid", "s_res_tdata", "s_res_tlast",
         "cmd_ready_i", "m_data_tready"});
  return {m};
}

}  // namespace bitloom::workload_rtl
