// The order a phase's tasks get their RUNs in. A task that reads a tensor another task of
// its phase makes, other than through a block FIFO, may start only once that task is
// done (the models' whole dependency, generator/workload/program.cpp): its RUNs follow a
// WAIT for the producer's units, and every task not waiting goes before, so that the
// WAIT holds back only what depends on it. Likewise a task reading a tensor the phase
// loads whole waits for the loader alone, as in the models, while the others start.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "generator/workload/perf.hpp"
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

// Whether `task` must wait for phase `ph`'s loads: it reads a tensor loaded whole in the
// phase from the buffer (the models' dependency on the load item), or streams A through
// ld0, whose queue the loads go first in (so a WAIT for the loader would wait for its
// stream too).
bool waits_for_loads(const Workload& w, const Plan& p, int task, int ph) {
  const Task& t = w.tasks[task];
  if (t.op == Op::kGemm && p.tasks[task].sources[0] == Source::kDram && a_streamers_before(w, p, task) == 0) return true;
  for (size_t i = 0; i < t.inputs.size(); ++i) {
    const TensorPlan& tp = p.tensors[t.inputs[i]];
    if (tp.loaded && !tp.tee && tp.load_phase == ph && p.tasks[task].sources[i] == Source::kBuffer) return true;
  }
  return false;
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

long long ready_at(const TaskIssue& ti, const ExpectedDone& e) {
  long long t = ti.waits_for_loads ? e.loads : 0;
  for (int d : ti.waits_for) t = std::max(t, e.task.count(d) ? e.task.at(d) : 0);
  return t;
}

}  // namespace

std::vector<ExpectedDone> expected_done(const Workload& w, const Plan& p) {
  const Program prog = make_program(w, p);
  const PerfResult r = estimate(prog);
  std::vector<ExpectedDone> out(prog.phases.size());
  if (!r.error.empty()) return out;
  for (size_t ph = 0; ph < prog.phases.size() && ph < r.phases.size(); ++ph) {
    const std::vector<Item>& items = prog.phases[ph].items;
    for (size_t i = 0; i < items.size() && i < r.phases[ph].item_done.size(); ++i) {
      const long long done = r.phases[ph].item_done[i];
      if (items[i].task >= 0) out[ph].task[items[i].task] = done;
      // A load the phase's tasks read (a prefetch for a later phase goes after them).
      else if (read_in_phase(w, p, items[i].tensor, static_cast<int>(ph))) out[ph].loads = std::max(out[ph].loads, done);
    }
  }
  return out;
}

std::vector<TaskIssue> phase_issue_order(const Workload& w, const Plan& p, int ph, bool loads,
                                         const ExpectedDone& expected) {
  std::vector<TaskIssue> pending, order;
  for (const Binding& b : p.choices.phases[ph].bindings) {
    TaskIssue ti = waits_of(w, p, b.task, ph);
    ti.waits_for_loads = loads && waits_for_loads(w, p, b.task, ph);
    (ti.waits_for.empty() && !ti.waits_for_loads ? order : pending).push_back(ti);
  }
  std::set<int> issued;
  for (const TaskIssue& ti : order) issued.insert(ti.task);
  // A WAIT holds back every instruction after it: of the tasks whose producers are issued,
  // the one expected to be free to start first goes next.
  while (!pending.empty()) {
    auto ready = pending.end();
    for (auto it = pending.begin(); it != pending.end(); ++it) {
      const bool can = std::all_of(it->waits_for.begin(), it->waits_for.end(), [&](int d) { return issued.count(d) > 0; });
      if (can && (ready == pending.end() || ready_at(*it, expected) < ready_at(*ready, expected))) ready = it;
    }
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

std::optional<hw::prims::Instruction> wait_before(const TaskIssue& ti, const std::map<int, uint32_t>& units_of,
                                                  int loader, const Faults& f, bool& loads_awaited) {
  using I = hw::prims::Instruction;
  I wait{I::Op::kWait};
  if (!f.skip_task_waits) {
    for (int d : ti.waits_for) wait.wait_units |= units_of.at(d);
    wait.wait_writes = ti.waits_for_writes;
  }
  const bool await_loads = ti.waits_for_loads && !loads_awaited && !f.skip_waits;
  loads_awaited = loads_awaited || await_loads;
  // Before any task runs only the loader is busy: a plain WAIT, as in a phase whose every
  // task needs the loads.
  if (await_loads && units_of.empty()) return wait;
  if (await_loads) wait.wait_units |= 1u << loader;
  if (wait.wait_units == 0 && !wait.wait_writes) return std::nullopt;
  return wait;
}

}  // namespace bitloom::workload_rtl::system
