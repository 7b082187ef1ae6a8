// A generated workload top through the real flow: `bitloom generate`'s files for
// tests/workload_rtl/specs/chain.yaml, Yosys 0.23 hierarchically (each distinct module
// once) and OpenSTA on clk_i at 10 ns. Every unit kind of a GEMM schedule is in it:
// controller, DMA channels, buffer banks, loader, panel reader and buffer, compute core,
// tile writer.
#include <gtest/gtest.h>

#include <algorithm>

#include "generator/emit.hpp"
#include "generator/workload/scheduler.hpp"
#include "generator/workload_rtl/system_files.hpp"
#include "synth/clock_search.hpp"
#include "synth/synth_target.hpp"

using namespace bitloom;

TEST(WorkloadTop, TheChainTopSynthesizesHierarchicallyAndMeetsTenNanoseconds) {
  const workload::Workload w = workload::load_workload(std::string(BITLOOM_TEST_DATA) + "/workload_rtl/specs/chain.yaml");
  const workload::Scheduled s = workload::schedule(w, workload::Mode::kSequential);
  const workload_rtl::SystemRtl rtl = workload_rtl::workload_system(w, s.plan);
  const std::string dir = std::string(BITLOOM_TEST_WORK) + "/workload-top";
  const FileSet files = workload_rtl::render_workload(w, s, rtl);
  write_file_set(dir, files);
  std::vector<std::string> paths;
  for (const auto& [path, text] : files)
    if (path.rfind("rtl/", 0) == 0) paths.push_back(dir + "/" + path);
  const Liberty lib = load_liberty(default_liberty_path(), BITLOOM_TEST_WORK);
  SynthOptions o;
  o.clock_ns = 10;
  const SynthReport r = synthesize(rtl_target(paths, rtl.top, {}, {}, 0, BITLOOM_TEST_WORK, "clk_i"), lib, o);
  EXPECT_GT(r.area, 0);
  ASSERT_TRUE(r.timing.has_value());
  EXPECT_TRUE(r.timing->met) << "worst slack " << r.timing->worst_slack_ns << " ns";
  // Hierarchical: the units are modules of their own in the report.
  for (const char* unit : {"chain_ctrl", "chain_cc0", "chain_bank", "chain_ld0", "chain_pr0", "chain_tw0", "chain_dma_read"})
    EXPECT_TRUE(std::any_of(r.modules.begin(), r.modules.end(), [&](const auto& m) { return m.name == unit; })) << unit;
}
