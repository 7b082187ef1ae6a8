// Benchmark (not a test) of the PPA flow: for each design and liberty, fmax (slack-
// guided search, default resolution and probe limit), area at fmax and at 5 ns, the wall
// time and probe count of the fmax search from a cold work folder, and the flat area at
// the fmax clock.
// usage: bench_ppa [SPEC.yaml ...]   (default: bench/specs/os_{8x8,16x16}_i8_mac.yaml)
#include <fmt/format.h>

#include <filesystem>

#include "bench/bench_common.hpp"
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

  fmt::print("| design | liberty | fmax (MHz) | area at fmax (µm²) | GE at fmax | area at 5 ns (µm²) | 5 ns timing | --fmax run time (s) | probes | flat vs hier area |\n");
  fmt::print("|---|---|---:|---:|---:|---:|---|---:|---:|---|\n");
  for (const auto& spec : specs) {
    const Generated g = generate_into_work(spec, work);
    for (const auto& path : libs) {
      const Liberty lib = load_liberty(path, work);
      const FmaxResult f = search_fmax(g, lib, FmaxOptions{});
      SynthOptions at5;
      at5.clock_ns = 5.0;
      const SynthReport r5 = synthesize(g, lib, at5);
      fmt::print("| {} | {} | {:.1f} | {:.0f} | {:.0f} | {:.0f} | {} | {:.1f} | {} | {} |\n", g.design.top,
                 lib.name, f.fmax_mhz(), f.at_fmax.area, f.at_fmax.gate_equivalents, r5.area,
                 r5.timing->met ? "met" : "violated", f.seconds, f.probes.size(),
                 bench::flat_difference(synth_target(g), lib, f));
      std::fflush(stdout);
    }
  }
  return 0;
}
