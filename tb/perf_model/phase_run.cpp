#include "tb/perf_model/phase_run.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace bitloom::workload {

using sc_core::sc_time;
using sc_core::SC_NS;

PhaseRun::PhaseRun(const PhaseProgram& ph, DramTiming& dram, const Program& prog)
    : ph_(ph), dram_(dram), prog_(prog), st_(ph.items.size()), burst_(burst_bytes(prog.dram)) {
  for (size_t i = 0; i < ph.items.size(); ++i) {
    st_[i].arrive.assign(ph.items[i].steps.size(), 0);
    st_[i].first_in.assign(ph.items[i].steps.size(), 0);
    st_[i].out_time.assign(ph.items[i].steps.size(), 0);
  }
}

long long PhaseRun::now() const { return static_cast<long long>(sc_core::sc_time_stamp().to_double() / 1000.0); }

void PhaseRun::wait_cycles(long long c) {
  if (c > 0) sc_core::wait(sc_time(static_cast<double>(c), SC_NS));
}

void PhaseRun::changed() { tick_.notify(sc_core::SC_ZERO_TIME); }

void PhaseRun::start() {
  for (size_t i = 0; i < ph_.items.size(); ++i) {
    const int n = static_cast<int>(i);
    sc_core::sc_spawn([this, n] { reader(n); });
    sc_core::sc_spawn([this, n] { compute(n); });
    sc_core::sc_spawn([this, n] { writer(n); });
  }
  if (ph_.items.empty()) all_done.notify(sc_core::SC_ZERO_TIME);
}

bool PhaseRun::finished() const {
  return std::all_of(st_.begin(), st_.end(), [](const ItemState& s) { return s.done; });
}

long long PhaseRun::end_time() const {
  long long t = 0;
  for (const ItemState& s : st_) t = std::max(t, s.done_time);
  return t;
}

std::vector<long long> PhaseRun::done_times() const {
  std::vector<long long> t;
  for (const ItemState& s : st_) t.push_back(s.done_time);
  return t;
}

void PhaseRun::whole_deps(int i) {
  wait_for([&] {
    for (int d : ph_.items[i].whole_deps)
      if (!st_[d].done) return false;
    return true;
  });
}

// Reads step j's DRAM data once its staging slot is free (step j-2 computed), or for a
// streamed step once step j-1 has started, burst by burst, each issued as soon as the
// bus has taken the one before.
void PhaseRun::reader(int i) {
  const Item& it = ph_.items[i];
  whole_deps(i);
  for (size_t j = 0; j < it.steps.size(); ++j) {
    const int step = static_cast<int>(j);
    const Step& s = it.steps[j];
    // A staged step's slot is free once step j-2 has ended; the DMA's FIFO takes its
    // first read_ahead bytes once step j-1's have left it (step j-3 ended).
    auto slot_free = [&] { return j < 2 || st_[i].ended >= step - 1; };
    if (s.streamed) wait_for([&] { return st_[i].started >= step; });
    else if (s.read_ahead == 0) wait_for(slot_free);
    else if (j >= 3) wait_for([&] { return st_[i].ended >= step - 2; });
    long long arrive = now(), issued = 0;
    bool first = true;
    for (const Transfer& t : it.steps[j].reads)
      for (long long left = t.bytes; left > 0; left -= burst_) {
        const long long bytes = std::min(left, burst_);
        if (!s.streamed && issued + bytes > s.read_ahead) wait_for(slot_free);
        issued += bytes;
        const long long start = now();
        const DramTiming::Burst b = dram_.read(now(), bytes, t.tensor);
        if (first) {
          // Its first beat: the bus took the burst (after any other's) and the latency passed.
          const long long beats = (bytes + prog_.dram.bytes_per_cycle - 1) / prog_.dram.bytes_per_cycle;
          st_[i].first_in[j] = std::max(start, b.bus_done - beats) + prog_.dram.read_latency;
          st_[i].begun = step + 1;
          first = false;
          changed();
        }
        wait_cycles(b.bus_done - now());
        arrive = std::max(arrive, b.done);
      }
    if (s.fill_words > 0) {
      // The words go into the buffer one a cycle from the first beat, behind the last block's.
      st_[i].filled = std::max(st_[i].filled, st_[i].first_in[j]) + s.fill_words;
      arrive = std::max(arrive, st_[i].filled);
    }
    st_[i].arrive[j] = arrive;
    st_[i].arrived = static_cast<int>(j) + 1;
    changed();
  }
}

