// The workload controller against its program and contract, with mock units that take
// a job when idle (random readiness), stay busy a random number of cycles, and a DRAM
// write side whose idle flag drops at random:
// - each unit gets exactly its RUNs, in program order, with the exact job words;
// - a job after a SYNC starts only once every earlier job has finished, the writes were
//   idle, and reconfig_cycles more have passed; phase_o then counts that SYNC;
// - a job after a WAIT starts only once every earlier job has finished and the writes
//   were idle, and phase_o does not count the WAIT; after a WAIT with a unit mask, once
//   the earlier jobs of those units have finished (and the writes were idle if it asks),
//   and with fixed timing exactly then, while a unit outside the mask still works;
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

// A SYNC, WAIT or masked WAIT: the jobs before it that it waits for (on `units`), whether
// it waits for the writes and for the reconfiguration cycles.
struct Barrier {
  uint32_t units;
  bool writes, sync;
};

struct Job {
  uint64_t word;
  int phase;                     // SYNCs before it in the program
  std::vector<int> barriers;     // the barriers before it
  std::vector<int> first_after;  // the barriers it is the first RUN after
};

struct Taken {
  uint64_t word;
  long long cycle;
  int phase_shown;  // phase_o when it was taken
};

uint64_t job_word(const Instruction& i) { return hw::prims::encode(i) & ((1ULL << 57) - 1); }

// From the cycle a SYNC sees everything quiet to the cycle the next phase's first job is
// taken by a ready unit (hw/prims/controller.hpp): the reconfiguration cycles, one to
// count the phase, fetch, execute into the queue, the unit's take. A WAIT: fetch,
// execute into the queue, the take.
constexpr long long kSyncToJob = kReconfigCycles + 4;
constexpr long long kWaitToJob = 3;

long long first_taken_in_phase(const std::vector<std::vector<Taken>>& taken, int phase) {
  long long first = -1;
  for (const auto& list : taken)
    for (const Taken& t : list)
      if (t.phase_shown == phase && (first < 0 || t.cycle < first)) first = t.cycle;
  return first;
}

// Per unit, its jobs in program order, and every barrier; job_at[b] lists, per barrier,
// the (unit, index) of each job before it.
struct Expected {
  std::vector<std::vector<Job>> jobs = std::vector<std::vector<Job>>(kControllerUnits);
  std::vector<Barrier> barriers;
  std::vector<std::vector<std::pair<int, size_t>>> before;
  int syncs = 0;
};

Expected expected_from(const std::vector<Instruction>& program) {
  Expected e;
  std::vector<std::pair<int, size_t>> so_far;
  std::vector<int> pending_first;  // barriers whose first RUN is still to come
  for (const auto& i : program) {
    if (i.op == Instruction::Op::kRun) {
      std::vector<int> all(e.barriers.size());
      for (size_t b = 0; b < all.size(); ++b) all[b] = static_cast<int>(b);
      e.jobs[i.unit].push_back({job_word(i), e.syncs, all, pending_first});
      pending_first.clear();
      so_far.emplace_back(i.unit, e.jobs[i.unit].size() - 1);
      continue;
    }
    if (i.op == Instruction::Op::kHalt) continue;
    const bool masked = i.op == Instruction::Op::kWait && i.wait_units != 0;
    e.barriers.push_back({masked ? i.wait_units : (1u << kControllerUnits) - 1, !masked || i.wait_writes,
                          i.op == Instruction::Op::kSync});
    e.before.push_back(so_far);
    pending_first.push_back(static_cast<int>(e.barriers.size()) - 1);
    if (i.op == Instruction::Op::kSync) ++e.syncs;
  }
  return e;
}

// Unit u's job duration: with fixed timing unit 0 works long, so that a WAIT for the
// other units that waited for it too would be seen.
int duration(int u, bool rough, std::mt19937_64& rng) {
  if (rough) return 1 + static_cast<int>(rng() % 12);
  return u == 0 ? 30 : 3;
}

