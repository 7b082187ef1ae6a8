// The workload top's block FIFOs (system_plan.hpp: BlockFifo): per (producer, consumer)
// pair two counts, the slots the producer has claimed and the consumer not yet freed,
// and the blocks the producer has filled and the consumer not yet taken. A producer may
// claim a slot when every consumer has one free; a consumer may take a block when every
// producer has filled it.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>

#include "generator/workload_rtl/system_builder.hpp"
#include "generator/workload_rtl/system_parts.hpp"
#include "hw/prims/prims.hpp"

namespace bitloom::workload_rtl::system {

namespace {

// FIFOs with the same ends and depth share their counts (as the loader's rings of
// several phases do); the ends of several such FIFOs act only in their phases.
struct SharedFifo {
  BlockFifo fifo;
  std::vector<int> phases;
  std::vector<std::string> what;
};

std::vector<SharedFifo> share(const std::vector<BlockFifo>& fifos) {
  std::vector<SharedFifo> out;
  for (const BlockFifo& f : fifos) {
    SharedFifo* same = nullptr;
    for (SharedFifo& x : out)
      if (x.fifo.producers == f.producers && x.fifo.consumers == f.consumers && x.fifo.depth == f.depth) same = &x;
    if (same == nullptr) {
      out.push_back({f, {}, {}});
      same = &out.back();
    }
    same->phases.push_back(f.phase);
    same->what.push_back(fmt::format("{} (phase {})", f.what, f.phase));
  }
  return out;
}

// The counts' Verilog, built FIFO by FIFO: per end, its room (producer) or ready
// (consumer) term in each FIFO it is in, gated by phase where it is in several.
struct FifoGlue {
  FifoGlue(Module& m, std::vector<std::string>& unused, const Faults& f) : top(m), unused_nets(unused), faults(f) {}
  Module& top;
  std::vector<std::string>& unused_nets;
  const Faults& faults;
  std::map<std::string, int> fifos_of;        // per end: the shared FIFOs it is in
  std::map<std::string, std::vector<std::string>> go;  // per end: its room or ready terms
  std::map<std::string, bool> producer;       // per end
  std::vector<std::string> drives, reads{"clk_i", "rst_ni"};
  std::string text, in_phase;
  bool phased = false;  // some end acts only in its FIFOs' phases

  // An end in one FIFO only acts in its phases anyway; else its pulses count only there.
  std::string pulse(const std::string& end, const std::string& what) {
    const std::string net = end + what;
    if (std::find(reads.begin(), reads.end(), net) == reads.end()) reads.push_back(net);
    if (fifos_of[end] == 1) return net;
    phased = true;
    return fmt::format("({} && {})", in_phase, net);
  }
  std::string gated(const std::string& end, const std::string& term) const {
    return fifos_of.at(end) == 1 ? term : fmt::format("{} && {}", in_phase, term);
  }

  std::vector<std::string> dump;  // per FIFO: {used, full} of its first pair, 4 bits each

  // Producer pi's and consumer ci's counts in FIFO i; returns the used count's name.
  std::string pair_counts(size_t i, size_t pi, size_t ci, const BlockFifo& f, std::string& ready) {
    const std::string &p = f.producers[pi], &c = f.consumers[ci];
    const int cw = hw::prims::bits_for(f.depth);
    const std::string pad = cw > 1 ? fmt::format("{}'d0, ", cw - 1) : "";
    // FAULT planted by a test (fifo_ready_at_claim): a block counts as filled once claimed.
    const bool early = faults.fifo_ready_at_claim && p != "ld_ring_";
    const std::string used = fmt::format("fifo{}_used{}_{}_q", i, pi, ci), full = fmt::format("fifo{}_full{}_{}_q", i, pi, ci);
    top.reg(used, cw, fmt::format("block FIFO {}: slots {}claimed, not yet freed by {}", i, p, c));
    top.reg(full, cw, fmt::format("block FIFO {}: blocks {}filled, not yet taken by {}", i, p, c));
    drives.insert(drives.end(), {used, full});
    if (pi == 0 && ci == 0 && i < 8) {
      auto low4 = [&](const std::string& n) {
        return cw >= 4 ? fmt::format("{}[3:0]", n) : fmt::format("{{{}'d0, {}}}", 4 - cw, n);
      };
      dump.push_back(fmt::format("{}, {}", low4(used), low4(full)));
    }
    ready += fmt::format("{}{} != {}'d0", ready.empty() ? "" : " && ", full, cw);
    text += fmt::format(R"(always @(posedge clk_i) begin
  if (!rst_ni) begin
    {used} <= {cw}'d0;
    {full} <= {cw}'d0;
  end else begin
    {used} <= {used} + {{{pad}{claim}}} - {{{pad}{free}}};
    {full} <= {full} + {{{pad}{done}}} - {{{pad}{take}}};
  end
end
)",
                        fmt::arg("used", used), fmt::arg("full", full), fmt::arg("cw", cw), fmt::arg("pad", pad),
                        fmt::arg("claim", pulse(p, "claim")), fmt::arg("free", pulse(c, "free")),
                        fmt::arg("done", pulse(p, early ? "claim" : "done")), fmt::arg("take", pulse(c, "take")));
    if (early) unused_nets.push_back(p + "done");
    return used;
  }

