// What every stream harness records while it runs, and how a test reads it: the errors
// found, the current cycle, and when the first input and the first and last outputs
// were seen.
#pragma once
#include <fmt/format.h>

#include <string>
#include <vector>

#include "tb/axis_stream.hpp"

namespace bitloom::tb {

class HarnessTimeline {
 public:
  const std::vector<std::string>& errors() const { return errors_; }
  long long cycle() const { return cycle_; }
  long long first_input_cycle() const { return first_input_cycle_; }
  long long first_output_cycle() const { return first_output_cycle_; }
  long long last_output_cycle() const { return last_output_cycle_; }

 protected:
  // After eval with the clock low: the beat `sink` takes at the coming edge, if any, goes
  // to `check`; the sink's AXI4-Stream complaints become errors.
  template <class Check>
  void take_output(AxisSink& sink, const char* bundle, Check check) {
    if (sink.sample(cycle_)) {
      if (first_output_cycle_ < 0) first_output_cycle_ = cycle_;
      last_output_cycle_ = cycle_;
      check(sink.received.back());
      sink.received.clear();
    }
    for (const auto& e : sink.errors)
      if (errors_.size() < 20) errors_.push_back(fmt::format("{} (AXI4-Stream): {}", bundle, e));
    sink.errors.clear();
  }

  // Calls step() until done(). False as soon as a step records an error, or when
  // pending() (what is still to go in or come out) has not moved for more than
  // idle_limit steps: then stall() records what is left. Once done, `quiet_steps` more
  // steps, in which nothing more may come out.
  template <class Done, class Pending, class Step, class Stall>
  bool run_steps(Done done, Pending pending, Step step, Stall stall, long long idle_limit, int quiet_steps) {
    long long idle = 0;
    while (!done()) {
      const size_t before = pending();
      step();
      if (!errors_.empty()) return false;
      idle = pending() == before ? idle + 1 : 0;
      if (idle > idle_limit) {
        stall();
        return false;
      }
    }
    for (int i = 0; i < quiet_steps; ++i) step();
    return errors_.empty();
  }

  std::vector<std::string> errors_;
  long long cycle_ = 0;
  long long first_input_cycle_ = -1, first_output_cycle_ = -1, last_output_cycle_ = -1;
};

}  // namespace bitloom::tb
