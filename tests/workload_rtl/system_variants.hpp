// The workloads the system test runs through the generated workload top: spec, mode and
// the top's name. write_workload_rtl writes their RTL at build time; the tests schedule
// the same specs again for their expectations (the DRAM layout is the generator's
// documented contract; what the DRAM must hold afterwards comes from the golden model).
#pragma once
#include <string>
#include <vector>

#include "generator/workload/scheduler.hpp"
#include "generator/workload_rtl/system.hpp"

namespace bitloom::system_test {

struct SystemCase {
  std::string spec;  // under tests/workload_rtl/specs
  workload::Mode mode;
};

inline std::string spec_path(const SystemCase& c) { return std::string(BITLOOM_WL_SPECS) + "/" + c.spec; }

// chain: X loaded whole, B panels streamed from DRAM (read once), results to the buffer
// then to DRAM. proj: X streamed from DRAM through the A ring, weights loaded whole.
inline std::vector<SystemCase> system_cases() {
  return {{"chain.yaml", workload::Mode::kSequential}, {"proj.yaml", workload::Mode::kSequential}};
}

struct Built {
  workload::Workload w;
  workload::Scheduled schedule;
  workload_rtl::SystemRtl rtl;
};

inline Built build(const SystemCase& c) {
  Built b{workload::load_workload(spec_path(c)), {}, {}};
  b.schedule = workload::schedule(b.w, c.mode);
  b.rtl = workload_rtl::workload_system(b.w, b.schedule.plan);
  return b;
}

}  // namespace bitloom::system_test
