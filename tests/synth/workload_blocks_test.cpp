// The workload hardware's building blocks, at the sizes bench_blocks measures, through
// the real flow: Yosys 0.23 maps each hierarchically and OpenSTA times it on its clk_i
// at 10 ns (met), so the blocks the workload top will compose are synthesizable as
// written, with every flop on the clock.
#include <gtest/gtest.h>

#include "bench/workload_blocks.hpp"
#include "synth/clock_search.hpp"

using namespace bitloom;

TEST(WorkloadBlocks, EachSynthesizesAndMeetsTenNanoseconds) {
  const Liberty lib = load_liberty(default_liberty_path(), BITLOOM_TEST_WORK);
  const std::string dir = std::string(BITLOOM_TEST_WORK) + "/workload-blocks";
  for (const auto& b : bench::workload_blocks()) {
    SynthOptions o;
    o.clock_ns = 10;
    const SynthReport r = synthesize(bench::block_target(b, dir, BITLOOM_TEST_WORK), lib, o);
    EXPECT_GT(r.area, 0) << b.label;
    EXPECT_GT(r.flops, 0) << b.label;
    ASSERT_TRUE(r.timing.has_value()) << b.label;
    EXPECT_TRUE(r.timing->met) << b.label << ": worst slack " << r.timing->worst_slack_ns << " ns";
  }
}
