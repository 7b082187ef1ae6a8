// A schedule and everything derived from it: phases of concurrent task bindings (the
// scheduler's choices), then per task its loop order and operand sources, per tensor
// where it lives, and the buffer bytes each phase needs (the planner's conclusions).
#pragma once
#include <string>
#include <vector>

#include "generator/workload/workload.hpp"

namespace bitloom::workload {

// gemm loop order: kRows streams A by blocks of L rows against a resident B and makes
// its output row block by row block (so a consumer can follow it); kPanels streams B
// in K x l column panels (double-buffered, read once) against a resident A and makes
// its output panel by panel.
enum class LoopOrder { kRows, kPanels };
// Where a tensor lives between its producer and its consumers.
enum class Home { kDram, kBuffer, kFifo };
// How a task reads one operand, and from where.
enum class Source { kFifo, kBuffer, kDram };

std::string_view name(LoopOrder o);
std::string_view name(Home h);
std::string_view name(Source s);

struct Binding {
  int task = -1;
  std::vector<int> units;  // unit indices of the task's kind (cores: which of the phase's cores)
  // Cores: columns of each core's array, whose rows are always L. L is a whole core of the
  // resources; dataflow may re-split PEs into one L x c core (c = L/2, L/4, ..., 1) that
  // makes every L x L tile of results in L / c passes of c columns, so that every other
  // unit of the top keeps working in L-row blocks and L-element words.
  int core_cols = 0;
};

// The binding's task runs on whole L x L cores, or on a unit that is no core (a dataflow
// GEMM may be on a re-split, narrower one).
inline bool on_whole_cores(const Workload& w, const Binding& b) { return b.core_cols == 0 || b.core_cols == w.lanes; }

struct Phase {
  std::vector<Binding> bindings;
  bool prefetch = false;   // the LOADs this phase needs run during the previous phase
};

// The scheduler's decision variables. The planner derives everything else from them.
struct Choices {
  Mode mode = Mode::kSequential;
  std::vector<Phase> phases;
  std::vector<LoopOrder> order;   // per task (gemm only)
  std::vector<bool> spill;        // per tensor: an intermediate kept in DRAM
  std::vector<bool> cache;        // per tensor: a DRAM tensor read by several phases is
                                  // kept in the buffer from its first reader to its last
  std::vector<bool> restream;     // per task: a GEMM re-reads its DRAM B for every use
                                  // instead of holding it (per row tile): no buffer, more
                                  // traffic (A streams through a ring of row blocks)
};

struct TaskPlan {
  int phase = -1;
  Binding binding;
  LoopOrder order = LoopOrder::kRows;
  std::vector<Source> sources;    // per input
  std::vector<bool> resident;     // per input: needed whole in the buffer before the task starts
};

struct TensorPlan {
  Home home = Home::kDram;
  bool loaded = false;            // a DRAM tensor copied into the buffer (whole reads, cache)
  bool tee = false;               // ... by its one first-phase reader as it streams it in
  int load_phase = -1;            // the phase its LOAD runs in
  int fifo_depth = 0;             // home fifo: slots of L rows
  long long buffer_bytes = 0;     // on-chip bytes of the whole tensor (rows, cols padded to L)
  int live_from = -1, live_to = -1;  // phases it occupies the buffer (home buffer or loaded)
};

struct Plan {
  Choices choices;
  std::vector<TaskPlan> tasks;
  std::vector<TensorPlan> tensors;
  std::vector<long long> buffer_bytes;  // per phase: live tensors, FIFOs, staging
  long long peak_buffer_bytes = 0;
  std::string problem;                  // non-empty: this plan does not fit; why
  int phase_count() const { return static_cast<int>(choices.phases.size()); }
};

// A task of phase `ph` reads `tensor`.
bool read_in_phase(const Workload& w, const Plan& p, int tensor, int ph);
// Tasks of `task`'s phase, before it in the schedule's order, that stream A from DRAM:
// the workload top queues the first one's A ring on the loader behind the phase's loads
// and gives every other one a loader of its own.
int a_streamers_before(const Workload& w, const Plan& p, int task);
// Every core has one array in every phase, whole or re-split to the same columns: the
// workload top builds one array a core.
bool one_array_per_core(const Choices& c);


// `bytes` rounded up to whole DRAM beats: what a DMA command moving them reads or writes.
long long whole_beats(const Workload& w, long long bytes);
// Bytes of one row of `t` in DRAM: cols padded to L elements, then to the bus width.
long long dram_pitch(const Workload& w, int tensor);
long long dram_bytes(const Workload& w, int tensor);
// Bytes of `t` held on chip (rows and cols padded to L).
long long buffer_bytes_of(const Workload& w, int tensor);
// Bytes of a FIFO of `depth` row blocks of `tensor`.
long long fifo_bytes(const Workload& w, int tensor, int depth);

// How a panel-order GEMM spreads over its cores: each B panel is broadcast to cores_m
// cores that take different row tiles of A; cores_n panels are in flight at once.
struct PanelSplit {
  int cores_m = 1, cores_n = 1;
  long long row_tiles_per_core = 1;
};
PanelSplit panel_split(const Workload& w, const Binding& b, int task);
// Why the workload top cannot run GEMM `task` in panel order on `cores` cores, or "" when
// it can: one core, row ranges (panel_split's cores_n = 1), or a column split over a
// power of two of cores that divides the column tiles, each core as many. The generator
// refuses a schedule with this reason (generator/workload_rtl/system_plan_gemm.cpp);
// make_plan gives a panel-order GEMM of the modes no other count: the cores past the
// most it allows idle in that phase.
std::string panel_split_limit(const Workload& w, int task, int cores);
inline bool top_splits_panels(const Workload& w, int task, int cores) {
  return panel_split_limit(w, task, cores).empty();
}
inline long long ceil_div(long long a, long long b) { return (a + b - 1) / b; }

// Derives a plan from the choices. Spills intermediates (largest first) and turns
// row-order GEMMs to panels until every phase fits the buffer; sets `problem` when
// nothing more can be given up.
Plan make_plan(const Workload& w, Choices c);

}  // namespace bitloom::workload
