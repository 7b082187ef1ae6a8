// The workload controller against its program and contract, with mock units that take
// a job when idle (random readiness), stay busy a random number of cycles, and a DRAM
// write side whose idle flag drops at random:
// - each unit gets exactly its RUNs, in program order, with the exact job words;
// - a job after a SYNC starts only once every earlier job has finished, the writes were
//   idle, and reconfig_cycles more have passed; phase_o then counts that SYNC;
// - a job after a WAIT starts only once every earlier job has finished and the writes
//   were idle, and phase_o does not count the WAIT;
// - busy_o while running, done_o after HALT only once every job has finished and the
//   writes are idle; a second start runs the program again.
// Expectations come from the program and the contract alone.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>

#include <memory>
#include <random>

#include "Vprim_controller.h"
#include "tb/rtl_test_support.hpp"
#include "tests/prims/prim_variants.hpp"
#include "tests/prims/stream_prim_checks.hpp"

using namespace bitloom;
using namespace bitloom::prim_test;
using hw::prims::Instruction;

namespace {

struct Job {
  uint64_t word;
  int phase;        // SYNCs before it in the program
  int epoch;        // SYNCs and WAITs before it
  bool after_wait;  // the last of them is a WAIT
};

struct Taken {
  uint64_t word;
  long long cycle;
  int phase_shown;  // phase_o when it was taken
};

uint64_t job_word(const Instruction& i) { return hw::prims::encode(i) & ((1ULL << 57) - 1); }

// From the cycle a SYNC sees everything quiet to the cycle the next phase's first job is
// taken by a ready unit (hw/prims/controller.hpp): the reconfiguration cycles, one to
// count the phase, fetch, execute into the queue, the unit's take.
constexpr long long kSyncToJob = kReconfigCycles + 4;

long long first_taken_in_phase(const std::vector<std::vector<Taken>>& taken, int phase) {
  long long first = -1;
  for (const auto& list : taken)
    for (const Taken& t : list)
      if (t.phase_shown == phase && (first < 0 || t.cycle < first)) first = t.cycle;
  return first;
}

std::vector<std::string> run_program(uint64_t seed, bool rough) {
  std::mt19937_64 rng(seed);
  auto ctx = std::make_unique<VerilatedContext>();
  auto m = std::make_unique<Vprim_controller>(ctx.get());
  const auto program = controller_program();
  std::vector<std::vector<Job>> expected(kControllerUnits);
  int syncs = 0, epochs = 0;
  bool after_wait = false;
  for (const auto& i : program) {
    if (i.op == Instruction::Op::kRun) expected[i.unit].push_back({job_word(i), syncs, epochs, after_wait});
    if (i.op == Instruction::Op::kSync || i.op == Instruction::Op::kWait) {
      ++epochs;
      after_wait = i.op == Instruction::Op::kWait;
    }
    if (i.op == Instruction::Op::kSync) ++syncs;
  }
  std::vector<std::string> errors;
  m->start_i = 0;
  m->writes_idle_i = 1;
  m->unit_idle_i = (1 << kControllerUnits) - 1;
  clock_reset(*m);
  for (int round = 0; round < 2; ++round) {
    std::vector<std::vector<Taken>> taken(kControllerUnits);
    std::vector<int> busy(kControllerUnits, 0);
    std::vector<long long> finished;      // per epoch: the last cycle a job of it ended
    std::vector<char> writes_idle;        // per cycle
    finished.assign(epochs + 1, -1);
    std::vector<int> running_epoch(kControllerUnits, -1);
    long long cycle = 0;
    int writes_busy = 0;  // cycles the writes stay pending
    m->start_i = 1;
    for (; cycle < 5000 && (cycle < 2 || m->busy_o); ++cycle) {
      // Inputs for this cycle: the writes go pending for 1..40 cycles now and then.
      if (rough && writes_busy == 0 && rng() % 16 == 0) writes_busy = 1 + static_cast<int>(rng() % 40);
      m->writes_idle_i = writes_busy == 0;
      if (writes_busy > 0) --writes_busy;
      int idle = 0;
      for (int u = 0; u < kControllerUnits; ++u) idle |= (busy[u] == 0) << u;
      m->unit_idle_i = idle;
      const bool ready[3] = {busy[0] == 0 && (!rough || rng() % 2), busy[1] == 0 && (!rough || rng() % 2),
                             busy[2] == 0 && (!rough || rng() % 2)};
      m->m_run0_tready = ready[0];
      m->m_run1_tready = ready[1];
      m->m_run2_tready = ready[2];
      m->clk_i = 0;
      m->eval();
      writes_idle.push_back(m->writes_idle_i);
      const bool valid[3] = {m->m_run0_tvalid != 0, m->m_run1_tvalid != 0, m->m_run2_tvalid != 0};
      const uint64_t data[3] = {m->m_run0_tdata, m->m_run1_tdata, m->m_run2_tdata};
      const int phase_shown = m->phase_o;
      m->clk_i = 1;
      m->eval();
      m->start_i = 0;
      // The units after the edge: a finished job frees its unit; a job taken makes it busy.
      for (int u = 0; u < kControllerUnits; ++u) {
        if (busy[u] > 0 && --busy[u] == 0) finished[running_epoch[u]] = std::max(finished[running_epoch[u]], cycle);
        if (valid[u] && ready[u]) {
          const size_t n = taken[u].size();
          taken[u].push_back({data[u], cycle, phase_shown});
          running_epoch[u] = n < expected[u].size() ? expected[u][n].epoch : 0;
          busy[u] = rough ? 1 + static_cast<int>(rng() % 12) : 3;
        }
      }
    }
    const auto where = [&](int u, size_t n) { return fmt::format("round {}, unit {}, job {}", round, u, n); };
    for (int u = 0; u < kControllerUnits; ++u) {
      if (taken[u].size() != expected[u].size())
        errors.push_back(fmt::format("round {}, unit {}: {} jobs, expected {}", round, u, taken[u].size(),
                                     expected[u].size()));
      for (size_t n = 0; n < taken[u].size() && n < expected[u].size(); ++n) {
        const Taken& t = taken[u][n];
        const Job& e = expected[u][n];
        if (t.word != e.word) errors.push_back(fmt::format("{}: word {:#x}, expected {:#x}", where(u, n), t.word, e.word));
        if (t.phase_shown != e.phase)
          errors.push_back(fmt::format("{}: taken in phase {}, expected {}", where(u, n), t.phase_shown, e.phase));
        if (e.epoch == 0) continue;
        // The barrier: every earlier job ended, then the writes were idle, then (after a
        // SYNC) the reconfiguration cycles.
        long long end = -1;
        for (int p = 0; p < e.epoch; ++p) end = std::max(end, finished[p]);
        long long quiet = end + 1;
        while (quiet < static_cast<long long>(writes_idle.size()) && !writes_idle[quiet]) ++quiet;
        if (t.cycle < quiet + (e.after_wait ? 0 : kReconfigCycles))
          errors.push_back(fmt::format("{}: taken at cycle {}, but the jobs before its {} ended at {} and the writes were "
                                       "idle at {}", where(u, n), t.cycle, e.after_wait ? "WAIT" : "SYNC", end, quiet));
        if (e.after_wait) continue;
        // With fixed timing the units are always ready: the phase's first job is taken
        // exactly kSyncToJob cycles after the quiet cycle (the documented latency).
        if (!rough && (n == 0 || taken[u][n - 1].phase_shown != e.phase) && t.cycle != quiet + kSyncToJob &&
            t.cycle == first_taken_in_phase(taken, e.phase))
          errors.push_back(fmt::format("{}: first job of phase {} taken {} cycles after the quiet cycle, expected {}",
                                       where(u, n), e.phase, t.cycle - quiet, kSyncToJob));
      }
    }
    for (int u = 0; u < kControllerUnits; ++u)
      if (busy[u] > 0) errors.push_back(fmt::format("round {}: done while unit {} still works", round, u));
    if (m->busy_o || !m->done_o || m->phase_o != syncs)
      errors.push_back(fmt::format("round {}: after {} cycles busy {}, done {}, phase {} (expected {})", round, cycle,
                                   m->busy_o, m->done_o, m->phase_o, syncs));
  }
  return errors;
}

}  // namespace

