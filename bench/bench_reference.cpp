// Benchmark (not a test): bitloom's generated 8x8 int8 OS arrays beside hand-written
// ones (bench/reference_rtl/, written the straightforward way: inputs skewed by the
// host, all accumulators read at once, no handshake, OPT1's final add left outside) in
// the same flow, through `--rtl`. The hand-written arrays run in hierarchical and flat
// mode and the better one is the baseline; bitloom's run hierarchical, its default.
// Per design: fmax, area at fmax, area efficiency and its ratio to the hand-written
// array of the same PE kind; area at a common clock (the hierarchical hand-written
// MAC's fmax period); for bitloom's arrays, the utilization the Verilator harness
// measures for back-to-back K=256 tiles (throughput per area is efficiency x
// utilization) and the flat area at the same clock.
// usage: bench_reference [LIBERTY]
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>

#include "bench/bench_common.hpp"
#include "generator/process.hpp"
#include "tb/runner/sim_runner.hpp"

using namespace bitloom;

namespace {

// The BackToBackUtilization test's measurement for a generated design.
double measured_utilization(const Generated& g) {
  SimOptions o;
  o.quiet = true;
  o.gtest_filter = "*BackToBackUtilization*";
  const SimResult r = run_harness(g, build_harness(g), o);
  const auto j = nlohmann::json::parse(read_text_file(r.results_json));
  for (const auto& suite : j.at("testsuites"))
    for (const auto& t : suite.at("testsuite"))
      if (t.contains("utilization")) return std::stod(t.at("utilization").get<std::string>());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string lib_path = argc > 1 ? argv[1] : default_liberty_path();
  const std::string work = bench::work_dir("bench-reference");
  const Liberty lib = load_liberty(lib_path, work);
  const std::string src = source_dir();
  struct Entry {
    std::string label, kind;  // kind: mac | opt1
    SynthTarget target;
    bool flat = false;
    double utilization = 0;
  };
  std::vector<Entry> entries;
  // The hand-written arrays in both modes: Yosys's result for them depends on the mode
  // (see README), and the baseline is whichever is better.
  for (const char* kind : {"mac", "opt1"})
    for (bool flat : {false, true})
      entries.push_back({fmt::format("hand-written {}, {}", kind == std::string("mac") ? "MAC" : "OPT1",
                                     flat ? "flat" : "hierarchical"),
                         kind,
                         rtl_target({src + "/bench/reference_rtl/ref_os_" + kind + ".v"},
                                    std::string("ref_os_") + kind, {}, {}, 64, work),
                         flat});
  for (const char* s : {"os_8x8_i8_mac", "os_8x8_i8_mac_shift", "os_8x8_i8_opt1", "os_8x8_i8_opt1_shift"}) {
    const Generated g = generate_into_work(src + "/bench/specs/" + s + ".yaml", work);
    const std::string pe = g.design.params.at("pe").get<std::string>();
    entries.push_back({fmt::format("bitloom {}, drain: {}", pe, g.design.params.at("drain").get<std::string>()), pe,
                       synth_target(g), false, measured_utilization(g)});
  }
  fmt::print("Liberty {}, 8x8 int8 output-stationary arrays; bitloom's in hierarchical synthesis.\n\n", lib.name);
  fmt::print("| design | fmax (MHz) | area at fmax (µm²) | area efficiency (GMAC/s/mm²) | vs hand-written "
             "| area at common clock (µm²) | utilization (16 × K=256) | flat at the same clock vs hier area |\n");
  fmt::print("|---|---:|---:|---:|---:|---:|---:|---|\n");
  std::map<std::string, double> hand;  // best hand-written efficiency per PE kind
  double common = 0;
  for (const auto& e : entries) {
    FmaxOptions fo;
    fo.flat = e.flat;
    const FmaxResult f = search_fmax(e.target, lib, fo);
    if (common == 0) common = f.period_ns;
    SynthOptions at;
    at.clock_ns = common;
    at.flat = e.flat;
    const SynthReport rc = synthesize(e.target, lib, at);
    const double eff = bench::efficiency(f);
    const bool hand_written = e.label.rfind("hand-written", 0) == 0;
    if (hand_written) hand[e.kind] = std::max(hand[e.kind], eff);
    fmt::print("| {} | {:.1f} | {:.0f} | {:.2f} | {} | {:.0f}{} | {} | {} |\n", e.label, f.fmax_mhz(), f.at_fmax.area,
               eff, hand_written ? "" : fmt::format("**{:.2f}×**", eff / hand[e.kind]), rc.area,
               rc.timing->met ? "" : " (violated)",
               e.utilization > 0 ? fmt::format("{:.4f}", e.utilization) : "n/a (no drain)",
               e.flat ? "" : bench::flat_difference(e.target, lib, f));
    std::fflush(stdout);
  }
  fmt::print("\nCommon clock: {:.3f} ns (the hierarchical hand-written MAC's fmax period). \"vs hand-written\" "
             "divides by the better of the hand-written array's two modes.\n",
             common);
  return 0;
}
