// The workload top's DRAM movers (system_builder.hpp): the loader and its A ring, the B
// panel reader (and panel buffer) and its fork to the cores, the result tile writers. The
// DMA channels they use are in system_dma.cpp.
#include <fmt/format.h>

#include "generator/workload_rtl/panel_buffer.hpp"
#include "generator/workload_rtl/system_builder.hpp"
#include "hw/prims/prims.hpp"

namespace bitloom::workload_rtl::system {

using hw::Instance;
using hw::Module;

void Builder::add_modules(const std::vector<Module>& ms) { r.modules.insert(r.modules.end(), ms.begin(), ms.end()); }

void Builder::loader() {
  if (s.units.loader < 0) {  // nothing streams A either
    ring();
    return;
  }
  RowOptions o{s.lanes, s.elem_width(), s.data_bytes, s.addr_bits, kBeatsBits, s.address_bits};
  add_modules(dram_loader(name("ld0"), o, s.loads));
  wires(top, "ld_", {{"wr_valid", 1}, {"wr_ready", 1}, {"wr_addr", s.address_bits}, {"wr_rot", s.lane_bits()},
                     {"wr_data", s.word_bits()}});
  Pairs p = append(job_pairs(s.units.loader, fmt::format("idle{}", s.units.loader)), read_client("ld_r"));
  p.insert(p.end(), {{"wr_valid_o", "ld_wr_valid"}, {"wr_ready_i", "ld_wr_ready"}, {"wr_addr_o", "ld_wr_addr"},
                     {"wr_rot_o", "ld_wr_rot"}, {"wr_data_o", "ld_wr_data"}, {"ring_room_i", "ld_ring_room"},
                     {"ring_claim_o", "ld_ring_claim"}, {"ring_done_o", "ld_ring_done"}});
  wires(top, "ld_", {{"ring_room", 1}, {"ring_claim", 1}, {"ring_done", 1}});
  top.add(instance(top, name("ld0"), "u_ld0", "Tensors from DRAM into the buffer banks: whole, or through the A ring.", p));
  writers.push_back("ld");
  ring();
}

std::vector<int> Builder::cores_using(const std::vector<bool>& uses,
                                      const std::function<void(int core, const std::string& prefix)>& tie_off) {
  std::vector<int> users;
  for (int u = 0; u < s.cores; ++u) {
    if (uses[u]) users.push_back(u);
    else tie_off(u, fmt::format("cc{}_", u));
  }
  return users;
}

// The A ring's block counts, per core that reads the ring: slots the loader has claimed
// and the core not yet freed, blocks the loader has filled and the core not yet taken.
// The loader claims a slot when every core has freed it. Cores that never read the ring
// see no block ready.
void Builder::ring() {
  const std::vector<int> readers = cores_using(s.ring_cores, [&](int u, const std::string& n) {
    top.raw(fmt::format("  assign {}a_ring_ready = 1'b0;  // core {} never reads the ring\n", n, u), {n + "a_ring_ready"}, {});
    unused_nets.insert(unused_nets.end(), {n + "a_ring_take", n + "a_ring_free"});
  });
  if (s.units.loader < 0) return;
  const std::string fault = "1'b1 /* FAULT planted by a test */";
  if (readers.empty()) {  // the loader only copies tensors whole: it never claims a slot
    top.raw(fmt::format("  assign ld_ring_room = {};\n", faults.ignore_ring_room ? fault : "1'b0"), {"ld_ring_room"}, {});
    unused_nets.insert(unused_nets.end(), {"ld_ring_claim", "ld_ring_done"});
    return;
  }
  const int d = kRingBlocks, cw = hw::prims::bits_for(d);
  const std::string pad = cw > 1 ? fmt::format("{}'d0, ", cw - 1) : "";
  std::string room, text;
  std::vector<std::string> drives{"ld_ring_room"}, reads{"clk_i", "rst_ni", "ld_ring_claim", "ld_ring_done"};
  for (int u : readers) {
    const std::string n = fmt::format("cc{}_", u);
    const std::string used = fmt::format("ring_used{}_q", u), full = fmt::format("ring_full{}_q", u);
    top.reg(used, cw, fmt::format("A ring: slots claimed by the loader, not yet freed by core {}", u));
    top.reg(full, cw, fmt::format("A ring: blocks filled by the loader, not yet taken by core {}", u));
    if (u == readers.back() || !faults.ring_room_of_last_core)
      room += fmt::format("{}{} != {}'d{}", room.empty() ? "" : " && ", used, cw, d);
    else
      unused_nets.push_back(used);
    text += fmt::format(R"(assign {n}a_ring_ready = {full} != {cw}'d0;
always @(posedge clk_i) begin
  if (!rst_ni) begin
    {used} <= {cw}'d0;
    {full} <= {cw}'d0;
  end else begin
    {used} <= {used} + {{{pad}ld_ring_claim}} - {{{pad}{n}a_ring_free}};
    {full} <= {full} + {{{pad}ld_ring_done}} - {{{pad}{n}a_ring_take}};
  end
end
)",
                        fmt::arg("n", n), fmt::arg("used", used), fmt::arg("full", full), fmt::arg("cw", cw),
                        fmt::arg("pad", pad));
    drives.insert(drives.end(), {n + "a_ring_ready", used, full});
    reads.insert(reads.end(), {n + "a_ring_free", n + "a_ring_take"});
  }
  top.raw(fmt::format("\nassign ld_ring_room = {};\n{}", faults.ignore_ring_room ? fault : room, text), drives, reads);
}

