// Tasks of a phase that read what another task of the phase makes in the buffer
// (generator/workload_rtl/phase_order.cpp, system_plan.cpp): a follower (an SFU input or
// a row-order GEMM's A) meets its producer in a block FIFO as deep as the tensor, with no
// WAIT; a task holding the tensor whole gets its RUNs after a WAIT for the producer's
// units alone, and the tasks that wait for nothing go before that WAIT (so does a task
// holding a tensor the phase loads whole, behind a WAIT for the loader). The hardware runs
// in rtl.sim_workload_follow and rtl.sim_workload_waits.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "generator/workload/scheduler.hpp"
#include "generator/workload_rtl/system.hpp"
#include "generator/workload_rtl/system_plan.hpp"
#include "tests/workload/system_plan_support.hpp"
#include "tests/workload/workload_test_support.hpp"

namespace bitloom::test {
namespace {

using namespace bitloom::workload;
namespace sys = bitloom::workload_rtl::system;
using I = hw::prims::Instruction;
using Ends = std::vector<std::string>;

// The instructions of phase `ph` (between its SYNCs).
std::vector<I> phase_program(const sys::SystemPlan& s, int ph) {
  std::vector<I> out;
  int at = 0;
  for (const I& i : s.program) {
    if (i.op == I::Op::kSync || i.op == I::Op::kHalt) {
      if (at++ == ph) break;
      out.clear();
      continue;
    }
    out.push_back(i);
  }
  return out;
}

TEST(PhaseOrder, AGemmFollowsTheSoftmaxThroughTheBufferWithoutAWait) {
  const Workload w = load_workload(rtl_spec("follow.yaml"));
  const Scheduled sched = schedule(w, Mode::kIntar);
  const int k1 = w.task_index("k1"), k2 = w.task_index("k2"), t1 = w.tensor_index("t1");
  ASSERT_EQ(sched.plan.tasks[k1].phase, sched.plan.tasks[k2].phase) << "follow's intar schedule changed";
  ASSERT_EQ(sched.plan.tensors[t1].home, Home::kBuffer);
  ASSERT_EQ(sched.plan.tasks[k2].order, LoopOrder::kRows);
  const sys::SystemPlan s = sys::make_system_plan(w, sched.plan, {});
  for (const I& i : phase_program(s, sched.plan.tasks[k2].phase))
    EXPECT_NE(i.op, I::Op::kWait) << "k2 follows k1 block by block: nothing waits for all of t1";
  const sys::BlockFifo* f = fifo_named(s, "t1");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->depth, (w.tensors[t1].rows + w.lanes - 1) / w.lanes) << "as deep as t1: the producer never waits";
  EXPECT_EQ(f->producers, Ends{"sm0_out_ring_"});
  EXPECT_EQ(f->consumers, Ends{"cc0_a_ring_"});
  EXPECT_EQ(s.core[0].back().a_base, s.place[t1].base) << "k2 reads t1 where it stays, not a ring of its own";
}

TEST(PhaseOrder, ATaskHoldingATensorWholeWaitsForItsProducersUnitsAfterTheOthersStart) {
  const Workload w = load_workload(rtl_spec("waits.yaml"));
  const Scheduled sched = schedule(w, Mode::kIntar);
  const int k1 = w.task_index("k1"), k2 = w.task_index("k2"), t1 = w.tensor_index("t1");
  const int ph = sched.plan.tasks[k1].phase;
  for (const char* t : {"k2", "k3", "k4"}) ASSERT_EQ(sched.plan.tasks[w.task_index(t)].phase, ph) << t;
  ASSERT_EQ(sched.plan.tasks[k2].order, LoopOrder::kPanels) << "waits' intar schedule changed";
  ASSERT_EQ(sched.plan.tensors[t1].home, Home::kBuffer);
  const sys::SystemPlan s = sys::make_system_plan(w, sched.plan, {});
  const std::vector<I> prog = phase_program(s, ph);
  // The phase's load (w3, which k4 holds whole), k1's and k3's RUNs, the WAIT for k1's
  // units, k2's RUNs, the WAIT for the loader, k4's RUNs: the load keeps back only k4.
  std::vector<size_t> waits;
  for (size_t i = 0; i < prog.size(); ++i)
    if (prog[i].op == I::Op::kWait) waits.push_back(i);
  ASSERT_EQ(waits.size(), 2u);
  EXPECT_EQ(prog.front().unit, s.units.loader) << "the load goes first";
  const I& wait = prog[waits[0]];
  const sys::SfuPlan& gelu = s.sfus[0].kind == UnitKind::kGelu ? s.sfus[0] : s.sfus[1];
  ASSERT_EQ(gelu.kind, UnitKind::kGelu);
  EXPECT_EQ(wait.wait_units, (1u << gelu.in_unit[0]) | (1u << gelu.out_unit)) << "k1's reader and writer alone";
  EXPECT_FALSE(wait.wait_writes) << "t1 stays on chip";
  EXPECT_EQ(prog[waits[0] + 1].unit, s.units.core[0]) << "k2's core job comes after the WAIT";
  EXPECT_EQ(prog[waits[1]].wait_units, 1u << s.units.loader) << "k4 waits for the loader alone";
  EXPECT_FALSE(prog[waits[1]].wait_writes);
  EXPECT_EQ(prog[waits[1] + 1].unit, s.units.core[1]) << "k4's core job comes after the loader's WAIT";
  for (size_t i = 0; i < waits[0]; ++i)
    for (int core : s.units.core) EXPECT_NE(prog[i].unit, core) << "instruction " << i << ": no GEMM before its WAIT";
  const sys::BlockFifo* f = fifo_named(s, "t1");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->producers, Ends{"ge0_out_ring_"});
  EXPECT_EQ(f->consumers, (Ends{"sm0_in0_ring_", "cc1_a_ring_"})) << "k3 and k4 follow; k2 does not";
}

