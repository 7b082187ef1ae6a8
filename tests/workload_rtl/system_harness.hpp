// The system test bench's runs (system_test.cpp, mutant_test.cpp): one generated top,
// one seed, fixed or random DRAM timing, checked against the golden model, the DRAM
// layout and the schedule's byte counts; the cycles next to both performance models.
#pragma once
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>

#include "generator/workload/cycle_bars.hpp"
#include "generator/workload_rtl/system_plan.hpp"
#include "tb/dram_port.hpp"
#include "tb/perf_model/systemc_model.hpp"
#include "tb/rtl_test_support.hpp"
#include "tb/workload/dram_images.hpp"
#include "tb/workload/system_bench.hpp"
#include "tests/workload_rtl/system_variants.hpp"

namespace bitloom::system_test {

constexpr uint64_t kBase = 0x1040;  // not page aligned: bursts split at 4 KiB pages

struct RunResult {
  long long cycles = 0;
  std::vector<std::string> errors;
  std::vector<long long> phases = {};
};

// The DRAM model of a run: the workload's timing, one shared data bus (as both
// performance models have it), fixed or random.
inline tb::DramPortConfig dram_config(const Built& b, uint64_t seed, bool random) {
  tb::DramPortConfig c;
  c.data_bytes = b.rtl.data_bytes;
  c.max_burst = static_cast<int>(workload::burst_bytes(b.w.resources.dram) / c.data_bytes);
  c.bytes = static_cast<size_t>(kBase + b.rtl.dram_extent + 4096);
  c.read_latency = b.w.resources.dram.read_latency;
  c.write_latency = b.w.resources.dram.write_latency;
  c.random = random;
  c.shared_bus = true;
  c.seed = seed;
  return c;
}

// One top, one seed: the bench with its first DRAM contents, and what DRAM must hold.
template <class M>
struct Setup {
  Setup(const Built& b, uint64_t seed, bool random)
      : built(b),
        config(dram_config(b, seed, random)),
        images(workload::dram_images(b.w, b.rtl.dram_offset, kBase, config.bytes, seed, 0xA5)),
        bench(config, kBase, images.input) {
    bench.name_fifos(b.rtl.fifos);
  }

  std::vector<std::string> check(int runs) const {
    std::vector<std::string> errors;
    if (!images.problem.empty()) errors.push_back(images.problem);
    const auto more = bench.check(images.expected, runs * built.schedule.estimate.read_bytes,
                                  runs * built.schedule.estimate.write_bytes, [&](uint64_t a) {
                                    return workload::tensor_at(built.w, built.rtl.dram_offset, kBase, a);
                                  });
    errors.insert(errors.end(), more.begin(), more.end());
    return errors;
  }