// The B panel reader, and with `once` the panel buffer behind it; both take the core's
// job, as one controller unit.
void Builder::panels() {
  if (s.units.panels < 0) {  // no stage streams B
    panel_fork();
    return;
  }
  const int u = s.units.panels;
  PanelOptions o{s.lanes, s.elem_width(), s.data_bytes, s.addr_bits, kBeatsBits};
  add_modules(dram_panel_reader(name("pr0"), o, s.panels));
  wires(top, "pr_", {{"b_valid", 1}, {"b_ready", 1}, {"b_data", s.word_bits()}});
  wires(top, "", {{"panel_valid", 1}, {"panel_ready", 1}, {"panel_data", s.word_bits()}});
  Pairs p = read_client("pr_r");
  p.insert(p.end(), {{"m_b_tvalid", "pr_b_valid"}, {"m_b_tready", "pr_b_ready"}, {"m_b_tdata", "pr_b_data"}});
  if (!s.panel_buffer) {
    top.add(instance(top, name("pr0"), "u_pr0", "B panels from DRAM, re-read for every row tile.",
                     append(job_pairs(u, fmt::format("idle{}", u)), p)));
    top.raw("  assign panel_valid = pr_b_valid;\n  assign pr_b_ready = panel_ready;\n  assign panel_data = pr_b_data;\n",
            {"panel_valid", "pr_b_ready", "panel_data"}, {"pr_b_valid", "panel_ready", "pr_b_data"});
  } else {
    add_modules(panel_buffer(name("pb0"), s.lanes, s.elem_width(), static_cast<int>(s.panel_k)));
    wires(top, "", {{"pr_job_valid", 1}, {"pr_job_ready", 1}, {"pr_idle", 1}, {"pb_job_valid", 1}, {"pb_job_ready", 1},
                    {"pb_idle", 1}});
    const std::string j = fmt::format("j{}_", u);
    p.insert(p.end(), {{"rst_ni", "rst_ni"}, {"s_job_tvalid", "pr_job_valid"}, {"s_job_tready", "pr_job_ready"},
                       {"s_job_tdata", j + "data"}, {"idle_o", "pr_idle"}});
    top.add(instance(top, name("pr0"), "u_pr0", "B panels from DRAM, each once.", p));
    top.add(instance(top, name("pb0"), "u_pb0", "Each panel replayed for every row tile.",
                     {{"rst_ni", "rst_ni"}, {"s_job_tvalid", "pb_job_valid"}, {"s_job_tready", "pb_job_ready"},
                      {"s_job_tdata", j + "data"}, {"idle_o", "pb_idle"}, {"s_panel_tvalid", "pr_b_valid"},
                      {"s_panel_tready", "pr_b_ready"}, {"s_panel_tdata", "pr_b_data"}, {"m_b_tvalid", "panel_valid"},
                      {"m_b_tready", "panel_ready"}, {"m_b_tdata", "panel_data"}}));
    top.raw(fmt::format("  // The reader and the buffer take the job together.\n"
                        "  assign pr_job_valid = {0}valid && pb_job_ready;\n  assign pb_job_valid = {0}valid && pr_job_ready;\n"
                        "  assign {0}ready = pr_job_ready && pb_job_ready;\n  assign idle{1} = pr_idle && pb_idle;\n",
                        j, u),
            {"pr_job_valid", "pb_job_valid", j + "ready", fmt::format("idle{}", u)},
            {j + "valid", "pb_job_ready", "pr_job_ready", "pr_idle", "pb_idle"});
  }
  panel_fork();
}

