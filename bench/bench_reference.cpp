// Benchmark (not a test): bitloom's generated arrays beside hand-written ones
// (bench/reference_rtl/, written the straightforward way) in the same flow, through
// `--rtl`. Two groups:
// - os: 8x8 int8 output-stationary MAC and OPT1 arrays (inputs skewed by the host, all
//   accumulators read at once, no handshake, OPT1's final add left outside);
// - mt: the 16-column, K = 16 int8 multiplier-adder tree (`sum + a*w` per column, one
//   weight buffer loaded by shifting, no handshake) against bitloom's mac, opt1 and ent
//   mul_tree arrays;
// - m2d: the 16x16 int8 2D-Matrix (`acc + a*b` per PE, operands registered once at the
//   edge and broadcast, no handshake, no drain) against bitloom's mac, opt1 and
//   sparse_serial matrix_2d arrays with both drains; a sparse array's MACs per cycle are
//   divided by the cycles per operand its harness measures at sigma = 20.
// The hand-written arrays run in hierarchical and flat mode and the better one is the
// baseline; bitloom's run hierarchical, its default. Per design: fmax, area at fmax,
// area efficiency and its ratio to the hand-written array (the OS group compares PE
// kind with PE kind, the mt group every PE with the hand-written MAC); area at a common
// clock (the hierarchical hand-written MAC's fmax period); for bitloom's OS arrays, the
// utilization the Verilator harness measures for back-to-back K=256 tiles (throughput
// per area is efficiency x utilization) and the flat area at the same clock.
// usage: bench_reference [LIBERTY [os|mt|m2d ...]]  (default: all three groups)
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <map>

#include "bench/bench_common.hpp"
#include "bench/measured_cycles.hpp"
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

struct Entry {
  std::string label, kind;  // kind: the PE kind the ratio compares with (mac | opt1)
  SynthTarget target;
  bool flat = false;
  double utilization = 0;  // 0: not measured
  double cycles_per_operand = 1;  // a sparse array's, measured; 1 for every dense one
};

// The hand-written array `file`'s top `top` in both modes: Yosys's result for it depends
// on the mode (see README), and the baseline is whichever is better.
void add_hand_written(std::vector<Entry>& entries, const std::string& label, const std::string& kind,
                      const std::string& file, const std::string& top, long long macs_per_cycle,
                      const std::string& work) {
  for (bool flat : {false, true})
    entries.push_back({fmt::format("hand-written {}, {}", label, flat ? "flat" : "hierarchical"), kind,
                       rtl_target({source_dir() + "/bench/reference_rtl/" + file}, top, {}, {}, macs_per_cycle, work),
                       flat});
}

void print_group(const std::string& title, const std::vector<Entry>& entries, const Liberty& lib) {
  // Only the OS arrays have a drain whose utilization the harness measures.
  const bool utilization =
      std::any_of(entries.begin(), entries.end(), [](const Entry& e) { return e.utilization > 0; });
  fmt::print("{}; bitloom's in hierarchical synthesis.\n\n", title);
  fmt::print("| design | fmax (MHz) | area at fmax (µm²) | area efficiency (GMAC/s/mm²) | vs hand-written "
             "| area at common clock (µm²) |{} flat at the same clock vs hier area |\n",
             utilization ? " utilization (16 × K=256) |" : "");
  fmt::print("|---|---:|---:|---:|---:|---:|{}---|\n", utilization ? "---:|" : "");
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
    const double eff = bench::efficiency(f) / e.cycles_per_operand;
    const bool hand_written = e.label.rfind("hand-written", 0) == 0;
    if (hand_written) hand[e.kind] = std::max(hand[e.kind], eff);
    const std::string util_cell =
        !utilization ? "" : e.utilization > 0 ? fmt::format(" {:.4f} |", e.utilization) : " n/a |";
    fmt::print("| {} | {:.1f} | {:.0f} | {:.2f} | {} | {:.0f}{} |{} {} |\n", e.label, f.fmax_mhz(), f.at_fmax.area,
               eff, hand_written ? "" : fmt::format("**{:.2f}×**", eff / hand[e.kind]), rc.area,
               rc.timing->met ? "" : " (violated)", util_cell, e.flat ? "" : bench::flat_difference(e.target, lib, f));
    std::fflush(stdout);
  }
  fmt::print("\nCommon clock: {:.3f} ns (the hierarchical hand-written MAC's fmax period). \"vs hand-written\" "
             "divides by the better of the hand-written array's two modes.\n\n",
             common);
}

