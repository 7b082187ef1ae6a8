// The order a phase's tasks get their RUNs in. A task that reads a tensor another task of
// its phase makes, other than through a block FIFO, may start only once that task is
// done (the models' whole dependency, generator/workload/program.cpp): its RUNs follow a
// WAIT for the producer's units, and every task not waiting goes before, so that the
// WAIT holds back only what depends on it.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "generator/workload_rtl/system_plan.hpp"

namespace bitloom::workload_rtl::system {

using namespace bitloom::workload;

namespace {

bool in_phase(const Plan& p, int task, int ph) { return task >= 0 && p.tasks[task].phase == ph; }

// The tasks of phase `ph` that `task` waits for, and whether one of those tensors goes
// through DRAM (then the WAIT waits for the writes too).
TaskIssue waits_of(const Workload& w, const Plan& p, int task, int ph) {
  TaskIssue ti{task, {}, false};
  for (size_t i = 0; i < w.tasks[task].inputs.size(); ++i) {
    const int in = w.tasks[task].inputs[i];
    const int prod = w.tensors[in].producer;
    if (!in_phase(p, prod, ph) || flows_in_phase(w, p, task, i)) continue;
    if (std::find(ti.waits_for.begin(), ti.waits_for.end(), prod) == ti.waits_for.end()) ti.waits_for.push_back(prod);
    ti.waits_for_writes = ti.waits_for_writes || p.tensors[in].home == Home::kDram;
  }
  return ti;
}

// The tasks of phase `ph` that `task` cannot finish without, directly or through others:
// the producers it follows through a block FIFO (or in the buffer), and the consumers of
// its block FIFO, which free the room it needs.
std::set<int> fifo_partners(const Workload& w, const Plan& p, int task, int ph) {
  std::set<int> seen{task};
  std::vector<int> todo{task};
  while (!todo.empty()) {
    const int t = todo.back();
    todo.pop_back();
    std::vector<int> next;
    for (size_t i = 0; i < w.tasks[t].inputs.size(); ++i)
      if (flows_in_phase(w, p, t, i)) next.push_back(w.tensors[w.tasks[t].inputs[i]].producer);
    if (p.tensors[w.tasks[t].out].home == Home::kFifo)
      for (int c : w.tensors[w.tasks[t].out].consumers) next.push_back(c);
    for (int n : next)
      if (in_phase(p, n, ph) && seen.insert(n).second) todo.push_back(n);
  }
  return seen;
}

}  // namespace

std::vector<TaskIssue> phase_issue_order(const Workload& w, const Plan& p, int ph) {
  std::vector<TaskIssue> pending, order;
  for (const Binding& b : p.choices.phases[ph].bindings) {
    TaskIssue ti = waits_of(w, p, b.task, ph);
    (ti.waits_for.empty() ? order : pending).push_back(ti);
  }
  std::set<int> issued;
  for (const TaskIssue& ti : order) issued.insert(ti.task);
  while (!pending.empty()) {
    auto ready = std::find_if(pending.begin(), pending.end(), [&](const TaskIssue& ti) {
      return std::all_of(ti.waits_for.begin(), ti.waits_for.end(), [&](int d) { return issued.count(d) > 0; });
    });
    if (ready == pending.end()) unsupported(w, fmt::format("phase {}: tasks waiting for each other", ph));
    // Everything a waited-for task needs to finish (its FIFO partners) must already run.
    for (int d : ready->waits_for)
      for (int partner : fifo_partners(w, p, d, ph))
        if (!issued.count(partner))
          unsupported(w, fmt::format("phase {}: task {} waiting for task {}, which needs task {} that waits too", ph,
                                     w.tasks[ready->task].name, w.tasks[d].name, w.tasks[partner].name));
    issued.insert(ready->task);
    order.push_back(*ready);
    pending.erase(ready);
  }
  return order;
}

}  // namespace bitloom::workload_rtl::system
