// The scheduler: the phases of each mode, and InTAR's search. Every candidate is judged
// by the planner (does it fit the buffer?) and the closed-form estimate (how many cycles?).
#pragma once
#include <stdexcept>
#include <string>
#include <vector>

#include "generator/workload/perf.hpp"
#include "generator/workload/plan.hpp"
#include "generator/workload/program.hpp"

namespace bitloom::workload {

// A mode the resources cannot run (dataflow without enough units, a pinned schedule
// that does not fit the buffer).
class ScheduleError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Scheduled {
  std::string label;               // "sequential", "dataflow", "intar", "pinned"
  Plan plan;
  Program program;
  PerfResult estimate;
  std::vector<std::string> moves;  // intar: the search's accepted moves, in order
  long long evaluated = 0;         // candidates the search costed
};

// The mode's schedule; the spec's `schedule:` overrides intar when present.
Scheduled schedule(const Workload& w, Mode m);

// Internals shared by the modes' files.
Choices sequential_choices(const Workload& w);
Choices dataflow_choices(const Workload& w);
Choices pinned_choices(const Workload& w);
LoopOrder default_order(const Workload& w, int task);
// What the search minimises: cycles first, then DRAM bytes (energy); a plan that does
// not fit is worse than any that does.
struct Cost {
  bool fits = false;
  long long cycles = 0;
  long long dram_bytes = 0;
  bool operator<(const Cost& o) const {
    if (fits != o.fits) return fits;
    return cycles != o.cycles ? cycles < o.cycles : dram_bytes < o.dram_bytes;
  }
};
// Plans and estimates the choices.
Cost cost_of(const Workload& w, const Choices& c);
Scheduled finish(const Workload& w, const Choices& c, const std::string& label);
// Beam search from the best of `starts`: merges of neighbouring phases (parallel or
// pipelined) with every split of the cores, prefetch on or off, GEMM loop order; `merge`
// false keeps the phases as they are.
Scheduled intar_search(const Workload& w, const std::vector<Choices>& starts, bool merge);

}  // namespace bitloom::workload