std::vector<Entry> os_group(const std::string& work) {
  std::vector<Entry> entries;
  add_hand_written(entries, "MAC", "mac", "ref_os_mac.v", "ref_os_mac", 64, work);
  add_hand_written(entries, "OPT1", "opt1", "ref_os_opt1.v", "ref_os_opt1", 64, work);
  for (const char* s : {"os_8x8_i8_mac", "os_8x8_i8_mac_shift", "os_8x8_i8_opt1", "os_8x8_i8_opt1_shift"}) {
    const Generated g = generate_into_work(source_dir() + "/bench/specs/" + s + ".yaml", work);
    const std::string pe = g.design.params.at("pe").get<std::string>();
    entries.push_back({fmt::format("bitloom {}, drain: {}", pe, g.design.params.at("drain").get<std::string>()), pe,
                       synth_target(g), false, measured_utilization(g)});
  }
  return entries;
}

// Every mul_tree PE against the hand-written `a*w` tree (the paper's baseline is a MAC).
std::vector<Entry> mt_group(const std::string& work) {
  std::vector<Entry> entries;
  add_hand_written(entries, "multiplier-adder tree", "mac", "ref_mt_mac.v", "ref_mt_mac", 256, work);
  for (const char* s : {"mt_16x16_i8_mac", "mt_16x16_i8_opt1", "mt_16x16_i8_ent"}) {
    const Generated g = generate_into_work(source_dir() + "/bench/specs/" + s + ".yaml", work);
    entries.push_back({fmt::format("bitloom mul_tree, pe: {}", g.design.params.at("pe").get<std::string>()), "mac",
                       synth_target(g)});
  }
  return entries;
}

// Every matrix_2d PE with both drains against the hand-written broadcast `acc + a*b` array.
std::vector<Entry> m2d_group(const std::string& work) {
  std::vector<Entry> entries;
  add_hand_written(entries, "2D-Matrix MAC", "mac", "ref_m2d_mac.v", "ref_m2d_mac", 256, work);
  for (const char* pe : {"mac", "opt1", "sparse_serial"})
    for (const char* drain : {"", "_shift"}) {
      const Generated g = generate_into_work(
          fmt::format("{}/bench/specs/m2d_16x16_i8_{}{}.yaml", source_dir(), pe, drain), work);
      Entry e{fmt::format("bitloom matrix_2d, pe: {}, drain: {}", pe, g.design.params.at("drain").get<std::string>()),
              "mac", synth_target(g)};
      if (std::string(pe) == "sparse_serial") {
        e.cycles_per_operand = bench::measured_cycles_per_operand(g);
        e.label += fmt::format(" ({:.3f} cycles per operand)", e.cycles_per_operand);
      }
      entries.push_back(e);
    }
  return entries;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string lib_path = argc > 1 ? argv[1] : default_liberty_path();
  std::vector<std::string> groups = {"os", "mt", "m2d"};
  if (argc > 2) groups.assign(argv + 2, argv + argc);
  const std::string work = bench::work_dir("bench-reference");
  const Liberty lib = load_liberty(lib_path, work);
  for (const auto& group : groups) {
    if (group == "os")
      print_group(fmt::format("Liberty {}, 8x8 int8 output-stationary arrays", lib.name), os_group(work), lib);
    else if (group == "mt")
      print_group(fmt::format("Liberty {}, 16-column K = 16 int8 multiplier-adder trees", lib.name), mt_group(work),
                  lib);
    else if (group == "m2d")
      print_group(fmt::format("Liberty {}, 16x16 int8 2D-Matrix arrays", lib.name), m2d_group(work), lib);
    else {
      fmt::print(stderr, "bench_reference: unknown group '{}' (os, mt or m2d)\n", group);
      return 2;
    }
  }
  return 0;
}
