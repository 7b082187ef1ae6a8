// The workload top's DRAM movers (system_builder.hpp): the loader and its A ring, the B
// panel reader (and panel buffer), the result tile writer, and the DMA channels.
#include <fmt/format.h>

#include "generator/workload/program.hpp"
#include "generator/workload_rtl/panel_buffer.hpp"
#include "generator/workload_rtl/system_builder.hpp"
#include "hw/prims/prims.hpp"

namespace bitloom::workload_rtl::system {

using hw::Instance;
using hw::Module;

hw::prims::DmaOptions dma_options(const workload::Workload& w, const SystemPlan& s, int clients) {
  hw::prims::DmaOptions d;
  d.data_bytes = s.data_bytes;
  d.addr_bits = s.addr_bits;
  d.max_burst = static_cast<int>(workload::burst_bytes(w.resources.dram) / s.data_bytes);
  d.buffer_beats = 2 * d.max_burst;  // a burst arrives while the last is drained: the bus stays busy
  d.queued = 8;  // the panel reader and the tile writer move a word a command
  d.bursts_in_flight = 8;
  d.clients = std::max(1, clients);
  return d;
}

void Builder::add_modules(const std::vector<Module>& ms) { r.modules.insert(r.modules.end(), ms.begin(), ms.end()); }

// A DMA read client's nets <net>cmd_* and <net>data_*; returns its port pairs.
Pairs Builder::read_client(const std::string& net) {
  wires(top, net, {{"cmd_valid", 1}, {"cmd_ready", 1}, {"cmd_addr", s.addr_bits}, {"cmd_beats", kBeatsBits},
                      {"data_valid", 1}, {"data_ready", 1}, {"data", 8 * s.data_bytes}, {"data_last", 1}});
  const int c = read_clients++;
  client_pairs.insert(client_pairs.end(), {{fmt::format("c{}_cmd_valid_i", c), net + "cmd_valid"},
                                           {fmt::format("c{}_cmd_ready_o", c), net + "cmd_ready"},
                                           {fmt::format("c{}_cmd_addr_i", c), net + "cmd_addr"},
                                           {fmt::format("c{}_cmd_beats_i", c), net + "cmd_beats"},
                                           {fmt::format("m_data{}_tvalid", c), net + "data_valid"},
                                           {fmt::format("m_data{}_tready", c), net + "data_ready"},
                                           {fmt::format("m_data{}_tdata", c), net + "data"},
                                           {fmt::format("m_data{}_tlast", c), net + "data_last"}});
  return {{"dram_base_i", "dram_base_i"}, {"cmd_valid_o", net + "cmd_valid"}, {"cmd_ready_i", net + "cmd_ready"},
          {"cmd_addr_o", net + "cmd_addr"}, {"cmd_beats_o", net + "cmd_beats"},
          {"s_data_tvalid", net + "data_valid"}, {"s_data_tready", net + "data_ready"},
          {"s_data_tdata", net + "data"}, {"s_data_tlast", net + "data_last"}};
}

void Builder::loader() {
  if (s.units.loader < 0) {
    top.raw("  assign cc_a_ring_ready = 1'b0;  // nothing streams A\n", {"cc_a_ring_ready"}, {});
    unused_nets.insert(unused_nets.end(), {"cc_a_ring_take", "cc_a_ring_free"});
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

// The A ring's block counts: slots the loader has claimed and the core not yet freed,
// blocks the loader has filled and the core not yet taken.
void Builder::ring() {
  const int d = kRingBlocks, cw = hw::prims::bits_for(d);
  top.reg("ring_used_q", cw, "A ring: slots claimed by the loader, not yet freed by the core");
  top.reg("ring_full_q", cw, "A ring: blocks filled by the loader, not yet taken by the core");
  top.raw(fmt::format(R"(
assign ld_ring_room = {room};
assign cc_a_ring_ready = ring_full_q != {cw}'d0;
always @(posedge clk_i) begin
  if (!rst_ni) begin
    ring_used_q <= {cw}'d0;
    ring_full_q <= {cw}'d0;
  end else begin
    ring_used_q <= ring_used_q + {{{pad}ld_ring_claim}} - {{{pad}cc_a_ring_free}};
    ring_full_q <= ring_full_q + {{{pad}ld_ring_done}} - {{{pad}cc_a_ring_take}};
  end
end
)",
                      fmt::arg("cw", cw), fmt::arg("d", d), fmt::arg("pad", cw > 1 ? fmt::format("{}'d0, ", cw - 1) : ""),
                      fmt::arg("room", faults.ignore_ring_room ? "1'b1 /* FAULT planted by a test */"
                                                               : fmt::format("ring_used_q != {}'d{}", cw, d))),
          {"ld_ring_room", "cc_a_ring_ready", "ring_used_q", "ring_full_q"},
          {"clk_i", "rst_ni", "ld_ring_claim", "cc_a_ring_free", "ld_ring_done", "cc_a_ring_take"});
}

// The B panel reader, and with `once` the panel buffer behind it; both take the core's
// job, as one controller unit.
void Builder::panels() {
  if (s.units.panels < 0) {
    top.raw(fmt::format("  assign cc_sb_valid = 1'b0;  // no stage streams B\n  assign cc_sb_data = {}'d0;\n",
                        s.word_bits()),
            {"cc_sb_valid", "cc_sb_data"}, {});
    return;
  }
  const int u = s.units.panels;
  PanelOptions o{s.lanes, s.elem_width(), s.data_bytes, s.addr_bits, kBeatsBits};
  add_modules(dram_panel_reader(name("pr0"), o, s.panels));
  wires(top, "pr_", {{"b_valid", 1}, {"b_ready", 1}, {"b_data", s.word_bits()}});
  Pairs p = read_client("pr_r");
  p.insert(p.end(), {{"m_b_tvalid", "pr_b_valid"}, {"m_b_tready", "pr_b_ready"}, {"m_b_tdata", "pr_b_data"}});
  if (!s.panel_buffer) {
    top.add(instance(top, name("pr0"), "u_pr0", "B panels from DRAM, re-read for every row tile.",
                     append(job_pairs(u, fmt::format("idle{}", u)), p)));
    top.raw("  assign cc_sb_valid = pr_b_valid;\n  assign pr_b_ready = cc_sb_ready;\n  assign cc_sb_data = pr_b_data;\n",
            {"cc_sb_valid", "pr_b_ready", "cc_sb_data"}, {"pr_b_valid", "cc_sb_ready", "pr_b_data"});
    return;
  }
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
                    {"s_panel_tready", "pr_b_ready"}, {"s_panel_tdata", "pr_b_data"}, {"m_b_tvalid", "cc_sb_valid"},
                    {"m_b_tready", "cc_sb_ready"}, {"m_b_tdata", "cc_sb_data"}}));
  top.raw(fmt::format("  // The reader and the buffer take the job together.\n"
                      "  assign pr_job_valid = {0}valid && pb_job_ready;\n  assign pb_job_valid = {0}valid && pr_job_ready;\n"
                      "  assign {0}ready = pr_job_ready && pb_job_ready;\n  assign idle{1} = pr_idle && pb_idle;\n",
                      j, u),
          {"pr_job_valid", "pb_job_valid", j + "ready", fmt::format("idle{}", u)},
          {j + "valid", "pb_job_ready", "pr_job_ready", "pr_idle", "pb_idle"});
}

