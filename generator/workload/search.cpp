// InTAR's schedule search: greedy descent over the phases of the sequential schedule.
// Each round costs every move (merge two neighbouring phases into one, running their
// tasks in parallel or pipelined, with every split of the cores; prefetch a phase's
// loads during the one before; flip a GEMM's loop order) and takes the cheapest that
// lowers the modeled cycles, ties going to the earliest move. No workload is special.
#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <limits>
#include <optional>
#include <set>

#include "generator/spec_error.hpp"
#include "generator/workload/scheduler.hpp"

namespace bitloom::workload {

Cost cost_of(const Workload& w, const Choices& c) {
  const Plan p = make_plan(w, c);
  if (!p.problem.empty()) return {};
  const PerfResult r = estimate(make_program(w, p));
  return {true, r.cycles, r.read_bytes + r.write_bytes};
}

Scheduled finish(const Workload& w, const Choices& c, const std::string& label) {
  Scheduled s;
  s.label = label;
  s.plan = make_plan(w, c);
  if (!s.plan.problem.empty()) throw ScheduleError(fmt::format("{}: {}", label, s.plan.problem));
  s.program = make_program(w, s.plan);
  s.estimate = estimate(s.program);
  return s;
}

namespace {

// Every way to give `cores` cores to `gemms` GEMMs, each at least one, in a fixed order.
void core_splits(int cores, int gemms, std::vector<int>& cur, std::vector<std::vector<int>>& out) {
  if (static_cast<int>(cur.size()) == gemms - 1) {
    if (cores >= 1) {
      cur.push_back(cores);
      out.push_back(cur);
      cur.pop_back();
    }
    return;
  }
  for (int c = 1; c <= cores - (gemms - 1 - static_cast<int>(cur.size())); ++c) {
    cur.push_back(c);
    core_splits(cores - c, gemms, cur, out);
    cur.pop_back();
  }
}

// The phase's tasks on units: SFUs of a kind in task order, cores by `split`.
std::optional<Phase> bind_units(const Workload& w, const std::vector<int>& tasks, const std::vector<int>& split) {
  Phase ph;
  int next[4] = {0, 0, 0, 0};
  size_t g = 0;
  for (int t : tasks) {
    Binding b;
    b.task = t;
    const UnitKind k = unit_kind_of(w.tasks[t].op);
    if (k == UnitKind::kCore) {
      b.core_cols = w.lanes;
      for (int i = 0; i < split[g]; ++i) b.units.push_back(next[0]++);
      ++g;
    } else {
      if (next[static_cast<int>(k)] >= w.resources.units(k)) return std::nullopt;
      b.units = {next[static_cast<int>(k)]++};
    }
    ph.bindings.push_back(b);
  }
  return ph;
}

// Every re-binding of one phase's tasks (all core splits).
std::vector<Phase> rebindings(const Workload& w, const std::vector<int>& tasks) {
  int gemms = 0;
  for (int t : tasks) gemms += w.tasks[t].op == Op::kGemm;
  std::vector<std::vector<int>> splits;
  std::vector<int> cur;
  if (gemms == 0) splits.push_back({});
  else if (gemms <= w.resources.cores) core_splits(w.resources.cores, gemms, cur, splits);
  std::vector<Phase> out;
  for (const auto& s : splits)
    if (auto ph = bind_units(w, tasks, s)) out.push_back(*ph);
  return out;
}

std::vector<int> tasks_of(const Phase& ph) {
  std::vector<int> t;
  for (const Binding& b : ph.bindings) t.push_back(b.task);
  return t;
}

std::string phase_names(const Workload& w, const Phase& ph) {
  std::string s;
  for (const Binding& b : ph.bindings)
    s += (s.empty() ? "" : "+") + w.tasks[b.task].name + (b.units.size() > 1 ? fmt::format("x{}", b.units.size()) : "");
  return s;
}

struct Candidate {
  Choices choices;
  std::string move;
};

void phase_moves(const Workload& w, const Choices& cur, bool merge, std::vector<Candidate>& out) {
  for (size_t p = 0; p < cur.phases.size(); ++p) {
    std::vector<int> tasks = tasks_of(cur.phases[p]);
    if (merge && p + 1 < cur.phases.size()) {
      const std::vector<int> more = tasks_of(cur.phases[p + 1]);
      tasks.insert(tasks.end(), more.begin(), more.end());
      for (const Phase& ph : rebindings(w, tasks)) {
        Candidate c{cur, ""};
        c.choices.phases[p] = ph;
        c.choices.phases[p].prefetch = cur.phases[p].prefetch;
        c.choices.phases.erase(c.choices.phases.begin() + p + 1);
        c.move = fmt::format("merge phases {} and {}: {}", p, p + 1, phase_names(w, ph));
        out.push_back(c);
      }
      tasks = tasks_of(cur.phases[p]);
    }
    for (const Phase& ph : rebindings(w, tasks)) {
      if (ph.bindings.size() < 2 || phase_names(w, ph) == phase_names(w, cur.phases[p])) continue;
      Candidate c{cur, fmt::format("re-split phase {}: {}", p, phase_names(w, ph))};
      c.choices.phases[p].bindings = ph.bindings;
      out.push_back(c);
    }
    if (p > 0) {
      Candidate c{cur, fmt::format("prefetch {} for phase {}", cur.phases[p].prefetch ? "off" : "on", p)};
      c.choices.phases[p].prefetch = !cur.phases[p].prefetch;
      out.push_back(c);
    }
  }
}

void order_moves(const Workload& w, const Choices& cur, std::vector<Candidate>& out) {
  for (size_t t = 0; t < w.tasks.size(); ++t) {
    if (w.tasks[t].op != Op::kGemm) continue;
    Candidate c{cur, ""};
    c.choices.order[t] = cur.order[t] == LoopOrder::kRows ? LoopOrder::kPanels : LoopOrder::kRows;
    c.move = fmt::format("{} in {} order", w.tasks[t].name, name(c.choices.order[t]));
    out.push_back(c);
  }
}

// Keep a DRAM tensor that several phases read in the buffer between them (or stop).
void cache_moves(const Workload& w, const Choices& cur, std::vector<Candidate>& out) {
  for (size_t ti = 0; ti < w.tensors.size(); ++ti) {
    if (w.tensors[ti].consumers.size() < 2 || (w.tensors[ti].io != Io::kInput && !cur.spill[ti])) continue;
    Candidate c{cur, fmt::format("{} {} in the buffer", cur.cache[ti] ? "stop keeping" : "keep", w.tensors[ti].name)};
    c.choices.cache[ti] = !cur.cache[ti];
    out.push_back(c);
  }
}

}  // namespace

namespace {

// A state of the search: the choices, what they cost, and the moves that led there.
struct State {
  Choices choices;
  Cost cost;
  std::vector<std::string> moves;
};

// Identifies choices up to what the planner reads, so the beam holds no duplicates.
std::string choices_key(const Choices& c) {
  std::string k;
  for (const Phase& ph : c.phases) {
    k += ph.prefetch ? "P[" : "[";
    for (const Binding& b : ph.bindings) k += fmt::format("{}:{};", b.task, fmt::join(b.units, ","));
    k += "]";
  }
  for (LoopOrder o : c.order) k += o == LoopOrder::kRows ? 'r' : 'p';
  for (bool x : c.cache) k += x ? 'c' : '-';
  return k;
}

}  // namespace

// Where the search starts: the sequential schedule and the dataflow one. Moves from
// sequential one at a time do not reach dataflow where each step alone costs cycles
// (kt_dram: Q.K^T flipped to row order is slower until it is pipelined into the softmax;
// dataflow was 7 % faster than intar until 2026-12-06).
namespace {
std::vector<Choices> search_starts(const Workload& w) {
  std::vector<Choices> starts = {sequential_choices(w)};
  try {
    starts.push_back(dataflow_choices(w));
  } catch (const ScheduleError&) {
    // No dataflow schedule (more SFU tasks of a kind than units): sequential alone.
  }
  return starts;
}
}  // namespace

// Beam search: every round expands each of the kBeam best states by every move and keeps
// the kBeam best distinct children that improve on their parent; it ends when no child
// improves. Greedy descent alone (a beam of one) gets stuck where an early merge blocks a
// better one later (on enc_tiny it then did worse with more buffer).
Scheduled intar_search(const Workload& w, const std::vector<Choices>& starts, bool merge) {
  constexpr size_t kBeam = 3;
  long long evaluated = 0;
  std::vector<State> beam;
  std::set<std::string> seen;
  for (const Choices& start : starts) {
    if (!seen.insert(choices_key(start)).second) continue;
    ++evaluated;
    State s{start, cost_of(w, start), {}};
    if (start.mode == Mode::kDataflow) {
      if (!s.cost.fits) continue;  // a further start only where it fits the buffer
      s.moves.push_back("start from the dataflow schedule");
    }
    beam.push_back(std::move(s));
  }
  std::stable_sort(beam.begin(), beam.end(), [](const State& a, const State& b) { return a.cost < b.cost; });
  State best = beam.front();
  while (!beam.empty()) {
    std::vector<State> children;
    for (const State& parent : beam) {
      std::vector<Candidate> cands;
      phase_moves(w, parent.choices, merge, cands);
      order_moves(w, parent.choices, cands);
      cache_moves(w, parent.choices, cands);
      for (Candidate& c : cands) {
        // Moves from a dataflow start may rebind a phase's GEMMs on whole cores that another
        // phase still has re-split: the top could not build that.
        if (!seen.insert(choices_key(c.choices)).second || !one_array_per_core(c.choices)) continue;
        const Cost cost = cost_of(w, c.choices);
        ++evaluated;
        if (!(cost < parent.cost)) continue;
        State child{std::move(c.choices), cost, parent.moves};
        child.moves.push_back(fmt::format("{} -> {} cycles, {} DRAM bytes", c.move, cost.cycles, cost.dram_bytes));
        children.push_back(std::move(child));
      }
    }
    std::stable_sort(children.begin(), children.end(), [](const State& a, const State& b) { return a.cost < b.cost; });
    if (children.size() > kBeam) children.resize(kBeam);
    if (!children.empty() && children.front().cost < best.cost) best = children.front();
    beam = std::move(children);
  }
  Scheduled s = finish(w, best.choices, "intar");
  s.moves = best.moves;
  s.evaluated = evaluated;
  return s;
}

Scheduled schedule(const Workload& w, Mode m) {
  switch (m) {
    case Mode::kSequential: return finish(w, sequential_choices(w), "sequential");
    case Mode::kDataflow: return finish(w, dataflow_choices(w), "dataflow");
    case Mode::kIntar:
      if (w.schedule) {
        try {
          Scheduled s = intar_search(w, {pinned_choices(w)}, false);
          s.label = "pinned";
          return s;
        } catch (const ScheduleError& e) {
          throw SpecError(w.file, w.schedule_line, w.schedule_col, "schedule", e.what());
        }
      }
      return intar_search(w, search_starts(w), true);
  }
  throw ScheduleError("unknown mode");
}

}  // namespace bitloom::workload
