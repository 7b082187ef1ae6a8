#include "synth/clock_search.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>

#include "generator/spec_error.hpp"

namespace bitloom {

namespace {
// Periods on a 1 ps grid, so that probes repeat exactly and hit the cache.
double on_grid(double ns) { return std::round(ns * 1000.0) / 1000.0; }
}  // namespace

FmaxResult search_fmax(const Generated& g, const Liberty& lib, bool flat, double resolution_ns,
                       double start_ns) {
  const auto start = std::chrono::steady_clock::now();
  FmaxResult f;
  f.resolution_ns = resolution_ns;
  auto probe = [&](double ns) -> const SynthReport& {
    SynthOptions o;
    o.clock_ns = on_grid(ns);
    o.flat = flat;
    f.probes.push_back(synthesize(g, lib, o));
    return f.probes.back();
  };
  // Bracket: a passing period `hi` and a failing one `lo`.
  double hi = on_grid(start_ns), lo = 0;
  while (!probe(hi).timing->met) {
    lo = hi;
    hi = on_grid(hi * 2);
    if (hi > 10000) throw ToolError(fmt::format("{} misses timing even at 10 us", g.design.top));
  }
  if (lo == 0) {
    // Aim just under what the passing run's critical path suggests.
    lo = on_grid(std::max(0.001, (hi - f.probes.back().timing->worst_slack_ns) * 0.7));
    while (lo < hi && probe(lo).timing->met) {
      hi = lo;
      lo = on_grid(lo * 0.7);
      if (lo < 0.005) throw ToolError(fmt::format("{} meets timing at 5 ps; check the SDC", g.design.top));
    }
  }
  while (hi - lo > resolution_ns) {
    const double mid = on_grid((lo + hi) / 2);
    if (mid <= lo || mid >= hi) break;
    if (probe(mid).timing->met) hi = mid;
    else lo = mid;
  }
  f.period_ns = hi;
  f.failing_period_ns = lo;
  for (const auto& p : f.probes)
    if (std::fabs(*p.clock_ns - hi) < 1e-9) f.at_fmax = p;
  f.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return f;
}

std::vector<SynthReport> sweep_clocks(const Generated& g, const Liberty& lib, bool flat,
                                      const std::vector<double>& clocks_ns) {
  std::vector<SynthReport> rows;
  for (double ns : clocks_ns) {
    SynthOptions o;
    o.clock_ns = on_grid(ns);
    o.flat = flat;
    rows.push_back(synthesize(g, lib, o));
  }
  return rows;
}

}  // namespace bitloom