TEST(PhaseOrder, TheMutantWithoutTheTaskWaitKeepsOnlyTheLoadsWait) {
  // The fault the system bench plants (mut_skip_task_wait) drops the WAIT for k1 alone.
  const Workload w = load_workload(rtl_spec("waits.yaml"));
  const Scheduled sched = schedule(w, Mode::kIntar);
  workload_rtl::Faults f;
  f.skip_task_waits = true;
  auto waits = [](const sys::SystemPlan& s, bool masked) {
    int n = 0;
    for (const I& i : s.program) n += i.op == I::Op::kWait && (i.wait_units != 0) == masked;
    return n;
  };
  const sys::SystemPlan right = sys::make_system_plan(w, sched.plan, {});
  const sys::SystemPlan mutant = sys::make_system_plan(w, sched.plan, f);
  EXPECT_EQ(waits(right, true), 2) << "k2's for k1, k4's for the loader";
  EXPECT_EQ(waits(mutant, true), 1) << "the WAIT for k1 is gone, the loader's stays";
  EXPECT_EQ(waits(mutant, false), waits(right, false)) << "phase 0's WAIT for in0's load stays";
  EXPECT_EQ(waits(right, false), 1);
}

TEST(PhaseOrder, WaitingTasksGoInTheOrderTheEstimateExpectsThemFree) {
  // waits' phase 1: k2 waits for k1 (the GELU), k4 for the phase's load of w3. A WAIT
  // holds back everything after it, so whichever is expected free first goes first.
  const Workload w = load_workload(rtl_spec("waits.yaml"));
  const Scheduled sched = schedule(w, Mode::kIntar);
  const int k1 = w.task_index("k1"), k2 = w.task_index("k2"), k4 = w.task_index("k4");
  const int ph = sched.plan.tasks[k1].phase;
  auto waiting = [&](const sys::ExpectedDone& e) {
    std::vector<int> out;
    for (const sys::TaskIssue& ti : sys::phase_issue_order(w, sched.plan, ph, true, e))
      if (!ti.waits_for.empty() || ti.waits_for_loads) out.push_back(ti.task);
    return out;
  };
  sys::ExpectedDone gelu_first, load_first;
  gelu_first.task[k1] = 100;
  gelu_first.loads = 700;
  load_first.task[k1] = 700;
  load_first.loads = 100;
  EXPECT_EQ(waiting(gelu_first), (std::vector<int>{k2, k4}));
  EXPECT_EQ(waiting(load_first), (std::vector<int>{k4, k2}));
  // The estimate itself (what make_system_plan uses) expects the GELU done first.
  const std::vector<sys::ExpectedDone> est = sys::expected_done(w, sched.plan);
  EXPECT_LT(est[ph].task.at(k1), est[ph].loads);
}

}  // namespace
}  // namespace bitloom::test
