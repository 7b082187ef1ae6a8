// Phases of several tasks at once in the workload top's plan (generator/workload_rtl/
// system_plan.cpp, system_checks.cpp): every task's RUNs come before the phase's SYNC, an
// SFU running beside cores reads on a port none of them uses, DRAM writers that overlap
// take turns, tasks streaming B at once get a panel reader each, and what the top cannot
// run at once is refused with the reason. The
// hardware itself runs in WorkloadSystem.ThreeTasksOfAPhaseRunAtOnce.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "generator/workload/scheduler.hpp"
#include "generator/workload_rtl/system.hpp"
#include "generator/workload_rtl/system_plan.hpp"
#include "tests/workload/workload_test_support.hpp"

namespace bitloom::test {
namespace {

using namespace bitloom::workload;
namespace sys = bitloom::workload_rtl::system;
using I = hw::prims::Instruction;

TEST(ConcurrentPlan, ThreeTasksStartTogetherOnTheirOwnPortsAndWritesTakeTurns) {
  const Workload w = load_workload(rtl_spec("trio.yaml"));
  const Scheduled sched = schedule(w, Mode::kIntar);
  ASSERT_EQ(sched.plan.phase_count(), 1) << "trio's intar schedule must run k, v and g in one phase";
  ASSERT_EQ(sched.plan.choices.phases[0].bindings.size(), 3u);
  const sys::SystemPlan s = sys::make_system_plan(w, sched.plan, {});
  // One phase: loads, WAIT, every task's RUNs, HALT; nothing waits between the tasks.
  int runs = 0, waits = 0;
  for (size_t i = 0; i + 1 < s.program.size(); ++i) {
    runs += s.program[i].op == I::Op::kRun;
    waits += s.program[i].op == I::Op::kWait;
    EXPECT_NE(s.program[i].op, I::Op::kSync) << "instruction " << i;
  }
  EXPECT_EQ(s.program.back().op, I::Op::kHalt);
  EXPECT_EQ(waits, 1) << "one WAIT, for the loads";
  // Loads of X and Wv, k's core, panels and tile writer, v's core and tile writer, g's reader and sink.
  EXPECT_EQ(runs, 9);
  ASSERT_EQ(s.sfus.size(), 1u);
  EXPECT_GE(s.sfus[0].in_unit[0], 0) << "the GELU reads X from the buffer";
  EXPECT_EQ(s.sfus[0].port, 2) << "cores 0 and 1 read on ports 0 and 1 in the same phase";
  EXPECT_EQ(s.read_ports, 3);
  EXPECT_TRUE(s.writes_overlap) << "K, V and G go to DRAM in one phase";
}

TEST(ConcurrentPlan, SequentialSfusReadOnTheFirstPorts) {
  for (const char* f : {"attn.yaml", "enc1.yaml", "enc2.yaml", "twin.yaml"}) {
    const Workload w = load_workload(rtl_spec(f));
    const sys::SystemPlan s = sys::make_system_plan(w, schedule(w, Mode::kSequential).plan, {});
    int ports = s.cores;  // one a core; an SFU's input i from a bank on port i
    for (const sys::SfuPlan& u : s.sfus) {
      EXPECT_EQ(u.port, 0) << f << ": " << u.tag;
      for (int i = 0; i < u.inputs; ++i)
        if (u.in_unit[i] >= 0) ports = std::max(ports, i + 1);
    }
    EXPECT_EQ(s.read_ports, ports) << f;
  }
}

TEST(ConcurrentPlan, TwoPanelStreamsInOnePhaseGetAReaderEach) {
  // trio's phase with v turned to panel order: k and v both stream B panels at once.
  const Workload w = load_workload(rtl_spec("trio.yaml"));
  Choices c = schedule(w, Mode::kIntar).plan.choices;
  const int v = 1;
  ASSERT_EQ(w.tasks[v].name, "v");
  c.order[v] = LoopOrder::kPanels;
  const Plan p = make_plan(w, c);
  ASSERT_TRUE(p.problem.empty()) << p.problem;
  ASSERT_EQ(p.tasks[0].sources[1], Source::kDram);
  ASSERT_EQ(p.tasks[v].sources[1], Source::kDram);
  const sys::SystemPlan s = sys::make_system_plan(w, p, {});
  ASSERT_EQ(s.panel_readers.size(), 2u);
  using Cores = std::vector<std::pair<int, std::vector<bool>>>;
  EXPECT_EQ(s.panel_readers[0].cores, (Cores{{0, {true, false}}})) << "k on core 0";
  EXPECT_EQ(s.panel_readers[1].cores, (Cores{{0, {false, true}}})) << "v on core 1";
  EXPECT_NE(s.panel_readers[0].unit, s.panel_readers[1].unit);
}

TEST(ConcurrentPlan, AReaderFeedsTheCoresOfItsTaskInEachPhase) {
  // enc_tiny's intar schedule: k on core 0 and v on core 1 stream their panels in phase
  // 1; f1 on both cores in phase 5 takes the first reader again, now for both cores.
  const Workload w = load_workload(std::string(BITLOOM_SOURCE) + "/examples/enc_tiny.yaml");
  const Scheduled sched = schedule(w, Mode::kIntar);
  const sys::SystemPlan s = sys::make_system_plan(w, sched.plan, {});
  ASSERT_EQ(s.panel_readers.size(), 2u);
  const auto& first = s.panel_readers[0].cores;
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].second, (std::vector<bool>{true, false}));
  EXPECT_EQ(first[1].second, (std::vector<bool>{true, true}));
  EXPECT_EQ(sched.plan.tasks[w.task_index("f1")].phase, first[1].first);
  EXPECT_EQ(s.panel_readers[1].cores.size(), 1u);
  EXPECT_TRUE(s.streams_b(0) && s.streams_b(1));
}

