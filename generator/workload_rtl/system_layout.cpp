// The workload top's layout: tensors and A rings in the buffer banks (first fit over the
// phases each is live), tensors in DRAM.
#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "generator/workload_rtl/system.hpp"
#include "generator/workload_rtl/system_plan.hpp"
#include "hw/prims/prims.hpp"

namespace bitloom::workload_rtl::system {

using namespace bitloom::workload;

namespace {

// A piece of a bank for some phases: a tensor, or the ring an A operand streams through.
// A tensor's rows past its last one up to a whole row block are not its own: a core's
// column read of its last row block reaches them (`reach`), but those rows' results are
// dropped, so they may hold another tensor's words; the bank only has to have them.
struct Region {
  int bank = kBankA;
  long long words = 0, reach = 0;
  int live_from = 0, live_to = 0;
  long long base = 0;  // within the bank, once placed
};

// First fit per bank over the phases each region is live, largest first. Returns the
// words the bank must store (at least 1).
long long first_fit(std::vector<Region>& regions) {
  std::vector<size_t> order(regions.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return regions[a].words > regions[b].words; });
  std::vector<size_t> placed;
  long long extent = 1;
  for (size_t i : order) {
    Region& me = regions[i];
    me.base = 0;
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
    extent = std::max(extent, me.base + me.reach);
  }
  return extent;
}

// Places every region in its bank; returns the words each bank stores.
std::vector<long long> place(std::vector<Region>& regions, int banks) {
  std::vector<long long> words;
  for (int b = 0; b < banks; ++b) {
    std::vector<Region> mine;
    for (const Region& r : regions)
      if (r.bank == b) mine.push_back(r);
    words.push_back(first_fit(mine));
    size_t next = 0;
    for (Region& r : regions)
      if (r.bank == b) r.base = mine[next++].base;
  }
  return words;
}

// Regions that a core reads in the same cycle (a GEMM's A and its B on chip) must sit in
// different banks; nothing else constrains the choice. A region is A-side or B-side (no
// tensor is read both ways: check_supported), and the pairs tie regions into groups
// whose banks flip together. The banks start with every B region in bank 1 and the rest
// in bank 0; a group is flipped while that shrinks what the banks store (first fit is
// not monotone, so every flip is tried on the placed result). Returns the words each
// bank stores, with the regions placed.
std::vector<long long> choose_banks(std::vector<Region>& regions, const std::vector<std::pair<size_t, size_t>>& pairs,
                                    const std::vector<bool>& b_side, int banks) {
  const size_t n = regions.size();
  std::vector<size_t> group(n);
  for (size_t i = 0; i < n; ++i) group[i] = i;
  auto root = [&](size_t i) {
    while (group[i] != i) i = group[i];
    return i;
  };
  for (const auto& [a, b] : pairs) group[root(a)] = root(b);
  std::vector<int> flip(n, 0);
  auto place_all = [&] {
    for (size_t i = 0; i < n; ++i) regions[i].bank = banks == 1 ? 0 : (b_side[i] ? 1 : 0) ^ flip[root(i)];
    return place(regions, banks);
  };
  auto total = [](const std::vector<long long>& words) { return std::accumulate(words.begin(), words.end(), 0LL); };
  long long best = total(place_all());
  for (bool better = banks > 1; better;) {
    better = false;
    // Groups in the order of their first region.
    std::vector<bool> tried(n, false);
    for (size_t i = 0; i < n; ++i) {
      const size_t g = root(i);
      if (tried[g]) continue;
      tried[g] = true;
      flip[g] ^= 1;
      const long long mine = total(place_all());
      if (mine < best) {
        best = mine;
        better = true;
      } else {
        flip[g] ^= 1;
      }
    }
  }
  return place_all();
}

}  // namespace

