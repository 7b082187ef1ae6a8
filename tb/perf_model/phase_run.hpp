// One phase of one program in the SystemC model: the state of its items and the
// processes that advance them (see systemc_model.hpp).
#pragma once
#define SC_INCLUDE_DYNAMIC_PROCESSES
#include <systemc>

#include <deque>
#include <vector>

#include "generator/workload/program.hpp"
#include "tb/dram_timing.hpp"

namespace bitloom::workload {

struct ItemState {
  std::vector<long long> arrive;   // per step: cycle its DRAM reads are all in
  int arrived = 0;                 // steps whose reads are in
  std::vector<long long> first_in; // per step: cycle its first DRAM data is in
  long long filled = 0;            // cycle the last fill_words word was written
  int begun = 0;                   // steps whose first read is issued
  int started = 0;                 // steps whose compute has started
  int ended = 0;                   // steps whose compute has ended
  std::vector<long long> out_time; // per step: cycle its results are out
  std::deque<int> write_queue;     // steps waiting for the writer
  int written = 0;                 // steps the writer has issued
  long long last_ack = 0;
  bool done = false;
  long long done_time = 0;
};

class PhaseRun {
 public:
  PhaseRun(const PhaseProgram& ph, DramTiming& dram, const Program& prog);
  // Spawns every item's processes; `all_done` fires when the last item is done.
  void start();
  bool finished() const;
  long long end_time() const;  // absolute cycle the last item finished
  std::vector<long long> done_times() const;
  std::string stuck_report() const;
  sc_core::sc_event all_done;

 private:
  long long now() const;
  void wait_cycles(long long c);
  // Waits until `ready` holds, waking on any change in this phase.
  template <class F>
  void wait_for(F ready) {
    while (!ready()) sc_core::wait(tick_);
  }
  void changed();
  void whole_deps(int i);
  void reader(int i);
  void compute(int i);
  void writer(int i);
  bool inputs_ready(int i, int j) const;
  long long data_due(int i, int j) const;

  const PhaseProgram& ph_;
  DramTiming& dram_;
  const Program& prog_;
  std::vector<ItemState> st_;
  sc_core::sc_event tick_;
  long long burst_;
};

}  // namespace bitloom::workload