TEST(ConcurrentPlan, ASecondSfuOfAKindIsBuiltBesideTheFirst) {
  // Two GELUs on ge0 and ge1 at once: the top builds both units (until 2026-12-05 it built
  // one of each kind and refused the second), each with its own tasks' stages, reading on
  // a bank port of its own in the phase they share.
  const Workload w = load_workload(rtl_spec("gelu_pair.yaml"));
  const Plan p = schedule(w, Mode::kIntar).plan;
  std::vector<int> units;
  for (size_t t = 0; t < w.tasks.size(); ++t)
    if (w.tasks[t].op == Op::kGelu) units.push_back(p.tasks[t].binding.units.at(0));
  std::sort(units.begin(), units.end());
  ASSERT_EQ(units, (std::vector<int>{0, 1})) << "the schedule no longer uses ge1; the test needs another workload";
  const sys::SystemPlan s = sys::make_system_plan(w, p, {});
  ASSERT_EQ(s.sfus.size(), 2u);
  std::vector<std::string> tags;
  std::vector<int> ports;
  for (const sys::SfuPlan& u : s.sfus) {
    tags.push_back(u.tag);
    EXPECT_EQ(u.in[0].size() + u.in_dram[0].size(), 1u) << u.tag << ": one task's input stage";
    if (u.in_unit[0] >= 0) ports.push_back(u.port);
  }
  std::sort(tags.begin(), tags.end());
  EXPECT_EQ(tags, (std::vector<std::string>{"ge0", "ge1"}));
  std::sort(ports.begin(), ports.end());
  EXPECT_EQ(std::adjacent_find(ports.begin(), ports.end()), ports.end()) << "two units read on one port";
}

TEST(ConcurrentPlan, ACoreNoGemmGivesATileIsNotBuilt) {
  // idle_core: one column tile on two cores in row order, A through the loader's ring.
  const Workload w = load_workload(rtl_spec("idle_core.yaml"));
  const Scheduled sched = schedule(w, Mode::kSequential);
  ASSERT_EQ(sched.plan.tasks[0].binding.units.size(), 2u) << "idle_core's schedule changed: update this test";
  const sys::SystemPlan s = sys::make_system_plan(w, sched.plan, {});
  EXPECT_EQ(s.cores, 1);
  ASSERT_EQ(s.fifos.size(), 1u);
  EXPECT_EQ(s.fifos[0].consumers, std::vector<std::string>{"cc0_a_ring_"}) << "the ring waits for core 0 alone";
}

}  // namespace
}  // namespace bitloom::test
