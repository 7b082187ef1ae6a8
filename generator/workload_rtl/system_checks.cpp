// What the workload top's generator builds so far (system_plan.hpp), checked before any
// Verilog exists, so that a schedule it cannot build is refused with the task and the
// missing piece named.
#include <fmt/format.h>

#include "generator/workload_rtl/system_plan.hpp"

namespace bitloom::workload_rtl::system {

using namespace bitloom::workload;

const Task& first_gemm(const Workload& w) {
  for (const Task& t : w.tasks)
    if (t.op == Op::kGemm) return t;
  unsupported(w, "a workload without a GEMM");
}

namespace {

// The tasks of a phase run at once, each on its own units (each task streaming A from
// DRAM its own loader, each task streaming B its own panel reader); a task reading what
// another task of its phase makes other than through a block FIFO waits for it
// (phase_order.cpp), but the loader copies a tensor into the buffer before the phase's
// tasks start, so never one the phase makes.
void check_concurrent(const Workload& w, const Plan& p, int ph) {
  for (size_t ti = 0; ti < w.tensors.size(); ++ti) {
    const int prod = w.tensors[ti].producer;
    if (p.tensors[ti].loaded && p.tensors[ti].load_phase == ph && prod >= 0 && p.tasks[prod].phase == ph)
      unsupported(w, fmt::format("phase {}: {} loaded into the buffer in the phase whose task {} makes it", ph,
                                 w.tensors[ti].name, w.tasks[prod].name));
  }
}

}  // namespace

// Tasks of a phase at once (check_concurrent); GEMMs on whole cores split as
// check_core_split says, or on one re-split core, in row order where A or the results are in a block FIFO, B
// never from one; a tensor kept as it streams (tee) only by a GEMM's A; SFU formats as
// wide as a buffer element: what this generator builds so far.
void check_supported(const Workload& w, const Plan& p) {
  const int bytes = w.formats.front().bytes();
  for (const Format& f : w.formats)
    if (f.bytes() != bytes) unsupported(w, "formats of different byte widths");
  for (size_t t = 0; t < w.tasks.size(); ++t) {
    const Task& task = w.tasks[t];
    const TaskPlan& tp = p.tasks[t];
    if (task.op != Op::kGemm) {
      // An SFU task runs on one unit; the top builds each unit the schedule binds (ge0, ge1, ...).
      if (tp.binding.units.size() != 1)
        unsupported(w, fmt::format("task {} on {} units of its kind at once", task.name, tp.binding.units.size()));
      for (size_t i = 0; i < task.inputs.size(); ++i)
        if (tp.sources[i] == Source::kDram && p.tensors[task.inputs[i]].tee)
          unsupported(w, fmt::format("task {}: an SFU keeping {} as it streams it (a tee)", task.name,
                                     w.tensors[task.inputs[i]].name));
      for (int tensor : {task.inputs[0], task.out})
        if (w.format_of(tensor).width != 8 * bytes)
          unsupported(w, fmt::format("task {}: a {}-bit format in {}-bit buffer elements", task.name,
                                     w.format_of(tensor).width, 8 * bytes));
      continue;
    }
    check_core_split(w, p, static_cast<int>(t));
    if (tp.sources[0] != Source::kBuffer && tp.order != LoopOrder::kRows)
      unsupported(w, fmt::format("task {}: A streamed from {} in panel order", task.name,
                                 tp.sources[0] == Source::kDram ? "DRAM" : "a FIFO"));
    if (p.tensors[task.out].home == Home::kFifo && tp.order != LoopOrder::kRows)
      unsupported(w, fmt::format("task {}: results into a FIFO in panel order", task.name));
    if (tp.sources[1] == Source::kFifo) unsupported(w, fmt::format("task {}: B from a FIFO", task.name));
    if (tp.sources[1] == Source::kDram && p.tensors[task.inputs[1]].tee)
      unsupported(w, fmt::format("task {}: B kept as it streams (a tee)", task.name));
    // A transposed B from DRAM goes through the transposing panel buffer: each panel read
    // once, in panel order, by a reader serving one core's word a command.
    if (tp.sources[1] == Source::kDram && task.b_transposed) {
      if (tp.order != LoopOrder::kPanels)
        unsupported(w, fmt::format("task {}: a transposed B streamed from DRAM in row order", task.name));
      if (p.choices.restream[t])
        unsupported(w, fmt::format("task {}: a transposed B streamed from DRAM again for every row tile", task.name));
      if (column_group(w, p, static_cast<int>(t)) > 1)
        unsupported(w, fmt::format("task {}: a transposed B streamed from DRAM to cores splitting its column tiles",
                                   task.name));
    }
    const Format& f = w.format_of(task.out);
    const Format& first = w.format_of(first_gemm(w).out);
    if (f.width != first.width || f.is_signed != first.is_signed)
      unsupported(w, fmt::format("task {}: GEMM results in more than one format", task.name));
  }
  for (size_t ti = 0; ti < w.tensors.size(); ++ti) {
    bool as_a = false, as_b = false;
    for (const Task& t : w.tasks) {
      as_a = as_a || (t.op == Op::kGemm && t.inputs[0] == static_cast<int>(ti));
      as_b = as_b || (t.op == Op::kGemm && t.inputs[1] == static_cast<int>(ti));
    }
    if (as_a && as_b) unsupported(w, fmt::format("tensor {} read both as A and as B", w.tensors[ti].name));
  }
  for (int ph = 0; ph < p.phase_count(); ++ph) check_concurrent(w, p, ph);
}

}  // namespace bitloom::workload_rtl::system
