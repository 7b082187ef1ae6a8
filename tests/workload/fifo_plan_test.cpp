// Block FIFOs, prefetched loads and tees in the workload top's plan (generator/
// workload_rtl/system_plan.cpp, system_plan_gemm.cpp): every FIFO edge of the schedule
// becomes one block FIFO with the scheduler's depth between exactly its producer and
// consumer units, a prefetched load is handed to the loader after the phase's task RUNs
// (so no task of that phase waits for it), and a tensor kept as it streams is loaded
// once, into its own place. The hardware runs in WorkloadSystem.*Intar*.
#include <gtest/gtest.h>

#include <algorithm>
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

TEST(FifoPlan, EveryFifoEdgeOfTheEncoderIsOneFifoBetweenItsUnits) {
  const Workload w = load_workload(rtl_spec("enc1.yaml"));
  const Scheduled sched = schedule(w, Mode::kIntar);
  const sys::SystemPlan s = sys::make_system_plan(w, sched.plan, {});
  struct Edge {
    const char* tensor;
    Ends producers, consumers;
  };
  // From the schedule: P softmax -> z's A, O o -> r1's x, G GELU -> f2's A, F2 f2 -> r2's x.
  const std::vector<Edge> edges{{"P", {"sm0_out_ring_"}, {"cc0_a_ring_"}},
                                {"O", {"cc0_out_ring_"}, {"ad0_in0_ring_"}},
                                {"G", {"ge0_out_ring_"}, {"cc0_a_ring_"}},
                                {"F2", {"cc0_out_ring_"}, {"ad0_in0_ring_"}}};
  int fifo_tensors = 0;
  for (size_t t = 0; t < w.tensors.size(); ++t) fifo_tensors += sched.plan.tensors[t].home == Home::kFifo;
  ASSERT_EQ(fifo_tensors, static_cast<int>(edges.size())) << "enc1's intar schedule changed: update this test";
  for (const Edge& e : edges) {
    const sys::BlockFifo* f = fifo_named(s, e.tensor);
    ASSERT_NE(f, nullptr) << e.tensor;
    const int ti = w.tensor_index(e.tensor);
    EXPECT_EQ(f->depth, sched.plan.tensors[ti].fifo_depth) << e.tensor;
    EXPECT_EQ(f->phase, sched.plan.tasks[w.tensors[ti].producer].phase) << e.tensor;
    EXPECT_EQ(f->producers, e.producers) << e.tensor;
    EXPECT_EQ(f->consumers, e.consumers) << e.tensor;
    // The FIFO's region holds depth row blocks, not the tensor.
    EXPECT_EQ(s.place[ti].words, f->depth * w.lanes * s.place[ti].pitch) << e.tensor;
  }
}

TEST(FifoPlan, APrefetchedLoadFollowsThePhasesTasksAndNothingWaitsForIt) {
  const Workload w = load_workload(rtl_spec("attn.yaml"));
  const Scheduled sched = schedule(w, Mode::kIntar);
  ASSERT_EQ(sched.plan.phase_count(), 2);
  ASSERT_TRUE(sched.plan.choices.phases[1].prefetch) << "attn's intar schedule changed: update this test";
  const sys::SystemPlan s = sys::make_system_plan(w, sched.plan, {});
  // Phase 0: s's ring load and core job, p's reader and writer, then V's load (for z),
  // then SYNC. No WAIT: nothing of phase 0 holds a loaded tensor whole before it starts.
  std::vector<I::Op> ops;
  std::vector<int> units;
  for (const I& i : s.program) {
    if (i.op == I::Op::kSync) break;
    ops.push_back(i.op);
    units.push_back(i.unit);
  }
  ASSERT_FALSE(ops.empty());
  EXPECT_EQ(std::count(ops.begin(), ops.end(), I::Op::kWait), 1) << "the WAIT for K, the B that s holds whole";
  EXPECT_EQ(units.back(), s.units.loader) << "the phase's last RUN is the prefetched load";
  const int v = w.tensor_index("V");
  EXPECT_EQ(sched.plan.tensors[v].load_phase, 0);
  EXPECT_EQ(s.loads.back().buf_base, s.place[v].base);
}

TEST(FifoPlan, ATensorKeptAsItStreamsIsLoadedOnceIntoItsOwnPlace) {
  const Workload w = load_workload(rtl_spec("twin.yaml"));
  const Scheduled sched = schedule(w, Mode::kIntar);
  const int x = w.tensor_index("X");
  ASSERT_TRUE(sched.plan.tensors[x].tee) << "twin's intar schedule changed: update this test";
  const sys::SystemPlan s = sys::make_system_plan(w, sched.plan, {});
  int loads_of_x = 0;
  for (const workload_rtl::RowStage& r : s.loads) loads_of_x += r.dram_offset == s.dram_offset[x];
  EXPECT_EQ(loads_of_x, 1) << "X is read from DRAM once";
  const sys::BlockFifo* f = fifo_named(s, "p1's A ring");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->depth, (w.tensors[x].rows + w.lanes - 1) / w.lanes) << "the tee's ring is the whole tensor: never wraps";
  EXPECT_EQ(f->producers, Ends{"ld_ring_"});
  EXPECT_EQ(s.core[0].front().a_base, s.place[x].base);
  EXPECT_EQ(s.ring[w.task_index("p1")].bank, -1) << "no ring region of its own";
}

// A bank has read ports only for the readers that may read it: in enc_tiny's intar top
// the softmax and the add read bank 0 beside both cores (four ports), and nothing but
// the cores reads bank 1 (two). On flops every port is a full read mux.
TEST(FifoPlan, ABankHasReadPortsOnlyForItsReaders) {
  const Workload w = load_workload(std::string(BITLOOM_SOURCE) + "/examples/enc_tiny.yaml");
  const workload_rtl::SystemRtl r = workload_rtl::workload_system(w, schedule(w, Mode::kIntar).plan);
  auto read_ports = [&](const std::string& module) {
    for (const hw::Module& m : r.modules)
      if (m.name() == module)
        return std::count_if(m.ports().begin(), m.ports().end(), [](const hw::Port& p) {
          return p.name.size() > 5 && p.name.compare(0, 2, "rd") == 0 && p.name.compare(p.name.size() - 5, 5, "_en_i") == 0;
        });
    return -1L;
  };
  EXPECT_EQ(read_ports("enc_tiny_bank0"), 4);
  EXPECT_EQ(read_ports("enc_tiny_bank1"), 2);
}

}  // namespace
}  // namespace bitloom::test
