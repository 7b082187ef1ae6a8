// The workload top's plan: after the checks (system_checks.cpp), each phase's loads and
// its tasks' jobs (system_plan_gemm.cpp for GEMMs), the SFUs' read ports and whether
// DRAM writers overlap.
#include "generator/workload_rtl/system_plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>

#include "generator/workload/plan_internal.hpp"
#include "generator/workload/program.hpp"
#include "generator/workload/unit_timing.hpp"
#include "generator/workload_rtl/system.hpp"
#include "hw/prims/prims.hpp"

namespace bitloom::workload_rtl::system {

using namespace bitloom::workload;

void unsupported(const Workload& w, const std::string& what) {
  throw UnsupportedSchedule(fmt::format("{}: the workload hardware generator does not support {} yet", w.name, what));
}

void add_run(SystemPlan& s, int& unit, size_t stages, long long m, long long n, long long k, long long offset) {
  if (unit < 0) unit = s.units.count++;
  using I = hw::prims::Instruction;
  s.program.push_back(I{I::Op::kRun, unit, static_cast<int>(stages) - 1, static_cast<int>(m), static_cast<int>(n),
                        static_cast<int>(k), static_cast<int>(offset)});
}

void add_fifo_end(SystemPlan& s, const std::string& what, int phase, int depth, const std::string& net, bool producer) {
  BlockFifo* f = nullptr;
  for (BlockFifo& x : s.fifos) f = x.what == what && x.phase == phase ? &x : f;
  if (f == nullptr) {
    s.fifos.push_back({what, phase, depth, {}, {}});
    f = &s.fifos.back();
  }
  (producer ? f->producers : f->consumers).push_back(net);
}

long long fifo_blocks(const Workload& w, const Plan& p, int tensor) {
  return std::min<long long>(p.tensors[tensor].fifo_depth, ceil_div(w.tensors[tensor].rows, w.lanes));
}

bool follows_in_buffer(const Workload& w, const Plan& p, int task, size_t input) {
  const int ti = w.tasks[task].inputs[input];
  const int prod = w.tensors[ti].producer;
  if (prod < 0 || p.tensors[ti].home != Home::kBuffer || p.tasks[prod].phase != p.tasks[task].phase) return false;
  if (p.tasks[task].resident[input] || !makes_rows_in_order(w, p, prod)) return false;
  return w.tasks[task].op != Op::kGemm || (input == 0 && p.tasks[task].order == LoopOrder::kRows);
}

bool flows_in_phase(const Workload& w, const Plan& p, int task, size_t input) {
  return p.tensors[w.tasks[task].inputs[input]].home == Home::kFifo || follows_in_buffer(w, p, task, input);
}

long long flow_blocks(const Workload& w, const Plan& p, int tensor) {
  if (p.tensors[tensor].home == Home::kFifo) return fifo_blocks(w, p, tensor);
  for (int c : w.tensors[tensor].consumers)
    for (size_t i = 0; i < w.tasks[c].inputs.size(); ++i)
      if (w.tasks[c].inputs[i] == tensor && follows_in_buffer(w, p, c, i)) return ceil_div(w.tensors[tensor].rows, w.lanes);
  return 0;
}

namespace {

// The loads (tensors copied whole) in phase `ph`: with `prefetched`, those for a later
// phase, else those its own tasks read. True if there are any.
bool whole_loads(const Workload& w, const Plan& p, int ph, bool prefetched, SystemPlan& s) {
  bool any = false;
  for (size_t ti = 0; ti < w.tensors.size(); ++ti) {
    const TensorPlan& tp = p.tensors[ti];
    // A tee'd tensor is loaded by the loader's stream to its one first reader (gemm_jobs).
    if (!tp.loaded || tp.tee || tp.load_phase != ph || read_in_phase(w, p, static_cast<int>(ti), ph) == prefetched)
      continue;
    const Tensor& t = w.tensors[ti];
    const Placement& pl = s.place[ti];
    s.loads.push_back({s.dram_offset[ti], dram_pitch(w, static_cast<int>(ti)), t.rows, pl.pitch, pl.base, pl.pitch});
    add_run(s, s.units.loader, s.loads.size(), ceil_div(t.rows, w.lanes), 0, 0);
    any = true;
  }
  return any;
}

// Two tasks can share an SFU when the unit built for one computes the other too.
bool same_unit(const Workload& w, int a, int b) {
  if (w.tasks[a].op == Op::kAdd) {
    const Format &x = w.format_of(w.tasks[a].out), &y = w.format_of(w.tasks[b].out);
    return x.width == y.width && x.is_signed == y.is_signed;
  }
  return one_sfu_serves(w, a, b);
}

// An SFU task's jobs: a buffer row reader or DRAM row streamer per input, the buffer row
// writer or the DRAM row sink.
void sfu_jobs(const Workload& w, const Plan& p, int task, SystemPlan& s) {
  const Task& t = w.tasks[task];
  const UnitKind kind = unit_kind_of(t.op);
  const int index = p.tasks[task].binding.units.at(0);
  SfuPlan* u = nullptr;
  for (SfuPlan& x : s.sfus) u = x.kind == kind && x.index == index ? &x : u;
  if (u == nullptr) {
    SfuPlan fresh;
    fresh.kind = kind;
    fresh.index = index;
    fresh.tag = fmt::format("{}{}", unit_prefix(kind), index);
    fresh.first_task = task;
    fresh.inputs = static_cast<int>(t.inputs.size());
    s.sfus.push_back(fresh);
    u = &s.sfus.back();
  } else if (!same_unit(w, u->first_task, task)) {
    unsupported(w, fmt::format("tasks {} and {} on one {} unit with different configurations", w.tasks[u->first_task].name,
                               t.name, name(kind)));
  }
  // A tensor in a block FIFO, or in the buffer flowing from its producer to a follower
  // of its phase: its stage's ring, and this unit's end of the FIFO.
  auto stage = [&](int tensor, const std::string& end, long long ring_blocks) {
    const Placement& pl = s.place[tensor];
    BufferRowStage st{pl.base, pl.pitch, w.tensors[tensor].rows, w.tensors[tensor].cols};
    if (ring_blocks > 0) {
      st.ring_blocks = ring_blocks;
      add_fifo_end(s, w.tensors[tensor].name, p.tasks[task].phase, static_cast<int>(st.ring_blocks), end,
                   tensor == t.out);
    }
    return st;
  };
  auto dram = [&](int tensor) {
    const Tensor& x = w.tensors[tensor];
    const long long words = ceil_div(x.cols, w.lanes);
    return RowStage{s.dram_offset[tensor], dram_pitch(w, tensor), x.rows, words, 0, words, 0, x.cols};
  };
  auto job = [&](int& unit, size_t stages) {
    add_run(s, unit, stages, ceil_div(w.tensors[t.out].rows, w.lanes), 0, 0);
  };
  for (size_t i = 0; i < t.inputs.size(); ++i) {
    if (p.tasks[task].sources[i] == Source::kDram) {
      u->in_dram[i].push_back(dram(t.inputs[i]));
      job(u->in_dram_unit[i], u->in_dram[i].size());
    } else {
      const int x = t.inputs[i];
      const long long ring = flows_in_phase(w, p, task, i) ? flow_blocks(w, p, x) : 0;
      u->in[i].push_back(stage(x, fmt::format("{}_in{}_ring_", u->tag, i), ring));
      job(u->in_unit[i], u->in[i].size());
    }
  }
  if (p.tensors[t.out].home == Home::kDram) {
    u->out_dram.push_back(dram(t.out));
    job(u->out_dram_unit, u->out_dram.size());
  } else {
    u->out.push_back(stage(t.out, u->tag + "_out_ring_", flow_blocks(w, p, t.out)));
    job(u->out_unit, u->out.size());
  }
}

// Read ports: core u reads on port u. An SFU's buffer inputs take the lowest ports that
// no core or SFU running beside it in any of its phases reads on (so a sequential
// schedule has them on ports 0 and 1), input i on port + i.
void assign_read_ports(const Workload& w, const Plan& p, SystemPlan& s) {
  std::vector<std::vector<int>> busy(p.phase_count());  // per phase: the ports read on
  for (size_t t = 0; t < w.tasks.size(); ++t)
    if (w.tasks[t].op == Op::kGemm) {
      const std::vector<int>& cores = p.tasks[t].binding.units;
      busy[p.tasks[t].phase].insert(busy[p.tasks[t].phase].end(), cores.begin(), cores.end());
    }
  s.read_ports = s.cores;
  for (SfuPlan& u : s.sfus) {
    std::vector<int> ports, phases;  // relative to u.port: the inputs read from a bank
    for (int i = 0; i < u.inputs; ++i)
      if (u.in_unit[i] >= 0) ports.push_back(i);
    for (size_t t = 0; t < w.tasks.size(); ++t)
      if (w.tasks[t].op != Op::kGemm && unit_kind_of(w.tasks[t].op) == u.kind && p.tasks[t].binding.units.at(0) == u.index)
        phases.push_back(p.tasks[t].phase);
    auto clashes = [&](int base) {
      for (int ph : phases)
        for (int i : ports)
          if (std::count(busy[ph].begin(), busy[ph].end(), base + i) > 0) return true;
      return false;
    };
    while (clashes(u.port)) ++u.port;
    for (int ph : phases)
      for (int i : ports) busy[ph].push_back(u.port + i);
    for (int i : ports) s.read_ports = std::max(s.read_ports, u.port + i + 1);
  }
}

// True if some phase runs more than one DRAM writer (a core's tile writer, an SFU's row
// sink): read from the program, between its SYNCs.
bool writes_overlap(const SystemPlan& s) {
  std::vector<int> writers(s.units.tiles);
  for (const SfuPlan& u : s.sfus) writers.push_back(u.out_dram_unit);
  std::vector<int> running;  // the writers with a RUN in this phase
  for (const hw::prims::Instruction& i : s.program) {
    if (i.op == hw::prims::Instruction::Op::kSync || i.op == hw::prims::Instruction::Op::kHalt) {
      running.clear();
    } else if (i.op == hw::prims::Instruction::Op::kRun &&
               std::find(writers.begin(), writers.end(), i.unit) != writers.end() &&
               std::find(running.begin(), running.end(), i.unit) == running.end()) {
      running.push_back(i.unit);
      if (running.size() > 1) return true;
    }
  }
  return false;
}

// Drops the last core, which no GEMM gives a tile (a GEMM of fewer column tiles than the
// cores bound to it, in every phase): it is not built.
void drop_last_core(SystemPlan& s) {
  --s.cores;
  s.core.pop_back();
  s.core_cols.pop_back();
  s.panel_depth.pop_back();
  s.tiles.pop_back();
  s.tile_group.pop_back();
  s.units.core.pop_back();
  s.units.tiles.pop_back();
  for (PanelReader& r : s.panel_readers) {
    r.slot.resize(std::min(r.slot.size(), static_cast<size_t>(s.cores)));
    for (auto& [phase, takes] : r.cores) takes.resize(s.cores);
  }
}

}  // namespace

bool SystemPlan::streams_b(int core) const {
  for (const PanelReader& r : panel_readers)
    for (const auto& [phase, takes] : r.cores)
      if (takes[core]) return true;
  return false;
}

SystemPlan make_system_plan(const Workload& w, const Plan& p, const Faults& f) {
  check_supported(w, p);
  SystemPlan s;
  s.lanes = w.lanes;
  s.elem_bytes = w.formats.front().bytes();
  s.data_bytes = w.resources.dram.bytes_per_cycle;
  s.addr_bits = w.resources.dram.addr_bits;
  const Format& out = w.format_of(first_gemm(w).out);
  s.out_width = out.width;
  s.out_signed = out.is_signed;
  for (const TaskPlan& tp : p.tasks)
    if (w.tasks[&tp - p.tasks.data()].op == Op::kGemm)
      for (int u : tp.binding.units) s.cores = std::max(s.cores, u + 1);
  s.core.assign(s.cores, {});
  s.tiles.assign(s.cores, {});
  s.tile_group.assign(s.cores, {});
  s.units.core.assign(s.cores, -1);
  s.units.tiles.assign(s.cores, -1);
  size_core_arrays(w, p, s);
  place_tensors(w, p, s);
  lay_out_dram(w, p, s);
  using I = hw::prims::Instruction;
  const std::vector<ExpectedDone> expected = expected_done(w, p);
  for (int ph = 0; ph < p.phase_count(); ++ph) {
    // Every task's RUNs after the phase's loads (a task that reads what another of the
    // phase makes, or a tensor loaded whole, after a WAIT for that task's units or the
    // loader's), then the loads the next phase prefetches (behind the tasks' own loader
    // jobs, in a region no task of this phase uses), then SYNC.
    const bool loads = whole_loads(w, p, ph, false, s);
    std::map<int, uint32_t> units_of;  // per task of the phase: its units
    bool loads_awaited = false;        // a WAIT for the loader is already in the program
    for (const TaskIssue& ti : phase_issue_order(w, p, ph, loads, expected[ph])) {
      const std::optional<I> wait = wait_before(ti, units_of, s.units.loader, f, loads_awaited);
      if (wait) s.program.push_back(*wait);
      const size_t first = s.program.size();
      if (w.tasks[ti.task].op == Op::kGemm) gemm_jobs(w, p, ti.task, f, s);
      else sfu_jobs(w, p, ti.task, s);
      for (size_t i = first; i < s.program.size(); ++i) units_of[ti.task] |= 1u << s.program[i].unit;
    }
    whole_loads(w, p, ph, true, s);
    s.program.push_back(I{ph + 1 == p.phase_count() ? I::Op::kHalt : I::Op::kSync});
  }

  while (s.cores > 1 && s.units.core[s.cores - 1] < 0) drop_last_core(s);
  assign_read_ports(w, p, s);
  s.writes_overlap = writes_overlap(s);
  for (int u = 0; u < s.cores; ++u)
    if (s.units.core[u] < 0) unsupported(w, fmt::format("core {} with no GEMM of its own", u));
  std::vector<size_t> stages{s.loads.size()};
  for (const std::vector<RowStage>& r : s.ring_loads) stages.push_back(r.size());
  for (const PanelReader& r : s.panel_readers) stages.push_back(r.stages.size());
  for (int u = 0; u < s.cores; ++u) stages.insert(stages.end(), {s.core[u].size(), s.tiles[u].size()});
  for (const SfuPlan& u : s.sfus)
    stages.insert(stages.end(), {u.in[0].size(), u.in[1].size(), u.out.size(), u.in_dram[0].size(), u.in_dram[1].size(),
                                 u.out_dram.size()});
  for (size_t n : stages)
    if (n > 32) unsupported(w, fmt::format("a unit with {} stages (a job word has 5 stage bits)", n));
  return s;
}

}  // namespace bitloom::workload_rtl::system
