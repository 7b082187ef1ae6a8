// Shared by the workload tests: the shipped workloads, the run's seed, small specs.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "generator/workload/workload.hpp"

namespace bitloom::test {

// The base seed of this run: --seed=N on the command line, else 1. Printed at start.
uint64_t base_seed();

// examples/*.yaml and bench/workloads/*.yaml of kind workload, sorted by path.
std::vector<std::string> shipped_workloads();

// tests/workload_rtl/specs/<name>: the system test bench's workloads.
std::string rtl_spec(const std::string& name);

// The shipped workloads, then every spec of tests/workload_rtl/specs.
std::vector<std::string> shipped_and_test_workloads();

// A small valid workload; tests edit it to make it invalid in one way.
extern const char* kSmallWorkload;

// Loads a workload from text (written to a scratch file named `name`).
workload::Workload workload_from_text(const std::string& text, const std::string& name = "w.yaml");

}  // namespace bitloom::test