std::vector<std::string> run_program(uint64_t seed, bool rough) {
  std::mt19937_64 rng(seed);
  auto ctx = std::make_unique<VerilatedContext>();
  auto m = std::make_unique<Vprim_controller>(ctx.get());
  const Expected e = expected_from(controller_program());
  std::vector<std::string> errors;
  m->start_i = 0;
  m->writes_idle_i = 1;
  m->unit_idle_i = (1 << kControllerUnits) - 1;
  clock_reset(*m);
  for (int round = 0; round < 2; ++round) {
    std::vector<std::vector<Taken>> taken(kControllerUnits);
    std::vector<std::vector<long long>> finished(kControllerUnits);  // per unit and job: the cycle it ended
    std::vector<int> busy(kControllerUnits, 0);
    std::vector<char> writes_idle;  // per cycle
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
        if (busy[u] > 0 && --busy[u] == 0) finished[u].push_back(cycle);
        if (valid[u] && ready[u]) {
          taken[u].push_back({data[u], cycle, phase_shown});
          busy[u] = duration(u, rough, rng);
        }
      }
    }
    // The cycle from which barrier b may let its next job go: its units' earlier jobs
    // ended, then (if it waits for them) the writes were idle.
    auto quiet_of = [&](int b) {
      long long end = -1;
      for (const auto& [u, n] : e.before[b])
        if ((e.barriers[b].units >> u) & 1) end = std::max(end, n < finished[u].size() ? finished[u][n] : 1LL << 40);
      long long quiet = end + 1;
      while (e.barriers[b].writes && quiet < static_cast<long long>(writes_idle.size()) && !writes_idle[quiet]) ++quiet;
      return quiet;
    };
    const auto where = [&](int u, size_t n) { return fmt::format("round {}, unit {}, job {}", round, u, n); };
    for (int u = 0; u < kControllerUnits; ++u) {
      if (taken[u].size() != e.jobs[u].size())
        errors.push_back(fmt::format("round {}, unit {}: {} jobs, expected {}", round, u, taken[u].size(),
                                     e.jobs[u].size()));
      for (size_t n = 0; n < taken[u].size() && n < e.jobs[u].size(); ++n) {
        const Taken& t = taken[u][n];
        const Job& job = e.jobs[u][n];
        if (t.word != job.word) errors.push_back(fmt::format("{}: word {:#x}, expected {:#x}", where(u, n), t.word, job.word));
        if (t.phase_shown != job.phase)
          errors.push_back(fmt::format("{}: taken in phase {}, expected {}", where(u, n), t.phase_shown, job.phase));
        // Every barrier before it: the jobs it waits for ended, then the writes were idle
        // (if it waits for them), then (after a SYNC) the reconfiguration cycles.
        for (int b : job.barriers) {
          const long long quiet = quiet_of(b);
          const bool sync = e.barriers[b].sync;
          if (t.cycle < quiet + (sync ? kReconfigCycles : 0))
            errors.push_back(fmt::format("{}: taken at cycle {}, before barrier {} ({}) let it go at {}", where(u, n),
                                         t.cycle, b, sync ? "SYNC" : "WAIT", quiet));
        }
        if (rough) continue;
        // With fixed timing the units are ready whenever idle: the first job after a
        // barrier is taken exactly the documented cycles after its quiet cycle, so a WAIT
        // for some units that waited for others (unit 0 still works) is seen.
        for (int b : job.first_after) {
          const long long expect = quiet_of(b) + (e.barriers[b].sync ? kSyncToJob : kWaitToJob);
          const bool first_of_phase = t.cycle == first_taken_in_phase(taken, job.phase);
          if ((!e.barriers[b].sync || first_of_phase) && t.cycle != expect)
            errors.push_back(fmt::format("{}: the first job after barrier {} taken at cycle {}, expected {}",
                                         where(u, n), b, t.cycle, expect));
        }
      }
    }
    for (int u = 0; u < kControllerUnits; ++u)
      if (busy[u] > 0) errors.push_back(fmt::format("round {}: done while unit {} still works", round, u));
    if (m->busy_o || !m->done_o || m->phase_o != e.syncs)
      errors.push_back(fmt::format("round {}: after {} cycles busy {}, done {}, phase {} (expected {})", round, cycle,
                                   m->busy_o, m->done_o, m->phase_o, e.syncs));
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
    EXPECT_EQ(d.wait_units, i.wait_units);
    EXPECT_EQ(d.wait_writes, i.wait_writes);
  }
  Instruction bad_wait{Instruction::Op::kWait};
  bad_wait.wait_units = 1;
  bad_wait.k_bound = 3;
  EXPECT_THROW(hw::prims::encode(bad_wait), std::logic_error) << "a masked WAIT carries nothing but its units";
  EXPECT_THROW(hw::prims::encode({Instruction::Op::kRun, 0, 0, 4096, 0, 0, 0}), std::logic_error);
}
