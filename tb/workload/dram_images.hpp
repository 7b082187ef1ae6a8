// What a run of a generated workload top starts from and must end with, in DRAM: the
// inputs (seeded, tb/workload/golden_workload.hpp) where the layout puts them and the
// canary everywhere else; afterwards the golden model's outputs and DRAM intermediates
// with zero padding, every other byte unchanged. Shared by the system test and `bitloom
// sim` on a workload.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "generator/workload/workload.hpp"

namespace bitloom::workload {

struct DramImages {
  std::vector<uint8_t> input, expected;  // `bytes` each, byte 0 at address 0
  std::string problem;                   // non-empty: the golden results saturate too often to test with
};

// `offset`: per tensor, bytes from `base` (-1: not in DRAM).
DramImages dram_images(const Workload& w, const std::vector<long long>& offset, uint64_t base, size_t bytes,
                       uint64_t seed, uint8_t canary);

// "Y[3][byte 5]", or "outside every tensor".
std::string tensor_at(const Workload& w, const std::vector<long long>& offset, uint64_t base, uint64_t addr);

}  // namespace bitloom::workload
