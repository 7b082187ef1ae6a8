// What a performance model reports for a plan: cycles, DRAM bytes per tensor and per
// phase, unit utilization. The closed-form estimate and the SystemC model both fill it.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "generator/workload/program.hpp"

namespace bitloom::workload {

struct PhaseResult {
  long long cycles = 0;                 // including the reconfiguration after it
  long long read_bytes = 0, write_bytes = 0;
  long long macs = 0;
  std::vector<long long> item_done;     // cycles from the phase start to each item's end
};

struct PerfResult {
  long long cycles = 0;
  long long read_bytes = 0, write_bytes = 0;
  std::map<int, long long> read_by_tensor, write_by_tensor;
  std::vector<PhaseResult> phases;
  double pe_utilization = 0;            // useful MACs / (PEs x cycles)
  std::map<std::string, double> unit_busy;  // per unit: cycles computing / all cycles
  std::string error;                    // the model could not finish (deadlock); empty if it did
};

// The closed-form estimate: per phase, a max-min fair share of the DRAM bus for each
// item, then a recurrence over row blocks (inputs, FIFO space, staged DRAM reads).
PerfResult estimate(const Program& prog);

// Busy fraction of every unit the program uses, over `cycles`.
std::map<std::string, double> unit_busy(const Program& prog, long long cycles);

// Fills the byte totals, per-tensor maps and utilization from the program itself.
void account_bytes(const Program& prog, PerfResult& r);

}  // namespace bitloom::workload
