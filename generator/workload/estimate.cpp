// The closed-form performance estimate. Every item's row blocks are timed by the
// recurrence start = max(previous block, inputs, FIFO space, staged DRAM reads), passed
// over until the FIFO constraints (which look at later items) settle. DRAM transfers
// share the bus fluidly: a transfer gets bw / (1 + n) while n other items are on the bus,
// with n read off the bus spans of the previous round (the first round has the bus to
// itself); a few rounds settle the spans.
#include <algorithm>
#include <cmath>

#include "generator/workload/perf.hpp"

namespace bitloom::workload {

namespace {

long long step_bytes(const std::vector<Transfer>& ts) {
  long long b = 0;
  for (const Transfer& t : ts) b += t.bytes;
  return b;
}

// When an item is on the bus: its reads, and its writes, each a sequence of spans that
// never overlap, so both starts and ends only grow (a binary search finds the one at t).
using Spans = std::vector<std::pair<double, double>>;

struct ItemTimes {
  std::vector<double> start, end, out;
  double done = 0;
  Spans reads, writes;
};

// Whether `spans` has an item on the bus at t; `next` becomes the earliest later change.
bool on_bus(const Spans& spans, double t, double& next) {
  auto it = std::upper_bound(spans.begin(), spans.end(), t,
                             [](double v, const std::pair<double, double>& span) { return v < span.second; });
  if (it == spans.end()) return false;
  if (it->first <= t) {
    next = std::min(next, it->second);
    return true;
  }
  next = std::min(next, it->first);
  return false;
}

// When a transfer of `bytes` that item `self` starts at `t0` is done, given the other
// items' bus spans.
double transfer_end(const std::vector<ItemTimes>& items, size_t self, double t0, double bytes, double bw) {
  double t = t0;
  while (bytes > 1e-9) {
    int sharing = 0;
    double next = 1e300;
    for (size_t k = 0; k < items.size(); ++k) {
      if (k == self) continue;
      sharing += on_bus(items[k].reads, t, next);
      sharing += on_bus(items[k].writes, t, next);
    }
    const double rate = bw / (1 + sharing);
    const double span = std::min(next - t, bytes / rate);
    bytes -= span * rate;
    t += span;
  }
  return t;
}

// One pass over every item, given the FIFO readers' times and the bus spans of the
// latest pass (this pass's for the items before, the previous pass's for those after).
bool time_items(const PhaseProgram& ph, const Program& prog, std::vector<ItemTimes>& t) {
  const double bw = prog.dram.bytes_per_cycle;
  bool changed = false;
  for (size_t i = 0; i < ph.items.size(); ++i) {
    const Item& it = ph.items[i];
    ItemTimes& me = t[i];
    Spans reads, writes;
    double gate = 0;
    for (int d : it.whole_deps) gate = std::max(gate, t[d].done);
    double read_done = 0, write_done = 0, last_out = 0;
    double filled = 0;  // the last staged word written into the buffer (fill_words)
    for (size_t j = 0; j < it.steps.size(); ++j) {
      const Step& s = it.steps[j];
      double ready = std::max(gate, j ? me.end[j - 1] : 0.0);
      for (int d : it.row_deps) ready = std::max(ready, t[d].out[std::min(j, t[d].out.size() - 1)]);
      if (it.fifo_depth > 0 && j >= static_cast<size_t>(it.fifo_depth))
        for (int r : it.fifo_readers)
          ready = std::max(ready, t[r].end[std::min(j - it.fifo_depth, t[r].end.size() - 1)]);
      double data_in = 0;  // a streamed step's last data
      if (const long long rb = step_bytes(s.reads); rb > 0) {
        // A staged step's reads wait for its slot (step j-2 done); a streamed step's for
        // the step before it to be under way.
        const double slot_free = s.streamed ? (j ? me.start[j - 1] : gate) : (j >= 2 ? me.end[j - 2] : gate);
        // Read ahead into the DMA's FIFO once it has passed the step before on.
        const long long ahead = std::min(rb, s.read_ahead);
        if (ahead > 0) {
          const double head_from = std::max(read_done, j >= 3 ? me.end[j - 3] : gate);
          read_done = transfer_end(t, i, head_from, static_cast<double>(ahead), bw);
          reads.push_back({head_from, read_done});
        }
        const double from = std::max(read_done, slot_free);
        if (rb > ahead) {
          read_done = transfer_end(t, i, from, static_cast<double>(rb - ahead), bw);
          reads.push_back({from, read_done});
        }
        if (s.streamed) {
          ready = std::max(ready, from + prog.dram.read_latency);
          data_in = read_done + prog.dram.read_latency;
        } else {
          double in = read_done + prog.dram.read_latency;
          if (s.fill_words > 0) {
            filled = std::max(filled, from + prog.dram.read_latency) + static_cast<double>(s.fill_words);
            in = std::max(in, filled);
          }
          ready = std::max(ready, in);
        }
      }
      const double end = std::max(ready + s.compute, data_in);
      if (me.start[j] != ready || me.end[j] != end) changed = true;
      me.start[j] = ready;
      me.end[j] = end;
      me.out[j] = end + it.latency;
      last_out = me.out[j];
      if (const long long wb = step_bytes(s.writes); wb > 0) {
        const double from = std::max(write_done, end);
        write_done = transfer_end(t, i, from, static_cast<double>(wb), bw);
        writes.push_back({from, write_done});
      }
    }
    if (reads != me.reads || writes != me.writes) changed = true;
    me.reads = std::move(reads);
    me.writes = std::move(writes);
    me.done = std::max(last_out, write_done > 0 ? write_done + prog.dram.write_latency : 0.0);
  }
  return changed;
}

// Passes until nothing moves; the bus sharing may keep moving by small amounts, so cap.
constexpr int kPasses = 64;

PhaseResult estimate_phase(const PhaseProgram& ph, const Program& prog) {
  const size_t n = ph.items.size();
  std::vector<ItemTimes> t(n);
  for (size_t i = 0; i < n; ++i) {
    const size_t steps = ph.items[i].steps.size();
    t[i].start.assign(steps, 0);
    t[i].end.assign(steps, 0);
    t[i].out.assign(steps, 0);
  }
  for (int pass = 0; pass < kPasses && time_items(ph, prog, t); ++pass) {
  }
  PhaseResult r;
  double end = 0, bytes = 0, writes = 0;
  for (size_t i = 0; i < n; ++i) {
    end = std::max(end, t[i].done);
    r.item_done.push_back(std::llround(t[i].done));
    for (const Step& s : ph.items[i].steps) {
      bytes += step_bytes(s.reads) + step_bytes(s.writes);
      writes += step_bytes(s.writes);
    }
  }
  // The bus is never faster than its bandwidth, whatever the sharing says.
  if (bytes > 0)
    end = std::max(end, bytes / prog.dram.bytes_per_cycle + (writes > 0 ? prog.dram.write_latency : prog.dram.read_latency));
  r.cycles = std::llround(std::ceil(end)) + prog.reconfig_cycles;
  return r;
}

}  // namespace

std::map<std::string, double> unit_busy(const Program& prog, long long cycles) {
  std::map<std::string, double> busy;
  for (const PhaseProgram& ph : prog.phases)
    for (const Item& it : ph.items)
      for (const std::string& u : it.units)
        for (const Step& s : it.steps) busy[u] += static_cast<double>(s.compute);
  for (auto& [u, b] : busy) b = cycles > 0 ? b / cycles : 0;
  return busy;
}

void account_bytes(const Program& prog, PerfResult& r) {
  r.read_bytes = r.write_bytes = 0;
  r.read_by_tensor.clear();
  r.write_by_tensor.clear();
  long long macs = 0;
  for (size_t p = 0; p < prog.phases.size(); ++p) {
    PhaseResult& pr = r.phases[p];
    pr.read_bytes = pr.write_bytes = pr.macs = 0;
    for (const Item& it : prog.phases[p].items)
      for (const Step& s : it.steps) {
        for (const Transfer& x : s.reads) pr.read_bytes += x.bytes, r.read_by_tensor[x.tensor] += x.bytes;
        for (const Transfer& x : s.writes) pr.write_bytes += x.bytes, r.write_by_tensor[x.tensor] += x.bytes;
        pr.macs += s.macs;
      }
    r.read_bytes += pr.read_bytes;
    r.write_bytes += pr.write_bytes;
    macs += pr.macs;
  }
  r.pe_utilization = r.cycles > 0 ? static_cast<double>(macs) / (static_cast<double>(prog.total_pes) * r.cycles) : 0;
  r.unit_busy = unit_busy(prog, r.cycles);
}

PerfResult estimate(const Program& prog) {
  PerfResult r;
  for (const PhaseProgram& ph : prog.phases) {
    r.phases.push_back(estimate_phase(ph, prog));
    r.cycles += r.phases.back().cycles;
  }
  account_bytes(prog, r);
  return r;
}

}  // namespace bitloom::workload
