// The workload top's layout: tensors and A rings in the buffer banks (first fit over the
// phases each is live), tensors in DRAM.
#include <fmt/format.h>

#include <algorithm>

#include "generator/workload_rtl/system.hpp"
#include "generator/workload_rtl/system_plan.hpp"
#include "hw/prims/prims.hpp"

namespace bitloom::workload_rtl::system {

using namespace bitloom::workload;

namespace {

bool read_as_b(const Workload& w, int tensor) {
  return std::any_of(w.tasks.begin(), w.tasks.end(),
                     [&](const Task& t) { return t.op == Op::kGemm && t.inputs[1] == tensor; });
}

// A piece of a bank for some phases: a tensor, or the ring an A operand streams through.
struct Region {
  int bank = kBankA;
  long long words = 0;
  int live_from = 0, live_to = 0;
  long long base = 0;  // within the bank, once placed
};

// First fit per bank over the phases each region is live, largest first; the banks end
// up equal and a power of two, so the bank is the top bit of a global word address.
// Returns the bank size in words.
long long first_fit(std::vector<Region>& regions) {
  std::vector<size_t> order(regions.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return regions[a].words > regions[b].words; });
  std::vector<size_t> placed;
  long long extent = 1;
  for (size_t i : order) {
    Region& me = regions[i];
    for (bool moved = true; moved;) {
      moved = false;
      for (size_t o : placed) {
        const Region& other = regions[o];
        const bool time = me.live_from <= other.live_to && other.live_from <= me.live_to;
        const bool space = me.base < other.base + other.words && other.base < me.base + me.words;
        if (other.bank == me.bank && time && space) {
          me.base = other.base + other.words;
          moved = true;
        }
      }
    }
    placed.push_back(i);
    extent = std::max(extent, me.base + me.words);
  }
  return extent;
}

}  // namespace

// Tensors on chip in whole row blocks (a column read of the last, partial block stays
// inside the tensor), and the A rings of the GEMMs that stream A from DRAM.
void place_tensors(const Workload& w, const Plan& p, SystemPlan& s) {
  s.place.assign(w.tensors.size(), Placement{});
  s.ring.assign(w.tasks.size(), Placement{});
  std::vector<Region> regions;
  std::vector<Placement*> owner;
  for (size_t ti = 0; ti < w.tensors.size(); ++ti) {
    const TensorPlan& tp = p.tensors[ti];
    if (tp.home != Home::kBuffer && !tp.loaded) continue;
    Placement& pl = s.place[ti];
    pl.bank = read_as_b(w, static_cast<int>(ti)) ? kBankB : kBankA;
    pl.pitch = ceil_div(w.tensors[ti].cols, w.lanes);
    pl.words = ceil_div(w.tensors[ti].rows, w.lanes) * w.lanes * pl.pitch;
    regions.push_back({pl.bank, pl.words, tp.live_from, tp.live_to});
    owner.push_back(&pl);
  }
  for (size_t t = 0; t < w.tasks.size(); ++t) {
    if (w.tasks[t].op != Op::kGemm || p.tasks[t].sources[0] != Source::kDram) continue;
    Placement& pl = s.ring[t];
    pl.bank = kBankA;
    pl.pitch = ceil_div(w.tensors[w.tasks[t].inputs[0]].cols, w.lanes);
    pl.words = kRingBlocks * w.lanes * pl.pitch;
    regions.push_back({pl.bank, pl.words, p.tasks[t].phase, p.tasks[t].phase});
    owner.push_back(&pl);
  }
  std::vector<Region> banks[2];
  for (const Region& r : regions) banks[r.bank].push_back(r);
  const long long extent = std::max(first_fit(banks[kBankA]), banks[kBankB].empty() ? 1 : first_fit(banks[kBankB]));
  s.banks = banks[kBankB].empty() ? 1 : 2;
  s.bank_bits = hw::prims::bits_for(extent - 1);
  s.address_bits = s.bank_bits + (s.banks > 1 ? 1 : 0);
  size_t next[2] = {0, 0};
  for (size_t i = 0; i < regions.size(); ++i) {
    const int b = regions[i].bank;
    owner[i]->base = banks[b][next[b]++].base + (static_cast<long long>(b) << s.bank_bits);
  }
}

void lay_out_dram(const Workload& w, const Plan& p, SystemPlan& s) {
  s.dram_offset.assign(w.tensors.size(), -1);
  long long at = 0;
  for (size_t ti = 0; ti < w.tensors.size(); ++ti) {
    if (p.tensors[ti].home != Home::kDram) continue;
    s.dram_offset[ti] = at;
    at += ceil_div(dram_bytes(w, static_cast<int>(ti)), 64) * 64;
  }
  s.dram_extent = at;
  if (at >= (1LL << s.addr_bits)) unsupported(w, fmt::format("a DRAM layout of {} bytes on {} address bits", at, s.addr_bits));
}


}  // namespace bitloom::workload_rtl::system
