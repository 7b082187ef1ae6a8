// The workload top's DRAM movers (system_builder.hpp): the loader (whole tensors and A rings), the B
// panel reader (and panel buffer) and its fork to the cores, the result tile writers. The
// DMA channels they use are in system_dma.cpp.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "generator/workload_rtl/panel_buffer.hpp"
#include "generator/workload_rtl/system_builder.hpp"
#include "generator/workload_rtl/system_parts.hpp"
#include "hw/prims/prims.hpp"

namespace bitloom::workload_rtl::system {

using hw::Instance;
using hw::Module;

void Builder::add_modules(const std::vector<Module>& ms) { r.modules.insert(r.modules.end(), ms.begin(), ms.end()); }

// The loaders: ld0 (whole tensors, and the A ring of a phase's first task streaming A),
// then ld1, ld2, ... (the rings of the others).
void Builder::loader() {
  if (s.units.loader < 0) return;
  RowOptions o{s.lanes, s.elem_width(), s.data_bytes, s.addr_bits, kBeatsBits, s.address_bits};
  for (size_t k = 0; k <= s.ring_loads.size(); ++k) {
    const std::string ld = fmt::format("ld{}", k), n = k == 0 ? "ld_" : ld + "_";
    const int unit = k == 0 ? s.units.loader : s.units.ring_loaders[k - 1];
    add_modules(dram_loader(name(ld), o, k == 0 ? s.loads : s.ring_loads[k - 1]));
    wires(top, n, {{"wr_valid", 1}, {"wr_ready", 1}, {"wr_addr", s.address_bits}, {"wr_rot", s.lane_bits()},
                   {"wr_data", s.word_bits()}});
    Pairs p = append(job_pairs(unit, fmt::format("idle{}", unit)), read_client(n + "r"));
    p.insert(p.end(), {{"wr_valid_o", n + "wr_valid"}, {"wr_ready_i", n + "wr_ready"}, {"wr_addr_o", n + "wr_addr"},
                       {"wr_rot_o", n + "wr_rot"}, {"wr_data_o", n + "wr_data"}, {"ring_room_i", n + "ring_room"},
                       {"ring_claim_o", n + "ring_claim"}, {"ring_done_o", n + "ring_done"}});
    wires(top, n, {{"ring_room", 1}, {"ring_claim", 1}, {"ring_done", 1}});
    top.add(instance(top, name(ld), "u_" + ld,
                     k == 0 ? "Tensors from DRAM into the buffer banks: whole, or through the A ring."
                            : fmt::format("A from DRAM through the ring of a phase's task streaming A beside {} other{}.",
                                          k, k == 1 ? "" : "s"),
                     p));
    writers.push_back(n.substr(0, n.size() - 1));
  }
}

// The B panel readers, each with the panel buffer behind it when it reads each panel
// once; a reader and its buffer take the reader's jobs, as one controller unit.
void Builder::panels() {
  for (size_t g = 0; g < s.panel_readers.size(); ++g) {
    const PanelReader& rd = s.panel_readers[g];
    const int u = rd.unit;
    const std::string pr = fmt::format("pr{}", g), pb = fmt::format("pb{}", g), panel = fmt::format("panel{}_", g);
    PanelOptions o{s.lanes, s.elem_width(), s.data_bytes, s.addr_bits, kBeatsBits, rd.group};
    add_modules(dram_panel_reader(name(pr), o, rd.stages));
    wires(top, pr + "_", {{"b_valid", 1}, {"b_ready", 1}, {"b_data", rd.group * s.word_bits()}});
    wires(top, panel, {{"valid", 1}, {"ready", 1}, {"data", rd.group * s.word_bits()}});
    Pairs p = read_client(pr + "_r");
    p.insert(p.end(), {{"m_b_tvalid", pr + "_b_valid"}, {"m_b_tready", pr + "_b_ready"}, {"m_b_tdata", pr + "_b_data"}});
    if (!rd.once) {
      top.add(instance(top, name(pr), "u_" + pr, "B panels from DRAM, re-read for every row tile.",
                       append(job_pairs(u, fmt::format("idle{}", u)), p)));
      top.raw(fmt::format("  assign {1}valid = {0}_b_valid;\n  assign {0}_b_ready = {1}ready;\n"
                          "  assign {1}data = {0}_b_data;\n",
                          pr, panel),
              {panel + "valid", pr + "_b_ready", panel + "data"}, {pr + "_b_valid", panel + "ready", pr + "_b_data"});
      continue;
    }
    add_modules(panel_buffer(name(pb), s.lanes, s.elem_width(), static_cast<int>(rd.max_k), rd.stages));
    wires(top, pr, {{"_job_valid", 1}, {"_job_ready", 1}, {"_idle", 1}});
    wires(top, pb, {{"_job_valid", 1}, {"_job_ready", 1}, {"_idle", 1}});
    const std::string j = fmt::format("j{}_", u);
    p.insert(p.end(), {{"rst_ni", "rst_ni"}, {"s_job_tvalid", pr + "_job_valid"}, {"s_job_tready", pr + "_job_ready"},
                       {"s_job_tdata", j + "data"}, {"idle_o", pr + "_idle"}});
    top.add(instance(top, name(pr), "u_" + pr, "B panels from DRAM, each once.", p));
    top.add(instance(top, name(pb), "u_" + pb, "Each panel replayed for every row tile.",
                     {{"rst_ni", "rst_ni"}, {"s_job_tvalid", pb + "_job_valid"}, {"s_job_tready", pb + "_job_ready"},
                      {"s_job_tdata", j + "data"}, {"idle_o", pb + "_idle"}, {"s_panel_tvalid", pr + "_b_valid"},
                      {"s_panel_tready", pr + "_b_ready"}, {"s_panel_tdata", pr + "_b_data"},
                      {"m_b_tvalid", panel + "valid"}, {"m_b_tready", panel + "ready"}, {"m_b_tdata", panel + "data"}}));
    top.raw(fmt::format("  // The reader and the buffer take the job together.\n"
                        "  assign {2}_job_valid = {0}valid && {3}_job_ready;\n  assign {3}_job_valid = {0}valid && {2}_job_ready;\n"
                        "  assign {0}ready = {2}_job_ready && {3}_job_ready;\n  assign idle{1} = {2}_idle && {3}_idle;\n",
                        j, u, pr, pb),
            {pr + "_job_valid", pb + "_job_valid", j + "ready", fmt::format("idle{}", u)},
            {j + "valid", pb + "_job_ready", pr + "_job_ready", pr + "_idle", pb + "_idle"});
  }
  panel_fork();
}

// Each reader's beats go to the cores of its current task: a fork whose per-core valid
// does not wait for the other cores' ready (no combinational path between cores); a
// beat leaves when every one of those cores has taken it. A reader whose tasks run on
// different cores picks them by phase; a core fed by several readers (in different
// phases) takes the one with a beat for it. Cores that never stream B see no beat.
void Builder::panel_fork() {
  std::vector<std::vector<std::string>> feeds(s.cores);  // per core: (valid expression, data net) of each source
  std::vector<std::vector<std::string>> feed_data(s.cores);
  std::string text;
  std::vector<std::string> drives, reads{"clk_i", "rst_ni"};
  bool phased = false;
  for (size_t g = 0; g < s.panel_readers.size(); ++g) {
    const PanelReader& rd = s.panel_readers[g];
    const std::string panel = fmt::format("panel{}_", g);
    reads.insert(reads.end(), {panel + "valid", panel + "data"});
    auto word_of = [&](int u) {  // core u's data
      if (rd.group == 1) return panel + "data";
      // FAULT planted by a test (split_words_swapped): each core takes the other's word.
      const int wb = s.word_bits(), slot = faults.split_words_swapped ? rd.group - 1 - rd.slot[u] : rd.slot[u];
      return fmt::format("{}data[{}:{}]", panel, (slot + 1) * wb - 1, slot * wb);
    };
    drives.push_back(panel + "ready");
    std::vector<int> takers;
    std::vector<std::string> in;  // per taker: when the beats are its (always, or its phases)
    for (int u = 0; u < s.cores; ++u) {
      std::vector<int> phases;
      for (const auto& [phase, takes] : rd.cores)
        if (takes[u]) phases.push_back(phase);
      if (phases.empty()) continue;
      takers.push_back(u);
      const bool always = phases.size() == rd.cores.size();
      phased = phased || !always;
      in.push_back(always ? "" : "(" + in_phases(phases) + ")");
    }
    if (takers.size() == 1 && in.front().empty()) {  // one core, always: wires
      const std::string n = fmt::format("cc{}_", takers.front());
      text += fmt::format("  assign {}ready = {}sb_ready;\n", panel, n);
      reads.push_back(n + "sb_ready");
      feeds[takers.front()].push_back(panel + "valid");
      feed_data[takers.front()].push_back(word_of(takers.front()));
      continue;
    }
    std::string all;
    for (size_t i = 0; i < takers.size(); ++i) {
      const int u = takers[i];
      const std::string n = fmt::format("cc{}_", u), taken = fmt::format("panel{}_taken{}_q", g, u);
      const std::string mine = in[i].empty() ? "" : in[i] + " && ";
      const std::string valid = fmt::format("{}{}valid && !{}", mine, panel, taken);
      top.reg(taken, 1, fmt::format("core {} has taken reader {}'s beat on offer", u, g));
      if (i == 0 || !faults.fork_waits_for_core0)
        all += fmt::format("{}({}{} || {}sb_ready)", all.empty() ? "" : " && ",
                           in[i].empty() ? "" : "!" + in[i] + " || ", taken, n);
      text += fmt::format("  always @(posedge clk_i)\n"
                          "    if (!rst_ni || {0}ready) {1} <= 1'b0;\n"
                          "    else if ({2} && {3}sb_ready) {1} <= 1'b1;\n",
                          panel, taken, valid, n);
      drives.push_back(taken);
      reads.push_back(n + "sb_ready");
      feeds[u].push_back(valid);
      feed_data[u].push_back(word_of(u));
    }
    text = fmt::format("\n  // Reader {}'s B panel beats to every core of its task (a fork).\n"
                       "  assign {}ready = {}valid && {};\n",
                       g, panel, panel, all) + text;
  }
  for (int u = 0; u < s.cores; ++u) {
    const std::string n = fmt::format("cc{}_", u);
    drives.insert(drives.end(), {n + "sb_valid", n + "sb_data"});
    if (feeds[u].empty()) {
      text += fmt::format("  assign {0}sb_valid = 1'b0;  // core {1} never streams B\n  assign {0}sb_data = {2}'d0;\n", n,
                          u, s.word_bits());
      continue;
    }
    std::string valid, data = feed_data[u].back();
    for (size_t i = 0; i < feeds[u].size(); ++i) valid += (valid.empty() ? "" : " || ") + feeds[u][i];
    for (size_t i = feeds[u].size() - 1; i-- > 0;) data = fmt::format("{} ? {} : {}", feeds[u][i], feed_data[u][i], data);
    text += fmt::format("  assign {0}sb_valid = {1};\n  assign {0}sb_data = {2};\n", n, valid, data);
  }
  if (phased) reads.push_back("dbg_phase_o");
  top.raw(text, drives, reads);
}

// Per core whose stages stream results: its tile writer; a writer that takes the rows of
// a column split's cores joins their result streams (a row leaves all of them at once).
void Builder::tiles() {
  std::vector<bool> joined(s.cores, false);
  for (const std::vector<int>& g : s.tile_group)
    for (size_t i = 1; i < g.size(); ++i) joined[g[i]] = true;
  for (int c = 0; c < s.cores; ++c) {
    const int u = s.units.tiles[c];
    const std::string n = fmt::format("cc{}_", c), tw = fmt::format("tw{}", c);
    if (joined[c]) continue;
    if (u < 0) {
      top.raw(fmt::format("  assign {}out_ready = 1'b1;  // no stage of core {} streams its results\n", n, c),
              {n + "out_ready"}, {});
      unused_nets.insert(unused_nets.end(), {n + "out_valid", n + "out_data", n + "out_last"});
      continue;
    }
    const std::vector<int>& group = s.tile_group[c];
    TileOptions o{s.lanes, s.elem_width(), s.data_bytes, s.addr_bits, kBeatsBits, static_cast<int>(group.size())};
    add_modules(dram_tile_writer(name(tw), o, s.tiles[c]));
    Pairs res{{"s_res_tvalid", n + "out_valid"}, {"s_res_tready", n + "out_ready"}, {"s_res_tdata", n + "out_data"},
              {"s_res_tlast", n + "out_last"}};
    if (group.size() > 1) res = join_results(tw, group);
    top.add(instance(top, name(tw), "u_" + tw,
                     group.size() > 1 ? fmt::format("Cores {}' result rows side by side to DRAM.", fmt::join(group, ", "))
                                      : fmt::format("Core {}'s result rows to DRAM.", c),
                     append(job_pairs(u, fmt::format("idle{}", u)),
                            append(append({{"dram_base_i", "dram_base_i"}}, res),
                                   write_client(tw + "_", narrow_words(o) ? word_strobes(o) : 0)))));
  }
}

// The result streams of `group`'s cores as one (the first core's lanes lowest): a row is
// on offer when every core has one, and leaves all of them together. The cores run in
// step on the same B beats, so none waits long for the others.
Pairs Builder::join_results(const std::string& tw, const std::vector<int>& group) {
  const std::string j = tw + "_res_";
  wires(top, j, {{"valid", 1}, {"ready", 1}, {"data", static_cast<int>(group.size()) * s.word_bits()}, {"last", 1}});
  std::string valid, data, text;
  std::vector<std::string> drives{j + "valid", j + "data", j + "last"}, reads{j + "ready"};
  for (int c : group) {
    valid += fmt::format("{}cc{}_out_valid", valid.empty() ? "" : " && ", c);
    data = fmt::format("cc{}_out_data", c) + (data.empty() ? "" : ", " + data);
    reads.insert(reads.end(), {fmt::format("cc{}_out_valid", c), fmt::format("cc{}_out_data", c)});
  }
  for (int c : group) {
    std::string others;
    for (int o : group)
      if (o != c) others += fmt::format(" && cc{}_out_valid", o);
    text += fmt::format("  assign cc{}_out_ready = {}ready{};\n", c, j, others);
    drives.push_back(fmt::format("cc{}_out_ready", c));
  }
  // Every core's tlast is the same (same tiles, same rows); the first core's is taken.
  for (size_t i = 1; i < group.size(); ++i) unused_nets.push_back(fmt::format("cc{}_out_last", group[i]));
  reads.push_back(fmt::format("cc{}_out_last", group.front()));
  top.raw(fmt::format("\n  // Cores {}: result rows joined for one tile writer.\n  assign {}valid = {};\n  assign {}data = {{{}}};\n"
                      "  assign {}last = cc{}_out_last;\n",
                      fmt::join(group, ", "), j, valid, j, data, j, group.front()) + text,
          drives, reads);
  return {{"s_res_tvalid", j + "valid"}, {"s_res_tready", j + "ready"}, {"s_res_tdata", j + "data"}, {"s_res_tlast", j + "last"}};
}

}  // namespace bitloom::workload_rtl::system
