// The fixed modes: sequential (one task per phase, GEMMs on every core), dataflow (one
// phase, every task its own unit, the PEs re-split into cores by work), and a pinned
// `schedule:` from the spec.
#include <fmt/format.h>

#include <algorithm>

#include "generator/workload/scheduler.hpp"
#include "generator/workload/unit_timing.hpp"

namespace bitloom::workload {

LoopOrder default_order(const Workload& w, int task) {
  const Task& t = w.tasks[task];
  if (t.op != Op::kGemm) return LoopOrder::kRows;
  const Tensor& b = w.tensors[t.inputs[1]];
  // Row order needs B in the buffer; B from DRAM streams in panels unless it is the
  // smaller operand (then loading it costs less buffer than holding A).
  if (b.io != Io::kInput) return LoopOrder::kRows;
  return buffer_bytes_of(w, t.inputs[1]) <= buffer_bytes_of(w, t.inputs[0]) ? LoopOrder::kRows : LoopOrder::kPanels;
}

namespace {

Binding whole_unit_binding(const Workload& w, int task) {
  Binding b;
  b.task = task;
  if (w.tasks[task].op == Op::kGemm) {
    for (int c = 0; c < w.resources.cores; ++c) b.units.push_back(c);
    b.core_cols = w.lanes;
  } else {
    b.units = {0};
  }
  return b;
}

Choices base_choices(const Workload& w, Mode m) {
  Choices c;
  c.mode = m;
  for (size_t t = 0; t < w.tasks.size(); ++t) c.order.push_back(default_order(w, static_cast<int>(t)));
  c.spill.assign(w.tensors.size(), false);
  c.cache.assign(w.tensors.size(), false);
  c.restream.assign(w.tasks.size(), false);
  return c;
}

// Core shapes a dataflow GEMM may take, by PEs: one L x c core (c = 1, 2, 4, ..., L), or
// several whole L x L cores (plan.hpp: the rows stay L, so that every other unit keeps its
// L-row blocks; a GEMM is on several cores only where they are whole).
std::vector<std::pair<int, int>> core_options(int L, int pe_budget) {
  std::vector<std::pair<int, int>> opts;  // (columns, count)
  for (int c = 1; c < L && L * c <= pe_budget; c *= 2) opts.push_back({c, 1});
  for (int n = 1; n * L * L <= pe_budget; ++n) opts.push_back({L, n});
  return opts;
}

}  // namespace

Choices sequential_choices(const Workload& w) {
  Choices c = base_choices(w, Mode::kSequential);
  for (size_t t = 0; t < w.tasks.size(); ++t) c.phases.push_back(Phase{{whole_unit_binding(w, static_cast<int>(t))}, false});
  return c;
}

Choices dataflow_choices(const Workload& w) {
  Choices c = base_choices(w, Mode::kDataflow);
  // Every GEMM follows its producer row by row: that is what dataflow is for.
  c.order.assign(w.tasks.size(), LoopOrder::kRows);
  const int L = w.lanes;
  const int budget = w.resources.cores * L * L;
  const auto opts = core_options(L, budget);
  std::vector<int> gemms;
  std::vector<size_t> pick;
  int used_by_kind[4] = {0, 0, 0, 0};
  Phase ph;
  for (size_t t = 0; t < w.tasks.size(); ++t) {
    Binding b;
    b.task = static_cast<int>(t);
    const UnitKind k = unit_kind_of(w.tasks[t].op);
    if (k == UnitKind::kCore) {
      gemms.push_back(static_cast<int>(ph.bindings.size()));
      pick.push_back(0);
    } else {
      if (used_by_kind[static_cast<int>(k)] >= w.resources.units(k))
        throw ScheduleError(fmt::format("dataflow runs every task on a unit of its own: task '{}' needs {} {} units; "
                                        "resources have {}", w.tasks[t].name, used_by_kind[static_cast<int>(k)] + 1,
                                        name(k), w.resources.units(k)));
      b.units = {used_by_kind[static_cast<int>(k)]++};
    }
    ph.bindings.push_back(b);
  }
  auto pe_count = [L](std::pair<int, int> o) { return L * o.first * o.second; };
  auto pes = [&](size_t g) { return pe_count(opts[pick[g]]); };
  long long used = 0;
  for (size_t g = 0; g < gemms.size(); ++g) used += pes(g);
  if (used > budget)
    throw ScheduleError(fmt::format("dataflow gives each of the {} GEMMs at least one {}x1 core: {} PEs, more than "
                                    "the {} the resources have", gemms.size(), L, used, budget));
  // Grow the GEMM with the most work per PE while the budget allows; one that cannot
  // grow leaves the PEs to the next (a re-split core grows by doubling, so the biggest
  // GEMM may stop well before the budget does).
  std::vector<bool> full(gemms.size(), false);
  for (;;) {
    size_t worst = gemms.size();
    double worst_load = -1;
    for (size_t g = 0; g < gemms.size(); ++g) {
      const double load = static_cast<double>(w.macs(ph.bindings[gemms[g]].task)) / pes(g);
      if (!full[g] && load > worst_load) worst = g, worst_load = load;
    }
    if (worst == gemms.size()) break;
    // Growing means the next option: twice the columns, or one more whole core.
    const size_t next = pick[worst] + 1;
    if (next == opts.size() || used - pes(worst) + pe_count(opts[next]) > budget) {
      full[worst] = true;
      continue;
    }
    used += pe_count(opts[next]) - pes(worst);
    pick[worst] = next;
  }
  int next_core = 0;
  for (size_t g = 0; g < gemms.size(); ++g) {
    Binding& b = ph.bindings[gemms[g]];
    b.core_cols = opts[pick[g]].first;
    for (int k = 0; k < opts[pick[g]].second; ++k) b.units.push_back(next_core++);
  }
  c.phases.push_back(ph);
  return c;
}

Choices pinned_choices(const Workload& w) {
  Choices c = base_choices(w, Mode::kIntar);
  for (const auto& phase : *w.schedule) {
    Phase ph;
    for (const PinnedBinding& pb : phase) {
      Binding b;
      b.task = pb.task;
      b.units = pb.units;
      if (w.tasks[pb.task].op == Op::kGemm) b.core_cols = w.lanes;
      ph.bindings.push_back(b);
    }
    c.phases.push_back(ph);
  }
  return c;
}

}  // namespace bitloom::workload