// Tensors on chip (their rows; a column read of the last, partial row block may reach
// past them, into words of another tensor or of nothing, but inside the bank), and the A
// rings of the GEMMs that stream A from DRAM.
void place_tensors(const Workload& w, const Plan& p, SystemPlan& s) {
  s.place.assign(w.tensors.size(), Placement{});
  s.ring.assign(w.tasks.size(), Placement{});
  std::vector<Region> regions;
  std::vector<Placement*> owner;
  std::vector<long long> region_of_tensor(w.tensors.size(), -1);
  auto add = [&](Placement& pl, long long rows, long long cols, int from, int to) {
    pl.pitch = ceil_div(cols, w.lanes);
    pl.words = rows * pl.pitch;
    regions.push_back({kBankA, pl.words, ceil_div(rows, w.lanes) * w.lanes * pl.pitch, from, to});
    owner.push_back(&pl);
    return regions.size() - 1;
  };
  for (size_t ti = 0; ti < w.tensors.size(); ++ti) {
    const TensorPlan& tp = p.tensors[ti];
    const Tensor& x = w.tensors[ti];
    if (tp.home == Home::kFifo) {  // its block FIFO, in its producer's phase
      const int ph = p.tasks[x.producer].phase;
      region_of_tensor[ti] = static_cast<long long>(
          add(s.place[ti], fifo_blocks(w, p, static_cast<int>(ti)) * w.lanes, x.cols, ph, ph));
      continue;
    }
    if (tp.home != Home::kBuffer && !tp.loaded) continue;
    region_of_tensor[ti] = static_cast<long long>(add(s.place[ti], x.rows, x.cols, tp.live_from, tp.live_to));
  }
  // Per GEMM with B on chip: its A region (the tensor, or its ring) and its B region.
  std::vector<std::pair<size_t, size_t>> pairs;
  std::vector<size_t> a_regions, b_regions;
  for (size_t t = 0; t < w.tasks.size(); ++t) {
    const Task& task = w.tasks[t];
    if (task.op != Op::kGemm) continue;
    long long a = region_of_tensor[task.inputs[0]];
    if (p.tasks[t].sources[0] == Source::kDram && !p.tensors[task.inputs[0]].tee) {
      const Tensor& x = w.tensors[task.inputs[0]];
      a = static_cast<long long>(add(s.ring[t], kRingBlocks * w.lanes, x.cols, p.tasks[t].phase, p.tasks[t].phase));
    }
    const long long b = p.tasks[t].sources[1] == Source::kBuffer ? region_of_tensor[task.inputs[1]] : -1;
    if (a >= 0) a_regions.push_back(static_cast<size_t>(a));
    if (b >= 0) b_regions.push_back(static_cast<size_t>(b));
    if (a >= 0 && b >= 0) pairs.emplace_back(static_cast<size_t>(a), static_cast<size_t>(b));
  }
  s.banks = pairs.empty() ? 1 : 2;
  std::vector<bool> b_side(regions.size(), false);
  for (size_t b : b_regions) b_side[b] = true;
  s.bank_words = choose_banks(regions, pairs, b_side, s.banks);
  // The skewed buffer needs a word per lane at least.
  for (long long& words : s.bank_words) words = std::max<long long>(words, w.lanes);
  // The bank is the top bit of a global word address, above the larger bank's words.
  s.bank_bits = hw::prims::bits_for(*std::max_element(s.bank_words.begin(), s.bank_words.end()) - 1);
  s.address_bits = s.bank_bits + (s.banks > 1 ? 1 : 0);
  s.gemm_banks_fixed = true;
  for (size_t i = 0; i < regions.size(); ++i) {
    owner[i]->bank = regions[i].bank;
    owner[i]->base = regions[i].base + (static_cast<long long>(regions[i].bank) << s.bank_bits);
  }
  // Every A the cores read in bank 0 and every B in bank 1: their reads need no bank select.
  for (size_t a : a_regions) s.gemm_banks_fixed = s.gemm_banks_fixed && regions[a].bank == kBankA;
  for (size_t b : b_regions) s.gemm_banks_fixed = s.gemm_banks_fixed && regions[b].bank == kBankB;
  long long stored = 0;
  for (long long words : s.bank_words) stored += words * w.lanes * s.elem_bytes;
  if (stored > w.resources.buffer_bytes)
    unsupported(w, fmt::format("buffer banks of {} B for a buffer of {} B (two banks placed first fit do not reach the "
                               "schedule's peak of {} B)",
                               stored, w.resources.buffer_bytes, p.peak_buffer_bytes));
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
