// The arrays of the workload top's cores (SystemPlan::core_cols, panel_depth): a GEMM on
// whole cores gets the resources' L x L array, one on a re-split core (dataflow) an L x c
// array of its own making L x L tiles in passes (compute_core.hpp).
#include <fmt/format.h>

#include <algorithm>

#include "generator/workload_rtl/system_plan.hpp"

namespace bitloom::workload_rtl::system {

using namespace bitloom::workload;

// Every core's array columns and panel store (a re-split core whose GEMM streams B).
void size_core_arrays(const Workload& w, const Plan& p, SystemPlan& s) {
  s.core_cols.assign(s.cores, 0);
  s.panel_depth.assign(s.cores, 0);
  for (size_t t = 0; t < w.tasks.size(); ++t) {
    const TaskPlan& tp = p.tasks[t];
    if (w.tasks[t].op != Op::kGemm) continue;
    const int cols = tp.binding.core_cols > 0 ? tp.binding.core_cols : w.lanes;
    if (cols < w.lanes && tp.binding.units.size() != 1)
      unsupported(w, fmt::format("task {}: a GEMM on {} re-split cores", w.tasks[t].name, tp.binding.units.size()));
    for (int u : tp.binding.units) {
      if (s.core_cols[u] != 0 && s.core_cols[u] != cols)
        unsupported(w, fmt::format("core {} with arrays of {} and of {} columns", u, s.core_cols[u], cols));
      s.core_cols[u] = cols;
      if (cols < w.lanes && tp.sources[1] == Source::kDram)
        s.panel_depth[u] = std::max(s.panel_depth[u], w.reduction(static_cast<int>(t)));
    }
  }
  for (int& cols : s.core_cols)
    if (cols == 0) cols = w.lanes;  // no GEMM of its own: refused later, unless dropped
}

}  // namespace bitloom::workload_rtl::system
