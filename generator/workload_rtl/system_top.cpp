// The workload top (system.hpp): ports, controller, buffer banks, compute core, status
// and counters; the entry point that runs the builder.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "generator/os_array.hpp"
#include "generator/workload/unit_timing.hpp"
#include "generator/workload_rtl/system_builder.hpp"
#include "hw/prims/skewed_buffer.hpp"

namespace bitloom::workload_rtl {

namespace system {

using hw::Instance;
using hw::Module;

void Builder::ports() {
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
  top.output("dbg_fifos_o", 64, "block FIFO i < 8 (manifest: fifos): 8i+3:8i blocks filled, 8i+7:8i+4 slots claimed");
}

void Builder::controller() {
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

// The banks and their glue: every unit that reads or writes them has registered its
// port (readers, writers) by now. Each core, and each input of a two-input SFU, reads a
// bank on its own port.
void Builder::banks() {
  // Banks of different sizes or read ports are different modules (each stores only its
  // own words, and has a port only for the readers that may read it).
  bank_ports = read_ports(s, readers);
  bool same = true;
  for (int b = 1; b < s.banks; ++b) same = same && s.bank_words[b] == s.bank_words[0] && bank_ports[b] == bank_ports[0];
  auto module = [&](int b) { return same ? name("bank") : name(fmt::format("bank{}", b)); };
  for (int b = 0; b < (same ? 1 : s.banks); ++b)
    add_modules(
        hw::prims::skewed_buffer(module(b), s.lanes, s.elem_width(), static_cast<int>(s.bank_words[b]), bank_ports[b]));
  // The loaders go first: a ring block filled late holds up a core.
  std::vector<std::string> loaders{"ld"};
  for (size_t k = 1; k <= s.ring_loads.size(); ++k) loaders.push_back(fmt::format("ld{}", k));
  const std::vector<std::string> unread = add_bank_glue(top, s, readers, writers, loaders);
  unused_nets.insert(unused_nets.end(), unread.begin(), unread.end());
  for (int b = 0; b < s.banks; ++b) {
    const std::string n = fmt::format("bank{}", b);
    // Word addresses and pitches within the bank: its own width; the bits above stay 0.
    const int aw = hw::prims::bits_for(s.bank_words[b] - 1);
    auto low = [&](const std::string& net) {
      if (aw < s.bank_bits) unused_nets.push_back(fmt::format("{}[{}:{}]", net, s.bank_bits - 1, aw));
      return slice(top.net(net), 0, aw);
    };
    Instance bank = instance(top, module(b), "u_" + n,
                             b == 0 ? "A operands, results, SFU rows (column or row reads)" : "B operands (row or column reads)",
                             {{"wr_en_i", n + "_wr_en"}, {"wr_rot_i", n + "_wr_rot"}, {"wr_data_i", n + "_wr_data"}});
    connect(bank, "wr_addr_i", low(n + "_wr_addr"));
    for (int port = 0; port < bank_ports[b]; ++port) {
      const std::string rd = hw::prims::read_port_name("rd", port);
      for (const char* part : {"_en", "_column", "_rot"}) connect(bank, rd + part + "_i", top.net(fmt::format("{}_{}{}", n, rd, part)));
      for (const char* part : {"_addr", "_pitch"}) connect(bank, rd + part + "_i", low(fmt::format("{}_{}{}", n, rd, part)));
      connect(bank, rd + "_data_o", top.net(fmt::format("{}_{}_data", n, rd)));
    }
    top.add(bank);
  }
}

void Builder::core() {
  // The resources' array (and the narrower ones of re-split cores) exactly as the
  // performance models time them (unit_timing.hpp).
  std::map<int, size_t> array_of;  // columns -> its design in r.designs
  for (int u = 0; u < s.cores; ++u) {
    const int cols = s.core_cols[u];
    if (array_of.count(cols)) continue;
    GemmConfig g = workload::core_config(w, cols);
    g.name = name(cols == s.lanes ? std::string("cc_array") : fmt::format("cc_array{}x{}", s.lanes, cols));
    array_of[cols] = r.designs.size();
    r.designs.push_back(build_os_array(g));
  }
  const int ab = s.address_bits, lw = s.lane_bits(), dw = s.word_bits();
  for (int u = 0; u < s.cores; ++u) {
    const std::string cc = fmt::format("cc{}", u), n = cc + "_";
    CoreOptions o{s.lanes, s.elem_width(), s.address_bits, s.out_width, s.out_signed,
                  static_cast<int>(s.panel_depth[u])};
    add_modules(compute_core(name(cc), r.designs[array_of.at(s.core_cols[u])], o, s.core[u]));
    wires(top, n, {{"a_rd_en", 1}, {"a_rd_addr", ab}, {"a_rd_pitch", ab}, {"a_rd_rot", lw}, {"a_rd_data", dw},
                   {"b_rd_en", 1}, {"b_rd_column", 1}, {"b_rd_addr", ab}, {"b_rd_pitch", ab}, {"b_rd_rot", lw},
                   {"b_rd_data", dw}, {"a_ring_ready", 1}, {"a_ring_take", 1}, {"a_ring_free", 1}, {"sb_valid", 1},
                   {"sb_ready", 1}, {"sb_data", dw}, {"wr_valid", 1}, {"wr_ready", 1}, {"wr_addr", ab}, {"wr_rot", lw},
                   {"wr_data", dw}, {"out_valid", 1}, {"out_ready", 1}, {"out_data", dw}, {"out_last", 1},
                   {"out_keep", s.lanes}});
    Pairs p = job_pairs(s.units.core[u], fmt::format("idle{}", s.units.core[u]));
    for (const char* x : {"a_rd_en", "a_rd_addr", "a_rd_pitch", "a_rd_rot", "b_rd_en", "b_rd_column", "b_rd_addr",
                          "b_rd_pitch", "b_rd_rot", "wr_valid", "wr_addr", "wr_rot", "wr_data"})
      p.push_back({std::string(x) + "_o", n + x});
    p.insert(p.end(), {{"a_ring_ready_i", n + "a_ring_ready"}, {"a_ring_take_o", n + "a_ring_take"},
                       {"a_ring_free_o", n + "a_ring_free"}});
    if (std::any_of(s.core[u].begin(), s.core[u].end(), [](const CoreStage& c) { return c.out_ring_blocks > 0; })) {
      wires(top, n, {{"out_ring_room", 1}, {"out_ring_claim", 1}, {"out_ring_done", 1}});
      p.insert(p.end(), {{"out_ring_room_i", n + "out_ring_room"}, {"out_ring_claim_o", n + "out_ring_claim"},
                         {"out_ring_done_o", n + "out_ring_done"}});
    }
    p.insert(p.end(), {{"a_rd_data_i", n + "a_rd_data"}, {"b_rd_data_i", n + "b_rd_data"}, {"wr_ready_i", n + "wr_ready"},
                       {"s_b_tvalid", n + "sb_valid"}, {"s_b_tready", n + "sb_ready"}, {"s_b_tdata", n + "sb_data"},
                       {"m_out_tvalid", n + "out_valid"}, {"m_out_tready", n + "out_ready"}, {"m_out_tdata", n + "out_data"},
                       {"m_out_tlast", n + "out_last"}, {"m_out_tkeep", n + "out_keep"}});
    top.add(instance(top, name(cc), "u_" + cc, s.cores == 1 ? "The compute core." : fmt::format("Compute core {}.", u), p));
    readers.push_back({n + "a_rd", s.gemm_banks_fixed ? kBankA : -1, Slices::kColumns, u});
    readers.push_back({n + "b_rd", s.gemm_banks_fixed ? kBankB : -1, Slices::kEither, u});
    writers.push_back(cc);
  }
}

void Builder::status() {
  std::string idle, moves;
  std::vector<std::string> reads{"clk_i", "rst_ni", "start_i", "busy_o"};
  for (int b = 0; b < s.banks; ++b) {
    moves += fmt::format("{}bank{}_wr_en", b ? " || " : "", b);
    reads.push_back(fmt::format("bank{}_wr_en", b));
    for (int port = 0; port < bank_ports[b]; ++port) {
      const std::string en = fmt::format("bank{}_{}_en", b, hw::prims::read_port_name("rd", port));
      moves += " || " + en;
      reads.push_back(en);
    }
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
void Builder::unused() {
  const int ab = s.address_bits;
  std::vector<std::string> nets = unused_nets;
  nets.push_back("reads_idle");
  for (int u = 0; u < s.cores; ++u) {
    const std::string n = fmt::format("cc{}_", u);
    nets.push_back(n + "out_keep");
    if (s.banks > 1) {
      // Pitches count words within a bank; a read that picks its bank by address uses
      // the bank bit of its address.
      for (const auto& [x, address] : {std::pair{"a_rd_addr", true}, {"a_rd_pitch", false}, {"b_rd_addr", true},
                                       {"b_rd_pitch", false}})
        if (!address || s.gemm_banks_fixed) nets.push_back(fmt::format("{}{}[{}]", n, x, ab - 1));
    } else {
      for (const char* x : {"b_rd_en", "b_rd_addr", "b_rd_pitch", "b_rd_rot", "b_rd_column"}) nets.push_back(n + x);
    }
    if (!s.streams_b(u)) nets.push_back(n + "sb_ready");
  }
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

}  // namespace system

using namespace system;

SystemRtl workload_system(const workload::Workload& w, const workload::Plan& p, const std::string& prefix,
                          const Faults& faults) {
  const SystemPlan s = make_system_plan(w, p, faults);
  SystemRtl r;
  const std::string n = prefix.empty() ? w.name : prefix;
  r.top = n + "_top";
  Builder b{w, s, r,
            Module(r.top, fmt::format("{}: the workload {} in hardware: {} phases from DRAM to DRAM when start_i is\n"
                                      "pulsed (generator/workload_rtl/system.hpp).{}",
                                      r.top, w.name, p.phase_count(), faults.any() ? " FAULTS PLANTED BY A TEST." : "")),
            n, faults};
  b.ports();
  b.controller();
  b.core();
  b.loader();
  b.panels();
  b.tiles();
  b.sfus();
  b.fifos();
  b.banks();
  b.writes();
  b.reads();
  b.status();
  r.modules.push_back(std::move(b.top));
  r.dram_offset = s.dram_offset;
  r.dram_extent = s.dram_extent;
  r.data_bytes = s.data_bytes;
  r.program = s.program;
  r.banks = s.banks;
  r.bank_words = s.bank_words;
  for (long long words : s.bank_words) r.buffer_bits += words * s.word_bits();
  return r;
}

}  // namespace bitloom::workload_rtl