bool PhaseRun::inputs_ready(int i, int j) const {
  const Item& it = ph_.items[i];
  for (int d : it.row_deps) {
    const int k = std::min(j, static_cast<int>(ph_.items[d].steps.size()) - 1);
    if (st_[d].ended <= k || st_[d].out_time[k] > now()) return false;
  }
  if (it.fifo_depth > 0 && j >= it.fifo_depth)
    for (int r : it.fifo_readers)
      if (st_[r].ended < std::min(j - it.fifo_depth, static_cast<int>(ph_.items[r].steps.size()) - 1) + 1) return false;
  if (it.steps[j].reads.empty()) return true;
  const long long due = data_due(i, j);
  return due >= 0 && due <= now();
}

// A streamed step computes as its data comes in, a staged one once all of it is in: the
// cycle that data is in, or -1 while its reads are not yet issued.
long long PhaseRun::data_due(int i, int j) const {
  const ItemState& me = st_[i];
  if (ph_.items[i].steps[j].streamed) return me.begun > j ? me.first_in[j] : -1;
  return me.arrived > j ? me.arrive[j] : -1;
}

void PhaseRun::compute(int i) {
  const Item& it = ph_.items[i];
  ItemState& me = st_[i];
  whole_deps(i);
  for (size_t j = 0; j < it.steps.size(); ++j) {
    const int step = static_cast<int>(j);
    // Times in the future (results still in the pipeline, data in flight) need a timed
    // wake-up; counts need a change notification. Wait for whichever is due.
    for (;;) {
      if (inputs_ready(i, step)) break;
      long long wake = -1;
      for (int d : it.row_deps) {
        const int k = std::min(step, static_cast<int>(ph_.items[d].steps.size()) - 1);
        if (st_[d].ended > k && st_[d].out_time[k] > now()) wake = std::max(wake, st_[d].out_time[k]);
      }
      if (!it.steps[j].reads.empty()) wake = std::max(wake, data_due(i, step));
      if (wake > now()) sc_core::wait(sc_time(static_cast<double>(wake - now()), SC_NS), tick_);
      else sc_core::wait(tick_);
    }
    me.started = step + 1;
    changed();
    wait_cycles(it.steps[j].compute);
    if (it.steps[j].streamed && !it.steps[j].reads.empty()) {
      wait_for([&] { return me.arrived > step; });
      wait_cycles(me.arrive[j] - now());
    }
    me.out_time[j] = now() + it.latency;
    me.ended = step + 1;
    if (!it.steps[j].writes.empty()) me.write_queue.push_back(step);
    changed();
  }
  wait_for([&] { return me.write_queue.empty() && me.written == static_cast<int>(std::count_if(
      it.steps.begin(), it.steps.end(), [](const Step& s) { return !s.writes.empty(); })); });
  me.done_time = std::max(me.out_time.empty() ? now() : me.out_time.back(), me.last_ack);
  wait_cycles(me.done_time - now());
  me.done = true;
  changed();
  if (finished()) all_done.notify(sc_core::SC_ZERO_TIME);
}

void PhaseRun::writer(int i) {
  const Item& it = ph_.items[i];
  ItemState& me = st_[i];
  for (;;) {
    wait_for([&] { return !me.write_queue.empty() || me.done; });
    if (me.write_queue.empty()) return;
    const int j = me.write_queue.front();
    for (const Transfer& t : it.steps[j].writes)
      for (long long left = t.bytes; left > 0; left -= burst_) {
        const DramTiming::Burst b = dram_.write(now(), std::min(left, burst_), t.tensor);
        wait_cycles(b.bus_done - now());
        me.last_ack = std::max(me.last_ack, b.done);
      }
    me.write_queue.pop_front();
    ++me.written;
    changed();
  }
}

std::string PhaseRun::stuck_report() const {
  std::string s;
  for (size_t i = 0; i < ph_.items.size(); ++i)
    if (!st_[i].done)
      s += fmt::format("{}{} at step {}/{} (reads in {})", s.empty() ? "" : "; ", ph_.items[i].name, st_[i].ended,
                       ph_.items[i].steps.size(), st_[i].arrived);
  return s;
}

}  // namespace bitloom::workload
