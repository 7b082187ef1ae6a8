// The workload top's plan of a GEMM task (system_plan.hpp): the splits over cores the
// top builds, each core's stage and job, the A ring's load, the panel reader's and the
// tile writers' stages.
#include <fmt/format.h>

#include <algorithm>

#include "generator/workload_rtl/system_plan.hpp"

namespace bitloom::workload_rtl::system {

using namespace bitloom::workload;

// A GEMM on c > 1 cores: the splits the top builds (SystemPlan::cores). The DRAM movers
// of a GEMM move whole beats: a B panel row (of every core of a column split at once)
// and a result row of a core (or of a column split's cores) must be whole beats.
void check_core_split(const Workload& w, const Plan& p, int task) {
  const Task& t = w.tasks[task];
  const TaskPlan& tp = p.tasks[task];
  const long long c = static_cast<long long>(tp.binding.units.size());
  const long long m = ceil_div(w.tensors[t.out].rows, w.lanes);
  const long long word = w.lanes * w.format_of(t.out).bytes(), beat = w.resources.dram.bytes_per_cycle;
  const long long group = column_group(w, p, task);
  // A row narrower than a beat is read as its whole beat, or written with strobes
  // (dram_panels.hpp, dram_tiles.hpp); B transposed is read a stored row's word at a time.
  auto whole_beats = [&](const char* what, bool narrow_too) {
    if (group * word % beat != 0 && !(narrow_too && beat % (group * word) == 0))
      unsupported(w, fmt::format("task {}: {} of {} B on {}-byte DRAM beats", t.name, what, group * word, beat));
  };
  if (tp.sources[1] == Source::kDram) whole_beats(t.b_transposed ? "B (transposed) words" : "B panel rows", !t.b_transposed);
  if (p.tensors[t.out].home == Home::kDram) whole_beats("result rows", true);
  if (c == 1) return;
  if (tp.order == LoopOrder::kRows) {
    if (tp.sources[1] == Source::kDram) unsupported(w, fmt::format("task {}: B streamed to {} cores in row order", t.name, c));
    return;
  }
  const PanelSplit split = panel_split(w, tp.binding, task);
  if (split.cores_n == 1) {
    // Uneven row ranges: every core runs ceil(m / c) row tiles in step (each B panel goes
    // to every core at once); a core short of real ones runs a row tile past M, whose rows
    // it drops. That tile reads A past the tensor, harmless from a buffer, but a ring or
    // block FIFO would wait for a block nobody fills, and a FIFO of results would claim one.
    if (m % c != 0 && (tp.sources[0] != Source::kBuffer || p.tensors[t.out].home == Home::kFifo))
      unsupported(w, fmt::format("task {}: {} row tiles in panel order over {} cores with A {} (each B panel goes to every "
                                 "core, which run equal row ranges; the short one a row tile past M)",
                                 t.name, m, c,
                                 tp.sources[0] != Source::kBuffer ? "streamed in" : "in the buffer and the results into a FIFO"));
    return;
  }
  // The split itself (the rule the modes keep to, plan.hpp), then what it needs.
  if (const std::string why = panel_split_limit(w, task, static_cast<int>(c)); !why.empty())
    unsupported(w, fmt::format("task {}: {}", t.name, why));
  if (tp.sources[1] != Source::kDram)
    unsupported(w, fmt::format("task {}: cores splitting its column tiles with B on chip", t.name));
  if (m > 1 && !p.choices.restream[task])
    unsupported(w, fmt::format("task {}: a panel buffer for {} cores splitting the column tiles", t.name, c));
}

long long column_group(const Workload& w, const Plan& p, int task) {
  const TaskPlan& tp = p.tasks[task];
  if (w.tasks[task].op != Op::kGemm || tp.order != LoopOrder::kPanels || tp.binding.units.size() < 2) return 1;
  return panel_split(w, tp.binding, task).cores_n;
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
                     : a_from == Source::kFifo || follows_in_buffer(w, p, task, 0) ? flow_blocks(w, p, t.inputs[0])
                                                                                   : 0;
  cs.a_signed = w.format_of(t.inputs[0]).is_signed;
  cs.b_signed = w.format_of(t.inputs[1]).is_signed;
  cs.a_bits = w.format_of(t.inputs[0]).width;
  cs.b_bits = w.format_of(t.inputs[1]).width;
  cs.panels = p.tasks[task].order == LoopOrder::kPanels;
  cs.b_from_stream = p.tasks[task].sources[1] == Source::kDram;
  cs.b_columns = t.b_transposed;
  cs.b_base = cs.b_from_stream ? 0 : s.place[t.inputs[1]].base;
  cs.b_pitch = cs.b_from_stream ? 1 : s.place[t.inputs[1]].pitch;
  cs.out_to_stream = p.tensors[t.out].home == Home::kDram;
  cs.out_base = cs.out_to_stream ? 0 : s.place[t.out].base;
  cs.out_pitch = cs.out_to_stream ? 1 : s.place[t.out].pitch;
  cs.out_ring_blocks = flow_blocks(w, p, t.out);
  cs.out_rows = c.rows;
  cs.out_cols = c.cols;
  cs.shift = t.shift;
  cs.relu = t.relu;
  return cs;
}

// One core's share of a GEMM: `cols` column tiles from `first_col` on, `col_step` apart
// (row order and column splits split these; col_step is the column split's cores, else
// 1), `rows` row tiles from `first_row` on (panel order splits these).
struct Share {
  int core = 0;
  long long first_col = 0, cols = 0, first_row = 0, rows = 0, col_step = 1;
  long long real_rows = 0;  // of `rows`, those inside M (the others' results are dropped)
};

// How a GEMM's tiles spread over its cores (check_core_split): column ranges in row
// order, row ranges in panel order, or every c-th column tile (a column split).
std::vector<Share> shares(const Workload& w, const Plan& p, int task) {
  const Task& t = w.tasks[task];
  const TaskPlan& tp = p.tasks[task];
  const long long c = static_cast<long long>(tp.binding.units.size());
  const long long m = ceil_div(w.tensors[t.out].rows, w.lanes), n = ceil_div(w.tensors[t.out].cols, w.lanes);
  const long long group = column_group(w, p, task);
  std::vector<Share> out;
  for (long long u = 0; u < c; ++u) {
    Share sh{tp.binding.units[u], 0, n, 0, m};
    if (group > 1) {
      sh.first_col = u;
      sh.cols = n / c;
      sh.col_step = c;
    } else if (tp.order == LoopOrder::kRows) {
      const long long per = ceil_div(n, c);
      sh.first_col = u * per;
      sh.cols = std::min(per, n - sh.first_col);
    } else {  // every core as many row tiles, the last one's past M where they do not split evenly
      const long long per = ceil_div(m, c);
      sh.first_row = u * per;
      sh.rows = per;
    }
    sh.real_rows = std::max(0LL, std::min(sh.rows, m - sh.first_row));
    if (sh.cols > 0 && sh.rows > 0) out.push_back(sh);
  }
  return out;
}

// The jobs of the panel reader that streams a GEMM's B: the first reader of its kind
// (once or re-reading, the same column group and slots) that serves no other task of
// this phase, else a new one.
void panel_jobs(const Workload& w, const Plan& p, int task, const std::vector<Share>& split, SystemPlan& s) {
  const Task& t = w.tasks[task];
  const int ph = p.tasks[task].phase;
  const long long k = w.tensors[t.inputs[0]].cols, n = ceil_div(w.tensors[t.out].cols, w.lanes);
  const bool panels = p.tasks[task].order == LoopOrder::kPanels;
  const int group = static_cast<int>(split.front().col_step);  // a column split's cores, else 1
  // A panel is replayed from the panel buffer only where a core takes more than one row
  // tile, or where DRAM holds B transposed: the buffer turns the panel's stored rows into
  // B's rows (check_supported allows that only read once, one core's word a command).
  const bool once = panels && !p.choices.restream[task] && (split.front().rows > 1 || t.b_transposed);
  std::vector<bool> working(s.cores, false);  // the cores with a share
  std::vector<int> slot(s.cores, -1);
  for (const Share& sh : split) {
    working[sh.core] = true;
    if (group > 1) slot[sh.core] = static_cast<int>(sh.first_col);
  }
  auto fits = [&](const PanelReader& x) {
    const bool busy = std::any_of(x.cores.begin(), x.cores.end(), [&](const auto& c) { return c.first == ph; });
    if (busy || x.once != once || x.group != group) return false;
    for (int u = 0; u < s.cores; ++u)
      if (slot[u] >= 0 && x.slot[u] >= 0 && slot[u] != x.slot[u]) return false;
    return true;
  };
  PanelReader* r = nullptr;
  for (PanelReader& x : s.panel_readers)
    if (r == nullptr && fits(x)) r = &x;
  if (r == nullptr) {
    s.panel_readers.push_back({});
    r = &s.panel_readers.back();
    r->once = once;
    r->group = group;
    r->slot.assign(s.cores, -1);
  }
  for (int u = 0; u < s.cores; ++u)
    if (slot[u] >= 0) r->slot[u] = slot[u];
  r->cores.emplace_back(ph, working);
  r->max_k = std::max(r->max_k, k);
  r->stages.push_back({s.dram_offset[t.inputs[1]], dram_pitch(w, t.inputs[1]), panels, once, t.b_transposed,
                       t.b_transposed ? w.tensors[t.inputs[1]].rows : 0});
  // Every core takes each beat (or its word of it): the panels are read (or replayed)
  // once per row tile of one core; a column split reads its cores' panels side by side.
  add_run(s, r->unit, r->stages.size(), split.front().rows, n / group, k);
}

// The tile writers' jobs of a GEMM whose results go to DRAM: one per core, or one for all
// the cores of a column split, which joins their result rows side by side.
void tile_jobs(const Workload& w, const Plan& p, int task, const std::vector<Share>& split, SystemPlan& s) {
  const Task& t = w.tasks[task];
  const long long k = w.tensors[t.inputs[0]].cols, n = ceil_div(w.tensors[t.out].cols, w.lanes);
  const long long pitch = dram_pitch(w, t.out);
  if (pitch != n * w.lanes * s.elem_bytes)
    unsupported(w, fmt::format("task {}: rows of {} padded past L elements to {}-byte beats", w.tensors[t.out].name,
                               w.tensors[t.out].cols, s.data_bytes));
  // The writer of `sh`'s core takes the rows of `cores` (itself first). A writer joins the
  // same cores for every task it writes: a core never writes alone in one task and
  // through another's writer in the next.
  auto write = [&](const Share& sh, const std::vector<int>& cores) {
    bool clash = !s.tile_group[sh.core].empty() && s.tile_group[sh.core] != cores;
    for (const std::vector<int>& g : s.tile_group)
      for (size_t i = 1; i < g.size(); ++i) clash = clash || g[i] == sh.core;
    for (size_t i = 1; i < cores.size(); ++i) clash = clash || !s.tile_group[cores[i]].empty();
    if (clash)
      unsupported(w, fmt::format("task {}: core {}'s results to DRAM joined with other cores than before", t.name, sh.core));
    s.tile_group[sh.core] = cores;
    std::vector<TileStage>& table = s.tiles[sh.core];
    // A core's column range starts first_col tiles into each row.
    table.push_back({s.dram_offset[t.out] + sh.first_col * w.lanes * s.elem_bytes, pitch,
                     p.tasks[task].order == LoopOrder::kPanels});
    // Only the row tiles inside M: the core hands on no row of the others (no tlast).
    add_run(s, s.units.tiles[sh.core], table.size(), sh.real_rows, sh.cols, k, sh.first_row);
  };
  if (split.front().col_step > 1) {  // a column split: one writer, the first core's
    std::vector<int> cores;
    for (const Share& sh : split) cores.push_back(sh.core);
    write(split.front(), cores);
  } else {
    for (const Share& sh : split) write(sh, {sh.core});
  }
}

}  // namespace

