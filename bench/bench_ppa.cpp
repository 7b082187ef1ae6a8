// Benchmark (not a test) of the PPA flow: for each design and liberty, fmax (bisection,
// 0.02 ns resolution), area at fmax and at 5 ns, and the wall time of the fmax search
// from a cold work folder.
// usage: bench_ppa [SPEC.yaml ...]   (default: bench/specs/os_{8x8,16x16}_i8.yaml)
#include <fmt/format.h>

#include <filesystem>

#include "synth/clock_search.hpp"

using namespace bitloom;
namespace fs = std::filesystem;

int main(int argc, char** argv) {
  std::vector<std::string> specs(argv + 1, argv + argc);
  if (specs.empty())
    specs = {source_dir() + "/bench/specs/os_8x8_i8_mac.yaml", source_dir() + "/bench/specs/os_16x16_i8_mac.yaml"};
  std::vector<std::string> libs = {default_liberty_path()};
  const std::string nangate = source_dir() + "/../shared/pdk/nangate45_typ.lib.gz";
  if (fs::exists(nangate)) libs.push_back(nangate);
  const std::string work = fs::absolute("build/bench-ppa-work").string();
  fs::remove_all(work);

  fmt::print("| design | liberty | fmax (MHz) | area at fmax (µm²) | GE at fmax | area at 5 ns (µm²) | 5 ns timing | --fmax run time (s) | probes |\n");
  fmt::print("|---|---|---:|---:|---:|---:|---|---:|---:|\n");
  for (const auto& spec : specs) {
    const Generated g = generate_into_work(spec, work);
    for (const auto& path : libs) {
      const Liberty lib = load_liberty(path, work);
      const FmaxResult f = search_fmax(g, lib, false, 0.02);
      SynthOptions at5;
      at5.clock_ns = 5.0;
      const SynthReport r5 = synthesize(g, lib, at5);
      fmt::print("| {} | {} | {:.1f} | {:.0f} | {:.0f} | {:.0f} | {} | {:.1f} | {} |\n", g.design.top,
                 lib.name, f.fmax_mhz(), f.at_fmax.area, f.at_fmax.gate_equivalents, r5.area,
                 r5.timing->met ? "met" : "violated", f.seconds, f.probes.size());
      std::fflush(stdout);
    }
  }
  return 0;
}
