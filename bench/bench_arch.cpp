// Benchmark (not a test): each array kind's MAC baseline against its optimized PEs
// (OPT1 everywhere, EN-T on the multiplier-adder tree), int8, with the PPA flow, each
// with both drains where the array has results to drain. Per design: fmax (slack-
// guided search), area at fmax, area at a common clock (the arch's MAC period), the flat
// area at its fmax clock (hierarchical-vs-flat difference), area efficiency (MACs per
// cycle x fmax / area at fmax) and its ratio to the same arch's MAC with the same drain.
// Sparse-serial arrays do R*C / (cycles per operand) MACs per cycle: the cycles per
// operand are measured, by the design's Verilator harness on int8 from N(0, 20).
// usage: bench_arch [LIBERTY [DESIGN ...]]  (DESIGN: os_16x16_i8, ws_16x16_i8, cube_8x8x8_i8, mt_16x16_i8, m2d_16x16_i8)
#include <fmt/format.h>

#include <filesystem>

#include "bench/bench_common.hpp"
#include "bench/measured_cycles.hpp"
#include "generator/process.hpp"
#include "tb/runner/sim_runner.hpp"

using namespace bitloom;
namespace fs = std::filesystem;

int main(int argc, char** argv) {
  const std::string lib_path = argc > 1 ? argv[1] : default_liberty_path();
  const std::string work = bench::work_dir("bench-arch");
  const Liberty lib = load_liberty(lib_path, work);
  const std::string dir = source_dir() + "/bench/specs/";
  std::vector<std::string> archs = {"os_16x16_i8", "ws_16x16_i8", "cube_8x8x8_i8", "mt_16x16_i8", "m2d_16x16_i8"};
  if (argc > 2) archs.assign(argv + 2, argv + argc);
  fmt::print("Liberty {}, hierarchical synthesis, fmax by slack-guided search (shortest met period).\n\n", lib.name);
  fmt::print("| design | MACs/cycle | fmax (MHz) | area at fmax (µm²) | area at common clock (µm²) | common clock (ns) "
             "| flat vs hier area | area efficiency (GMAC/s/mm²) | vs MAC | --fmax time (s) | probes |\n");
  fmt::print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  for (const auto& arch : archs) {
    std::vector<std::string> drains = {""};
    const bool weight_stationary = arch.rfind("ws_", 0) == 0 || arch.rfind("mt_", 0) == 0;
    const bool matrix = arch.rfind("m2d_", 0) == 0;
    if (!weight_stationary) drains.push_back("_shift");
    std::vector<std::string> pes = {"_mac", "_opt1"};
    if (arch.rfind("mt_", 0) == 0) pes.push_back("_ent");
    if (matrix) pes.push_back("_sparse_serial");
    for (const auto& drain : drains) {
      double mac_eff = 0, common = 0;
      for (const std::string& pe : pes) {
        const std::string spec = dir + arch + pe + drain + ".yaml";
        const Generated gen = generate_into_work(spec, work);
        const SynthTarget t = synth_target(gen);
        const double per_operand = pe == "_sparse_serial" ? bench::measured_cycles_per_operand(gen) : 1.0;
        const FmaxResult f = search_fmax(t, lib, FmaxOptions{});
        if (common == 0) common = f.period_ns;
        SynthOptions at;
        at.clock_ns = common;
        const SynthReport rc = synthesize(t, lib, at);
        const double eff = bench::efficiency(f) / per_operand;
        if (pe == "_mac") mac_eff = eff;
        fmt::print("| {} | {} | {:.1f} | {:.0f} | {:.0f}{} | {:.3f} | {} | {:.2f} | {} | {:.0f} | {} |\n", t.top,
                   per_operand == 1.0 ? fmt::format("{}", f.at_fmax.macs_per_cycle)
                                      : fmt::format("{:.1f} ({} / {:.4f} cycles per operand)",
                                                    f.at_fmax.macs_per_cycle / per_operand, f.at_fmax.macs_per_cycle,
                                                    per_operand),
                   f.fmax_mhz(), f.at_fmax.area, rc.area,
                   rc.timing->met ? "" : " (violated)", common, bench::flat_difference(t, lib, f), eff,
                   pe == "_mac" ? "" : fmt::format("**{:.2f}×**", eff / mac_eff), f.seconds,
                   f.probes.size());
        std::fflush(stdout);
      }
    }
  }
  return 0;
}