void Builder::tiles() {
  const int u = s.units.tiles;
  if (u < 0) {
    top.raw("  assign cc_out_ready = 1'b1;  // no stage streams its results\n", {"cc_out_ready"}, {});
    unused_nets.insert(unused_nets.end(), {"cc_out_valid", "cc_out_data", "cc_out_last"});
    return;
  }
  TileOptions o{s.lanes, s.elem_width(), s.data_bytes, s.addr_bits, kBeatsBits};
  add_modules(dram_tile_writer(name("tw0"), o, s.tiles));
  top.add(instance(top, name("tw0"), "u_tw0", "Result rows to DRAM.",
                   append(job_pairs(u, fmt::format("idle{}", u)),
                          append({{"dram_base_i", "dram_base_i"}, {"s_res_tvalid", "cc_out_valid"},
                                  {"s_res_tready", "cc_out_ready"}, {"s_res_tdata", "cc_out_data"},
                                  {"s_res_tlast", "cc_out_last"}},
                                 write_client("tw_")))));
}

Pairs Builder::write_client(const std::string& net) {
  wires(top, net, {{"cmd_valid", 1}, {"cmd_ready", 1}, {"cmd_addr", s.addr_bits}, {"cmd_beats", kBeatsBits},
                   {"data_valid", 1}, {"data_ready", 1}, {"data", 8 * s.data_bytes}});
  write_clients.push_back(net);
  return {{"cmd_valid_o", net + "cmd_valid"}, {"cmd_ready_i", net + "cmd_ready"}, {"cmd_addr_o", net + "cmd_addr"},
          {"cmd_beats_o", net + "cmd_beats"}, {"m_data_tvalid", net + "data_valid"}, {"m_data_tready", net + "data_ready"},
          {"m_data_tdata", net + "data"}};
}

