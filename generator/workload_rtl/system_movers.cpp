// The workload top's DRAM movers (system_builder.hpp): the loader and its A ring, the B
// panel reader (and panel buffer), the result tile writer, and the DMA channels.
#include <fmt/format.h>

#include <algorithm>

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
  // The panel reader and the tile writer move a word a command, so a panel is a burst
  // of one word per row: to keep the bus busy through the read latency, enough of them
  // must be in flight (a latency's worth of beats, in bursts of one word).
  const int word_beats = std::max(1, s.lanes * s.elem_bytes / s.data_bytes);
  const int in_flight = std::clamp((w.resources.dram.read_latency + 8 + word_beats - 1) / word_beats, 8, 64);
  d.queued = in_flight;
  d.bursts_in_flight = in_flight;
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
    for (int u = 0; u < s.cores; ++u) {
      const std::string n = fmt::format("cc{}_", u);
      top.raw(fmt::format("  assign {}a_ring_ready = 1'b0;  // nothing streams A\n", n), {n + "a_ring_ready"}, {});
      unused_nets.insert(unused_nets.end(), {n + "a_ring_take", n + "a_ring_free"});
    }
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

// The A ring's block counts, per core that reads the ring: slots the loader has claimed
// and the core not yet freed, blocks the loader has filled and the core not yet taken.
// The loader claims a slot when every core has freed it.
void Builder::ring() {
  const int d = kRingBlocks, cw = hw::prims::bits_for(d);
  const std::string pad = cw > 1 ? fmt::format("{}'d0, ", cw - 1) : "";
  std::string room, text;
  std::vector<std::string> drives{"ld_ring_room"}, reads{"clk_i", "rst_ni", "ld_ring_claim", "ld_ring_done"};
  for (int u = 0; u < s.cores; ++u) {
    const std::string n = fmt::format("cc{}_", u);
    if (!s.ring_cores[u]) {
      text += fmt::format("assign {}a_ring_ready = 1'b0;  // core {} never reads the ring\n", n, u);
      drives.push_back(n + "a_ring_ready");
      unused_nets.insert(unused_nets.end(), {n + "a_ring_take", n + "a_ring_free"});
      continue;
    }
    const std::string used = fmt::format("ring_used{}_q", u), full = fmt::format("ring_full{}_q", u);
    top.reg(used, cw, fmt::format("A ring: slots claimed by the loader, not yet freed by core {}", u));
    top.reg(full, cw, fmt::format("A ring: blocks filled by the loader, not yet taken by core {}", u));
    if (u + 1 == s.cores || !faults.ring_room_of_last_core) room += fmt::format("{}{} != {}'d{}", room.empty() ? "" : " && ", used, cw, d);
    else unused_nets.push_back(used);
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
  if (room.empty()) {  // no stage streams A: the loader never claims a slot
    room = "1'b0";
    unused_nets.insert(unused_nets.end(), {"ld_ring_claim", "ld_ring_done"});
    reads.resize(2);
  }
  top.raw(fmt::format("\nassign ld_ring_room = {};\n{}",
                      faults.ignore_ring_room ? "1'b1 /* FAULT planted by a test */" : room, text),
          drives, reads);
}

// The B panel reader, and with `once` the panel buffer behind it; both take the core's
// job, as one controller unit.
void Builder::panels() {
  if (s.units.panels < 0) {
    for (int u = 0; u < s.cores; ++u) {
      const std::string n = fmt::format("cc{}_", u);
      top.raw(fmt::format("  assign {0}sb_valid = 1'b0;  // no stage streams B\n  assign {0}sb_data = {1}'d0;\n", n,
                          s.word_bits()),
              {n + "sb_valid", n + "sb_data"}, {});
    }
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
// beat leaves when every core has taken it.
void Builder::panel_fork() {
  std::vector<int> takers;
  for (int u = 0; u < s.cores; ++u) {
    const std::string n = fmt::format("cc{}_", u);
    if (s.stream_cores[u]) {
      takers.push_back(u);
      continue;
    }
    top.raw(fmt::format("  assign {0}sb_valid = 1'b0;  // core {1} never streams B\n  assign {0}sb_data = {2}'d0;\n", n,
                        u, s.word_bits()),
            {n + "sb_valid", n + "sb_data"}, {});
  }
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

Pairs Builder::write_client(const std::string& net) {
  wires(top, net, {{"cmd_valid", 1}, {"cmd_ready", 1}, {"cmd_addr", s.addr_bits}, {"cmd_beats", kBeatsBits},
                   {"data_valid", 1}, {"data_ready", 1}, {"data", 8 * s.data_bytes}});
  write_clients.push_back(net);
  return {{"cmd_valid_o", net + "cmd_valid"}, {"cmd_ready_i", net + "cmd_ready"}, {"cmd_addr_o", net + "cmd_addr"},
          {"cmd_beats_o", net + "cmd_beats"}, {"m_data_tvalid", net + "data_valid"}, {"m_data_tready", net + "data_ready"},
          {"m_data_tdata", net + "data"}};
}

// The write channel. With one core, one task a phase and so one writer at a time has
// commands or data: an OR of the writers. With several cores their tile writers write
// at once: write_order() arbitrates.
void Builder::writes() {
  const auto write = hw::prims::dma_write(name("dma_write"), dma_options(w, s, 1));
  add_modules(write);
  wires(top, "wr_", {{"cmd_valid", 1}, {"cmd_ready", 1}, {"cmd_addr", s.addr_bits}, {"cmd_beats", kBeatsBits},
                     {"data_valid", 1}, {"data_ready", 1}, {"data", 8 * s.data_bytes}});
  int tile_writers = 0;
  for (int u : s.units.tiles) tile_writers += u >= 0;
  if (tile_writers > 1) {
    write_order();
  } else {
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
  }
  Pairs p{{"rst_ni", "rst_ni"}, {"cmd_valid_i", "wr_cmd_valid"}, {"cmd_ready_o", "wr_cmd_ready"},
          {"cmd_addr_i", "wr_cmd_addr"}, {"cmd_beats_i", "wr_cmd_beats"}, {"s_data_tvalid", "wr_data_valid"},
          {"s_data_tready", "wr_data_ready"}, {"s_data_tdata", "wr_data"}, {"idle_o", "writes_idle"},
          {"wr_bytes_o", "perf_wr_bytes_o"}};
  Instance i = instance(top, name("dma_write"), "u_dma_write", "The DRAM write channel.", p);
  expose(i, write.back(), {"wr_req", "wr_data_", "wr_resp"});
  top.add(i);
}

// Writers that write at once: their commands take turns (round robin, one command a
// turn), and an order FIFO of {writer, beats} per accepted command hands the data
// channel to each writer for its command's beats, in command order, as the DMA wants.
void Builder::write_order() {
  const int n = static_cast<int>(write_clients.size()), ib = hw::prims::bits_for(n - 1);
  const int entry = ib + kBeatsBits;
  hw::prims::FifoOptions fo;
  fo.depth = 4;  // commands accepted whose data is still due: the writers queue a word a command
  fo.occupancy = false;
  add_modules({hw::prims::fifo(name("write_order"), hw::stream_shape("x", 1, entry), fo)});
  wires(top, "order_", {{"push", 1}, {"room", 1}, {"entry", entry}, {"valid", 1}, {"pop", 1}, {"head", entry}});
  top.reg("order_sent_q", kBeatsBits, "data beats of the head command sent so far");
  top.reg("order_last_q", ib, "round robin: the writer whose command went last");
  top.add(instance(top, name("write_order"), "u_write_order", "Whose data is next on the write channel.",
                   {{"rst_ni", "rst_ni"}, {"s_x_tvalid", "order_push"}, {"s_x_tready", "order_room"},
                    {"s_x_tdata", "order_entry"}, {"m_x_tvalid", "order_valid"}, {"m_x_tready", "order_pop"},
                    {"m_x_tdata", "order_head"}}));
  std::string text = "\n  // ---------------------------------------------------------------- DRAM writers\n";
  std::vector<std::string> drives{"wr_cmd_valid", "wr_cmd_addr", "wr_cmd_beats", "wr_data_valid", "wr_data",
                                  "order_push", "order_entry", "order_pop", "order_sent_q", "order_last_q"};
  std::vector<std::string> reads{"clk_i", "rst_ni", "wr_cmd_ready", "wr_data_ready", "order_room", "order_valid",
                                 "order_head"};
  // grant<i>: writer i asks, and no writer after the last one granted and before i asks.
  std::string any, addr = fmt::format("{}'d0", s.addr_bits), beats = fmt::format("{}'d0", kBeatsBits),
                   who = fmt::format("{}'d0", ib), data_valid = "1'b0", data = fmt::format("{}'d0", 8 * s.data_bytes);
  for (int i = 0; i < n; ++i) {
    const std::string& c = write_clients[i];
    std::string term;
    for (int p = 0; p < n; ++p) {
      std::string t = fmt::format("order_last_q == {}'d{}", ib, p);
      for (int j = (p + 1) % n; j != i; j = (j + 1) % n) t += fmt::format(" && !{}cmd_valid", write_clients[j]);
      term += (term.empty() ? "" : " || ") + ("(" + t + ")");
    }
    const std::string g = fmt::format("order_grant{}", i);
    top.wire(g);
    text += fmt::format("  assign {} = {}cmd_valid && ({});\n", g, c, term);
    drives.push_back(g);
    reads.insert(reads.end(), {c + "cmd_valid", c + "cmd_addr", c + "cmd_beats", c + "data_valid", c + "data"});
    any += (any.empty() ? "" : " || ") + c + "cmd_valid";
    addr = fmt::format("{} ? {}cmd_addr : {}", g, c, addr);
    beats = fmt::format("{} ? {}cmd_beats : {}", g, c, beats);
    who = fmt::format("{} ? {}'d{} : {}", g, ib, i, who);
    const std::string mine = fmt::format("order_valid && order_head[{}:{}] == {}'d{}", entry - 1, kBeatsBits, ib, i);
    data_valid = fmt::format("{} ? {}data_valid : {}", mine, c, data_valid);
    data = fmt::format("{} ? {}data : {}", mine, c, data);
    text += fmt::format("  assign {0}cmd_ready = {1} && order_room && wr_cmd_ready;\n"
                        "  assign {0}data_ready = {2} && wr_data_ready;\n",
                        c, g, mine);
    drives.insert(drives.end(), {c + "cmd_ready", c + "data_ready"});
  }
  text += fmt::format(R"(  assign wr_cmd_valid = ({any}) && order_room;
  assign wr_cmd_addr = {addr};
  assign wr_cmd_beats = {beats};
  assign order_push = wr_cmd_valid && wr_cmd_ready;
  assign order_entry = {{{who}, wr_cmd_beats}};
  assign wr_data_valid = {data_valid};
  assign wr_data = {data};
  assign order_pop = wr_data_valid && wr_data_ready && order_sent_q + {bb}'d1 == order_head[{bb1}:0];
  always @(posedge clk_i) begin
    if (!rst_ni) begin
      order_sent_q <= {bb}'d0;
      order_last_q <= {ib}'d{lastw};
    end else begin
      if (order_pop) order_sent_q <= {bb}'d0;
      else if (wr_data_valid && wr_data_ready) order_sent_q <= order_sent_q + {bb}'d1;
      if (order_push) order_last_q <= {who};
    end
  end
)",
                      fmt::arg("any", any), fmt::arg("addr", addr), fmt::arg("beats", beats), fmt::arg("who", who),
                      fmt::arg("data_valid", data_valid), fmt::arg("data", data), fmt::arg("bb", kBeatsBits),
                      fmt::arg("bb1", kBeatsBits - 1), fmt::arg("ib", ib), fmt::arg("lastw", n - 1));
  top.raw(text, drives, reads);
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
