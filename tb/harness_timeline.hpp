// What every stream harness records while it runs, and how a test reads it: the errors
// found, the current cycle, and when the first input and the first and last outputs
// were seen.
#pragma once
#include <string>
#include <vector>

namespace bitloom::tb {

class HarnessTimeline {
 public:
  const std::vector<std::string>& errors() const { return errors_; }
  long long cycle() const { return cycle_; }
  long long first_input_cycle() const { return first_input_cycle_; }
  long long first_output_cycle() const { return first_output_cycle_; }
  long long last_output_cycle() const { return last_output_cycle_; }

 protected:
  std::vector<std::string> errors_;
  long long cycle_ = 0;
  long long first_input_cycle_ = -1, first_output_cycle_ = -1, last_output_cycle_ = -1;
};

}  // namespace bitloom::tb
