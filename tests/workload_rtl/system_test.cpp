// The generated workload top (generator/workload_rtl/system.hpp) runs a whole workload
// from DRAM to DRAM against the DRAM model: inputs are written where the documented
// layout puts them, everything else is the canary; start is pulsed once and the test
// waits for done. Expected, from the spec and the golden model alone:
// - every output and every tensor kept in DRAM equals the golden model byte for byte,
//   with the rows' padding bytes 0; inputs unchanged; every byte outside the tensors
//   still the canary;
// - the top's byte counters = the DRAM model's counts = the schedule's bytes, exactly;
// - the DRAM port rules hold (tb/dram_port.hpp);
// - a watchdog fails the run when neither DRAM nor a buffer bank moves for 10^4 cycles;
// - a second start gives the same bytes and cycles; a reset in the middle of a run and
//   a full run after it give the same bytes and counters as a run from reset.
// Five seeds with fixed DRAM timing, five with random latency and dropped readies.
// Reads and writes share one DRAM data bus, as in both performance models. The cycles of
// the first run are printed per phase next to both models; for the encoder block they
// must be within 2 % in total and 5 % (or 64 cycles) per phase of the SystemC model. Mutant tops, each with one
// planted bug (system_variants.hpp), must fail.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>

#include "Vattn_top.h"
#include "Vchain_top.h"
#include "Vchain2_top.h"
#include "Venc1_top.h"
#include "Venc2_top.h"
#include "Vmut_add_port_top.h"
#include "Vmut_fork_top.h"
#include "Vmut_ring_one_core_top.h"
#include "Vodd2_top.h"
#include "Vtwin_top.h"
#include "Vproj2_top.h"
#include "Vmut_keep_top.h"
#include "Vmut_ring_room_top.h"
#include "Vmut_rows_short_top.h"
#include "Vmut_skip_wait_top.h"
#include "Vproj_top.h"
#include "tb/dram_port.hpp"
#include "tb/workload/dram_images.hpp"
#include "tb/workload/system_bench.hpp"
#include "tb/perf_model/systemc_model.hpp"
#include "tb/rtl_test_support.hpp"
#include "generator/workload_rtl/system_plan.hpp"
#include "tests/workload_rtl/system_variants.hpp"

