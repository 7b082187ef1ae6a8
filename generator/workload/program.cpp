#include "generator/workload/program.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "generator/workload/plan_internal.hpp"
#include "generator/workload/unit_timing.hpp"

namespace bitloom::workload {

long long burst_bytes(const DramTimingSpec& d) {
  const long long beats = std::clamp(d.read_latency, 16, 256);
  return std::min<long long>(beats * d.bytes_per_cycle, 4096);
}

int dma_commands_in_flight(const DramTimingSpec& d, int word_bytes) {
  const int word_beats = std::max(1, word_bytes / d.bytes_per_cycle);
  return std::clamp((d.read_latency + 8 + word_beats - 1) / word_beats, 8, 128);
}

namespace {

long long rows_in_block(long long rows, long long L, long long j) { return std::min(L, rows - j * L); }

// Buffer words (L elements) in one row of `tensor`: a loader writes one a cycle as the
// beats come in, so a beat wider than a word comes faster than the bank takes it.
long long words_per_row(const Workload& w, int tensor) { return ceil_div(w.tensors[tensor].cols, w.lanes); }

Item load_item(const Workload& w, int tensor) {
  Item it;
  it.name = "load:" + w.tensors[tensor].name;
  it.tensor = tensor;
  const long long L = w.lanes;
  const long long pitch = dram_pitch(w, tensor);
  for (long long j = 0; j * L < w.tensors[tensor].rows; ++j) {
    const long long rows = rows_in_block(w.tensors[tensor].rows, L, j);
    Step s{rows * words_per_row(w, tensor), {{tensor, rows * pitch}}, {}, 0};
    s.streamed = true;
    it.steps.push_back(s);
  }
  return it;
}

// One pass over B in row order: each panel's K rows, a command a row (whole beats: a
// panel row narrower than a beat costs the beat).
long long restreamed_b_bytes(const Workload& w, int task) {
  const Task& t = w.tasks[task];
  if (t.b_transposed) return dram_bytes(w, t.inputs[1]);
  const long long panels = ceil_div(w.tensors[t.out].cols, w.lanes);
  return w.reduction(task) * panels * whole_beats(w, w.lanes * w.format_of(t.inputs[1]).bytes());
}

void row_gemm_steps(const Workload& w, const Plan& p, int task, Item& it) {
  const Task& t = w.tasks[task];
  const TaskPlan& tp = p.tasks[task];
  const long long L = w.lanes, c = static_cast<long long>(tp.binding.units.size());
  const long long M = w.tensors[t.out].rows, N = w.tensors[t.out].cols, K = w.reduction(task);
  const CoreTiming core = core_timing(w, cols_of(w, tp.binding));
  const long long per_core = ceil_div(ceil_div(N, L), c);  // L x L tiles of a row block
  for (long long j = 0; j * L < M; ++j) {
    const long long rows = rows_in_block(M, L, j);
    Step s;
    s.compute = per_core * core.interval(K);
    s.macs = rows * N * K;
    // A from DRAM: once per row block, into a ring the core keeps it in for all its
    // column tiles (the workload top's loader; re-reading it per round saved too little).
    if (tp.sources[0] == Source::kDram) {
      s.reads.push_back({t.inputs[0], rows * dram_pitch(w, t.inputs[0])});
      s.fill_words = rows * words_per_row(w, t.inputs[0]);
    }
    // Re-streamed B: read again for every row tile, a command a panel row (a whole beat
    // where a panel row is less); a re-split core keeps a panel for its passes.
    if (tp.sources[1] == Source::kDram) s.reads.push_back({t.inputs[1], restreamed_b_bytes(w, task)});
    if (p.tensors[t.out].home == Home::kDram) s.writes.push_back({t.out, rows * dram_pitch(w, t.out)});
    it.steps.push_back(s);
  }
  it.latency = core.tail(K);
}

// What the panel reader may have read and not yet handed on: its DMA channel's
// outstanding one-word commands, and at most its data FIFO of two bursts.
long long panel_read_ahead(const Workload& w) {
  const int word = w.lanes * w.formats.front().bytes();
  return std::min(2 * burst_bytes(w.resources.dram), 1LL * dma_commands_in_flight(w.resources.dram, word) * word);
}

void panel_gemm_steps(const Workload& w, const Plan& p, int task, Item& it) {
  const Task& t = w.tasks[task];
  const TaskPlan& tp = p.tasks[task];
  const long long l = w.lanes;  // panel order only on whole cores (dataflow is in row order)
  const PanelSplit split = panel_split(w, tp.binding, task);
  const long long M = w.tensors[t.out].rows, N = w.tensors[t.out].cols, K = w.reduction(task);
  const int b = t.inputs[1];
  const CoreTiming core = core_timing(w, cols_of(w, tp.binding));
  const long long panels = ceil_div(N, l);
  for (long long first = 0; first < panels; first += split.cores_n) {
    const long long last = std::min(panels, first + split.cores_n);
    Step s;
    s.compute = split.row_tiles_per_core * core.interval(K);
    long long read = 0, cols = 0;
    for (long long q = first; q < last; ++q) {
      const long long width = std::min(l, N - q * l);
      cols += width;
      read += t.b_transposed ? width * dram_pitch(w, b) : K * l * w.format_of(b).bytes();
    }
    // A round's panel rows are one command each: a whole beat where they are less.
    if (!t.b_transposed) read = std::max(read, K * w.resources.dram.bytes_per_cycle);
    // Re-streamed panels are read again for each row tile a core takes.
    if (p.choices.restream[task]) read *= split.row_tiles_per_core;
    s.macs = M * K * cols;
    if (tp.sources[1] == Source::kDram) s.reads.push_back({b, read});
    // Only a core with several row tiles replays its panel from the panel buffer, and every
    // panel of a transposed B goes through it: its rows are columns of the stored rows, so
    // the panel is whole before its first row leaves.
    s.streamed = tp.sources[1] == Source::kDram && !t.b_transposed &&
                 (p.choices.restream[task] || split.row_tiles_per_core == 1);
    if (tp.sources[1] == Source::kDram && !s.streamed) s.read_ahead = panel_read_ahead(w);
    if (p.tensors[t.out].home == Home::kDram) s.writes.push_back({t.out, M * (last - first) * l * w.format_of(t.out).bytes()});
    it.steps.push_back(s);
  }
  it.latency = core.tail(K);
}

void sfu_steps(const Workload& w, const Plan& p, int task, Item& it) {
  const Task& t = w.tasks[task];
  const TaskPlan& tp = p.tasks[task];
  const long long L = w.lanes, M = w.tensors[t.out].rows, beats_per_row = ceil_div(w.tensors[t.out].cols, L);
  for (long long j = 0; j * L < M; ++j) {
    const long long rows = rows_in_block(M, L, j);
    Step s;
    s.compute = rows * beats_per_row;
    for (size_t i = 0; i < t.inputs.size(); ++i)
      if (tp.sources[i] == Source::kDram) s.reads.push_back({t.inputs[i], rows * dram_pitch(w, t.inputs[i])});
    if (p.tensors[t.out].home == Home::kDram) s.writes.push_back({t.out, rows * dram_pitch(w, t.out)});
    it.steps.push_back(s);
  }
  // softmax emits a row only once all of it is in.
  it.latency = sfu_latency(w, task) + (t.op == Op::kSoftmax ? beats_per_row : 0);
}

Item task_item(const Workload& w, const Plan& p, int task) {
  Item it;
  it.name = w.tasks[task].name;
  it.task = task;
  const Binding& b = p.tasks[task].binding;
  // Dataflow's re-split cores are named by their columns: "cc3/2" is core 3 of L x 2 PEs.
  const UnitKind kind = unit_kind_of(w.tasks[task].op);
  for (int u : b.units)
    it.units.push_back(fmt::format("{}{}{}", unit_prefix(kind), u,
                                   kind == UnitKind::kCore && b.core_cols != w.lanes ? fmt::format("/{}", b.core_cols) : ""));
  if (w.tasks[task].op == Op::kGemm) {
    if (p.tasks[task].order == LoopOrder::kRows) row_gemm_steps(w, p, task, it);
    else panel_gemm_steps(w, p, task, it);
  } else {
    sfu_steps(w, p, task, it);
  }
  return it;
}

void link_item(const Workload& w, const Plan& p, int task, const std::map<int, int>& item_of_task,
               const std::map<int, int>& item_of_load, PhaseProgram& ph) {
  Item& it = ph.items[item_of_task.at(task)];
  const Task& t = w.tasks[task];
  for (size_t i = 0; i < t.inputs.size(); ++i) {
    const int ti = t.inputs[i];
    const int prod = w.tensors[ti].producer;
    if (prod >= 0 && item_of_task.count(prod)) {
      const bool rows = !p.tasks[task].resident[i] && makes_rows_in_order(w, p, prod) && p.tensors[ti].home != Home::kDram;
      (rows ? it.row_deps : it.whole_deps).push_back(item_of_task.at(prod));
    }
    if (item_of_load.count(ti) && p.tasks[task].sources[i] == Source::kBuffer) it.whole_deps.push_back(item_of_load.at(ti));
  }
  if (p.tensors[t.out].home == Home::kFifo) {
    it.fifo_depth = p.tensors[t.out].fifo_depth;
    for (int c : w.tensors[t.out].consumers) it.fifo_readers.push_back(item_of_task.at(c));
  }
}

// The workload top has one loader for whole tensors (system_plan.cpp): the phase's own
// loads (those its tasks read) go first in its queue, then the A ring of the phase's
// first task streaming A from DRAM; a task reading one of them waits for the loader,
// so for every own load, and so does that first streamer.
void one_loader(const Workload& w, const Plan& p, int ph, const std::map<int, int>& item_of_task,
                const std::map<int, int>& item_of_load, PhaseProgram& phase) {
  std::vector<int> own;  // the phase's own load items
  for (const auto& [tensor, index] : item_of_load)
    if (read_in_phase(w, p, tensor, ph)) own.push_back(index);
  if (own.empty()) return;
  for (const Binding& b : p.choices.phases[ph].bindings) {
    Item& it = phase.items[item_of_task.at(b.task)];
    bool waits = w.tasks[b.task].op == Op::kGemm && p.tasks[b.task].sources[0] == Source::kDram &&
                 a_streamers_before(w, p, b.task) == 0;
    for (int d : it.whole_deps) waits = waits || std::find(own.begin(), own.end(), d) != own.end();
    if (waits) it.whole_deps.insert(it.whole_deps.end(), own.begin(), own.end());
  }
}

}  // namespace

Program make_program(const Workload& w, const Plan& p) {
  Program prog;
  prog.dram = w.resources.dram;
  prog.reconfig_cycles = w.resources.reconfig_cycles;
  prog.total_pes = static_cast<long long>(w.resources.cores) * w.lanes * w.lanes;
  for (int ph = 0; ph < p.phase_count(); ++ph) {
    PhaseProgram phase;
    std::map<int, int> item_of_task, item_of_load;
    for (size_t ti = 0; ti < w.tensors.size(); ++ti)
      if (p.tensors[ti].loaded && !p.tensors[ti].tee && p.tensors[ti].load_phase == ph) {
        item_of_load[static_cast<int>(ti)] = static_cast<int>(phase.items.size());
        phase.items.push_back(load_item(w, static_cast<int>(ti)));
      }
    for (size_t t = 0; t < w.tasks.size(); ++t)
      if (p.tasks[t].phase == ph) {
        item_of_task[static_cast<int>(t)] = static_cast<int>(phase.items.size());
        phase.items.push_back(task_item(w, p, static_cast<int>(t)));
      }
    for (const auto& [task, index] : item_of_task) link_item(w, p, task, item_of_task, item_of_load, phase);
    // A spilled tensor loaded back in the phase that makes it waits for all of it.
    for (const auto& [tensor, index] : item_of_load)
      if (const int prod = w.tensors[tensor].producer; prod >= 0 && item_of_task.count(prod))
        phase.items[index].whole_deps.push_back(item_of_task.at(prod));
    one_loader(w, p, ph, item_of_task, item_of_load, phase);
    prog.phases.push_back(std::move(phase));
  }
  return prog;
}

}  // namespace bitloom::workload
