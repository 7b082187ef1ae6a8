// The workload top's plan: what the generator supports is checked here, task by task,
// so that an unsupported schedule is refused before any Verilog exists.
#include "generator/workload_rtl/system_plan.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "generator/workload/program.hpp"
#include "generator/workload_rtl/system.hpp"
#include "hw/prims/prims.hpp"

namespace bitloom::workload_rtl::system {

using namespace bitloom::workload;

namespace {

[[noreturn]] void unsupported(const Workload& w, const std::string& what) {
  throw UnsupportedSchedule(fmt::format("{}: the workload hardware generator does not support {} yet", w.name, what));
}

// One task per phase, GEMMs on one full-size core, operands from the buffer or (B) from
// DRAM, results to the buffer or DRAM: what this generator builds so far.
void check_supported(const Workload& w, const Plan& p) {
  const int bytes = w.formats.front().bytes();
  for (const Format& f : w.formats)
    if (f.bytes() != bytes) unsupported(w, "formats of different byte widths");
  for (int ph = 0; ph < p.phase_count(); ++ph) {
    const Phase& phase = p.choices.phases[ph];
    if (phase.bindings.size() != 1) unsupported(w, fmt::format("phase {} with {} concurrent tasks", ph, phase.bindings.size()));
    if (phase.prefetch) unsupported(w, fmt::format("phase {}: loads prefetched during the previous phase", ph));
  }
  for (size_t t = 0; t < w.tasks.size(); ++t) {
    const Task& task = w.tasks[t];
    const TaskPlan& tp = p.tasks[t];
    if (task.op != Op::kGemm) unsupported(w, fmt::format("task {}: {} (special-function units)", task.name, name(task.op)));
    if (tp.binding.units.size() != 1 || (tp.binding.core_lanes != 0 && tp.binding.core_lanes != w.lanes))
      unsupported(w, fmt::format("task {}: a GEMM on {} cores", task.name, tp.binding.units.size()));
    if (tp.sources[0] != Source::kBuffer) unsupported(w, fmt::format("task {}: A streamed from {}", task.name, name(tp.sources[0])));
    if (tp.sources[1] == Source::kFifo) unsupported(w, fmt::format("task {}: B from a FIFO", task.name));
    if (tp.sources[1] == Source::kDram && task.b_transposed)
      unsupported(w, fmt::format("task {}: a transposed B streamed from DRAM", task.name));
    if (p.tensors[task.out].home == Home::kFifo) unsupported(w, fmt::format("task {}: results into a FIFO", task.name));
    const Format& f = w.format_of(task.out);
    const Format& first = w.format_of(w.tasks.front().out);
    if (f.width != first.width || f.is_signed != first.is_signed)
      unsupported(w, fmt::format("task {}: GEMM results in more than one format", task.name));
  }
  for (size_t ti = 0; ti < w.tensors.size(); ++ti) {
    bool as_a = false, as_b = false;
    for (const Task& t : w.tasks) {
      as_a = as_a || t.inputs[0] == static_cast<int>(ti);
      as_b = as_b || t.inputs[1] == static_cast<int>(ti);
    }
    if (as_a && as_b) unsupported(w, fmt::format("tensor {} read both as A and as B", w.tensors[ti].name));
  }
}

bool read_as_b(const Workload& w, int tensor) {
  return std::any_of(w.tasks.begin(), w.tasks.end(), [&](const Task& t) { return t.inputs[1] == tensor; });
}

// First fit per bank over the phases each tensor is live; the banks end up equal and a
// power of two, so the bank is the top bit(s) of a global word address.
void place_tensors(const Workload& w, const Plan& p, SystemPlan& s) {
  s.place.assign(w.tensors.size(), Placement{});
  std::vector<int> order;
  for (size_t ti = 0; ti < w.tensors.size(); ++ti) {
    const TensorPlan& tp = p.tensors[ti];
    if (tp.home != Home::kBuffer && !tp.loaded) continue;
    const Tensor& t = w.tensors[ti];
    Placement& pl = s.place[ti];
    pl.bank = read_as_b(w, static_cast<int>(ti)) ? kBankB : kBankA;
    pl.pitch = ceil_div(t.cols, w.lanes);
    // Whole row blocks: a column read of the last, partial block stays inside the tensor.
    pl.words = ceil_div(t.rows, w.lanes) * w.lanes * pl.pitch;
    order.push_back(static_cast<int>(ti));
  }
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return s.place[a].words > s.place[b].words; });
  std::vector<int> placed;
  long long extent[2] = {0, 0};
  for (int ti : order) {
    Placement& pl = s.place[ti];
    const TensorPlan& me = p.tensors[ti];
    for (bool moved = true; moved;) {
      moved = false;
      for (int o : placed) {
        const Placement& other = s.place[o];
        const TensorPlan& them = p.tensors[o];
        const bool time = me.live_from <= them.live_to && them.live_from <= me.live_to;
        const bool space = pl.base < other.base + other.words && other.base < pl.base + pl.words;
        if (other.bank == pl.bank && time && space) {
          pl.base = other.base + other.words;
          moved = true;
        }
      }
    }
    placed.push_back(ti);
    extent[pl.bank] = std::max(extent[pl.bank], pl.base + pl.words);
  }
  s.banks = extent[kBankB] > 0 ? 2 : 1;
  s.bank_bits = hw::prims::bits_for(std::max(extent[kBankA], extent[kBankB]) - 1);
  s.address_bits = s.bank_bits + (s.banks > 1 ? 1 : 0);
  for (Placement& pl : s.place)
    if (pl.bank >= 0) pl.base += static_cast<long long>(pl.bank) << s.bank_bits;
}