namespace {

using namespace bitloom;

constexpr uint64_t kBase = 0x1040;  // not page aligned: bursts split at 4 KiB pages

struct RunResult {
  long long cycles = 0;
  std::vector<std::string> errors;
  std::vector<long long> phases = {};
};

// The DRAM model of a run: the workload's timing, one shared data bus (as both
// performance models have it), fixed or random.
tb::DramPortConfig dram_config(const system_test::Built& b, uint64_t seed, bool random) {
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
  Setup(const system_test::Built& b, uint64_t seed, bool random)
      : built(b),
        config(dram_config(b, seed, random)),
        images(workload::dram_images(b.w, b.rtl.dram_offset, kBase, config.bytes, seed, 0xA5)),
        bench(config, kBase, images.input) {}

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

  const system_test::Built& built;
  tb::DramPortConfig config;
  workload::DramImages images;
  tb::SystemBench<M> bench;
};

template <class M>
RunResult run_once(const system_test::Built& b, uint64_t seed, bool random) {
  Setup<M> s(b, seed, random);
  s.bench.run();
  return {s.bench.cycles(), s.check(1), s.bench.phase_cycles()};
}

// RTL cycles per phase next to both performance models (fixed DRAM timing); the phases
// and the total outside the acceptance bars (2 % in total; 5 % or 64 cycles a phase).
std::vector<std::string> compare_cycles(const system_test::Built& b, const RunResult& r) {
  std::vector<std::string> outside;
  const workload::PerfResult sim = workload::simulate_programs({b.schedule.program}).front();
  const workload::PerfResult& e = b.schedule.estimate;
  std::printf("%s [%s]: %lld cycles (RTL), %lld (estimate), %lld (SystemC): RTL %+.1f %% vs SystemC\n",
              b.w.name.c_str(), b.schedule.label.c_str(), r.cycles, e.cycles, sim.cycles,
              100.0 * (r.cycles - sim.cycles) / sim.cycles);
  for (size_t p = 0; p < r.phases.size() && p < sim.phases.size(); ++p) {
    std::string tasks;
    for (const auto& binding : b.schedule.plan.choices.phases[p].bindings) tasks += b.w.tasks[binding.task].name + " ";
    std::printf("  phase %2zu %-4s RTL %7lld  estimate %7lld  SystemC %7lld  (%+.1f %%)\n", p, tasks.c_str(),
                r.phases[p], e.phases[p].cycles, sim.phases[p].cycles,
                100.0 * (r.phases[p] - sim.phases[p].cycles) / sim.phases[p].cycles);
    const long long off = std::llabs(r.phases[p] - sim.phases[p].cycles);
    if (off > 64 && off * 20 > sim.phases[p].cycles)
      outside.push_back(fmt::format("phase {}: {} cycles, SystemC {}", p, r.phases[p], sim.phases[p].cycles));
  }
  if (r.phases.size() != sim.phases.size())
    outside.push_back(fmt::format("{} phases, SystemC {}", r.phases.size(), sim.phases.size()));
  if (std::llabs(r.cycles - sim.cycles) * 50 > sim.cycles)
    outside.push_back(fmt::format("{} cycles in all, SystemC {}", r.cycles, sim.cycles));
  return outside;
}

// `timed`: the RTL's cycles must also be within the acceptance bars of the SystemC model.
template <class M>
void expect_golden(int which, bool timed = false) {
  const system_test::Built b = system_test::build(system_test::system_cases()[which]);
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
  const system_test::Built b = system_test::build(system_test::system_cases()[which]);
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
template <class M>
void expect_caught(int which) {
  const system_test::Built b = system_test::build(system_test::mutant_cases()[which]);
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
}

}  // namespace

TEST(WorkloadSystem, ChainSequentialMatchesTheGoldenModel) { expect_golden<Vchain_top>(0); }
TEST(WorkloadSystem, ProjSequentialStreamsAThroughTheRing) { expect_golden<Vproj_top>(1); }
TEST(WorkloadSystem, AttnSequentialRunsTheSoftmaxBetweenBanks) { expect_golden<Vattn_top>(2); }
TEST(WorkloadSystem, EncoderBlockOnOneCoreMatchesTheGoldenModelAndTheCycles) { expect_golden<Venc1_top>(3, true); }
TEST(WorkloadSystem, ChainOnTwoCoresForksThePanelsAndSharesTheWriteChannel) { expect_golden<Vchain2_top>(4); }
TEST(WorkloadSystem, ProjOnTwoCoresSharesTheARing) { expect_golden<Vproj2_top>(5); }
TEST(WorkloadSystem, EncTinyOnItsTwoCoresMatchesTheGoldenModelAndTheCycles) { expect_golden<Venc2_top>(6, true); }
TEST(WorkloadSystem, OddEncoderOnTwoCoresMatchesTheGoldenModelAndTheCycles) { expect_golden<Vodd2_top>(7, true); }
TEST(WorkloadSystem, RunsAgainAndAfterAResetInTheMiddle) { expect_rerun_and_reset<Vproj_top>(1); }
TEST(WorkloadSystem, TwoCoresRunAgainAndAfterAResetInTheMiddle) { expect_rerun_and_reset<Vchain2_top>(4); }
TEST(WorkloadSystem, CatchesASkippedWait) { expect_caught<Vmut_skip_wait_top>(0); }
TEST(WorkloadSystem, CatchesALoaderThatIgnoresTheRing) { expect_caught<Vmut_ring_room_top>(1); }
TEST(WorkloadSystem, CatchesAnOffByOneRowBound) { expect_caught<Vmut_rows_short_top>(2); }
TEST(WorkloadSystem, CatchesASoftmaxThatSeesPaddedColumns) { expect_caught<Vmut_keep_top>(3); }
TEST(WorkloadSystem, CatchesAPanelForkThatWaitsForOneCore) { expect_caught<Vmut_fork_top>(4); }
TEST(WorkloadSystem, CatchesARingRefilledBeforeEveryCoreFreedIt) { expect_caught<Vmut_ring_one_core_top>(5); }
TEST(WorkloadSystem, AddReadsBothInputsFromOneBankOnTwoPorts) { expect_golden<Vtwin_top>(8); }
TEST(WorkloadSystem, CatchesAnAddWhoseInputsShareAReadPort) {
  // The fault shows only where the two inputs share a bank: twin's layout must put them there.
  const system_test::SystemCase& c = system_test::mutant_cases()[6];
  const workload::Workload w = workload::load_workload(system_test::spec_path(c));
  const workload::Scheduled sched = workload::schedule(w, c.mode);
  const workload_rtl::system::SystemPlan s = workload_rtl::system::make_system_plan(w, sched.plan, {});
  for (const workload::Task& t : w.tasks) {
    if (t.op != workload::Op::kAdd) continue;
    ASSERT_EQ(s.place[t.inputs[0]].bank, s.place[t.inputs[1]].bank) << t.name << "'s inputs are in different banks";
  }
  expect_caught<Vmut_add_port_top>(6);
}
