// The workload top (system.hpp): the units of the system plan, instantiated and wired.
#include <fmt/format.h>

#include "generator/os_array.hpp"
#include "generator/workload/program.hpp"
#include "generator/workload_rtl/panel_buffer.hpp"
#include "generator/workload_rtl/system.hpp"
#include "generator/workload_rtl/system_parts.hpp"
#include "hw/prims/dma.hpp"
#include "hw/prims/skewed_buffer.hpp"

namespace bitloom::workload_rtl {

using namespace system;
using hw::Instance;
using hw::Module;

namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

Instance instance(Module& m, const std::string& module, const std::string& name, const std::string& comment,
                  const Pairs& pairs) {
  Instance i{module, name, comment, {}};
  connect(i, "clk_i", m.net("clk_i"));
  for (const auto& [port, net] : pairs) {
    if (net.empty()) leave_open(i, port);
    else connect(i, port, m.net(net));
  }
  return i;
}

void wires(Module& m, const std::string& prefix, const std::vector<std::pair<std::string, int>>& nets) {
  for (const auto& [n, width] : nets) m.wire(prefix + n, width);
}

Pairs job_pairs(int unit, const std::string& idle) {
  return {{"rst_ni", "rst_ni"}, {"s_job_tvalid", fmt::format("j{}_valid", unit)},
          {"s_job_tready", fmt::format("j{}_ready", unit)}, {"s_job_tdata", fmt::format("j{}_data", unit)}, {"idle_o", idle}};
}

Pairs append(Pairs a, const Pairs& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

hw::prims::DmaOptions dma_options(const workload::Workload& w, const SystemPlan& s, int clients) {
  hw::prims::DmaOptions d;
  d.data_bytes = s.data_bytes;
  d.addr_bits = s.addr_bits;
  d.max_burst = static_cast<int>(workload::burst_bytes(w.resources.dram) / s.data_bytes);
  d.buffer_beats = std::max(16, d.max_burst);
  d.queued = 8;  // the panel reader and the tile writer move a word a command
  d.bursts_in_flight = 8;
  d.clients = std::max(1, clients);
  return d;
}

struct Builder {
  const workload::Workload& w;
  const SystemPlan& s;
  SystemRtl& r;
  Module top;
  int read_clients = 0;

  void add_modules(const std::vector<Module>& ms) { r.modules.insert(r.modules.end(), ms.begin(), ms.end()); }
  std::string name(const std::string& part) const { return w.name + "_" + part; }

  void ports() {
    top.input("clk_i");
    top.input("rst_ni");
    top.input("start_i", 1, "runs the workload once (ignored while busy)");
    top.input("dram_base_i", s.addr_bits, "byte address of the workload's DRAM layout");
    top.output("busy_o");
    top.output("done_o", 1, "the run finished: every output is in DRAM");
    top.output("dbg_phase_o", 8, "phases finished in this run");
    top.output_reg("perf_cycles_o", 48, "cycles of this run");
    top.output("perf_rd_bytes_o", 48, "DRAM bytes read since reset");
    top.output("perf_wr_bytes_o", 48, "DRAM bytes written since reset");
    top.output("dbg_moves_o", 1, "a buffer bank is read or written this cycle (a test bench's watchdog)");
  }

  void controller() {
    const int u = s.units.count;
    add_modules(hw::prims::workload_controller(name("ctrl"), u, s.program, w.resources.reconfig_cycles));
    top.wire("unit_idle", u);
    top.wire("writes_idle");
    Pairs p{{"rst_ni", "rst_ni"}, {"start_i", "start_i"}, {"busy_o", "busy_o"}, {"done_o", "done_o"},
            {"phase_o", "dbg_phase_o"}, {"unit_idle_i", "unit_idle"}, {"writes_idle_i", "writes_idle"}};
    for (int i = 0; i < u; ++i) {
      wires(top, fmt::format("j{}_", i), {{"valid", 1}, {"ready", 1}, {"data", 57}});
      top.wire(fmt::format("idle{}", i));
      p.insert(p.end(), {{fmt::format("m_run{}_tvalid", i), fmt::format("j{}_valid", i)},
                         {fmt::format("m_run{}_tready", i), fmt::format("j{}_ready", i)},
                         {fmt::format("m_run{}_tdata", i), fmt::format("j{}_data", i)}});
    }
    top.add(instance(top, name("ctrl"), "u_ctrl", "The schedule's program: RUN, WAIT, SYNC, HALT.", p));
  }

  void banks() {
    add_modules(hw::prims::skewed_buffer(name("bank"), s.lanes, s.elem_width(), 1 << s.bank_bits));
    add_bank_glue(top, s);
    for (int b = 0; b < s.banks; ++b) {
      const std::string n = fmt::format("bank{}", b), rd = b == 0 ? "cc_a_rd" : "cc_b_rd";
      Instance i = instance(top, name("bank"), "u_" + n,
                            b == 0 ? "A operands and results (column reads)" : "B operands (row or column reads)",
                            {{"wr_en_i", n + "_wr_en"}, {"wr_addr_i", n + "_wr_addr"}, {"wr_rot_i", n + "_wr_rot"},
                             {"wr_data_i", n + "_wr_data"}, {"rd_en_i", rd + "_en"}, {"rd_addr_i", n + "_rd_addr"},
                             {"rd_pitch_i", n + "_rd_pitch"}, {"rd_rot_i", rd + "_rot"}, {"rd_data_o", rd + "_data"}});
      connect(i, "rd_column_i", b == 0 ? hw::literal(1, 1) : top.net("cc_b_rd_column"));
      top.add(i);
    }
  }

  void core() {
    r.array = [&] {
      GemmConfig g;
      g.name = name("cc_array");
      g.rows = g.cols = s.lanes;
      g.a = g.b = Operand{s.elem_width() + 1, true};  // unsigned elements fit
      g.k_max = s.max_k;
      g.c_width = no_overflow_width(g.a, g.b, g.k_max);
      return build_os_array(g);
    }();
    CoreOptions o{s.lanes, s.elem_width(), s.address_bits, s.out_width, s.out_signed};
    add_modules(compute_core(name("cc0"), r.array, o, s.core));
    const int ab = s.address_bits, lw = s.lane_bits(), dw = s.word_bits();
    wires(top, "cc_", {{"a_rd_en", 1}, {"a_rd_addr", ab}, {"a_rd_pitch", ab}, {"a_rd_rot", lw}, {"a_rd_data", dw},
                       {"b_rd_en", 1}, {"b_rd_column", 1}, {"b_rd_addr", ab}, {"b_rd_pitch", ab}, {"b_rd_rot", lw},
                       {"b_rd_data", dw}, {"sb_valid", 1}, {"sb_ready", 1}, {"sb_data", dw}, {"wr_valid", 1},
                       {"wr_ready", 1}, {"wr_addr", ab}, {"wr_rot", lw}, {"wr_data", dw}, {"out_valid", 1},
                       {"out_ready", 1}, {"out_data", dw}, {"out_last", 1}, {"out_keep", s.lanes}});
    Pairs p = job_pairs(s.units.core, fmt::format("idle{}", s.units.core));
    for (const char* n : {"a_rd_en", "a_rd_addr", "a_rd_pitch", "a_rd_rot", "b_rd_en", "b_rd_column", "b_rd_addr",
                          "b_rd_pitch", "b_rd_rot", "wr_valid", "wr_addr", "wr_rot", "wr_data"})
      p.push_back({std::string(n) + "_o", std::string("cc_") + n});
    p.insert(p.end(), {{"a_rd_data_i", "cc_a_rd_data"}, {"b_rd_data_i", "cc_b_rd_data"}, {"wr_ready_i", "cc_wr_ready"},
                       {"s_b_tvalid", "cc_sb_valid"}, {"s_b_tready", "cc_sb_ready"}, {"s_b_tdata", "cc_sb_data"},
                       {"m_out_tvalid", "cc_out_valid"}, {"m_out_tready", "cc_out_ready"}, {"m_out_tdata", "cc_out_data"},
                       {"m_out_tlast", "cc_out_last"}, {"m_out_tkeep", "cc_out_keep"}});
    top.add(instance(top, name("cc0"), "u_cc0", "The compute core.", p));
  }

  // A DMA read client's nets <prefix>cmd_* and <prefix>data_*; returns its port pairs.
  Pairs read_client(const std::string& prefix) {
    wires(top, prefix, {{"cmd_valid", 1}, {"cmd_ready", 1}, {"cmd_addr", s.addr_bits}, {"cmd_beats", kBeatsBits},
                        {"data_valid", 1}, {"data_ready", 1}, {"data", 8 * s.data_bytes}, {"data_last", 1}});
    const int c = read_clients++;
    client_pairs.insert(client_pairs.end(), {{fmt::format("c{}_cmd_valid_i", c), prefix + "cmd_valid"},
                                             {fmt::format("c{}_cmd_ready_o", c), prefix + "cmd_ready"},
                                             {fmt::format("c{}_cmd_addr_i", c), prefix + "cmd_addr"},
                                             {fmt::format("c{}_cmd_beats_i", c), prefix + "cmd_beats"},
                                             {fmt::format("m_data{}_tvalid", c), prefix + "data_valid"},
                                             {fmt::format("m_data{}_tready", c), prefix + "data_ready"},
                                             {fmt::format("m_data{}_tdata", c), prefix + "data"},
                                             {fmt::format("m_data{}_tlast", c), prefix + "data_last"}});
    return {{"dram_base_i", "dram_base_i"}, {"cmd_valid_o", prefix + "cmd_valid"}, {"cmd_ready_i", prefix + "cmd_ready"},
            {"cmd_addr_o", prefix + "cmd_addr"}, {"cmd_beats_o", prefix + "cmd_beats"},
            {"s_data_tvalid", prefix + "data_valid"}, {"s_data_tready", prefix + "data_ready"},
            {"s_data_tdata", prefix + "data"}, {"s_data_tlast", prefix + "data_last"}};
  }

  void loader() {
    if (s.units.loader < 0) return;
    RowOptions o{s.lanes, s.elem_width(), s.data_bytes, s.addr_bits, kBeatsBits, s.address_bits};
    add_modules(dram_loader(name("ld0"), o, s.loads));
    wires(top, "ld_", {{"wr_valid", 1}, {"wr_ready", 1}, {"wr_addr", s.address_bits}, {"wr_rot", s.lane_bits()},
                       {"wr_data", s.word_bits()}});
    Pairs p = append(job_pairs(s.units.loader, fmt::format("idle{}", s.units.loader)), read_client("ld_r"));
    p.insert(p.end(), {{"wr_valid_o", "ld_wr_valid"}, {"wr_ready_i", "ld_wr_ready"}, {"wr_addr_o", "ld_wr_addr"},
                       {"wr_rot_o", "ld_wr_rot"}, {"wr_data_o", "ld_wr_data"}});
    top.add(instance(top, name("ld0"), "u_ld0", "Tensors from DRAM into the buffer banks, whole.", p));
  }

  // The B panel reader, and with `once` the panel buffer behind it; both take the core's
  // job, as one controller unit.
  void panels() {
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
    add_modules(panel_buffer(name("pb0"), s.lanes, s.elem_width(), static_cast<int>(s.max_k)));
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

  void tiles_and_writes() {
    const int u = s.units.tiles;
    TileOptions o{s.lanes, s.elem_width(), s.data_bytes, s.addr_bits, kBeatsBits};
    add_modules(dram_tile_writer(name("tw0"), o, s.tiles));
    wires(top, "tw_", {{"cmd_valid", 1}, {"cmd_ready", 1}, {"cmd_addr", s.addr_bits}, {"cmd_beats", kBeatsBits},
                       {"data_valid", 1}, {"data_ready", 1}, {"data", 8 * s.data_bytes}});
    top.add(instance(top, name("tw0"), "u_tw0", "Result rows to DRAM.",
                     append(job_pairs(u, fmt::format("idle{}", u)),
                            {{"dram_base_i", "dram_base_i"}, {"s_res_tvalid", "cc_out_valid"}, {"s_res_tready", "cc_out_ready"},
                             {"s_res_tdata", "cc_out_data"}, {"s_res_tlast", "cc_out_last"}, {"cmd_valid_o", "tw_cmd_valid"},
                             {"cmd_ready_i", "tw_cmd_ready"}, {"cmd_addr_o", "tw_cmd_addr"}, {"cmd_beats_o", "tw_cmd_beats"},
                             {"m_data_tvalid", "tw_data_valid"}, {"m_data_tready", "tw_data_ready"},
                             {"m_data_tdata", "tw_data"}})));
    const auto write = hw::prims::dma_write(name("dma_write"), dma_options(w, s, 1));
    add_modules(write);
    Pairs p{{"rst_ni", "rst_ni"}, {"cmd_valid_i", "tw_cmd_valid"}, {"cmd_ready_o", "tw_cmd_ready"},
            {"cmd_addr_i", "tw_cmd_addr"}, {"cmd_beats_i", "tw_cmd_beats"}, {"s_data_tvalid", "tw_data_valid"},
            {"s_data_tready", "tw_data_ready"}, {"s_data_tdata", "tw_data"}, {"idle_o", "writes_idle"},
            {"wr_bytes_o", "perf_wr_bytes_o"}};
    Instance i = instance(top, name("dma_write"), "u_dma_write", "The DRAM write channel.", p);
    expose(i, write.back(), {"wr_req", "wr_data_", "wr_resp"});
    top.add(i);
  }

  void reads() {
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
  void expose(Instance& i, const Module& child, const std::vector<std::string>& prefixes) {
    for (const hw::Port& port : child.ports()) {
      bool match = false;
      for (const std::string& x : prefixes) match = match || port.name.rfind(x, 0) == 0;
      if (!match) continue;
      connect(i, port.name, port.dir == hw::Dir::kIn ? top.input(port.name, port.width) : top.output(port.name, port.width));
    }
  }

  void status() {
    std::string idle, moves = "cc_a_rd_en || cc_b_rd_en";
    std::vector<std::string> reads{"clk_i", "rst_ni", "start_i", "busy_o", "cc_a_rd_en", "cc_b_rd_en"};
    for (int b = 0; b < s.banks; ++b) {
      moves += fmt::format(" || bank{}_wr_en", b);
      reads.push_back(fmt::format("bank{}_wr_en", b));
    }
    for (int i = s.units.count; i-- > 0;) {
      idle += fmt::format("{}idle{}", idle.empty() ? "" : ", ", i);
      reads.push_back(fmt::format("idle{}", i));
    }
    top.raw(fmt::format(R"(
  assign unit_idle = {{{}}};
  assign dbg_moves_o = {};
  always @(posedge clk_i) begin
    if (!rst_ni || start_i && !busy_o) perf_cycles_o <= 48'd0;
    else if (busy_o) perf_cycles_o <= perf_cycles_o + 48'd1;
  end
)",
                        idle, moves),
            {"unit_idle", "dbg_moves_o", "perf_cycles_o"}, reads);
    unused();
  }

  // Nets some schedules leave unread: the bank bit of the core's read addresses (each
  // read port has its own bank), tkeep (the tile writer's rows carry zeros past N), the
  // B read port without a B bank, the stream B port without a panel reader.
  void unused() {
    const int ab = s.address_bits;
    std::vector<std::string> nets{"cc_out_keep", "reads_idle"};
    if (s.banks > 1) {
      for (const char* n : {"cc_a_rd_addr", "cc_a_rd_pitch", "cc_b_rd_addr", "cc_b_rd_pitch"})
        nets.push_back(fmt::format("{}[{}]", n, ab - 1));
    } else {
      nets.insert(nets.end(), {"cc_b_rd_addr", "cc_b_rd_pitch", "cc_b_rd_rot", "cc_b_rd_column"});
    }
    if (s.units.panels < 0) nets.push_back("cc_sb_ready");
    std::string list;
    std::vector<std::string> reads;
    for (const std::string& n : nets) {
      list += (list.empty() ? "" : ", ") + n;
      reads.push_back(n.substr(0, n.find('[')));
    }
    top.raw(fmt::format("  /* verilator lint_off UNUSEDSIGNAL */\n  wire unused_nets = |{{{}}};\n"
                        "  /* verilator lint_on UNUSEDSIGNAL */\n", list),
            {}, reads);
  }

  static constexpr int kBeatsBits = 16;
  Pairs client_pairs;
};

}  // namespace

SystemRtl workload_system(const workload::Workload& w, const workload::Plan& p) {
  const SystemPlan s = make_system_plan(w, p);
  SystemRtl r;
  r.top = w.name + "_top";
  Builder b{w, s, r, Module(r.top, fmt::format("{}: the workload {} in hardware: {} phases from DRAM to DRAM when start_i is\n"
                                                "pulsed (generator/workload_rtl/system.hpp).",
                                                r.top, w.name, p.phase_count()))};
  b.ports();
  b.controller();
  b.core();
  b.banks();
  b.loader();
  b.panels();
  b.tiles_and_writes();
  b.reads();
  b.status();
  r.modules.push_back(std::move(b.top));
  r.dram_offset = s.dram_offset;
  r.dram_extent = s.dram_extent;
  r.data_bytes = s.data_bytes;
  r.program = s.program;
  r.banks = s.banks;
  r.bank_words = 1LL << s.bank_bits;
  return r;
}

}  // namespace bitloom::workload_rtl
