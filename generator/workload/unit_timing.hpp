// Cycle timing of the units a schedule binds tasks to, read off the generated designs
// (the same latency the manifests state), so the performance models track the RTL.
#pragma once
#include "generator/nonlinear/gelu_model.hpp"
#include "generator/nonlinear/softmax_model.hpp"
#include "generator/spec.hpp"
#include "generator/workload/workload.hpp"

namespace bitloom::workload {

// A core of L x c PEs makes an L x L tile of results in L / c passes (plan.hpp).
struct CoreTiming {
  int rows = 0, cols = 0;
  int latency = 0;  // first A beat to first result beat of a K = 1 pass
  // Cycles between back-to-back passes of K beats: the overlap drain lets the next pass in
  // while the last drains, stalling only passes shorter than R + C + 2.
  long long pass(long long k) const { return std::max<long long>(k, 0LL + rows + cols + 2); }
  // Cycles between back-to-back L x L tiles.
  long long interval(long long k) const { return rows / cols * pass(k); }
  // Last result beat of a tile after its issue slot ends: its last pass's last row.
  long long tail(long long k) const { return k - 1 + latency + rows - pass(k); }
};

// The core of L x `cols` PEs the workload's resources describe (cols = L: a whole core).
CoreTiming core_timing(const Workload& w, int cols);
// First input beat to first output beat of the task's SFU (P = L lanes).
int sfu_latency(const Workload& w, int task);

// The nonlinear unit configuration a softmax or gelu task runs with: its method, the
// tensors' formats, P = L lanes, max_len = the longest row (padded to L) of the tasks of
// its kind with the same method and formats, so that one unit serves all of them.
NonlinearConfig sfu_config(const Workload& w, int task);
// Tasks a and b (softmax or gelu) run on one unit: same kind, method and formats.
bool one_sfu_serves(const Workload& w, int a, int b);

// The generator's configuration of one compute core's L x `cols` array: operands wide
// enough for every format the workload's GEMMs bind, accumulator for the longest K.
GemmConfig core_config(const Workload& w, int cols);

}  // namespace bitloom::workload
