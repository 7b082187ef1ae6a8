// A design in the structural IR: its modules (leaves first, each name once), the top,
// the top's stream bundles, and its timing as the block's users rely on it.
#pragma once
#include <string>
#include <vector>

#include "hw/module.hpp"
#include "hw/stream.hpp"

namespace bitloom::hw {

struct Timing {
  int latency = 0;              // first input beat to first output beat, no stalls
  int initiation_interval = 1;  // cycles between accepted beats at full rate
};

class Design {
 public:
  explicit Design(std::string top) : top_(std::move(top)) {}

  // Adds a module after the ones it instantiates. A module of the same name that prints
  // the same is kept once (shared leaves); the same name with other contents is an error.
  void add(const Module& m);
  const Module* find(const std::string& name) const;

  const std::string& top() const { return top_; }
  const std::vector<Module>& modules() const { return modules_; }
  std::vector<Stream> streams;
  Timing timing;

 private:
  std::string top_;
  std::vector<Module> modules_;
};

}  // namespace bitloom::hw
