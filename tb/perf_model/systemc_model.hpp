// The SystemC (2.3, C++17) discrete-event performance model of a scheduled workload:
// every item of a phase is a set of processes (staged DRAM reader, compute, writer),
// FIFOs hold their depth in row blocks and push back, all items share one DramTiming
// bus, and a controller runs the phases in order with the reconfiguration between them.
#pragma once
#include <vector>

#include "generator/workload/perf.hpp"

namespace bitloom::workload {

// Simulates each program independently (all in one SystemC elaboration, in a child
// process: SystemC allows one per process). A deadlock is reported in PerfResult::error;
// a crashed model throws ToolError.
std::vector<PerfResult> simulate_programs(const std::vector<Program>& programs);

}  // namespace bitloom::workload
