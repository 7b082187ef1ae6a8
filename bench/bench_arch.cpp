// Benchmark (not a test): MAC vs OPT1 on each array kind, int8, with the PPA flow.
// For each pair: fmax (bisection, --resolution), area at fmax, area of both at a
// common clock (the MAC's fmax period, which both meet), and area efficiency
// (MACs per cycle x fmax / area at fmax).
// usage: bench_arch [LIBERTY [RESOLUTION_NS [DESIGN ...]]]  (DESIGN: os_16x16_i8, ...)
#include <fmt/format.h>

#include <filesystem>
#include <future>

#include "synth/clock_search.hpp"
#include "synth/ppa_tables.hpp"

using namespace bitloom;
namespace fs = std::filesystem;

int main(int argc, char** argv) {
  const std::string lib_path = argc > 1 ? argv[1] : default_liberty_path();
  const double resolution = argc > 2 ? std::stod(argv[2]) : 0.05;
  const std::string work = fs::absolute(std::getenv("BITLOOM_BENCH_WORK") ? std::getenv("BITLOOM_BENCH_WORK") : "build/bench-arch-work").string();
  const Liberty lib = load_liberty(lib_path, work);
  const std::string dir = source_dir() + "/bench/specs/";
  std::vector<std::pair<std::string, std::string>> pairs = {
      {"os_16x16_i8_mac", "os_16x16_i8_opt1"},
      {"ws_16x16_i8_mac", "ws_16x16_i8_opt1"},
      {"cube_8x8x8_i8_mac", "cube_8x8x8_i8_opt1"}};
  if (argc > 3) {  // only the named designs, e.g. os_16x16_i8
    pairs.clear();
    for (int i = 3; i < argc; ++i) pairs.push_back({std::string(argv[i]) + "_mac", std::string(argv[i]) + "_opt1"});
  }
  fmt::print("Liberty {}, fmax resolution {} ns, hierarchical synthesis.\n\n", lib.name, resolution);
  fmt::print("| design | MACs/cycle | fmax (MHz) | area at fmax (µm²) | area at common clock (µm²) | common clock (ns) | area efficiency (GMAC/s/mm²) | OPT1/MAC efficiency | --fmax time (s) |\n");
  fmt::print("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  // The pairs run concurrently (each search is a chain of Yosys + OpenSTA processes).
  struct Row { Generated mac, opt; FmaxResult fm, fo; SynthReport om, oo; };
  std::vector<std::future<Row>> jobs;
  for (const auto& [mac_name, opt_name] : pairs)
    jobs.push_back(std::async(std::launch::async, [&, mac_name = mac_name, opt_name = opt_name] {
      Row r{generate_into_work(dir + mac_name + ".yaml", work), generate_into_work(dir + opt_name + ".yaml", work),
            {}, {}, {}, {}};
      r.fm = search_fmax(r.mac, lib, false, resolution, 6.0);
      r.fo = search_fmax(r.opt, lib, false, resolution, 4.0);
      SynthOptions common;
      common.clock_ns = r.fm.period_ns;
      r.om = synthesize(r.mac, lib, common);
      r.oo = synthesize(r.opt, lib, common);
      return r;
    }));
  for (auto& job : jobs) {
    const Row row = job.get();
    const Generated& mac = row.mac;
    const Generated& opt = row.opt;
    const FmaxResult& fm = row.fm;
    const FmaxResult& fo = row.fo;
    const SynthReport& om = row.om;
    const SynthReport& oo = row.oo;
    auto eff = [](const FmaxResult& f) {  // GMAC/s per mm²
      return f.at_fmax.macs_per_cycle * f.fmax_mhz() * 1e6 / (f.at_fmax.area * 1e-6) / 1e9;
    };
    const double ratio = eff(fo) / eff(fm);
    fmt::print("| {} | {} | {:.1f} | {:.0f} | {:.0f} | {:.3f} | {:.2f} | | {:.0f} |\n", mac.design.top,
               fm.at_fmax.macs_per_cycle, fm.fmax_mhz(), fm.at_fmax.area, om.area, fm.period_ns, eff(fm), fm.seconds);
    fmt::print("| {} | {} | {:.1f} | {:.0f} | {:.0f}{} | {:.3f} | {:.2f} | **{:.2f}×** | {:.0f} |\n", opt.design.top,
               fo.at_fmax.macs_per_cycle, fo.fmax_mhz(), fo.at_fmax.area, oo.area,
               oo.timing->met ? "" : " (violated)", fm.period_ns, eff(fo), ratio, fo.seconds);
    std::fflush(stdout);
  }
  return 0;
}