// Every tensor that is ever in DRAM, in tensor order, 64-byte aligned.
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

hw::prims::Instruction run(int unit, int stage, long long m, long long n, long long k) {
  using I = hw::prims::Instruction;
  return I{I::Op::kRun, unit, stage, static_cast<int>(m), static_cast<int>(n), static_cast<int>(k), 0};
}

int add_unit(int& unit, Units& u) { return unit < 0 ? (unit = u.count++) : unit; }

}  // namespace

SystemPlan make_system_plan(const Workload& w, const Plan& p) {
  check_supported(w, p);
  SystemPlan s;
  s.lanes = w.lanes;
  s.elem_bytes = w.formats.front().bytes();
  s.data_bytes = w.resources.dram.bytes_per_cycle;
  s.addr_bits = w.resources.dram.addr_bits;
  const Format& out = w.format_of(w.tasks.front().out);
  s.out_width = out.width;
  s.out_signed = out.is_signed;
  place_tensors(w, p, s);
  lay_out_dram(w, p, s);
  using I = hw::prims::Instruction;
  for (int ph = 0; ph < p.phase_count(); ++ph) {
    bool loads = false;
    for (size_t ti = 0; ti < w.tensors.size(); ++ti) {
      const TensorPlan& tp = p.tensors[ti];
      if (!tp.loaded || tp.load_phase != ph) continue;
      const Tensor& t = w.tensors[ti];
      const Placement& pl = s.place[ti];
      s.loads.push_back({s.dram_offset[ti], dram_pitch(w, static_cast<int>(ti)), t.rows, pl.pitch, pl.base, pl.pitch});
      s.program.push_back(run(add_unit(s.units.loader, s.units), static_cast<int>(s.loads.size()) - 1,
                              ceil_div(t.rows, w.lanes), 0, 0));
      loads = true;
    }
    if (loads) s.program.push_back(I{I::Op::kWait});
    const int task = p.choices.phases[ph].bindings.front().task;
    const Task& t = w.tasks[task];
    const Tensor &a = w.tensors[t.inputs[0]], &c = w.tensors[t.out];
    CoreStage cs;
    cs.a_base = s.place[t.inputs[0]].base;
    cs.a_pitch = s.place[t.inputs[0]].pitch;
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
    cs.out_rows = c.rows;
    cs.out_cols = c.cols;
    cs.shift = t.shift;
    cs.relu = t.relu;
    s.core.push_back(cs);
    const long long k = a.cols, m = ceil_div(c.rows, w.lanes), n = ceil_div(c.cols, w.lanes);
    s.max_k = std::max(s.max_k, k);
    const int stage = static_cast<int>(s.core.size()) - 1;
    s.program.push_back(run(add_unit(s.units.core, s.units), stage, m, n, k));
    if (cs.b_from_stream) {
      const bool once = cs.panels && !p.choices.restream[task];
      if (!s.panels.empty() && once != s.panel_buffer)
        unsupported(w, fmt::format("task {}: B panels read once and re-read in one schedule", t.name));
      s.panel_buffer = once;
      s.panels.push_back({s.dram_offset[t.inputs[1]], dram_pitch(w, t.inputs[1]), cs.panels, once});
      s.program.push_back(run(add_unit(s.units.panels, s.units), static_cast<int>(s.panels.size()) - 1, m, n, k));
    }
    if (cs.out_to_stream) {
      const long long pitch = dram_pitch(w, t.out);
      if (pitch != n * w.lanes * s.elem_bytes)
        unsupported(w, fmt::format("task {}: rows of {} padded past L elements to {}-byte beats", c.name, c.cols, s.data_bytes));
      s.tiles.push_back({s.dram_offset[t.out], pitch, cs.panels});
      s.program.push_back(run(add_unit(s.units.tiles, s.units), static_cast<int>(s.tiles.size()) - 1, m, n, k));
    }
    s.program.push_back(I{ph + 1 == p.phase_count() ? I::Op::kHalt : I::Op::kSync});
  }
  if (s.units.tiles < 0) unsupported(w, "a schedule whose results reach DRAM other than from a core");
  for (size_t n : {s.core.size(), s.loads.size(), s.panels.size(), s.tiles.size()})
    if (n > 32) unsupported(w, fmt::format("a unit with {} stages (a job word has 5 stage bits)", n));
  return s;
}

}  // namespace bitloom::workload_rtl::system