// Every core that takes B from the panels gets each beat: a fork whose per-core valid
// does not wait for the other cores' ready (no combinational path between cores); a
// beat leaves when every core has taken it. Cores that never stream B see no beat.
void Builder::panel_fork() {
  const std::vector<int> takers = cores_using(s.stream_cores, [&](int u, const std::string& n) {
    top.raw(fmt::format("  assign {0}sb_valid = 1'b0;  // core {1} never streams B\n  assign {0}sb_data = {2}'d0;\n", n,
                        u, s.word_bits()),
            {n + "sb_valid", n + "sb_data"}, {});
  });
  if (takers.empty()) return;
  if (takers.size() == 1) {
    const std::string n = fmt::format("cc{}_", takers.front());
    top.raw(fmt::format("  assign {0}sb_valid = panel_valid;\n  assign panel_ready = {0}sb_ready;\n"
                        "  assign {0}sb_data = panel_data;\n",
                        n),
            {n + "sb_valid", "panel_ready", n + "sb_data"}, {"panel_valid", n + "sb_ready", "panel_data"});
    return;
  }
  std::string all, text;
  std::vector<std::string> drives{"panel_ready"}, reads{"clk_i", "rst_ni", "panel_valid", "panel_data"};
  for (int u : takers) {
    const std::string n = fmt::format("cc{}_", u), taken = fmt::format("panel_taken{}_q", u);
    top.reg(taken, 1, fmt::format("core {} has taken the panel beat on offer", u));
    if (u == takers.front() || !faults.fork_waits_for_core0)
      all += fmt::format("{}({} || {}sb_ready)", all.empty() ? "" : " && ", taken, n);
    else unused_nets.push_back(n + "sb_ready");
    text += fmt::format("  assign {0}sb_valid = panel_valid && !{1};\n  assign {0}sb_data = panel_data;\n"
                        "  always @(posedge clk_i)\n"
                        "    if (!rst_ni || panel_ready) {1} <= 1'b0;\n"
                        "    else if ({0}sb_valid && {0}sb_ready) {1} <= 1'b1;\n",
                        n, taken);
    drives.insert(drives.end(), {n + "sb_valid", n + "sb_data", taken});
    reads.push_back(n + "sb_ready");
  }
  top.raw(fmt::format("\n  // Each B panel beat to every core (a fork).\n  assign panel_ready = panel_valid && {};\n{}", all,
                      text),
          drives, reads);
}

// Per core whose stages stream results: its tile writer.
void Builder::tiles() {
  for (int c = 0; c < s.cores; ++c) {
    const int u = s.units.tiles[c];
    const std::string n = fmt::format("cc{}_", c), tw = fmt::format("tw{}", c);
    if (u < 0) {
      top.raw(fmt::format("  assign {}out_ready = 1'b1;  // no stage of core {} streams its results\n", n, c),
              {n + "out_ready"}, {});
      unused_nets.insert(unused_nets.end(), {n + "out_valid", n + "out_data", n + "out_last"});
      continue;
    }
    TileOptions o{s.lanes, s.elem_width(), s.data_bytes, s.addr_bits, kBeatsBits};
    add_modules(dram_tile_writer(name(tw), o, s.tiles[c]));
    top.add(instance(top, name(tw), "u_" + tw, fmt::format("Core {}'s result rows to DRAM.", c),
                     append(job_pairs(u, fmt::format("idle{}", u)),
                            append({{"dram_base_i", "dram_base_i"}, {"s_res_tvalid", n + "out_valid"},
                                    {"s_res_tready", n + "out_ready"}, {"s_res_tdata", n + "out_data"},
                                    {"s_res_tlast", n + "out_last"}},
                                   write_client(tw + "_")))));
  }
}

}  // namespace bitloom::workload_rtl::system