TEST(WorkloadController, FixedTimingRunsTheProgramTwice) {
  const auto errors = run_program(1, false);
  EXPECT_TRUE(errors.empty()) << fmt::format("{}", fmt::join(errors, "\n"));
}

TEST(WorkloadController, RandomUnitsAndWrites) {
  const uint64_t seed = tb::test_seed();
  for (int i = 0; i < 20; ++i) {
    const auto errors = run_program(seed + i, true);
    ASSERT_TRUE(errors.empty()) << "seed " << seed + i << ":\n" << fmt::format("{}", fmt::join(errors, "\n"));
  }
}

TEST(WorkloadController, InstructionsRoundTrip) {
  for (const auto& i : controller_program()) {
    const Instruction d = hw::prims::decode(hw::prims::encode(i));
    EXPECT_EQ(static_cast<int>(d.op), static_cast<int>(i.op));
    EXPECT_EQ(std::vector<int>({d.unit, d.stage, d.m_bound, d.n_bound, d.k_bound, d.offset}),
              std::vector<int>({i.unit, i.stage, i.m_bound, i.n_bound, i.k_bound, i.offset}));
  }
  EXPECT_THROW(hw::prims::encode({Instruction::Op::kRun, 0, 0, 4096, 0, 0, 0}), std::logic_error);
}
