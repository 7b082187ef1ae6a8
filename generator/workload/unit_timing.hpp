// Cycle timing of the units a schedule binds tasks to, read off the generated designs
// (the same latency the manifests state), so the performance models track the RTL.
#pragma once
#include "generator/nonlinear/gelu_model.hpp"
#include "generator/nonlinear/softmax_model.hpp"
#include "generator/spec.hpp"
#include "generator/workload/workload.hpp"

namespace bitloom::workload {

struct CoreTiming {
  int lanes = 0;
  int latency = 0;  // first A beat to first result beat of a K = 1 tile
  // Cycles between back-to-back tiles of K beats: the overlap drain lets the next tile in
  // while the last drains, stalling only tiles shorter than R + C + 2.
  long long interval(long long k) const { return std::max<long long>(k, 2LL * lanes + 2); }
  // Last result beat of a tile after its issue slot ends.
  long long tail(long long k) const { return k - 1 + latency + lanes - interval(k); }
};

// The core of `lanes` x `lanes` PEs the workload's resources describe.
CoreTiming core_timing(const Workload& w, int lanes);
// First input beat to first output beat of the task's SFU (P = L lanes).
int sfu_latency(const Workload& w, int task);

// The nonlinear unit configuration a softmax or gelu task runs with: its method, the
// tensors' formats, P = L lanes, max_len = the longest row (padded to L) of the tasks of
// its kind with the same method and formats, so that one unit serves all of them.
NonlinearConfig sfu_config(const Workload& w, int task);
// Tasks a and b (softmax or gelu) run on one unit: same kind, method and formats.
bool one_sfu_serves(const Workload& w, int a, int b);

// The generator's configuration of one compute core: operands wide enough for every
// format the workload's GEMMs bind, accumulator for the longest K.
GemmConfig core_config(const Workload& w, int lanes);

}  // namespace bitloom::workload
