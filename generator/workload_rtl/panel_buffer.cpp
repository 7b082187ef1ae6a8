#include "generator/workload_rtl/panel_buffer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "generator/workload_rtl/unit_job.hpp"
#include "hw/prims/prims.hpp"
#include "hw/prims/skewed_buffer.hpp"
#include "hw/stream.hpp"

namespace bitloom::workload_rtl {

namespace {

constexpr int kOutDepth = 4;  // output FIFO: a read in flight + two words keep a word per cycle

// The buffer's address bits: a half of 2^kb words. Transposing, a half is L stored rows
// of 2^kwb words (row r's word w at r * 2^kwb + w), so kb = lb + kwb.
struct Layout {
  bool transposing = false;
  int kb = 1, lb = 1, kwb = 1, lanes = 2;
};

Layout layout(int lanes, int max_k, bool transposing) {
  Layout l{transposing, hw::prims::bits_for(max_k - 1), hw::prims::bits_for(lanes - 1), 0, lanes};
  if (transposing) {
    l.kwb = hw::prims::bits_for((max_k + lanes - 1) / lanes - 1);
    l.kb = l.lb + l.kwb;
  }
  return l;
}

void add_parts(hw::Module& m, const std::string& name, int word, const Layout& l) {
  const int kb = l.kb;
  m.wire("ram_we");
  m.wire("ram_waddr", kb + 1);
  m.wire("ram_re");
  m.wire("ram_raddr", kb + 1);
  m.wire("ram_rdata", word);
  m.wire("out_valid");
  m.wire("out_ready");
  m.wire("out_count", hw::prims::bits_for(kOutDepth));
  using Pairs = std::vector<std::pair<const char*, const char*>>;
  Pairs pairs{{"clk_i", "clk_i"}, {"we_i", "ram_we"}, {"waddr_i", "ram_waddr"}, {"wdata_i", "s_panel_tdata"},
              {"re_i", "ram_re"}, {"raddr_i", "ram_raddr"}, {"rdata_o", "ram_rdata"}};
  std::string what = "Two halves of max_k words: one replays while the other fills.";
  if (l.transposing) {
    m.wire("ram_wrot", l.lb, "a stored row r goes in rotated by r mod L");
    m.wire("ram_rrot", l.lb);
    m.wire("ram_rcolumn", 1, "transposed: read column k of the L stored rows");
    pairs = {{"clk_i", "clk_i"},        {"wr_en_i", "ram_we"},         {"wr_addr_i", "ram_waddr"},
             {"wr_rot_i", "ram_wrot"},  {"wr_data_i", "s_panel_tdata"}, {"rd_en_i", "ram_re"},
             {"rd_column_i", "ram_rcolumn"}, {"rd_addr_i", "ram_raddr"}, {"rd_rot_i", "ram_rrot"},
             {"rd_data_o", "ram_rdata"}};
    what = "Two halves, each a panel: one replays while the other fills. Skewed, so that a column of the\n"
           "L stored rows of a transposed panel reads in one cycle.";
  }
  hw::Instance ram{name + "_ram", "u_ram", what, {}};
  for (const auto& [port, net] : pairs) connect(ram, port, m.net(net));
  if (l.transposing) connect(ram, "rd_pitch_i", hw::literal(kb + 1, 1ULL << l.kwb));  // a stored row's 2^kwb words
  m.add(ram);
  hw::Instance f{name + "_out", "u_out", "Words read, waiting for the core.", {}};
  for (const auto& [p, n] : std::vector<std::pair<const char*, const char*>>{
           {"clk_i", "clk_i"}, {"rst_ni", "rst_ni"}, {"s_x_tvalid", "out_valid"}, {"s_x_tready", "out_ready"},
           {"s_x_tdata", "ram_rdata"}, {"m_x_tvalid", "m_b_tvalid"}, {"m_x_tready", "m_b_tready"},
           {"m_x_tdata", "m_b_tdata"}, {"occupancy_o", "out_count"}})
    connect(f, p, m.net(n));
  m.add(f);
}

// The fill and replay state: which half each side is on, the counters, `full_q`.
// Transposing, the stage table says which stages fill with stored rows (row r's words,
// then row r + 1's) and replay columns; the others fill and replay B's rows, as words.
std::string state_text(const Layout& l, int cb) {
  const int kb = l.kb, lb = l.lb;
  const std::string unused = l.transposing
                                 ? "  wire unused_offset = |offset_q;  // the first row tile does not change B\n"
                                 : "  wire unused_job = |job_stage | (|offset_q);  // the core's stage and first row tile do not change B\n";
  const std::string fill_row =
      l.transposing ? fmt::format("  reg  [{}:0]  fill_r_q;      // transposed: the stored row\n", lb - 1) : "";
  const std::string fill_last =
      l.transposing
          ? fmt::format("  wire fill_row_end = fill_k_q == {{{lb}'d0, k_last_q[13:{lb}]}};  // transposed: a stored row's "
                        "last word\n"
                        "  wire fill_last = transposed_q ? fill_row_end && fill_r_q == (fill_panel_q == n_last_q "
                        "? last_row_q : {lb}'d{lm1})\n"
                        "                              : fill_k_q == k_last_q;\n",
                        fmt::arg("lb", lb), fmt::arg("lm1", l.lanes - 1))
          : "  wire fill_last = fill_k_q == k_last_q;\n";
  const std::string waddr =
      l.transposing
          ? fmt::format("  assign ram_waddr = transposed_q ? {{fill_half_q, fill_r_q, fill_k_q[{kw1}:0]}} : {{fill_half_q, "
                        "fill_k_q[{kb1}:0]}};\n  assign ram_wrot = transposed_q ? fill_r_q : fill_k_q[{lb1}:0];\n",
                        fmt::arg("kw1", l.kwb - 1), fmt::arg("kb1", kb - 1), fmt::arg("lb1", lb - 1))
          : fmt::format("  assign ram_waddr = {{fill_half_q, fill_k_q[{}:0]}};\n", kb - 1);
  const std::string raddr =
      l.transposing
          ? fmt::format("  assign ram_raddr = transposed_q ? {{replay_half_q, {lb}'d0, replay_k_q[{kb1}:{lb}]}} : "
                        "{{replay_half_q, replay_k_q[{kb1}:0]}};\n"
                        "  assign ram_rrot = replay_k_q[{lb1}:0];\n  assign ram_rcolumn = transposed_q;\n",
                        fmt::arg("lb", lb), fmt::arg("kb1", kb - 1), fmt::arg("lb1", lb - 1))
          : fmt::format("  assign ram_raddr = {{replay_half_q, replay_k_q[{}:0]}};\n", kb - 1);
  return fmt::format(R"(
  /* verilator lint_off UNUSEDSIGNAL */
{unused}  /* verilator lint_on UNUSEDSIGNAL */
  // ---------------------------------------------------------------- fill
  reg  [1:0]  full_q;        // a half holds a whole panel not yet replayed for every row tile
  reg         fill_half_q, filling_q;
  reg  [13:0] fill_k_q;
{fill_row}  reg  [11:0] fill_panel_q;
  wire fill_fire = s_panel_tvalid && s_panel_tready;
{fill_last}  assign s_panel_tready = filling_q && !full_q[fill_half_q];
  assign ram_we = fill_fire;
{waddr}  // ---------------------------------------------------------------- replay
  reg         replay_half_q, replaying_q, read_valid_q;
  reg  [13:0] replay_k_q;
  reg  [11:0] replay_i_q, replay_panel_q;
  wire credit = {{1'b0, out_count}} + {{{cb}'d0, read_valid_q}} < {cb1}'d{depth};
  wire read = replaying_q && full_q[replay_half_q] && credit;
  wire replay_last = replay_k_q == k_last_q && replay_i_q == m_last_q;  // the half's last word
  assign ram_re = read;
{raddr}  assign out_valid = read_valid_q;
)",
                     fmt::arg("unused", unused), fmt::arg("fill_row", fill_row), fmt::arg("fill_last", fill_last),
                     fmt::arg("waddr", waddr), fmt::arg("raddr", raddr), fmt::arg("cb", cb), fmt::arg("cb1", cb + 1),
                     fmt::arg("depth", kOutDepth));
}

// How the state moves: a half is full from its panel's last word in to its last replay out.
std::string update_text(const Layout& l) {
  // A transposed panel fills row by row: the word counter restarts at each row's end.
  const std::string fill_start = l.transposing ? fmt::format("      fill_r_q <= {}'d0;\n", l.lb) : "";
  const std::string fill_step =
      l.transposing
          ? fmt::format("        fill_k_q <= fill_last || (transposed_q && fill_row_end) ? 14'd0 : fill_k_q + 14'd1;\n"
                        "        if (transposed_q && fill_row_end) fill_r_q <= fill_last ? {0}'d0 : fill_r_q + {0}'d1;\n",
                        l.lb)
          : "        fill_k_q <= fill_last ? 14'd0 : fill_k_q + 14'd1;\n";
  return fmt::format(R"(  always @(posedge clk_i) begin
    if (!rst_ni) begin
      full_q <= 2'b00;
      filling_q <= 1'b0;
      replaying_q <= 1'b0;
      read_valid_q <= 1'b0;
    end else begin
      read_valid_q <= read;
      if (start_q) begin
        filling_q <= !empty_q;
        replaying_q <= !empty_q;
      end else begin
        if (fill_fire && fill_last && fill_panel_q == n_last_q) filling_q <= 1'b0;
        if (read && replay_last && replay_panel_q == n_last_q) replaying_q <= 1'b0;
      end
      if (fill_fire && fill_last) full_q[fill_half_q] <= 1'b1;
      if (read && replay_last) full_q[replay_half_q] <= 1'b0;
    end
    if (start_q) begin
      fill_half_q <= 1'b0;
      fill_k_q <= 14'd0;
{fill_start}      fill_panel_q <= 12'd0;
      replay_half_q <= 1'b0;
      replay_k_q <= 14'd0;
      replay_i_q <= 12'd0;
      replay_panel_q <= 12'd0;
    end else begin
      if (fill_fire) begin
{fill_step}        if (fill_last) begin
          fill_half_q <= !fill_half_q;
          fill_panel_q <= fill_panel_q + 12'd1;
        end
      end
      if (read) begin
        replay_k_q <= replay_k_q == k_last_q ? 14'd0 : replay_k_q + 14'd1;
        if (replay_k_q == k_last_q) replay_i_q <= replay_i_q == m_last_q ? 12'd0 : replay_i_q + 12'd1;
        if (replay_last) begin
          replay_half_q <= !replay_half_q;
          replay_panel_q <= replay_panel_q + 12'd1;
        end
      end
    end
  end
  assign job_done = busy_q && !start_q && !filling_q && !replaying_q && !read_valid_q && !m_b_tvalid;
  /* verilator lint_off UNUSEDSIGNAL */
  wire unused_ready = out_ready;  // always 1: the credit keeps room
  /* verilator lint_on UNUSEDSIGNAL */
)",
                     fmt::arg("fill_start", fill_start), fmt::arg("fill_step", fill_step));
}

}  // namespace

