#include "generator/workload_rtl/panel_buffer.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "generator/workload_rtl/unit_job.hpp"
#include "hw/prims/prims.hpp"
#include "hw/stream.hpp"

namespace bitloom::workload_rtl {

namespace {

constexpr int kOutDepth = 4;  // output FIFO: a read in flight + two words keep a word per cycle

void add_parts(hw::Module& m, const std::string& name, int word, int kb) {
  m.wire("ram_we");
  m.wire("ram_waddr", kb + 1);
  m.wire("ram_re");
  m.wire("ram_raddr", kb + 1);
  m.wire("ram_rdata", word);
  m.wire("out_valid");
  m.wire("out_ready");
  m.wire("out_count", hw::prims::bits_for(kOutDepth));
  hw::Instance ram{name + "_ram", "u_ram", "Two halves of max_k words: one replays while the other fills.", {}};
  connect(ram, "clk_i", m.net("clk_i"));
  connect(ram, "we_i", m.net("ram_we"));
  connect(ram, "waddr_i", m.net("ram_waddr"));
  connect(ram, "wdata_i", m.net("s_panel_tdata"));
  connect(ram, "re_i", m.net("ram_re"));
  connect(ram, "raddr_i", m.net("ram_raddr"));
  connect(ram, "rdata_o", m.net("ram_rdata"));
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
std::string state_text(int kb, int cb) {
  return fmt::format(R"(
  /* verilator lint_off UNUSEDSIGNAL */
  wire unused_job = |job_stage | (|offset_q);  // the core's stage and first row tile do not change B
  /* verilator lint_on UNUSEDSIGNAL */
  // ---------------------------------------------------------------- fill
  reg  [1:0]  full_q;        // a half holds a whole panel not yet replayed for every row tile
  reg         fill_half_q, filling_q;
  reg  [13:0] fill_k_q;
  reg  [11:0] fill_panel_q;
  wire fill_fire = s_panel_tvalid && s_panel_tready;
  wire fill_last = fill_k_q == k_last_q;
  assign s_panel_tready = filling_q && !full_q[fill_half_q];
  assign ram_we = fill_fire;
  assign ram_waddr = {{fill_half_q, fill_k_q[{kb1}:0]}};
  // ---------------------------------------------------------------- replay
  reg         replay_half_q, replaying_q, read_valid_q;
  reg  [13:0] replay_k_q;
  reg  [11:0] replay_i_q, replay_panel_q;
  wire credit = {{1'b0, out_count}} + {{{cb}'d0, read_valid_q}} < {cb1}'d{depth};
  wire read = replaying_q && full_q[replay_half_q] && credit;
  wire replay_last = replay_k_q == k_last_q && replay_i_q == m_last_q;  // the half's last word
  assign ram_re = read;
  assign ram_raddr = {{replay_half_q, replay_k_q[{kb1}:0]}};
  assign out_valid = read_valid_q;
)",
                     fmt::arg("kb1", kb - 1), fmt::arg("cb", cb), fmt::arg("cb1", cb + 1), fmt::arg("depth", kOutDepth));
}

// How the state moves: a half is full from its panel's last word in to its last replay out.
std::string update_text() {
  return R"(  always @(posedge clk_i) begin
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
      fill_panel_q <= 12'd0;
      replay_half_q <= 1'b0;
      replay_k_q <= 14'd0;
      replay_i_q <= 12'd0;
      replay_panel_q <= 12'd0;
    end else begin
      if (fill_fire) begin
        fill_k_q <= fill_last ? 14'd0 : fill_k_q + 14'd1;
        if (fill_last) begin
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
)";
}

}  // namespace

std::vector<hw::Module> panel_buffer(const std::string& name, int lanes, int elem_width, int max_k) {
  if (lanes < 2 || elem_width < 1 || max_k < 1 || max_k > 16383)
    throw std::invalid_argument(fmt::format("panel buffer {}: {} lanes of {} bits, K up to {}", name, lanes, elem_width,
                                            max_k));
  const int word = lanes * elem_width, kb = hw::prims::bits_for(max_k - 1);
  hw::prims::FifoOptions fo;
  fo.depth = kOutDepth;
  std::vector<hw::Module> out{hw::prims::ram_simple_dual_port(name + "_ram", word, 2 << kb),
                              hw::prims::fifo(name + "_out", hw::stream_shape("x", lanes, elem_width), fo)};
  hw::Module m(name, fmt::format("{}: B panel buffer: a K x {} panel of {}-bit elements held and replayed for each row\n"
                                 "tile of the core's job, the next panel filling the other half; K up to {}\n"
                                 "(generator/workload_rtl/panel_buffer.hpp).",
                                 name, lanes, elem_width, max_k));
  add_job_ports(m);
  m.input("s_panel_tvalid", 1, "the panels in order, K words each, each once");
  m.output("s_panel_tready");
  m.input("s_panel_tdata", word);
  m.output("m_b_tvalid", 1, "to the core's s_b: each panel once per row tile");
  m.input("m_b_tready");
  m.output("m_b_tdata", word);
  add_parts(m, name, word, kb);
  const int cb = hw::prims::bits_for(kOutDepth);
  m.raw(job_register_text(true) + state_text(kb, cb) + update_text(),
        {"s_job_tready", "idle_o", "s_panel_tready", "ram_we", "ram_waddr", "ram_re", "ram_raddr", "out_valid"},
        {"clk_i", "rst_ni", "s_job_tvalid", "s_job_tdata", "s_panel_tvalid", "out_ready", "out_count", "m_b_tvalid"});
  out.push_back(std::move(m));
  return out;
}

}  // namespace bitloom::workload_rtl
