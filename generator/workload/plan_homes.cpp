// The planner's first half: from the choices, each task's phase and operand access,
// each tensor's home, loads and liveness, and the FIFO depths.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "generator/workload/plan_internal.hpp"

namespace bitloom::workload {

std::string_view name(LoopOrder o) { return o == LoopOrder::kRows ? "rows" : "panels"; }
std::string_view name(Home h) { return h == Home::kDram ? "dram" : h == Home::kBuffer ? "buffer" : "fifo"; }
std::string_view name(Source s) { return s == Source::kDram ? "dram" : s == Source::kBuffer ? "buffer" : "fifo"; }

long long whole_beats(const Workload& w, long long bytes) {
  const long long dw = w.resources.dram.bytes_per_cycle;
  return ceil_div(bytes, dw) * dw;
}

long long dram_pitch(const Workload& w, int tensor) {
  return whole_beats(w, ceil_div(w.tensors[tensor].cols, w.lanes) * w.lanes * w.format_of(tensor).bytes());
}

long long dram_bytes(const Workload& w, int tensor) { return w.tensors[tensor].rows * dram_pitch(w, tensor); }

long long buffer_bytes_of(const Workload& w, int tensor) {
  // Rows need no padding: the L banks are skewed, element (r, c) in bank (r + c) mod L.
  const Tensor& t = w.tensors[tensor];
  return t.rows * ceil_div(t.cols, w.lanes) * w.lanes * w.format_of(tensor).bytes();
}

long long fifo_bytes(const Workload& w, int tensor, int depth) {
  const Tensor& t = w.tensors[tensor];
  return depth * std::min<long long>(w.lanes, t.rows) * ceil_div(t.cols, w.lanes) * w.lanes * w.format_of(tensor).bytes();
}

PanelSplit panel_split(const Workload& w, const Binding& b, int task) {
  const int cores = static_cast<int>(b.units.size());
  const long long row_tiles = ceil_div(w.tensors[w.tasks[task].out].rows, w.lanes);
  PanelSplit s;
  s.cores_m = static_cast<int>(std::min<long long>(cores, row_tiles));
  s.cores_n = cores / s.cores_m;
  s.row_tiles_per_core = ceil_div(row_tiles, s.cores_m);
  return s;
}

std::string panel_split_limit(const Workload& w, int task, int cores) {
  Binding b;
  b.units.assign(static_cast<size_t>(std::max(cores, 1)), 0);
  const PanelSplit s = panel_split(w, b, task);
  if (s.cores_n == 1) return "";
  if (s.cores_m != 1 || (cores & (cores - 1)) != 0)
    return fmt::format("{} cores as {} x {} (a column split is over all of a GEMM's cores, a power of two)", cores,
                       s.cores_m, s.cores_n);
  // The last column tile may be partial (its core writes the lanes past N as 0), but
  // every core runs as many tiles: the panel reader reads theirs side by side.
  const long long column_tiles = ceil_div(w.tensors[w.tasks[task].out].cols, w.lanes);
  if (column_tiles % cores != 0)
    return fmt::format("{} column tiles over {} cores (a column split gives every core as many)", column_tiles, cores);
  return "";
}

bool reads_whole(const TaskPlan& t, const Task& task, size_t input, bool restream) {
  if (task.op != Op::kGemm) return false;
  return t.order == LoopOrder::kRows ? input == 1 && !restream : input == 0;
}

bool makes_rows_in_order(const Workload& w, const Plan& p, int task) {
  return w.tasks[task].op != Op::kGemm || p.tasks[task].order == LoopOrder::kRows;
}

namespace {

void assign_tasks(const Workload& w, Plan& p) {
  p.tasks.assign(w.tasks.size(), TaskPlan{});
  for (size_t ph = 0; ph < p.choices.phases.size(); ++ph)
    for (const Binding& b : p.choices.phases[ph].bindings) {
      p.tasks[b.task].phase = static_cast<int>(ph);
      p.tasks[b.task].binding = b;
    }
  for (size_t t = 0; t < w.tasks.size(); ++t) {
    TaskPlan& tp = p.tasks[t];
    tp.order = w.tasks[t].op == Op::kGemm ? p.choices.order[t] : LoopOrder::kRows;
    for (size_t i = 0; i < w.tasks[t].inputs.size(); ++i)
      tp.resident.push_back(reads_whole(tp, w.tasks[t], i, p.choices.restream[t]));
  }
}

// How many row blocks each same-phase task runs behind `from` (the producer of a FIFO
// candidate), along streamed edges; a whole-tensor read on the way makes it unbounded
// (kWholeLag): that task cannot start until something downstream of `from` is done.
constexpr int kWholeLag = 1 << 20;
std::vector<int> lags_behind(const Workload& w, const Plan& p, int from) {
  std::vector<int> lag(w.tasks.size(), -1);
  lag[from] = 0;
  for (size_t t = from + 1; t < w.tasks.size(); ++t) {
    if (p.tasks[t].phase != p.tasks[from].phase) continue;
    for (size_t i = 0; i < w.tasks[t].inputs.size(); ++i) {
      const int ti = w.tasks[t].inputs[i];
      const int prod = w.tensors[ti].producer;
      if (prod < 0 || lag[prod] < 0) continue;
      const bool via_dram = p.choices.spill[ti] || w.tensors[ti].io == Io::kOutput;
      const bool whole = p.tasks[t].resident[i] || via_dram || !makes_rows_in_order(w, p, prod);
      lag[t] = std::max(lag[t], whole ? kWholeLag : std::min(kWholeLag, lag[prod] + 1));
    }
  }
  return lag;
}

void place_intermediate(const Workload& w, Plan& p, int ti) {
  const Tensor& t = w.tensors[ti];
  TensorPlan& tp = p.tensors[ti];
  const int ph = p.tasks[t.producer].phase;
  if (p.choices.spill[ti] || t.io == Io::kOutput) {
    tp.home = Home::kDram;
    return;
  }
  bool fifo = makes_rows_in_order(w, p, t.producer);
  const std::vector<int> lag = lags_behind(w, p, t.producer);
  int lo = kWholeLag, hi = 0;
  for (int c : t.consumers) {
    const auto& in = w.tasks[c].inputs;
    for (size_t i = 0; i < in.size(); ++i)
      if (in[i] == ti && (p.tasks[c].phase != ph || p.tasks[c].resident[i])) fifo = false;
    lo = std::min(lo, lag[c]);
    hi = std::max(hi, lag[c]);
  }
  const long long blocks = ceil_div(t.rows, w.lanes);
  const long long depth = 2 + static_cast<long long>(hi) - lo;
  if (fifo && hi < kWholeLag && depth < blocks) {
    tp.home = Home::kFifo;
    tp.fifo_depth = static_cast<int>(depth);
    return;
  }
  tp.home = Home::kBuffer;
  tp.live_from = ph;
  tp.live_to = ph;
  for (int c : t.consumers) tp.live_to = std::max(tp.live_to, p.tasks[c].phase);
}

// A DRAM tensor some task reads whole gets one buffer copy, loaded in the phase of its
// first such reader (or the one before, when that phase prefetches and the data exists).
// A cached tensor's copy serves every reader from the first to the last; when its first
// phase has one reader and it streams, that reader keeps what it reads (a tee, no LOAD).
void place_loads(const Workload& w, Plan& p, int ti) {
  TensorPlan& tp = p.tensors[ti];
  if (tp.home != Home::kDram) return;
  const bool cached = p.choices.cache[ti];
  int first = -1, last = -1, first_any = -1, last_any = -1;
  for (int c : w.tensors[ti].consumers)
    for (size_t i = 0; i < w.tasks[c].inputs.size(); ++i) {
      if (w.tasks[c].inputs[i] != ti) continue;
      const int ph = p.tasks[c].phase;
      first_any = first_any < 0 ? ph : std::min(first_any, ph);
      last_any = std::max(last_any, ph);
      if (!p.tasks[c].resident[i]) continue;
      first = first < 0 ? ph : std::min(first, ph);
      last = std::max(last, ph);
    }
  if (cached) first = first_any, last = last_any;
  if (first < 0) return;
  const int prod = w.tensors[ti].producer;
  const int made = prod < 0 ? -1 : p.tasks[prod].phase;
  tp.loaded = true;
  tp.load_phase = p.choices.phases[first].prefetch && first - 1 > made ? first - 1 : first;
  tp.live_from = tp.load_phase;
  tp.live_to = last;
  tp.buffer_bytes = buffer_bytes_of(w, ti);
  if (cached && tp.load_phase == first && made < first) {
    int readers = 0;
    bool whole = false;
    for (int c : w.tensors[ti].consumers)
      if (p.tasks[c].phase == first) {
        ++readers;
        for (size_t i = 0; i < w.tasks[c].inputs.size(); ++i) whole = whole || (w.tasks[c].inputs[i] == ti && p.tasks[c].resident[i]);
      }
    tp.tee = readers == 1 && !whole;
  }
}

void assign_sources(const Workload& w, Plan& p) {
  for (size_t t = 0; t < w.tasks.size(); ++t) {
    TaskPlan& tp = p.tasks[t];
    for (int ti : w.tasks[t].inputs) {
      const TensorPlan& in = p.tensors[ti];
      const bool teeing = in.tee && tp.phase == in.load_phase;
      const bool copy = in.loaded && !teeing && in.live_from <= tp.phase && tp.phase <= in.live_to;
      tp.sources.push_back(in.home == Home::kFifo ? Source::kFifo
                           : in.home == Home::kBuffer || copy ? Source::kBuffer
                                                              : Source::kDram);
    }
  }
}

}  // namespace

void place_tensors(const Workload& w, Plan& p) {
  assign_tasks(w, p);
  p.tensors.assign(w.tensors.size(), TensorPlan{});
  for (size_t ti = 0; ti < w.tensors.size(); ++ti) {
    if (w.tensors[ti].producer >= 0) place_intermediate(w, p, static_cast<int>(ti));
    if (p.tensors[ti].home == Home::kBuffer) p.tensors[ti].buffer_bytes = buffer_bytes_of(w, static_cast<int>(ti));
    place_loads(w, p, static_cast<int>(ti));
  }
  assign_sources(w, p);
}

bool read_in_phase(const Workload& w, const Plan& p, int tensor, int ph) {
  for (const Binding& b : p.choices.phases[ph].bindings)
    for (int in : w.tasks[b.task].inputs)
      if (in == tensor) return true;
  return false;
}

int a_streamers_before(const Workload& w, const Plan& p, int task) {
  int k = 0;
  for (const Binding& b : p.choices.phases[p.tasks[task].phase].bindings) {
    if (b.task == task) break;
    k += w.tasks[b.task].op == Op::kGemm && p.tasks[b.task].sources[0] == Source::kDram;
  }
  return k;
}

bool one_array_per_core(const Choices& c) {
  std::map<int, int> cols;  // core -> its array's columns
  for (const Phase& ph : c.phases)
    for (const Binding& b : ph.bindings) {
      if (b.core_cols == 0) continue;  // no core
      for (int u : b.units)
        if (cols.emplace(u, b.core_cols).first->second != b.core_cols) return false;
    }
  return true;
}

}  // namespace bitloom::workload
