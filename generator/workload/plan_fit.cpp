// The planner's second half: the buffer bytes of every phase, and the give-ups (spill an
// intermediate, stream a GEMM's B in panels) that make each phase fit the budget.
#include <fmt/format.h>

#include <algorithm>

#include "generator/workload/plan_internal.hpp"
#include "generator/workload/program.hpp"

namespace bitloom::workload {

namespace {

long long padded(long long v, long long to) { return ceil_div(v, to) * to; }

// Staging for a stream whose every word is used once, consumed at `rate` bytes per
// cycle: twice what arrives in one read latency, so the stream never waits for DRAM.
long long through_bytes(const Workload& w, long long rate) {
  const DramTimingSpec& d = w.resources.dram;
  return 2 * d.read_latency * std::min<long long>(rate, d.bytes_per_cycle);
}

// On-chip staging of one task's DRAM streams. A stream used once flows through
// (through_bytes); one that is reused must be held whole, double-buffered: an A row block
// (L x K) shared by a core's several column tiles, a B panel (K x l) shared by several
// row tiles. Re-streamed B is read again per row tile and so flows through, but a
// re-split core keeps each K x L panel for its passes (the next one coming in behind its
// last pass). Streams flow at a core's c columns.
long long staging_bytes(const Workload& w, const Plan& p, int task) {
  const Task& t = w.tasks[task];
  const TaskPlan& tp = p.tasks[task];
  const long long L = w.lanes, l = cols_of(w, tp.binding);
  const long long cores = static_cast<long long>(tp.binding.units.size());
  const long long K = padded(w.reduction(task), L);
  const Tensor& out = w.tensors[t.out];
  long long bytes = 0;
  for (size_t i = 0; i < t.inputs.size(); ++i) {
    if (tp.sources[i] != Source::kDram) continue;
    const int eb = w.format_of(t.inputs[i]).bytes();
    if (t.op != Op::kGemm) {
      bytes += through_bytes(w, L * eb);
    } else if (i == 0) {  // A row blocks (row order), held while a core has several column tiles
      const bool reused = ceil_div(ceil_div(out.cols, L), cores) > 1;
      bytes += reused ? 2 * std::min(L, out.rows) * K * eb : through_bytes(w, l * eb);
    } else if (tp.order == LoopOrder::kPanels && !p.choices.restream[task]) {  // B panels to cores_m cores each
      const PanelSplit split = panel_split(w, tp.binding, task);
      bytes += split.cores_n * (split.row_tiles_per_core > 1 ? 2 * K * l * eb : through_bytes(w, l * eb));
    } else {
      bytes += cores * through_bytes(w, l * eb) + (l < L ? K * L * eb : 0);
    }
  }
  if (p.tensors[t.out].home == Home::kDram)
    bytes += (tp.order == LoopOrder::kPanels ? cores : 1) * through_bytes(w, L * w.format_of(t.out).bytes());
  return bytes;
}

void count_buffer(const Workload& w, Plan& p) {
  const int phases = p.phase_count();
  p.buffer_bytes.assign(phases, 0);
  for (size_t ti = 0; ti < w.tensors.size(); ++ti) {
    const TensorPlan& tp = p.tensors[ti];
    for (int ph = std::max(0, tp.live_from); tp.live_from >= 0 && ph <= tp.live_to; ++ph) p.buffer_bytes[ph] += tp.buffer_bytes;
    if (tp.home == Home::kFifo)
      p.buffer_bytes[p.tasks[w.tensors[ti].producer].phase] += fifo_bytes(w, static_cast<int>(ti), tp.fifo_depth);
  }
  for (size_t t = 0; t < w.tasks.size(); ++t) p.buffer_bytes[p.tasks[t].phase] += staging_bytes(w, p, static_cast<int>(t));
  p.peak_buffer_bytes = p.buffer_bytes.empty() ? 0 : *std::max_element(p.buffer_bytes.begin(), p.buffer_bytes.end());
}

// The largest buffer-home intermediate live in `phase`, preferring those the phase
// neither makes nor reads; -1 if none.
int spill_candidate(const Workload& w, const Plan& p, int phase) {
  int best = -1;
  auto rank = [&](int ti) {
    const Tensor& t = w.tensors[ti];
    bool touched = p.tasks[t.producer].phase == phase;
    for (int c : t.consumers) touched = touched || p.tasks[c].phase == phase;
    return std::make_pair(!touched, p.tensors[ti].buffer_bytes);
  };
  for (size_t ti = 0; ti < w.tensors.size(); ++ti) {
    const TensorPlan& tp = p.tensors[ti];
    if (tp.home != Home::kBuffer || w.tensors[ti].producer < 0 || tp.live_from > phase || tp.live_to < phase) continue;
    if (p.tensors[ti].live_from == p.tensors[ti].live_to) continue;  // made and used in one phase: spilling cannot help
    if (best < 0 || rank(static_cast<int>(ti)) > rank(best)) best = static_cast<int>(ti);
  }
  return best;
}

// Buffer bytes a GEMM's DRAM B costs that re-reading it would save: its loaded copy (row
// order) or staged panels.
long long b_bytes(const Workload& w, const Plan& p, int t) {
  const int b = w.tasks[t].inputs[1];
  if (p.choices.restream[t]) return 0;
  if (p.tensors[b].home != Home::kDram) return 0;
  if (p.tasks[t].order == LoopOrder::kRows) return buffer_bytes_of(w, b);
  const PanelSplit split = panel_split(w, p.tasks[t].binding, t);
  return split.row_tiles_per_core > 1 ? 2LL * split.cores_n * padded(w.reduction(t), w.lanes) *
                                            cols_of(w, p.tasks[t].binding) * w.format_of(b).bytes()
                                      : 0;
}

// The GEMM of `phase` whose DRAM B costs the most buffer; -1 if none costs any.
int panel_candidate(const Workload& w, const Plan& p, int phase) {
  int best = -1;
  long long most = 0;
  for (size_t t = 0; t < w.tasks.size(); ++t) {
    if (w.tasks[t].op != Op::kGemm || p.tasks[t].phase != phase) continue;
    if (const long long b = b_bytes(w, p, static_cast<int>(t)); b > most) best = static_cast<int>(t), most = b;
  }
  return best;
}

// The three biggest holders of buffer in `phase`, for the error message.
std::string largest_users(const Workload& w, const Plan& p, int phase) {
  std::vector<std::pair<long long, std::string>> users;
  for (size_t ti = 0; ti < w.tensors.size(); ++ti) {
    const TensorPlan& tp = p.tensors[ti];
    if (tp.live_from >= 0 && tp.live_from <= phase && phase <= tp.live_to)
      users.push_back({tp.buffer_bytes, w.tensors[ti].name});
    if (tp.home == Home::kFifo && p.tasks[w.tensors[ti].producer].phase == phase)
      users.push_back({fifo_bytes(w, static_cast<int>(ti), tp.fifo_depth), w.tensors[ti].name + " FIFO"});
  }
  for (size_t t = 0; t < w.tasks.size(); ++t)
    if (p.tasks[t].phase == phase)
      if (const long long b = staging_bytes(w, p, static_cast<int>(t)); b > 0) users.push_back({b, w.tasks[t].name + " staging"});
  std::sort(users.rbegin(), users.rend());
  std::string s;
  for (size_t i = 0; i < users.size() && i < 3; ++i) s += fmt::format("{}{} {} B", i ? ", " : "largest: ", users[i].second, users[i].first);
  return s;
}

// Buffer bytes freed by turning row-order GEMM `t` to panels: B's copy, less A's copy if
// A is not held already, less its output's bytes if that was a FIFO, less panel staging.
long long panel_saving(const Workload& w, const Plan& p, int t) {
  const Task& task = w.tasks[t];
  long long saving = buffer_bytes_of(w, task.inputs[1]);
  const TensorPlan& a = p.tensors[task.inputs[0]];
  if (a.home != Home::kBuffer && !a.loaded) saving -= buffer_bytes_of(w, task.inputs[0]);
  if (p.tensors[task.out].home == Home::kFifo) saving -= buffer_bytes_of(w, task.out);
  Plan as_panels = p;
  as_panels.tasks[t].order = LoopOrder::kPanels;
  return saving - b_bytes(w, as_panels, t);
}

// Buffer bytes freed by re-streaming B: its copy, less the streams' staging per core.
long long restream_saving(const Workload& w, const Plan& p, int t) {
  const long long cores = static_cast<long long>(p.tasks[t].binding.units.size());
  return buffer_bytes_of(w, w.tasks[t].inputs[1]) -
         cores * through_bytes(w, cols_of(w, p.tasks[t].binding) * w.format_of(w.tasks[t].inputs[1]).bytes());
}

// A panel-order GEMM keeps the most of its cores the top can split it over
// (top_splits_panels). The spec's `schedule:` (intar's only choices when there is one) is
// left as written, for generate to judge.
void keep_splits_the_top_builds(const Workload& w, Choices& c) {
  if (w.schedule && c.mode == Mode::kIntar) return;
  for (Phase& ph : c.phases)
    for (Binding& b : ph.bindings)
      while (w.tasks[b.task].op == Op::kGemm && c.order[b.task] == LoopOrder::kPanels && b.units.size() > 1 &&
             !top_splits_panels(w, b.task, static_cast<int>(b.units.size())))
        b.units.pop_back();
}

}  // namespace

Plan make_plan(const Workload& w, Choices c) {
  if (c.order.size() != w.tasks.size()) c.order.assign(w.tasks.size(), LoopOrder::kRows);
  if (c.spill.size() != w.tensors.size()) c.spill.assign(w.tensors.size(), false);
  if (c.cache.size() != w.tensors.size()) c.cache.assign(w.tensors.size(), false);
  if (c.restream.size() != w.tasks.size()) c.restream.assign(w.tasks.size(), false);
  for (;;) {
    keep_splits_the_top_builds(w, c);
    Plan p;
    p.choices = c;
    place_tensors(w, p);
    count_buffer(w, p);
    int over = -1;
    for (int ph = 0; ph < p.phase_count() && over < 0; ++ph)
      if (p.buffer_bytes[ph] > w.resources.buffer_bytes) over = ph;
    if (over < 0) return p;
    if (const int ti = spill_candidate(w, p, over); ti >= 0) {
      c.spill[ti] = true;
      continue;
    }
    if (const int t = panel_candidate(w, p, over); t >= 0) {
      // Give B's buffer up: a row-order GEMM by the cheaper way in buffer bytes, panels
      // (B read once, but A held whole and the output made whole) or re-reading B from
      // DRAM for every row tile; a panel GEMM by re-reading its panels.
      const bool b_loaded = p.tensors[w.tasks[t].inputs[1]].home == Home::kDram;
      if (p.tasks[t].order == LoopOrder::kRows && b_loaded && panel_saving(w, p, t) >= restream_saving(w, p, t))
        c.order[t] = LoopOrder::kPanels;
      else
        c.restream[t] = true;
      continue;
    }
    p.problem = fmt::format("phase {} needs {} bytes of buffer ({}); the budget is {} (resources.buffer_bytes)", over,
                            p.buffer_bytes[over], largest_users(w, p, over), w.resources.buffer_bytes);
    return p;
  }
}

}  // namespace bitloom::workload