// The write channel, shared by the writers without arbitration: one task a phase, so
// one writer at a time has commands or data.
void Builder::writes() {
  const auto write = hw::prims::dma_write(name("dma_write"), dma_options(w, s, 1));
  add_modules(write);
  wires(top, "wr_", {{"cmd_valid", 1}, {"cmd_ready", 1}, {"cmd_addr", s.addr_bits}, {"cmd_beats", kBeatsBits},
                     {"data_valid", 1}, {"data_ready", 1}, {"data", 8 * s.data_bytes}});
  std::string cmd_valid, data_valid, addr = fmt::format("{}'d0", s.addr_bits), beats = fmt::format("{}'d0", kBeatsBits),
                                     data = fmt::format("{}'d0", 8 * s.data_bytes), text;
  std::vector<std::string> drives{"wr_cmd_valid", "wr_cmd_addr", "wr_cmd_beats", "wr_data_valid", "wr_data"}, reads;
  for (size_t i = write_clients.size(); i-- > 0;) {
    const std::string& c = write_clients[i];
    cmd_valid += (cmd_valid.empty() ? "" : " || ") + c + "cmd_valid";
    data_valid += (data_valid.empty() ? "" : " || ") + c + "data_valid";
    addr = fmt::format("{0}cmd_valid ? {0}cmd_addr : {1}", c, addr);
    beats = fmt::format("{0}cmd_valid ? {0}cmd_beats : {1}", c, beats);
    data = fmt::format("{0}data_valid ? {0}data : {1}", c, data);
    text += fmt::format("  assign {0}cmd_ready = wr_cmd_ready;\n  assign {0}data_ready = wr_data_ready;\n", c);
    drives.insert(drives.end(), {c + "cmd_ready", c + "data_ready"});
    reads.insert(reads.end(), {c + "cmd_valid", c + "cmd_addr", c + "cmd_beats", c + "data_valid", c + "data"});
  }
  reads.insert(reads.end(), {"wr_cmd_ready", "wr_data_ready"});
  top.raw(fmt::format("\n  // ---------------------------------------------------------------- DRAM writers\n"
                      "  assign wr_cmd_valid = {};\n  assign wr_cmd_addr = {};\n  assign wr_cmd_beats = {};\n"
                      "  assign wr_data_valid = {};\n  assign wr_data = {};\n{}",
                      cmd_valid, addr, beats, data_valid, data, text),
          drives, reads);
  Pairs p{{"rst_ni", "rst_ni"}, {"cmd_valid_i", "wr_cmd_valid"}, {"cmd_ready_o", "wr_cmd_ready"},
          {"cmd_addr_i", "wr_cmd_addr"}, {"cmd_beats_i", "wr_cmd_beats"}, {"s_data_tvalid", "wr_data_valid"},
          {"s_data_tready", "wr_data_ready"}, {"s_data_tdata", "wr_data"}, {"idle_o", "writes_idle"},
          {"wr_bytes_o", "perf_wr_bytes_o"}};
  Instance i = instance(top, name("dma_write"), "u_dma_write", "The DRAM write channel.", p);
  expose(i, write.back(), {"wr_req", "wr_data_", "wr_resp"});
  top.add(i);
}

void Builder::reads() {
  const auto read = hw::prims::dma_read(name("dma_read"), dma_options(w, s, read_clients));
  add_modules(read);
  Pairs p = append({{"rst_ni", "rst_ni"}, {"rd_bytes_o", "perf_rd_bytes_o"}}, client_pairs);
  Instance i = instance(top, name("dma_read"), "u_dma_read", "The DRAM read channel, one client per reader.", p);
  top.wire("reads_idle");
  connect(i, "idle_o", top.net("reads_idle"));  // unused: the loader and panel reader know when their data is in
  expose(i, read.back(), {"rd_req", "rd_data_"});
  top.add(i);
}

// The DRAM side of a DMA channel: top ports of the same names.
void Builder::expose(Instance& i, const Module& child, const std::vector<std::string>& prefixes) {
  for (const hw::Port& port : child.ports()) {
    bool match = false;
    for (const std::string& x : prefixes) match = match || port.name.rfind(x, 0) == 0;
    if (!match) continue;
    connect(i, port.name, port.dir == hw::Dir::kIn ? top.input(port.name, port.width) : top.output(port.name, port.width));
  }
}

}  // namespace bitloom::workload_rtl::system
