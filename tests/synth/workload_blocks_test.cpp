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

// The compute core's fetch, epilogue and output demux cost no clock: at a period its bare
// array just meets (bench_blocks: both 301.8 MHz on osu018), the core meets too. Before the
// epilogue got its middle register and the loop bounds their "last" registers, the core
// ran at 226.8 MHz.
TEST(WorkloadBlocks, TheComputeCoreRunsAtItsArraysClock) {
  const Liberty lib = load_liberty(default_liberty_path(), BITLOOM_TEST_WORK);
  const std::string dir = std::string(BITLOOM_TEST_WORK) + "/workload-core";
  const bench::Block core = bench::compute_core_block();
  SynthOptions o;
  o.clock_ns = 3.4;  // 294 MHz
  std::vector<std::string> array_files;
  for (const auto& v : core.text_modules) {
    array_files.push_back(dir + "/" + v.name + ".v");
    write_text_file(array_files.back(), v.text);
  }
  const std::string array_top = core.text_modules.back().name;
  const SynthReport array = synthesize(rtl_target(array_files, array_top, {}, {}, 0, BITLOOM_TEST_WORK), lib, o);
  ASSERT_TRUE(array.timing.has_value());
  ASSERT_TRUE(array.timing->met) << "the bare array no longer meets " << *o.clock_ns << " ns (slack "
                                 << array.timing->worst_slack_ns << " ns): pick a period it meets";
  const SynthReport wrapped = synthesize(bench::block_target(core, dir, BITLOOM_TEST_WORK), lib, o);
  ASSERT_TRUE(wrapped.timing.has_value());
  EXPECT_TRUE(wrapped.timing->met) << "the core misses " << *o.clock_ns << " ns by " << -wrapped.timing->worst_slack_ns
                                   << " ns where its array meets it";
}