  void fifo(size_t i, const SharedFifo& sf) {
    const BlockFifo& f = sf.fifo;
    in_phase = in_phases(sf.phases);
    text += fmt::format("\n// Block FIFO {}: {}; {} row blocks, {} -> {}.\n", i, fmt::join(sf.what, ", "), f.depth,
                        fmt::join(f.producers, " "), fmt::join(f.consumers, " "));
    std::vector<std::string> ready(f.consumers.size());
    for (size_t pi = 0; pi < f.producers.size(); ++pi) {
      const std::string& p = f.producers[pi];
      const bool loader = p == "ld_ring_";
      std::vector<std::string> room;
      for (size_t ci = 0; ci < f.consumers.size(); ++ci) {
        const std::string used = pair_counts(i, pi, ci, f, ready[ci]);
        // FAULT planted by a test (fifo_one_shallower): a FIFO between units one block short.
        const int depth = f.depth - (faults.fifo_one_shallower && !loader && f.depth > 1 ? 1 : 0);
        if (!loader || !faults.ring_room_of_last_core || ci + 1 == f.consumers.size())
          room.push_back(fmt::format("{} != {}'d{}", used, hw::prims::bits_for(f.depth), depth));
        else
          unused_nets.push_back(used);
      }
      go[p].push_back(loader && faults.ignore_ring_room ? kFault : gated(p, fmt::format("({})", fmt::join(room, " && "))));
    }
    for (size_t ci = 0; ci < f.consumers.size(); ++ci)
      go[f.consumers[ci]].push_back(gated(f.consumers[ci], "(" + ready[ci] + ")"));
  }

  static constexpr const char* kFault = "1'b1 /* FAULT planted by a test */";
};

}  // namespace

void Builder::fifos() {
  const std::vector<SharedFifo> shared = share(s.fifos);
  FifoGlue g(top, unused_nets, faults);
  for (const SharedFifo& f : shared) {
    for (const std::string& p : f.fifo.producers) ++g.fifos_of[p], g.producer[p] = true;
    for (const std::string& c : f.fifo.consumers) ++g.fifos_of[c], g.producer[c] = false;
  }
  for (size_t i = 0; i < shared.size(); ++i) {
    g.fifo(i, shared[i]);
    r.fifos.push_back(fmt::format("{}: {} row blocks, {} -> {}", fmt::join(shared[i].what, ", "), shared[i].fifo.depth,
                                  fmt::join(shared[i].fifo.producers, " "), fmt::join(shared[i].fifo.consumers, " ")));
  }
  // The watchdog's view: the first eight FIFOs' counts, FIFO 0 lowest.
  std::string dump = g.dump.size() < 8 ? fmt::format("{}'d0", 64 - 8 * static_cast<int>(g.dump.size())) : "";
  for (size_t i = g.dump.size(); i-- > 0;) dump += (dump.empty() ? "" : ", ") + g.dump[i];
  g.text += fmt::format("assign dbg_fifos_o = {};\n", g.dump.empty() ? "64'd0" : "{" + dump + "}");
  g.drives.push_back("dbg_fifos_o");
  // Ends in no FIFO: a loader that only copies tensors whole never claims a slot; a core
  // whose A never streams sees no block ready.
  if (s.units.loader >= 0 && g.go.count("ld_ring_") == 0) {
    g.go["ld_ring_"].push_back(faults.ignore_ring_room ? FifoGlue::kFault : "1'b0");
    g.producer["ld_ring_"] = true;
    unused_nets.insert(unused_nets.end(), {"ld_ring_claim", "ld_ring_done"});
  }
  for (int u = 0; u < s.cores; ++u) {
    const std::string n = fmt::format("cc{}_a_ring_", u);
    if (g.go.count(n) > 0) continue;
    g.go[n].push_back("1'b0");
    unused_nets.insert(unused_nets.end(), {n + "take", n + "free"});
  }
  for (const auto& [end, terms] : g.go) {
    const std::string net = end + (g.producer[end] ? "room" : "ready");
    g.text += fmt::format("assign {} = {};\n", net, fmt::join(terms, " || "));
    g.drives.push_back(net);
  }
  if (g.phased) g.reads.push_back("dbg_phase_o");
  top.raw(g.text, g.drives, g.reads);
}

}  // namespace bitloom::workload_rtl::system
