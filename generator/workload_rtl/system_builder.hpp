// The workload top's builder (system.hpp): one method per part of the top, each adding
// its units' modules to the result and its instances and glue to the top module.
// system_top.cpp: ports, controller, banks, cores, status; system_movers.cpp: the DRAM
// movers (loader, panel readers and their forks, tile writers); system_fifos.cpp: the
// block FIFOs' counts (A rings included); system_dma.cpp: the
// DMA channels.
#pragma once
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "generator/workload/workload.hpp"
#include "generator/workload_rtl/system.hpp"
#include "generator/workload_rtl/system_parts.hpp"
#include "generator/workload_rtl/system_plan.hpp"
#include "hw/module.hpp"
#include "hw/prims/dma.hpp"

namespace bitloom::workload_rtl::system {

using hw::Instance;
using hw::Module;

using Pairs = std::vector<std::pair<std::string, std::string>>;

inline Instance instance(Module& m, const std::string& module, const std::string& name, const std::string& comment,
                         const Pairs& pairs) {
  Instance i{module, name, comment, {}};
  connect(i, "clk_i", m.net("clk_i"));
  for (const auto& [port, net] : pairs) {
    if (net.empty()) leave_open(i, port);
    else connect(i, port, m.net(net));
  }
  return i;
}

inline void wires(Module& m, const std::string& prefix, const std::vector<std::pair<std::string, int>>& nets) {
  for (const auto& [n, width] : nets) m.wire(prefix + n, width);
}

inline Pairs job_pairs(int unit, const std::string& idle) {
  return {{"rst_ni", "rst_ni"}, {"s_job_tvalid", fmt::format("j{}_valid", unit)},
          {"s_job_tready", fmt::format("j{}_ready", unit)}, {"s_job_tdata", fmt::format("j{}_data", unit)}, {"idle_o", idle}};
}

inline Pairs append(Pairs a, const Pairs& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// The DMA channels' options for this plan.
hw::prims::DmaOptions dma_options(const workload::Workload& w, const SystemPlan& s, int clients);

struct Builder {
  const workload::Workload& w;
  const SystemPlan& s;
  SystemRtl& r;
  Module top;
  std::string prefix;  // of every module name
  Faults faults;
  int read_clients = 0;
  static constexpr int kBeatsBits = 16;
  Pairs client_pairs = {};               // the DMA read channel's client ports
  std::vector<std::string> write_clients = {};  // the DMA write channel's users (net prefixes)
  std::vector<int> client_strobes = {};         // ... each one's strobe bits (a narrow tile writer), or 0
  std::vector<std::string> unused_nets = {};  // nets this schedule leaves unread (unused())
  std::vector<BankReader> readers = {};  // the banks' users, registered by each part
  std::vector<std::string> writers = {};
  std::vector<int> bank_ports = {};      // per bank: its read ports (banks())

  void add_modules(const std::vector<Module>& ms);
  std::string name(const std::string& part) const { return prefix + "_" + part; }

  // system_top.cpp
  void ports();
  void controller();
  void banks();
  void core();
  void status();
  // Nets some schedules leave unread: the bank bit of the core's read addresses (each
  // read port has its own bank), tkeep (the tile writer's rows carry zeros past N), the
  // B read port without a B bank, the stream B port without a panel reader.
  void unused();

  // system_dma.cpp
  // A DMA read client's nets <net>cmd_* and <net>data_*; returns its port pairs.
  Pairs read_client(const std::string& net);

  // system_movers.cpp
  void loader();
  // The B panel readers (with `once`, each with a panel buffer behind it), and their
  // forks to the cores.
  void panels();
  void panel_fork();
  void tiles();
  Pairs join_results(const std::string& tw, const std::vector<int>& group);

  // system_dma.cpp
  // A DMA write client's nets <net>cmd_* and <net>data_*; returns its port pairs.
  // `strobes` > 0: the client writes part of a beat, with that many strobe bits (m_data_tstrb).
  Pairs write_client(const std::string& net, int strobes = 0);
  // The write channel's strobe bits: those of the strobed clients, or 0 where none is.
  int write_strobes() const;
  // With strobes: wr_strb, a chain of (client, select) innermost first, as the caller
  // chains the clients' data: the client's strobes (all set for a whole-beat writer)
  // where its select holds.
  void drive_write_strobes(const std::vector<std::pair<size_t, std::string>>& chain, std::string& text,
                           std::vector<std::string>& drives, std::vector<std::string>& reads);
  void writes();
  void write_order();
  void reads();
  // The DRAM side of a DMA channel: top ports of the same names.
  void expose(Instance& i, const Module& child, const std::vector<std::string>& prefixes);

  // system_sfus.cpp
  void sfus();
  void sfu_input(const SfuPlan& u, int i);
  void sfu_output(const SfuPlan& u);
  void sfu_unit(const SfuPlan& u);

  // system_fifos.cpp: the block FIFOs' counts between their ends' nets (after every part).
  void fifos();
};

}  // namespace bitloom::workload_rtl::system
