// Shared by the tests of the workload top's plan (generator/workload_rtl/system_plan.hpp).
#pragma once
#include <string>

#include "generator/workload_rtl/system_plan.hpp"

namespace bitloom::test {

// The plan's block FIFO named `what` (a tensor's name, or "<task>'s A ring"), or null.
inline const workload_rtl::system::BlockFifo* fifo_named(const workload_rtl::system::SystemPlan& s,
                                                         const std::string& what) {
  for (const workload_rtl::system::BlockFifo& f : s.fifos)
    if (f.what == what) return &f;
  return nullptr;
}

}  // namespace bitloom::test
