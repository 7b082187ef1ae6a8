// What every unit does in every phase of a plan, step by step: the work both performance
// models time. A step is one block of L output rows (row-order tasks) or one round of
// column panels (panel GEMMs), or one chunk of a LOAD; it names its compute cycles and
// the DRAM bytes it reads and writes, per tensor.
#pragma once
#include <string>
#include <vector>

#include "generator/workload/plan.hpp"

namespace bitloom::workload {

struct Transfer {
  int tensor = -1;
  long long bytes = 0;
};

struct Step {
  long long compute = 0;           // cycles the unit is busy
  std::vector<Transfer> reads;     // DRAM reads this step needs before it computes
  std::vector<Transfer> writes;    // DRAM writes of this step's results
  long long macs = 0;              // useful multiply-accumulates (utilization)
  // Its reads feed the compute as they arrive (B panels straight into the cores, no
  // panel buffer): the compute starts with the first data and ends no earlier than the
  // last, and the reads need no staging slot, only the previous step under way.
  bool streamed = false;
  // A staged step whose first bytes may be read before its slot is free, into the DMA
  // channel's data FIFO (a panel replayed from the panel buffer): this many, once the
  // FIFO has passed the step before's on (its slot free).
  long long read_ahead = 0;
  // A staged step whose reads land in a buffer a word a cycle (an A ring block: the
  // loader writes its words one a cycle after its first beat, behind the blocks before
  // it): this many words. A beat wider than a word comes in faster than the bank takes it.
  long long fill_words = 0;
};

struct Item {
  std::string name;                // task name, or "load:<tensor>"
  int task = -1;                   // -1: a LOAD
  int tensor = -1;                 // a LOAD: the tensor it loads
  std::vector<Step> steps;
  long long latency = 0;           // a step's results are out this long after its compute
  std::vector<int> row_deps;       // items of the phase whose step j this item's step j needs
  std::vector<int> whole_deps;     // items of the phase that must be done before step 0
  int fifo_depth = 0;              // > 0: output FIFO of this many row blocks
  std::vector<int> fifo_readers;   // items whose step j frees FIFO slot j
  std::vector<std::string> units;  // the units it occupies ("cc0", "sm0"; none for a LOAD)
};

struct PhaseProgram {
  std::vector<Item> items;
};

struct Program {
  std::vector<PhaseProgram> phases;
  DramTimingSpec dram;
  int reconfig_cycles = 0;
  long long total_pes = 0;         // PEs of the resources (utilization's denominator)
};

Program make_program(const Workload& w, const Plan& p);

// The DRAM transfers of a workload come in bursts of at most this many bytes: as many
// beats as the read latency (16 to 256), so that two bursts of staging keep a stream at
// full bandwidth, and never more than 4 KiB. Bursts are the bus's unit of sharing.
long long burst_bytes(const DramTimingSpec& d);

// The one-word commands a DMA read channel keeps outstanding so that a stream of them
// covers the read latency (8 to 128; a word of `word_bytes`, one or more beats). The
// workload hardware sizes its channel with it, and the models' panel read-ahead follows.
int dma_commands_in_flight(const DramTimingSpec& d, int word_bytes);

}  // namespace bitloom::workload
