#include "generator/workload_rtl/dram_panels.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "generator/workload_rtl/unit_job.hpp"
#include "hw/prims/prims.hpp"

namespace bitloom::workload_rtl {

namespace {

// The table's fields; `transposed` and `last_rows` only where some stage reads B transposed.
std::vector<StageField<PanelStage>> panel_fields(const PanelOptions& o, bool transposing) {
  std::vector<StageField<PanelStage>> f{{"dram_offset", o.addr_bits, [](const PanelStage& s) { return s.dram_offset; }},
                                        {"pitch_bytes", o.addr_bits, [](const PanelStage& s) { return s.pitch_bytes; }},
                                        {"panels", 1, [](const PanelStage& s) { return s.panels ? 1LL : 0LL; }},
                                        {"once", 1, [](const PanelStage& s) { return s.once ? 1LL : 0LL; }}};
  if (transposing) {
    const auto t = transposed_stage_fields(o.lanes);
    f.insert(f.end(), t.begin(), t.end());
  }
  return f;
}

// The command loop's walk over the tiles (tile_i_q, tile_j_q).
const TileWalk kCommandWalk{"tile_i_q", "tile_j_q", "last_i", "last_j", "next_i", "next_j"};

int beat_bits(const PanelOptions& o) { return hw::prims::bits_for(o.data_bytes - 1); }

// The command port and the start of the command loop's registers, shared by both readers.
// A narrow row (a part of a beat) is read as its whole beat.
std::string command_port_text(const PanelOptions& o, int word_bytes) {
  const int db = beat_bits(o);
  const std::string addr = narrow_words(o)
                               ? fmt::format("{{cmd_addr_q[{}:{}], {}'d0}}", o.addr_bits - 1, db, db)
                               : std::string("cmd_addr_q");
  return fmt::format(R"(  wire cmd_fire = cmd_valid_o && cmd_ready_i;
  assign cmd_valid_o = issuing_q;
  assign cmd_addr_o = {addr};
  assign cmd_beats_o = {bb}'d{beats};

  always @(posedge clk_i) begin
    if (!rst_ni) issuing_q <= 1'b0;
    else if (start_q) issuing_q <= !empty_q;
    else if (cmd_fire && last_k && last_i && last_j) issuing_q <= 1'b0;
    if (start_q) begin
      tile_i_q <= 12'd0;
      tile_j_q <= 12'd0;
      row_k_q <= 14'd0;
)",
                     fmt::arg("bb", o.beats_bits), fmt::arg("beats", std::max(1, word_bytes / o.data_bytes)),
                     fmt::arg("addr", addr));
}

// Commands where some stage reads B transposed: such a stage reads, per panel, its
// stored rows a word a command (row r's word w at panel + r * pitch + w * word bytes),
// in once mode (one pass a panel); the other stages as commands_text says.
std::string transposing_commands_text(const PanelOptions& o, int word_bytes) {
  const int lb = hw::prims::bits_for(o.lanes - 1);
  return fmt::format(R"(
  // ---------------------------------------------------------------- DMA commands
  reg            issuing_q;
  reg  [11:0]    tile_i_q, tile_j_q;
  reg  [13:0]    row_k_q;   // a panel row k; transposed: the word of stored row r
  reg  [{lb1}:0]    row_r_q;   // transposed: the stored row of the panel
  reg  [{aw1}:0] panel_q;   // the column panel's row 0: base + j * L * element bytes (transposed: j * L * pitch)
  reg  [{aw1}:0] row_q;     // transposed: stored row r's first byte
  reg  [{aw1}:0] cmd_addr_q;
  wire last_i = tile_i_q == (once_q ? 12'd0 : m_last_q);  // once: one pass of row tiles per panel
  wire last_j = tile_j_q == n_last_q;
  wire last_w = row_k_q == {{{lb}'d0, k_last_q[13:{lb}]}};  // a stored row's last word: (K - 1) / L
  wire last_r = row_r_q == (last_j ? last_row_q : {lb}'d{lm1});
  wire last_k = transposed_q ? last_w && last_r : row_k_q == k_last_q;  // the tile's last command
{walk}  wire [{aw1}:0] panel_step = transposed_q ? pitch_bytes_q << {lb} : {aw}'d{word};
  wire [{aw1}:0] next_panel = next_j == 12'd0 ? dram_base_i + dram_offset_q
                            : next_j == tile_j_q ? panel_q : panel_q + panel_step;
{port}      row_r_q <= {lb}'d0;
      panel_q <= dram_base_i + dram_offset_q;
      row_q <= dram_base_i + dram_offset_q;
      cmd_addr_q <= dram_base_i + dram_offset_q;
    end else if (cmd_fire) begin
      if (last_k) begin
        row_k_q <= 14'd0;
        row_r_q <= {lb}'d0;
        row_q <= next_panel;
        cmd_addr_q <= next_panel;
        tile_i_q <= next_i;
        tile_j_q <= next_j;
        panel_q <= next_panel;
      end else if (!transposed_q) begin
        row_k_q <= row_k_q + 14'd1;
        cmd_addr_q <= cmd_addr_q + pitch_bytes_q;
      end else if (last_w) begin
        row_k_q <= 14'd0;
        row_r_q <= row_r_q + {lb}'d1;
        row_q <= row_q + pitch_bytes_q;
        cmd_addr_q <= row_q + pitch_bytes_q;
      end else begin
        row_k_q <= row_k_q + 14'd1;
        cmd_addr_q <= cmd_addr_q + {aw}'d{word};
      end
    end
  end
)",
                     fmt::arg("aw1", o.addr_bits - 1), fmt::arg("aw", o.addr_bits), fmt::arg("word", word_bytes),
                     fmt::arg("port", command_port_text(o, word_bytes)), fmt::arg("lb", lb), fmt::arg("walk", tile_walk_text(kCommandWalk)),
                     fmt::arg("lb1", lb - 1), fmt::arg("lm1", o.lanes - 1));
}

// Commands: one per panel row, tiles in the core's order, K rows each.
std::string commands_text(const PanelOptions& o, int word_bytes) {
  return fmt::format(R"(
  // ---------------------------------------------------------------- DMA commands
  reg            issuing_q;
  reg  [11:0]    tile_i_q, tile_j_q;
  reg  [13:0]    row_k_q;
  reg  [{aw1}:0] panel_q;   // the column panel's row 0: base + j * L * element bytes
  reg  [{aw1}:0] cmd_addr_q;
  wire last_k = row_k_q == k_last_q;
  wire last_i = tile_i_q == (once_q ? 12'd0 : m_last_q);  // once: one pass of row tiles per panel
  wire last_j = tile_j_q == n_last_q;
{walk}  wire [{aw1}:0] next_panel = next_j == 12'd0 ? dram_base_i + dram_offset_q
                            : next_j == tile_j_q ? panel_q : panel_q + {aw}'d{word};
{port}      panel_q <= dram_base_i + dram_offset_q;
      cmd_addr_q <= dram_base_i + dram_offset_q;
    end else if (cmd_fire) begin
      row_k_q <= last_k ? 14'd0 : row_k_q + 14'd1;
      cmd_addr_q <= last_k ? next_panel : cmd_addr_q + pitch_bytes_q;
      if (last_k) begin
        tile_i_q <= next_i;
        tile_j_q <= next_j;
        panel_q <= next_panel;
      end
    end
  end
)",
                     fmt::arg("aw1", o.addr_bits - 1), fmt::arg("aw", o.addr_bits), fmt::arg("word", word_bytes),
                     fmt::arg("port", command_port_text(o, word_bytes)), fmt::arg("walk", tile_walk_text(kCommandWalk)));
}

// Narrow rows: which word of its beat a row is, counted beat by beat on the data side
// (a beat a command, in command order). Pitches are whole beats, so every row of a
// panel is the same word of its beat: panel j's at (base + offset + j * word bytes) mod
// the beat, the tiles in the core's order as the commands go.
std::string narrow_lane_text(const PanelOptions& o, int word_bytes) {
  const int db = beat_bits(o), wb = hw::prims::bits_for(word_bytes - 1), lb = db - wb;
  return fmt::format(R"(
  // ---------------------------------------------------------------- narrow rows: the row's word of each beat
  reg  [11:0]   beat_i_q, beat_j_q;
  reg  [13:0]   beat_k_q;
  reg  [{lb1}:0]   lane_q;
  // (base and offset are whole words: no carry into these bits)
  wire [{lb1}:0]   first_lane = dram_base_i[{db1}:{wb}] + dram_offset_q[{db1}:{wb}];
  wire beat_last_k = beat_k_q == k_last_q;
  wire beat_last_i = beat_i_q == (once_q ? 12'd0 : m_last_q);
  wire beat_last_j = beat_j_q == n_last_q;
{walk}  always @(posedge clk_i) begin
    if (start_q) begin
      beat_i_q <= 12'd0;
      beat_j_q <= 12'd0;
      beat_k_q <= 14'd0;
      lane_q <= first_lane;
    end else if (data_fire) begin
      beat_k_q <= beat_last_k ? 14'd0 : beat_k_q + 14'd1;
      if (beat_last_k) begin
        beat_i_q <= beat_next_i;
        beat_j_q <= beat_next_j;
        lane_q <= beat_next_j == 12'd0 ? first_lane : beat_next_j == beat_j_q ? lane_q : lane_q + {lb}'d1;
      end
    end
  end
)",
                     fmt::arg("lb1", lb - 1), fmt::arg("lb", lb), fmt::arg("db1", db - 1), fmt::arg("wb", wb),
                     fmt::arg("walk", tile_walk_text({"beat_i_q", "beat_j_q", "beat_last_i", "beat_last_j", "beat_next_i",
                                                      "beat_next_j"})));
}

// Beats into words (m_b), and the count of words still due.
std::string words_text(const PanelOptions& o, int word_bytes) {
  const int per = std::max(1, word_bytes / o.data_bytes), pb = hw::prims::bits_for(std::max(1, per - 1)), dw8 = o.data_bytes * 8;
  const std::string fill = narrow_words(o)
                               ? fmt::format("    if (data_fire) word_q <= s_data_tdata[lane_q*{0} +: {0}];\n", word_bytes * 8)
                           : per == 1 ? "    if (data_fire) word_q <= s_data_tdata;\n"
                                      : fmt::format("    if (data_fire) word_q[part_q*{0} +: {0}] <= s_data_tdata;\n", dw8);
  return fmt::format(R"(
  // ---------------------------------------------------------------- words to the core
  // {per} beat(s) a word; the next word's first beat may come in as this one leaves.
  reg  [{w1}:0] word_q;
  reg          word_full_q;
  reg  [{pb1}:0] part_q;
  reg  [15:0]  due_q;  // words requested and not yet handed on
  wire part_last = part_q == {pb}'d{last};
  wire data_fire = s_data_tvalid && s_data_tready;
  wire word_fire = m_b_tvalid && m_b_tready;
  assign s_data_tready = !word_full_q || word_fire;
  assign m_b_tvalid = word_full_q;
  assign m_b_tdata = word_q;
  always @(posedge clk_i) begin
    if (!rst_ni) begin
      word_full_q <= 1'b0;
      part_q <= {pb}'d0;
      due_q <= 16'd0;
    end else begin
      if (word_fire) word_full_q <= 1'b0;
      if (data_fire) begin
        part_q <= part_last ? {pb}'d0 : part_q + {pb}'d1;
        if (part_last) word_full_q <= 1'b1;
      end
      due_q <= due_q + {{15'd0, cmd_fire}} - {{15'd0, word_fire}};
    end
{fill}  end
  assign job_done = busy_q && !start_q && !issuing_q && due_q == 16'd0;
  /* verilator lint_off UNUSEDSIGNAL */
  wire unused_last = s_data_tlast;  // a command is one word
  /* verilator lint_on UNUSEDSIGNAL */
)",
                     fmt::arg("per", per), fmt::arg("w1", word_bytes * 8 - 1), fmt::arg("pb1", pb - 1), fmt::arg("pb", pb),
                     fmt::arg("last", per - 1), fmt::arg("fill", fill));
}

}  // namespace

bool any_transposed(const std::vector<PanelStage>& stages) {
  return std::any_of(stages.begin(), stages.end(), [](const PanelStage& s) { return s.transposed; });
}

std::vector<StageField<PanelStage>> transposed_stage_fields(int lanes) {
  return {{"transposed", 1, [](const PanelStage& s) { return s.transposed ? 1LL : 0LL; }},
          {"last_row", hw::prims::bits_for(lanes - 1),
           [lanes](const PanelStage& s) { return s.transposed ? (s.rows - 1) % lanes : 0LL; }}};
}

std::vector<hw::Module> dram_panel_reader(const std::string& name, const PanelOptions& o,
                                          const std::vector<PanelStage>& stages) {
  const int word_bytes = check_word_options("panel reader", name, o);
  check_stage_count("panel reader", name, stages.size());
  for (size_t i = 0; i < stages.size(); ++i) {
    const PanelStage& s = stages[i];
    if (s.once && !s.panels)
      throw std::invalid_argument(fmt::format("panel reader {}: stage {}: `once` needs column tiles outer", name, i));
    if (s.transposed && (!s.once || o.group != 1 || s.rows < 1))
      throw std::invalid_argument(fmt::format("panel reader {}: stage {}: B transposed needs `once`, one word a command "
                                              "and its rows ({})", name, i, s.rows));
    if (s.transposed && narrow_words(o))
      throw std::invalid_argument(fmt::format("panel reader {}: stage {}: B transposed in words of {} bytes, narrower "
                                              "than a {}-byte beat", name, i, word_bytes, o.data_bytes));
    if (s.dram_offset < 0 || s.dram_offset % std::min(word_bytes, o.data_bytes) || s.pitch_bytes < word_bytes ||
        s.pitch_bytes % o.data_bytes ||
        s.pitch_bytes >= (1LL << o.addr_bits))
      throw std::invalid_argument(fmt::format("panel reader {}: stage {}: offset {} / pitch {} bytes on {}-byte beats",
                                              name, i, s.dram_offset, s.pitch_bytes, o.data_bytes));
  }
  const bool transposing = any_transposed(stages);
  const std::string to = o.group == 1 ? "a\ncore's s_b" : fmt::format("the s_b of\n{} cores side by side", o.group);
  hw::Module m(name, fmt::format("{}: B panel reader: every tile's K panel rows from DRAM (one DMA command a row) to {}, "
                                 "{} lanes of {} bits{} (generator/workload_rtl/dram_panels.hpp).",
                                 name, to, o.group * o.lanes, o.elem_width,
                                 transposing ? ";\nstages reading B transposed read each panel's stored rows instead, a word a command"
                                             : ""));
  add_job_ports(m);  // the core's own job
  m.input("dram_base_i", o.addr_bits, "the workload's DRAM base");
  m.output("cmd_valid_o", 1, "one DMA command per panel row");
  m.input("cmd_ready_i");
  m.output("cmd_addr_o", o.addr_bits);
  m.output("cmd_beats_o", o.beats_bits);
  m.input("s_data_tvalid", 1, "the DMA client's data");
  m.output("s_data_tready");
  m.input("s_data_tdata", o.data_bytes * 8);
  m.input("s_data_tlast");
  m.output("m_b_tvalid", 1, "to the core's s_b: row k of the tile's panel");
  m.input("m_b_tready");
  m.output("m_b_tdata", word_bytes * 8);
  m.raw(job_register_text(true) + R"(
  /* verilator lint_off UNUSEDSIGNAL */
  wire unused_offset = |offset_q;  // the row tile does not change B
  /* verilator lint_on UNUSEDSIGNAL */
  // ---------------------------------------------------------------- stage table
)" + stage_table_text(panel_fields(o, transposing), stages) +
            (transposing ? transposing_commands_text(o, word_bytes) : commands_text(o, word_bytes)) +
            (narrow_words(o) ? narrow_lane_text(o, word_bytes) : std::string()) + words_text(o, word_bytes),
        {"s_job_tready", "idle_o", "cmd_valid_o", "cmd_addr_o", "cmd_beats_o", "s_data_tready", "m_b_tvalid", "m_b_tdata"},
        {"clk_i", "rst_ni", "s_job_tvalid", "s_job_tdata", "dram_base_i", "cmd_ready_i", "s_data_tvalid", "s_data_tdata",
         "s_data_tlast", "m_b_tready"});
  return {m};
}

}  // namespace bitloom::workload_rtl