  const Built& built;
  tb::DramPortConfig config;
  workload::DramImages images;
  tb::SystemBench<M> bench;
};

template <class M>
RunResult run_once(const Built& b, uint64_t seed, bool random) {
  Setup<M> s(b, seed, random);
  s.bench.run();
  return {s.bench.cycles(), s.check(1), s.bench.phase_cycles()};
}

// RTL cycles per phase next to both performance models (fixed DRAM timing); the phases
// and the total outside the acceptance bars (2 % in total; 5 % or 64 cycles a phase).
inline std::vector<std::string> compare_cycles(const Built& b, const RunResult& r) {
  const workload::PerfResult sim = workload::simulate_programs({b.schedule.program}).front();
  const workload::PerfResult& e = b.schedule.estimate;
  std::printf("%s [%s]: %lld cycles (RTL), %lld (estimate), %lld (SystemC): RTL %+.1f %% vs SystemC\n",
              b.w.name.c_str(), b.schedule.label.c_str(), r.cycles, e.cycles, sim.cycles,
              100.0 * (r.cycles - sim.cycles) / sim.cycles);
  std::vector<long long> model;
  for (size_t p = 0; p < r.phases.size() && p < sim.phases.size(); ++p) {
    std::string tasks;
    for (const auto& binding : b.schedule.plan.choices.phases[p].bindings) tasks += b.w.tasks[binding.task].name + " ";
    std::printf("  phase %2zu %-4s RTL %7lld  estimate %7lld  SystemC %7lld  (%+.1f %%)\n", p, tasks.c_str(),
                r.phases[p], e.phases[p].cycles, sim.phases[p].cycles,
                100.0 * (r.phases[p] - sim.phases[p].cycles) / sim.phases[p].cycles);
  }
  for (const auto& p : sim.phases) model.push_back(p.cycles);
  return workload::outside_cycle_bars(r.phases, model, r.cycles, sim.cycles);
}

// `timed`: the RTL's cycles must also be within the acceptance bars of the SystemC model.
template <class M>
void expect_golden(int which, bool timed = false) {
  const Built b = build(system_cases()[which]);
  const uint64_t seed = tb::test_seed();
  for (int i = 0; i < 10; ++i) {
    const bool random = i >= 5;
    const RunResult r = run_once<M>(b, seed + i, random);
    ASSERT_TRUE(r.errors.empty()) << fmt::format("{} ({} DRAM), seed {}:\n  {}", b.w.name, random ? "random" : "fixed",
                                                 seed + i, fmt::join(r.errors, "\n  "));
    if (i != 0) continue;
    const std::vector<std::string> outside = compare_cycles(b, r);
    if (timed) {
      EXPECT_TRUE(outside.empty()) << fmt::format("{}", fmt::join(outside, "\n"));
    }
  }
}

// A second start after done runs again: the same bytes, the same cycles, the counters
// (since reset) doubled. A reset in the middle of a run, then a full run: the same bytes
// and counters as a run from reset.
template <class M>
void expect_rerun_and_reset(int which) {
  const Built b = build(system_cases()[which]);
  const uint64_t seed = tb::test_seed();
  Setup<M> twice(b, seed, false);
  ASSERT_TRUE(twice.bench.run());
  const long long first = twice.bench.cycles();
  ASSERT_TRUE(twice.bench.run());
  auto errors = twice.check(2);
  if (twice.bench.cycles() != first)
    errors.push_back(fmt::format("second run {} cycles, first {}", twice.bench.cycles(), first));
  EXPECT_TRUE(errors.empty()) << "back to back, seed " << seed << ":\n  " << fmt::format("{}", fmt::join(errors, "\n  "));
  Setup<M> interrupted(b, seed, true);
  EXPECT_FALSE(interrupted.bench.run(first / 2));
  interrupted.bench.reset();
  interrupted.bench.run();
  errors = interrupted.check(1);
  EXPECT_TRUE(errors.empty()) << "reset at cycle " << first / 2 << ", seed " << seed << ":\n  "
                              << fmt::format("{}", fmt::join(errors, "\n  "));
}

// A mutant must fail at least one of the runs (fixed and random DRAM).
// Returns the first run's first error.
template <class M>
std::string expect_caught(int which) {
  const Built b = build(mutant_cases()[which]);
  const uint64_t seed = tb::test_seed();
  int failed = 0;
  std::string first;
  for (int i = 0; i < 4; ++i) {
    const RunResult r = run_once<M>(b, seed + i, i % 2 == 1);
    if (r.errors.empty()) continue;
    if (failed++ == 0) first = r.errors.front();
  }
  EXPECT_GT(failed, 0) << b.rtl.top << ": the bench did not catch the planted fault (seed " << seed << ")";
  std::printf("%s: caught in %d of 4 runs: %s\n", b.rtl.top.c_str(), failed, first.c_str());
  return first;
}

// A mutant that stays correct but slow: every run byte-exact, the first run outside the
// SystemC model's cycle bars.
template <class M>
void expect_slow(int which) {
  const Built b = build(mutant_cases()[which]);
  const uint64_t seed = tb::test_seed();
  const RunResult r = run_once<M>(b, seed, false);
  ASSERT_TRUE(r.errors.empty()) << fmt::format("{}, seed {}:\n  {}", b.rtl.top, seed, fmt::join(r.errors, "\n  "));
  const std::vector<std::string> outside = compare_cycles(b, r);
  EXPECT_FALSE(outside.empty()) << b.rtl.top << ": within the cycle bars";
  std::printf("%s: correct, outside the cycle bars: %s\n", b.rtl.top.c_str(), fmt::format("{}", fmt::join(outside, "; ")).c_str());
}

}  // namespace bitloom::system_test
