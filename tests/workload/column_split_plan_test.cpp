// GEMMs whose cores split the column tiles round robin, and DRAM beats wider than a
// buffer word, in the workload top's plan (generator/workload_rtl/system_plan_gemm.cpp):
// with one row of A (InTAR's mlp), core i of c takes column tiles i, i + c, ...; one
// panel reader reads a row of all c panels as one command and gives core i word i of
// it; the result rows of all c cores leave through one tile writer, side by side. The
// hardware runs in WorkloadSystem.TwoCoresSplitTheColumnTiles* (small) and in
// rtl.sim_workload_intar_mlp (full size, slow).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "generator/process.hpp"
#include "generator/workload/program.hpp"
#include "generator/workload/scheduler.hpp"
#include "generator/workload_rtl/system.hpp"
#include "generator/workload_rtl/system_plan.hpp"
#include "tests/workload/workload_test_support.hpp"

namespace bitloom::test {
namespace {

using namespace bitloom::workload;
namespace sys = bitloom::workload_rtl::system;

std::string mlp_spec() { return std::string(BITLOOM_SOURCE) + "/bench/workloads/intar_mlp.yaml"; }

TEST(ColumnSplit, InTarMlpSplitsEveryLayerOverBothCoresRoundRobin) {
  const Workload w = load_workload(mlp_spec());
  const Scheduled sched = schedule(w, Mode::kIntar);
  const sys::SystemPlan s = sys::make_system_plan(w, sched.plan, {});
  ASSERT_EQ(s.cores, 2);
  ASSERT_EQ(s.core[0].size(), 3u) << "one stage per layer";
  for (size_t t = 0; t < 3; ++t) {
    const workload_rtl::CoreStage &even = s.core[0][t], &odd = s.core[1][t];
    EXPECT_EQ(even.out_col_step, 2) << "layer " << t;
    EXPECT_EQ(odd.out_col_step, 2) << "layer " << t;
    EXPECT_TRUE(even.b_from_stream && even.panels) << "layer " << t;
    const long long cols = w.tensors[w.tasks[t].out].cols;
    EXPECT_EQ(even.out_cols, cols / 2) << "each core its half of the columns, every tile full";
    if (!even.out_to_stream) {
      EXPECT_EQ(odd.out_base, even.out_base + 1) << "core 1 starts one word (tile) right";
    }
  }
  // One panel reader: a row of two panels a command (64 B, one beat), core i taking word i;
  // one row tile per core, so no panel buffer replays anything.
  ASSERT_EQ(s.panel_readers.size(), 1u);
  EXPECT_EQ(s.panel_readers[0].group, 2);
  EXPECT_EQ(s.panel_readers[0].slot, (std::vector<int>{0, 1}));
  EXPECT_FALSE(s.panel_readers[0].once);
  // y's rows of both cores leave through core 0's writer.
  EXPECT_EQ(s.tile_group[0], (std::vector<int>{0, 1}));
  EXPECT_TRUE(s.tile_group[1].empty());
  EXPECT_LT(s.units.tiles[1], 0) << "core 1 has no tile writer of its own";
}

TEST(ColumnSplit, OneRowTensorsTakeOneRowOfWordsNotARowBlock) {
  // h2 is 1 x 2048 at 16 lanes: 128 words, not 16 rows of them (a core's column read of
  // the row block reaches past it, into words whose results are dropped).
  const Workload w = load_workload(mlp_spec());
  const Scheduled sched = schedule(w, Mode::kIntar);
  const sys::SystemPlan s = sys::make_system_plan(w, sched.plan, {});
  const int h2 = w.tensor_index("h2");
  EXPECT_EQ(s.place[h2].words, 128);
  long long stored = 0;
  for (long long words : s.bank_words) stored += words * w.lanes * 2;
  EXPECT_LE(stored, w.resources.buffer_bytes);
}

// The small split spec with its second layer's columns changed.
Workload split_with(const std::string& from, const std::string& to) {
  std::string text = read_text_file(rtl_spec("split.yaml"));
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) text.replace(at, from.size(), to);
  return workload_from_text(text, "split.yaml");
}

std::string refusal(const Workload& w) {
  try {
    sys::make_system_plan(w, schedule(w, Mode::kIntar).plan, {});
  } catch (const workload_rtl::UnsupportedSchedule& e) {
    return e.what();
  }
  return "";
}

TEST(ColumnSplit, APartialLastTileIsTheLastCoresAndItsPaddingIsMasked) {
  // 38 columns over two cores of 4 lanes: 10 tiles, 5 each; the last (tile 9, core 1's)
  // has 2 real columns, so core 1 counts 18 of its 20 and writes the other 2 as 0.
  const Workload w = split_with("40", "38");
  const sys::SystemPlan s = sys::make_system_plan(w, schedule(w, Mode::kIntar).plan, {});
  const int l2 = w.task_index("l2");
  ASSERT_EQ(w.tensors[w.tasks[l2].out].cols, 38);
  std::vector<long long> cols;
  for (int core = 0; core < 2; ++core)
    for (const workload_rtl::CoreStage& st : s.core[core])
      if (st.out_col_step == 2 && st.out_rows == w.tensors[w.tasks[l2].out].rows && st.out_cols % 4 != 0)
        cols.push_back(core * 1000 + st.out_cols);
  EXPECT_EQ(cols, std::vector<long long>{1018}) << "core 1 alone has a partial tile: 18 columns";
}

TEST(ColumnSplit, UnevenTilesGoToOneCoreAPinnedSplitIsRefusedAndHalfBeatRowsBuilt) {
  // 36 columns over two cores of 4 lanes: 9 tiles, which two cores cannot run in step. The
  // modes give l2 one core (refused as a schedule until 2026-12-06; y's 36-byte row on
  // 8-byte beats is still refused for its own reason, odd_cols.yaml runs such a split);
  // pinned on both cores, the generator refuses it with the reason.
  const Workload odd = split_with("40", "36");
  EXPECT_EQ(refusal(odd).find("column tiles over"), std::string::npos) << refusal(odd);
  const Scheduled s = schedule(odd, Mode::kIntar);
  EXPECT_EQ(s.plan.tasks.at(odd.task_index("l2")).binding.units.size(), 1u);
  const Workload pinned = workload_from_text(read_text_file(rtl_spec("split.yaml")) +
                                                 "schedule: [[l1@cc0+cc1], [l2@cc0+cc1]]\n",
                                             "split.yaml");
  Workload pinned_odd = split_with("40", "36");
  pinned_odd.schedule = pinned.schedule;
  EXPECT_NE(refusal(pinned_odd).find("task l2: 9 column tiles over 2 cores"), std::string::npos)
      << refusal(pinned_odd);
  // One core: a B panel row is one 4-byte word, half of an 8-byte beat. Refused until
  // 2026-12-05; now read as its beat, which the schedule counts: 8 bytes a panel row.
  const Workload one = split_with("count: 2", "count: 1");
  EXPECT_EQ(refusal(one), "");
  const workload::Program prog = workload::make_program(one, schedule(one, Mode::kIntar).plan);
  const int l1 = one.task_index("l1"), w1 = one.tasks[l1].inputs[1];
  long long b_bytes = 0;
  for (const workload::PhaseProgram& ph : prog.phases)
    for (const workload::Item& it : ph.items)
      if (it.task == l1)
        for (const workload::Step& st : it.steps)
          for (const workload::Transfer& t : st.reads)
            if (t.tensor == w1) b_bytes += t.bytes;
  const long long k = one.tensors[w1].rows, panels = (one.tensors[w1].cols + one.lanes - 1) / one.lanes;
  // One row tile: W1 read once, K rows of each panel, a beat each (its rows hold half that).
  EXPECT_EQ(b_bytes, k * panels * 8);
}

}  // namespace
}  // namespace bitloom::test
