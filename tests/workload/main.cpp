// main() of workload_tests: --seed=N replays the randomized tests.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "tests/workload/workload_test_support.hpp"

namespace bitloom::test {

uint64_t g_seed = 1;  // set by main()

uint64_t base_seed() { return g_seed; }

std::vector<std::string> shipped_and_test_workloads() {
  std::vector<std::string> out = shipped_workloads(), tests;
  for (const auto& e : std::filesystem::directory_iterator(rtl_spec("")))
    if (e.path().extension() == ".yaml") tests.push_back(e.path().string());
  std::sort(tests.begin(), tests.end());
  out.insert(out.end(), tests.begin(), tests.end());
  return out;
}

std::string rtl_spec(const std::string& name) { return std::string(BITLOOM_SOURCE) + "/tests/workload_rtl/specs/" + name; }

std::vector<std::string> shipped_workloads() {
  std::vector<std::string> out;
  for (const char* dir : {"examples", "bench/workloads"})
    for (const auto& e : std::filesystem::directory_iterator(std::string(BITLOOM_SOURCE) + "/" + dir)) {
      if (e.path().extension() != ".yaml") continue;
      std::ifstream in(e.path());
      std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      if (text.find("kind: workload") != std::string::npos) out.push_back(e.path().string());
    }
  std::sort(out.begin(), out.end());
  return out;
}

const char* kSmallWorkload = R"(kind: workload
name: tiny_mlp
lanes: 4
formats:
  act: {width: 8, frac: 4}
  wt: {width: 8, frac: 6}
  prob: {width: 8, frac: 8, signed: false}
tensors:
  X: {shape: [10, 12], fmt: act, io: input}
  W: {shape: [12, 6], fmt: wt, io: input}
  Y: {shape: [10, 6], fmt: prob, io: output}
tasks:
  - {name: mm, op: gemm, a: X, b: W, out: H, fmt: act, shift: 6}
  - {name: sm, op: softmax, x: H, out: Y, fmt: prob}
resources:
  cores: {count: 2, arch: systolic_os}
  sfus: {softmax: 1}
  buffer_bytes: 4096
  dram: {bytes_per_cycle: 4, read_latency: 20, write_latency: 10}
)";

workload::Workload workload_from_text(const std::string& text, const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("bitloom-workload-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto path = dir / name;
  std::ofstream(path) << text;
  return workload::load_workload(path.string());
}

}  // namespace bitloom::test

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i)
    if (std::strncmp(argv[i], "--seed=", 7) == 0) bitloom::test::g_seed = std::stoull(argv[i] + 7);
  ::testing::InitGoogleTest(&argc, argv);
  std::cout << "base seed " << bitloom::test::base_seed() << " (replay with --seed=" << bitloom::test::base_seed()
            << ")\n";
  return RUN_ALL_TESTS();
}
