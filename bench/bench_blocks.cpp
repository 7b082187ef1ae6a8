// Benchmark (not a test): the workload hardware's building blocks (bench/workload_blocks.hpp)
// through the PPA flow, hierarchical: fmax (slack-guided search), area at fmax, the
// area at a 5 ns clock, and the flat area at the fmax clock (BITLOOM_BENCH_NO_FLAT=1
// skips it).
// usage: bench_blocks [LIBERTY [LABEL_PART]]   (LABEL_PART: only the blocks whose label has it)
#include <fmt/format.h>

#include "bench/bench_common.hpp"
#include "bench/workload_blocks.hpp"
#include "generator/process.hpp"

using namespace bitloom;

int main(int argc, char** argv) {
  const std::string lib_path = argc > 1 ? argv[1] : default_liberty_path();
  const std::string work = bench::work_dir("bench-blocks");
  const Liberty lib = load_liberty(lib_path, work);
  fmt::print("Liberty {}, hierarchical synthesis.\n\n", lib.name);
  fmt::print("| block | fmax (MHz) | area at fmax (µm²) | area at 5 ns (µm²) | flops at 5 ns "
             "| flat vs hier area |\n|---|---:|---:|---:|---:|---|\n");
  const std::string only = argc > 2 ? argv[2] : "";
  for (const auto& b : bench::workload_blocks()) {
    if (b.label.find(only) == std::string::npos) continue;
    const SynthTarget t = bench::block_target(b, work + "/rtl", work);
    const FmaxResult f = search_fmax(t, lib, FmaxOptions{});
    SynthOptions at;
    at.clock_ns = 5;
    const SynthReport r = synthesize(t, lib, at);
    fmt::print("| {} | {:.1f} | {:.0f} | {:.0f}{} | {} | {} |\n", b.label, f.fmax_mhz(), f.at_fmax.area, r.area,
               r.timing->met ? "" : " (violated)", r.flops, bench::flat_difference(t, lib, f));
    std::fflush(stdout);
  }
  return 0;
}
