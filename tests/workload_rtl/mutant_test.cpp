// Mutant workload tops (system_variants.hpp: each with one planted bug) must fail the
// system test bench's checks (system_harness.hpp) in at least one of four runs (the
// shallow FIFOs: the cycle bars). Label slow: their twelve Verilator models are built only for this test (tests/workload_rtl/
// CMakeLists.txt).
#include "Vmut_add_port_top.h"
#include "Vmut_fifo_early_top.h"
#include "Vmut_fifo_shallow_top.h"
#include "Vmut_fork_top.h"
#include "Vmut_keep_top.h"
#include "Vmut_ring_one_core_top.h"
#include "Vmut_ring_room_top.h"
#include "Vmut_rows_short_top.h"
#include "Vmut_skip_task_wait_top.h"
#include "Vmut_skip_wait_top.h"
#include "Vmut_follow_early_top.h"
#include "Vmut_split_swapped_top.h"
#include "tests/workload_rtl/system_harness.hpp"

using namespace bitloom;
using namespace bitloom::system_test;

TEST(WorkloadSystem, CatchesASkippedWait) { expect_caught<Vmut_skip_wait_top>(0); }
TEST(WorkloadSystem, CatchesALoaderThatIgnoresTheRing) { expect_caught<Vmut_ring_room_top>(1); }
TEST(WorkloadSystem, CatchesAnOffByOneRowBoundAndDumpsTheFifos) {
  // s stops a row tile short: the loader has filled the ring's last block, which the core
  // never takes, and the softmax waits for S's last block. The watchdog says so.
  const std::string first = expect_caught<Vmut_rows_short_top>(2);
  EXPECT_NE(first.find("without a move"), std::string::npos) << first;
  // (The softmax's jobs come first in the program, before s's WAIT for the loader: S's
  // FIFO is the first one planned.)
  EXPECT_NE(first.find("FIFO 0 (S (phase 0): 2 row blocks, cc0_out_ring_ -> sm0_in0_ring_): 0 blocks filled, 0 slots claimed"),
            std::string::npos)
      << first;
  EXPECT_NE(first.find("FIFO 1 (s's A ring (phase 0): 2 row blocks, ld_ring_ -> cc0_a_ring_): 1 blocks filled, 1 slots claimed"),
            std::string::npos)
      << first;
}
TEST(WorkloadSystem, CatchesASoftmaxThatSeesPaddedColumns) { expect_caught<Vmut_keep_top>(3); }
TEST(WorkloadSystem, CatchesAPanelForkThatWaitsForOneCore) { expect_caught<Vmut_fork_top>(4); }
TEST(WorkloadSystem, CatchesARingRefilledBeforeEveryCoreFreedIt) { expect_caught<Vmut_ring_one_core_top>(5); }
TEST(WorkloadSystem, CatchesAnAddWhoseInputsShareAReadPort) {
  // The fault shows only where the two inputs share a bank: twin's layout must put them there.
  const system_test::SystemCase c = system_test::mutant_cases()[6];  // a copy: the vector is a temporary
  const workload::Workload w = workload::load_workload(system_test::spec_path(c));
  const workload::Scheduled sched = workload::schedule(w, c.mode);
  const workload_rtl::system::SystemPlan s = workload_rtl::system::make_system_plan(w, sched.plan, {});
  for (const workload::Task& t : w.tasks) {
    if (t.op != workload::Op::kAdd) continue;
    ASSERT_EQ(s.place[t.inputs[0]].bank, s.place[t.inputs[1]].bank) << t.name << "'s inputs are in different banks";
  }
  expect_caught<Vmut_add_port_top>(6);
}
TEST(WorkloadSystem, CatchesAFifoConsumerThatTakesABlockBeforeItIsFilled) { expect_caught<Vmut_fifo_early_top>(7); }
TEST(WorkloadSystem, AFifoOneBlockShallowerStaysCorrectButMissesTheCycles) {
  // The depths are there for the cycles: one row block less and the producer waits for the
  // consumer every block (the schedule's pipelining is lost), while every byte stays right.
  expect_slow<Vmut_fifo_shallow_top>(8);
}
TEST(WorkloadSystem, CatchesAColumnSplitWhoseCoresTakeEachOthersWord) { expect_caught<Vmut_split_swapped_top>(9); }
TEST(WorkloadSystem, CatchesATaskThatDoesNotWaitForWhatItHoldsWhole) { expect_caught<Vmut_skip_task_wait_top>(10); }
TEST(WorkloadSystem, CatchesAFollowerThatReadsTheBufferAheadOfItsProducer) { expect_caught<Vmut_follow_early_top>(11); }
