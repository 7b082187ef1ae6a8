// Benchmark (not a test) of the foundation flow on the MAC OS arrays:
// generate time, Verilator build time (cold: fresh folder, no ccache), simulated
// cycles per second, PE utilization for 16 back-to-back K=256 tiles, and Yosys time.
// usage: bench_os [SPEC.yaml ...]   (default: bench/specs/os_{8x8,16x16}_i8.yaml)
#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>

#include "generator/process.hpp"
#include "synth/synth_runner.hpp"
#include "tb/runner/sim_runner.hpp"

using namespace bitloom;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

std::string property(const nlohmann::json& results, const std::string& test, const std::string& key) {
  for (const auto& suite : results["testsuites"])
    for (const auto& t : suite["testsuite"])
      if (t["name"] == test && t.contains(key)) return t[key].get<std::string>();
  return "";
}
}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> specs(argv + 1, argv + argc);
  if (specs.empty())
    specs = {source_dir() + "/bench/specs/os_8x8_i8_mac.yaml", source_dir() + "/bench/specs/os_16x16_i8_mac.yaml"};
  const std::string work = fs::absolute("build/bench-work").string();
  fs::remove_all(work);
  setenv("BITLOOM_NO_CCACHE", "1", 1);
  const Liberty lib = load_liberty(default_liberty_path(), work);

  fmt::print("| design | generate (ms) | Verilator build (s) | sim cycles/s | utilization (16 x K=256) | Yosys synth (s) | area (µm², osu018) |\n");
  fmt::print("|---|---:|---:|---:|---:|---:|---:|\n");
  for (const auto& spec : specs) {
    const int reps = 20;
    auto t = Clock::now();
    for (int i = 0; i < reps; ++i) render_design(load_spec(spec), build_design(load_spec(spec)));
    const double gen_ms = since(t) * 1000 / reps;
    const Generated g = generate_into_work(spec, work);
    const HarnessBuild h = build_harness(g);
    SimOptions o;
    o.quiet = true;
    o.gtest_filter = "OsTile.BackToBackUtilization:OsTile.DISABLED_SimulationSpeed";
    o.extra_args = {"--gtest_also_run_disabled_tests"};
    const SimResult r = run_harness(g, h, o);
    if (r.exit_code != 0) {
      fmt::print(stderr, "harness failed; see {}\n", r.log);
      return 1;
    }
    const auto results = nlohmann::json::parse(read_text_file(r.results_json));
    const double cycles = std::stod(property(results, "DISABLED_SimulationSpeed", "cycles"));
    const double seconds = std::stod(property(results, "DISABLED_SimulationSpeed", "seconds"));
    const std::string util = property(results, "BackToBackUtilization", "utilization");
    const SynthReport syn = synthesize(g, lib, {});
    fmt::print("| {} | {:.2f} | {:.1f} | {:.0f} | {} | {:.1f} | {:.0f} |\n", g.design.top, gen_ms,
               h.seconds, cycles / seconds, util, syn.seconds, syn.area);
  }
  return 0;
}
