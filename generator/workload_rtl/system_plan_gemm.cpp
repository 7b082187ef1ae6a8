// The workload top's plan of a GEMM task (system_plan.hpp): the splits over cores the
// top builds, each core's stage and job, the A ring's load, the panel reader's and the
// tile writers' stages.
#include <fmt/format.h>

#include <algorithm>

#include "generator/workload_rtl/system_plan.hpp"

namespace bitloom::workload_rtl::system {

using namespace bitloom::workload;

// A GEMM on c > 1 cores: the splits the top builds (SystemPlan::cores).
void check_core_split(const Workload& w, const Plan& p, int task) {
  const Task& t = w.tasks[task];
  const TaskPlan& tp = p.tasks[task];
  const long long c = static_cast<long long>(tp.binding.units.size());
  if (c == 1) return;
  const long long m = ceil_div(w.tensors[t.out].rows, w.lanes), n = ceil_div(w.tensors[t.out].cols, w.lanes);
  if (tp.order == LoopOrder::kRows) {
    if (tp.sources[1] == Source::kDram) unsupported(w, fmt::format("task {}: B streamed to {} cores in row order", t.name, c));
    if (tp.sources[0] == Source::kDram && n < c)
      unsupported(w, fmt::format("task {}: an A ring for {} cores and {} column tiles", t.name, c, n));
    return;
  }
  const PanelSplit split = panel_split(w, tp.binding, task);
  if (split.cores_n != 1 || m % c != 0)
    unsupported(w, fmt::format("task {}: {} row tiles in panel order over {} cores (each B panel goes to every core, "
                               "which take equal row ranges)",
                               t.name, m, c));
}

namespace {

// The core's stage for a GEMM task: where A, B and the results are.
CoreStage core_stage(const Workload& w, const Plan& p, int task, const SystemPlan& s) {
  const Task& t = w.tasks[task];
  const Tensor& c = w.tensors[t.out];
  CoreStage cs;
  // A from DRAM comes through the loader's ring, or (a tee) into the tensor's own place,
  // where it stays for later phases: a ring as deep as the tensor, never wrapping.
  const Source a_from = p.tasks[task].sources[0];
  const bool tee = a_from == Source::kDram && p.tensors[t.inputs[0]].tee;
  const Placement& a_at = a_from == Source::kDram && !tee ? s.ring[task] : s.place[t.inputs[0]];
  cs.a_base = a_at.base;
  cs.a_pitch = a_at.pitch;
  cs.a_ring_blocks = tee                         ? ceil_div(w.tensors[t.inputs[0]].rows, w.lanes)
                     : a_from == Source::kDram ? kRingBlocks
                     : a_from == Source::kFifo ? fifo_blocks(w, p, t.inputs[0])
                                               : 0;
  cs.a_signed = w.format_of(t.inputs[0]).is_signed;
  cs.b_signed = w.format_of(t.inputs[1]).is_signed;
  cs.panels = p.tasks[task].order == LoopOrder::kPanels;
  cs.b_from_stream = p.tasks[task].sources[1] == Source::kDram;
  cs.b_columns = t.b_transposed;
  cs.b_base = cs.b_from_stream ? 0 : s.place[t.inputs[1]].base;
  cs.b_pitch = cs.b_from_stream ? 1 : s.place[t.inputs[1]].pitch;
  cs.out_to_stream = p.tensors[t.out].home == Home::kDram;
  cs.out_base = cs.out_to_stream ? 0 : s.place[t.out].base;
  cs.out_pitch = cs.out_to_stream ? 1 : s.place[t.out].pitch;
  if (p.tensors[t.out].home == Home::kFifo) cs.out_ring_blocks = fifo_blocks(w, p, t.out);
  cs.out_rows = c.rows;
  cs.out_cols = c.cols;
  cs.shift = t.shift;
  cs.relu = t.relu;
  return cs;
}

// One core's share of a GEMM: `cols` column tiles from `first_col` on (row order splits
// these), `rows` row tiles from `first_row` on (panel order splits these).
struct Share {
  int core = 0;
  long long first_col = 0, cols = 0, first_row = 0, rows = 0;
};

// How a GEMM's tiles spread over its cores (check_core_split): column ranges in row
// order, row ranges in panel order.
std::vector<Share> shares(const Workload& w, const Plan& p, int task) {
  const Task& t = w.tasks[task];
  const TaskPlan& tp = p.tasks[task];
  const long long c = static_cast<long long>(tp.binding.units.size());
  const long long m = ceil_div(w.tensors[t.out].rows, w.lanes), n = ceil_div(w.tensors[t.out].cols, w.lanes);
  std::vector<Share> out;
  for (long long u = 0; u < c; ++u) {
    Share sh{tp.binding.units[u], 0, n, 0, m};
    if (tp.order == LoopOrder::kRows) {
      const long long per = ceil_div(n, c);
      sh.first_col = u * per;
      sh.cols = std::min(per, n - sh.first_col);
    } else {
      sh.first_row = u * (m / c);
      sh.rows = m / c;
    }
    if (sh.cols > 0 && sh.rows > 0) out.push_back(sh);
  }
  return out;
}

// A GEMM's jobs: the A ring's loads, per core its stage and job and its tile writer's,
// the panel reader.
}  // namespace

void gemm_jobs(const Workload& w, const Plan& p, int task, const Faults& f, SystemPlan& s) {
  const Task& t = w.tasks[task];
  const Tensor &a = w.tensors[t.inputs[0]], &c = w.tensors[t.out];
  const CoreStage cs = core_stage(w, p, task, s);
  const long long k = a.cols, n = ceil_div(c.cols, w.lanes);
  const std::vector<Share> split = shares(w, p, task);
  std::vector<bool> working(s.cores, false);  // the cores with a share
  for (const Share& sh : split) working[sh.core] = true;
  const int ph = p.tasks[task].phase;
  const Source a_from = p.tasks[task].sources[0];
  // The block FIFOs at the cores' A inputs and outputs; the FIFO of an A ring is the task's own.
  const std::string a_fifo = a_from == Source::kDram ? fmt::format("{}'s A ring", t.name) : a.name;
  for (const Share& sh : split) {
    if (cs.a_ring_blocks > 0)
      add_fifo_end(s, a_fifo, ph, static_cast<int>(cs.a_ring_blocks), fmt::format("cc{}_a_ring_", sh.core), false);
    if (cs.out_ring_blocks > 0)
      add_fifo_end(s, c.name, ph, static_cast<int>(cs.out_ring_blocks), fmt::format("cc{}_out_ring_", sh.core), true);
  }
  if (a_from == Source::kDram) {  // the loader streams A's row blocks through the ring as the cores use them
    add_fifo_end(s, a_fifo, ph, static_cast<int>(cs.a_ring_blocks), "ld_ring_", true);
    s.loads.push_back({s.dram_offset[t.inputs[0]], dram_pitch(w, t.inputs[0]), a.rows, cs.a_pitch, cs.a_base, cs.a_pitch,
                       cs.a_ring_blocks});
    add_run(s, s.units.loader, s.loads.size(), ceil_div(a.rows, w.lanes), 0, 0);
  }
  for (const Share& sh : split) {
    CoreStage x = cs;
    x.b_base += cs.b_from_stream ? 0 : cs.b_columns ? sh.first_col * w.lanes * cs.b_pitch : sh.first_col;
    x.out_base += cs.out_to_stream ? 0 : sh.first_col;
    x.out_cols = cs.out_cols - sh.first_col * w.lanes;
    std::vector<CoreStage>& table = s.core[sh.core];
    table.push_back(x);
    add_run(s, s.units.core[sh.core], table.size(), sh.rows - (f.core_rows_short ? 1 : 0), sh.cols, k, sh.first_row);
  }
  if (cs.b_from_stream) {
    // The first reader of its kind (once or re-reading) that serves no other task of this
    // phase, else a new one.
    const bool once = cs.panels && !p.choices.restream[task];
    PanelReader* r = nullptr;
    for (PanelReader& x : s.panel_readers) {
      const bool busy = std::any_of(x.cores.begin(), x.cores.end(), [&](const auto& c) { return c.first == ph; });
      if (r == nullptr && x.once == once && !busy) r = &x;
    }
    if (r == nullptr) {
      s.panel_readers.push_back({});
      r = &s.panel_readers.back();
      r->once = once;
    }
    r->cores.emplace_back(ph, working);
    r->max_k = std::max(r->max_k, k);
    r->stages.push_back({s.dram_offset[t.inputs[1]], dram_pitch(w, t.inputs[1]), cs.panels, once});
    // Every core takes each beat: the panels are read (or replayed) once per row tile of one core.
    add_run(s, r->unit, r->stages.size(), split.front().rows, n, k);
  }
  if (cs.out_to_stream) {
    const long long pitch = dram_pitch(w, t.out);
    if (pitch != n * w.lanes * s.elem_bytes)
      unsupported(w, fmt::format("task {}: rows of {} padded past L elements to {}-byte beats", c.name, c.cols, s.data_bytes));
    for (const Share& sh : split) {
      std::vector<TileStage>& table = s.tiles[sh.core];
      // A core's column range starts first_col tiles into each row.
      table.push_back({s.dram_offset[t.out] + sh.first_col * w.lanes * s.elem_bytes, pitch, cs.panels});
      add_run(s, s.units.tiles[sh.core], table.size(), sh.rows, sh.cols, k, sh.first_row);
    }
  }
}

}  // namespace bitloom::workload_rtl::system
