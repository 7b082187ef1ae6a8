// What the PPA benchmarks share: area efficiency, the hierarchical-vs-flat check at a
// design's own fmax, and the work folder.
#pragma once
#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "synth/clock_search.hpp"

namespace bitloom::bench {

// GMAC/s per mm² at the search's fmax.
inline double efficiency(const FmaxResult& f) {
  return f.at_fmax.macs_per_cycle * f.fmax_mhz() * 1e6 / (f.at_fmax.area * 1e-6) / 1e9;
}

// Flat synthesis at a hierarchical fmax clock, as a signed area difference from the
// hierarchical area, marked when the flat netlist misses that clock (its area then is
// not at the same frequency).
// BITLOOM_BENCH_NO_FLAT=1 skips it (flat runs of the biggest arrays take many minutes).
inline std::string flat_difference(const SynthTarget& t, const Liberty& lib, const FmaxResult& f) {
  const char* skip = std::getenv("BITLOOM_BENCH_NO_FLAT");
  if (skip && std::string(skip) == "1") return "not run";
  SynthOptions o;
  o.flat = true;
  o.clock_ns = f.period_ns;
  const SynthReport flat = synthesize(t, lib, o);
  const double diff = (flat.area - f.at_fmax.area) / f.at_fmax.area;
  return fmt::format("{:+.1f}%{}", 100 * diff,
                     flat.timing->met ? "" : fmt::format(" (flat misses it by {:.2f} ns)", -flat.timing->worst_slack_ns));
}

// $BITLOOM_BENCH_WORK, else build/<name>-work.
inline std::string work_dir(const std::string& name) {
  const char* env = std::getenv("BITLOOM_BENCH_WORK");
  return std::filesystem::absolute(env && *env ? std::string(env) : "build/" + name + "-work").string();
}

}  // namespace bitloom::bench