// A GEMM's jobs: the A ring's loads, per core its stage and job, the panel reader's and
// the tile writers'.
void gemm_jobs(const Workload& w, const Plan& p, int task, const Faults& f, SystemPlan& s) {
  const Task& t = w.tasks[task];
  const Tensor &a = w.tensors[t.inputs[0]], &c = w.tensors[t.out];
  const CoreStage cs = core_stage(w, p, task, s);
  const long long k = a.cols;
  const std::vector<Share> split = shares(w, p, task);
  const int ph = p.tasks[task].phase;
  const Source a_from = p.tasks[task].sources[0];
  // The block FIFOs at the cores' A inputs and outputs; the FIFO of an A ring is the task's own.
  const std::string a_fifo = a_from == Source::kDram ? fmt::format("{}'s A ring", t.name) : a.name;
  for (const Share& sh : split) {
    // A core with no column tile of the GEMM (more cores than tiles) never reads A.
    if (cs.a_ring_blocks > 0 && sh.cols > 0)
      add_fifo_end(s, a_fifo, ph, static_cast<int>(cs.a_ring_blocks), fmt::format("cc{}_a_ring_", sh.core), false);
    if (cs.out_ring_blocks > 0)
      add_fifo_end(s, c.name, ph, static_cast<int>(cs.out_ring_blocks), fmt::format("cc{}_out_ring_", sh.core), true);
  }
  if (a_from == Source::kDram) {  // a loader streams A's row blocks through the ring as the cores use them
    const int k = a_streamers_before(w, p, task);
    const RowStage ring{s.dram_offset[t.inputs[0]], dram_pitch(w, t.inputs[0]), a.rows, cs.a_pitch, cs.a_base, cs.a_pitch,
                        cs.a_ring_blocks};
    add_fifo_end(s, a_fifo, ph, static_cast<int>(cs.a_ring_blocks), k == 0 ? "ld_ring_" : fmt::format("ld{}_ring_", k),
                 true);
    if (k == 0) {
      s.loads.push_back(ring);
      add_run(s, s.units.loader, s.loads.size(), ceil_div(a.rows, w.lanes), 0, 0);
    } else {
      if (s.ring_loads.size() < static_cast<size_t>(k)) {
        s.ring_loads.resize(k);
        s.units.ring_loaders.resize(k, -1);
      }
      s.ring_loads[k - 1].push_back(ring);
      add_run(s, s.units.ring_loaders[k - 1], s.ring_loads[k - 1].size(), ceil_div(a.rows, w.lanes), 0, 0);
    }
  }
  for (const Share& sh : split) {
    CoreStage x = cs;
    x.b_base += cs.b_from_stream ? 0 : cs.b_columns ? sh.first_col * w.lanes * cs.b_pitch : sh.first_col;
    x.out_base += cs.out_to_stream ? 0 : sh.first_col;
    // A column split's core counts its own columns (every tile full but the GEMM's last,
    // on the last core, which has N's remainder).
    const bool last_tile = sh.first_col + (sh.cols - 1) * sh.col_step == ceil_div(c.cols, w.lanes) - 1;
    x.out_cols = sh.col_step == 1 ? cs.out_cols - sh.first_col * w.lanes
                                  : sh.cols * w.lanes - (last_tile ? ceil_div(c.cols, w.lanes) * w.lanes - c.cols : 0);
    x.out_col_step = sh.col_step;
    std::vector<CoreStage>& table = s.core[sh.core];
    table.push_back(x);
    add_run(s, s.units.core[sh.core], table.size(), sh.rows - (f.core_rows_short ? 1 : 0), sh.cols, k, sh.first_row);
  }
  if (cs.b_from_stream) panel_jobs(w, p, task, split, s);
  if (cs.out_to_stream) tile_jobs(w, p, task, split, s);
}

}  // namespace bitloom::workload_rtl::system
