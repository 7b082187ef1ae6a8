// Random small workloads through the whole hardware flow: `bitloom sim --mode all` builds
// each mode's top, runs it from DRAM to DRAM (two seeds, each with a fixed and a random
// DRAM) and compares every output and spilled byte with the golden model. A mode may be
// refused (the generator names what it does not build yet); a mode that is built must
// pass, and the command must not fail or crash. Formats share one byte width and the
// special-function formats fill their elements, so that most cases reach the hardware.
// Each case prints its seed and spec; BITLOOM_WL_FUZZ_SEED=N changes the base seed.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "generator/process.hpp"
#include "tests/random_draw.hpp"
#include "tests/workload/random_workload_parts.hpp"

namespace fs = std::filesystem;

namespace {

uint64_t base_seed() { return bitloom::test::seed_from_env("BITLOOM_WL_FUZZ_SEED", 20261204); }
using bitloom::test::Draw;
using bitloom::test::PoolTensor;
using bitloom::test::unread_results_as_outputs;

// A GEMM first (the hardware needs one), then up to four more tasks on what exists.
std::string random_workload(uint64_t seed) {
  Draw d(seed);
  const int lanes = d.coin(0.5) ? 4 : 8;
  const bool wide = d.coin(0.3);
  const int elem = wide ? 16 : 8, weight = d.in(wide ? 9 : 4, elem);
  std::vector<PoolTensor> pool = {{"in0", "act", d.in(1, 40), d.in(1, 40)}};
  std::string tensors = fmt::format("  in0: {{shape: [{}, {}], fmt: act, io: input}}\n", pool[0].rows, pool[0].cols);
  std::string tasks;
  int inputs = 1;
  bool sfu[3] = {false, false, false};
  const int count = d.in(1, 5);
  for (int t = 0; t < count; ++t) {
    const std::string out = fmt::format("t{}", t);
    const int op = t == 0 ? 0 : d.in(0, 5);
    std::vector<const PoolTensor*> acts;
    for (const PoolTensor& s : pool)
      if (s.fmt == "act") acts.push_back(&s);
    const PoolTensor x = op <= 1 ? pool[static_cast<size_t>(d.in(0, static_cast<int>(pool.size()) - 1))]
                                 : *acts[static_cast<size_t>(d.in(0, static_cast<int>(acts.size()) - 1))];
    if (op <= 2) {
      const int n = d.in(1, 40);
      const bool bt = d.coin(0.25);
      const std::string w = fmt::format("w{}", inputs++);
      tensors += fmt::format("  {}: {{shape: [{}, {}], fmt: wt, io: input}}\n", w, bt ? n : x.cols, bt ? x.cols : n);
      tasks += fmt::format("  - {{name: k{}, op: gemm, a: {}, b: {}, b_t: {}, out: {}, fmt: act, shift: {}, relu: {}}}\n",
                           t, x.name, w, bt, out, d.in(0, 10), d.coin(0.5));
      pool.push_back({out, "act", x.rows, n});
    } else if (op == 3) {
      tasks += fmt::format("  - {{name: k{}, op: softmax, x: {}, out: {}, fmt: prob}}\n", t, x.name, out);
      pool.push_back({out, "prob", x.rows, x.cols});
      sfu[0] = true;
    } else if (op == 4) {
      tasks += fmt::format("  - {{name: k{}, op: gelu, x: {}, out: {}}}\n", t, x.name, out);
      pool.push_back({out, "act", x.rows, x.cols});
      sfu[1] = true;
    } else {
      const std::string y = fmt::format("in{}", inputs++);
      tensors += fmt::format("  {}: {{shape: [{}, {}], fmt: act, io: input}}\n", y, x.rows, x.cols);
      tasks += fmt::format("  - {{name: k{}, op: add, x: {}, y: {}, out: {}}}\n", t, x.name, y, out);
      pool.push_back({out, "act", x.rows, x.cols});
      sfu[2] = true;
    }
  }
  tensors += unread_results_as_outputs(pool, tasks);
  // The DRAM movers move whole beats: a bus no wider than a buffer word (4 to 16 bytes).
  const int word = lanes * elem / 8;
  const int bus = word == 4 ? 4 : 4 << d.in(0, word == 8 ? 1 : 2);
  return fmt::format(
      "kind: workload\nname: wfz{}\nlanes: {}\nformats:\n  act: {{width: {}, frac: {}}}\n  wt: {{width: {}, frac: {}}}\n"
      "  prob: {{width: {}, frac: {}, signed: false}}\ntensors:\n{}tasks:\n{}resources:\n"
      "  cores: {{count: {}, arch: systolic_os}}\n  sfus: {{softmax: {}, gelu: {}, add: {}}}\n  buffer_bytes: {}\n"
      "  dram: {{bytes_per_cycle: {}, read_latency: {}, write_latency: {}}}\n  reconfig_cycles: {}\n",
      seed, lanes, elem, d.in(0, elem - 1), weight, d.in(0, weight - 1), elem, d.in(0, elem), tensors, tasks, d.in(1, 2),
      sfu[0] ? 1 : 0, sfu[1] ? 1 : 0, sfu[2] ? 1 : 0, 4096 << d.in(0, 3), bus, d.in(1, 60), d.in(1, 40),
      d.in(0, 4));
}

class RandomWorkloadHardware : public ::testing::TestWithParam<int> {};

TEST_P(RandomWorkloadHardware, EveryBuiltModeMatchesTheGoldenModel) {
  const uint64_t seed = base_seed() + static_cast<uint64_t>(GetParam());
  const std::string spec = random_workload(seed);
  std::cout << "seed " << seed << " (BITLOOM_WL_FUZZ_SEED=" << base_seed() << ", case " << GetParam() << ")\n" << spec;
  const fs::path dir = fs::path(BITLOOM_TEST_WORK) / fmt::format("wfz{}", seed);
  fs::create_directories(dir);
  const std::string spec_path = (dir / "spec.yaml").string(), report = (dir / "report.json").string();
  std::ofstream(spec_path) << spec;
  const std::string log = (dir / "sim.log").string();
  const int code = bitloom::run_process({BITLOOM_BINARY, "sim", spec_path, "--mode", "all", "--runs", "2", "--seed",
                                         std::to_string(seed), "--work", (dir / "work").string(), "--json", report},
                                        {log, "", "", 0});
  // 1: some mode failed or was not built (the report says which); anything else is an
  // error of the command itself, or a crash.
  ASSERT_TRUE(code == 0 || code == 1) << "bitloom sim " << bitloom::describe_exit(code) << "; see " << log;
  std::ifstream in(report);
  ASSERT_TRUE(in) << "no report; see " << log;
  const auto j = nlohmann::json::parse(in);
  int built = 0;
  for (const auto& m : j["modes"]) {
    const std::string mode = m["mode"], status = m["status"];
    if (status == "not built") {
      std::cout << mode << ": not built: " << m["reason"].get<std::string>() << "\n";
      continue;
    }
    ++built;
    EXPECT_EQ(status, "passed") << mode << "; see " << log;
    std::cout << mode << ": " << status << ", " << m["cycles"]["rtl"] << " cycles (SystemC " << m["cycles"]["systemc"]
              << "), cycle bars " << m["cycle_bars"].get<std::string>() << "\n";
  }
  std::cout << built << " of " << j["modes"].size() << " modes built\n";
}

INSTANTIATE_TEST_SUITE_P(Seeds, RandomWorkloadHardware, ::testing::Range(0, 12));

}  // namespace
