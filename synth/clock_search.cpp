#include "synth/clock_search.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <future>
#include <limits>
#include <thread>

#include "generator/spec_error.hpp"

namespace bitloom {

namespace {

// Periods on a 1 ps grid, so that probes repeat exactly and hit the cache.
double on_grid(double ns) { return std::max(0.001, std::round(ns * 1000.0) / 1000.0); }

// The bracket so far: the shortest period that met and the longest one below it that failed.
struct Bracket {
  double met = std::numeric_limits<double>::infinity();
  double failed = 0;
  double met_delay = 0;     // critical path of the best passing netlist
  double failed_delay = 0;  // of the failing netlist closest below
  double min_delay = std::numeric_limits<double>::infinity();  // shortest critical path of any probe
  void add(const SynthReport& r) {
    const double p = *r.clock_ns, delay = p - r.timing->worst_slack_ns;
    min_delay = std::min(min_delay, delay);
    if (r.timing->met && p < met) {
      met = p;
      met_delay = delay;
    }
    if (!r.timing->met && p > failed && p < met) {
      failed = p;
      failed_delay = delay;
    }
    if (failed >= met) failed = 0;  // a pass below an earlier fail: the fail no longer bounds it
  }
  bool have_met() const { return std::isfinite(met); }
};

// Up to `n` periods for the next round (the probes of one round run side by side).
std::vector<double> next_round(const Bracket& b, double res, size_t n) {
  std::vector<double> p;
  if (!b.have_met()) {
    // Nothing met yet: just above the failing netlist's own critical path, and well above.
    const double d = std::max(b.failed_delay, b.failed * 1.05);
    p = {d * 1.03, d * 1.3};
  } else if (b.failed == 0) {
    // Nothing failed yet: timing-driven mapping gets faster when pushed, so try the
    // passing netlist's critical path and a tenth below it.
    const double d = b.met_delay < b.met - res ? b.met_delay : b.met * 0.92;
    p = {d, d * 0.88};
  } else {
    // Inside the bracket: the shortest critical path any probe's netlist had (a netlist
    // that fast meets that period), else the middle (or thirds, for two probes).
    const double span = b.met - b.failed;
    const double fastest = std::ceil(b.min_delay * 1000.0 - 1e-6) / 1000.0;
    if (fastest > b.failed && fastest < b.met) p = {fastest};
    if (p.size() < n) {
      if (n == 1 || !p.empty()) p.push_back(b.failed + span / 2);
      else p = {b.failed + span / 3, b.failed + 2 * span / 3};
    }
  }
  for (double& x : p) x = on_grid(x);
  p.resize(std::min(p.size(), n));
  p.erase(std::remove_if(p.begin(), p.end(), [&](double x) { return x <= b.failed || x >= b.met; }), p.end());
  std::sort(p.begin(), p.end());
  p.erase(std::unique(p.begin(), p.end()), p.end());
  return p;
}

// Syntheses that fit the cores at once (each already runs its mappings side by side).
size_t parallel_runs() {
  SynthOptions clocked;
  clocked.clock_ns = 1.0;
  return std::max<size_t>(1, std::thread::hardware_concurrency() / mappings_per_run(clocked));
}

}  // namespace

std::vector<SynthReport> sweep_clocks(const SynthTarget& t, const Liberty& lib, bool flat,
                                      const std::vector<double>& clocks_ns) {
  const size_t width = parallel_runs();
  std::vector<SynthReport> out(clocks_ns.size());
  for (size_t i = 0; i < clocks_ns.size(); i += width) {
    std::vector<std::future<SynthReport>> jobs;
    for (size_t k = i; k < std::min(clocks_ns.size(), i + width); ++k)
      jobs.push_back(std::async(std::launch::async, [&, k] {
        SynthOptions o;
        o.clock_ns = on_grid(clocks_ns[k]);
        o.flat = flat;
        return synthesize(t, lib, o);
      }));
    for (size_t k = 0; k < jobs.size(); ++k) out[i + k] = jobs[k].get();
  }
  return out;
}

FmaxResult search_fmax(const SynthTarget& t, const Liberty& lib, const FmaxOptions& o) {
  const auto start = std::chrono::steady_clock::now();
  FmaxResult f;
  f.resolution_ns = o.resolution_ns;
  Bracket b;
  auto run = [&](const std::vector<double>& periods) {
    for (auto& r : sweep_clocks(t, lib, o.flat, periods)) {
      b.add(r);
      f.probes.push_back(std::move(r));
    }
  };
  run({on_grid(o.start_ns)});
  while (static_cast<int>(f.probes.size()) < o.max_probes || !b.have_met()) {
    if (b.have_met() && b.failed > 0 && b.met - b.failed <= o.resolution_ns) break;
    if (!b.have_met() && b.failed > 1e4)
      throw ToolError(fmt::format("{} misses timing even at {:.0f} ns", t.top, b.failed));
    if (b.have_met() && b.met < 0.005) throw ToolError(fmt::format("{} meets timing at 5 ps; check the SDC", t.top));
    size_t n = parallel_runs();
    if (b.have_met()) n = std::min<size_t>(n, o.max_probes - f.probes.size());
    const std::vector<double> next = next_round(b, o.resolution_ns, n);
    if (next.empty()) break;
    run(next);
  }
  f.period_ns = b.met;
  f.failing_period_ns = b.failed;
  for (const auto& p : f.probes)
    if (std::fabs(*p.clock_ns - b.met) < 1e-9) f.at_fmax = p;
  f.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return f;
}

FmaxResult search_fmax(const Generated& g, const Liberty& lib, const FmaxOptions& o) {
  return search_fmax(synth_target(g), lib, o);
}

}  // namespace bitloom