std::vector<hw::Module> panel_buffer(const std::string& name, int lanes, int elem_width, int max_k,
                                     const std::vector<PanelStage>& stages) {
  if (lanes < 2 || (lanes & (lanes - 1)) || elem_width < 1 || max_k < 1 || max_k > 16383)
    throw std::invalid_argument(fmt::format("panel buffer {}: {} lanes of {} bits, K up to {}", name, lanes, elem_width,
                                            max_k));
  const bool transposing = any_transposed(stages);
  const Layout l = layout(lanes, max_k, transposing);
  const int word = lanes * elem_width;
  hw::prims::FifoOptions fo;
  fo.depth = kOutDepth;
  std::vector<hw::Module> out;
  if (transposing) {
    out = hw::prims::skewed_buffer(name + "_ram", lanes, elem_width, 2 << l.kb);
  } else {
    out.push_back(hw::prims::ram_simple_dual_port(name + "_ram", word, 2 << l.kb));
  }
  out.push_back(hw::prims::fifo(name + "_out", hw::stream_shape("x", lanes, elem_width), fo));
  hw::Module m(name, fmt::format("{}: B panel buffer: a K x {} panel of {}-bit elements held and replayed for each row\n"
                                 "tile of the core's job, the next panel filling the other half; K up to {}{}\n"
                                 "(generator/workload_rtl/panel_buffer.hpp).",
                                 name, lanes, elem_width, max_k,
                                 transposing ? ";\nstages reading B transposed fill with the panel's stored rows and replay its columns" : ""));
  add_job_ports(m);
  m.input("s_panel_tvalid", 1, "the panels in order, K words each, each once");
  m.output("s_panel_tready");
  m.input("s_panel_tdata", word);
  m.output("m_b_tvalid", 1, "to the core's s_b: each panel once per row tile");
  m.input("m_b_tready");
  m.output("m_b_tdata", word);
  add_parts(m, name, word, l);
  const int cb = hw::prims::bits_for(kOutDepth);
  std::string table;
  std::vector<std::string> drives{"s_job_tready", "idle_o", "s_panel_tready", "ram_we", "ram_waddr", "ram_re", "ram_raddr", "out_valid"};
  if (transposing) {
    check_stage_count("panel buffer", name, stages.size());
    table = "  // ---------------------------------------------------------------- stage table\n" +
            stage_table_text(transposed_stage_fields(lanes), stages);
    drives.insert(drives.end(), {"ram_wrot", "ram_rrot", "ram_rcolumn"});
  }
  m.raw(job_register_text(true) + table + state_text(l, cb) + update_text(l), drives,
        {"clk_i", "rst_ni", "s_job_tvalid", "s_job_tdata", "s_panel_tvalid", "out_ready", "out_count", "m_b_tvalid"});
  out.push_back(std::move(m));
  return out;
}

}  // namespace bitloom::workload_rtl
