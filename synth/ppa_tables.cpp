#include "synth/ppa_tables.hpp"

#include <fmt/format.h>

#include "synth/synth_report.hpp"

namespace bitloom {

namespace {
std::string status(const SynthReport& r) {
  return !r.timing ? "n/a" : r.timing->met ? "met" : "timing violated";
}
}  // namespace

double area_efficiency(const SynthReport& r) {
  if (!r.clock_ns || r.area <= 0) return 0;
  return r.macs_per_cycle * (1e9 / *r.clock_ns) / r.area;  // MAC/s per µm²
}

nlohmann::ordered_json sweep_json(const std::vector<SynthReport>& rows) {
  nlohmann::ordered_json j;
  j["schema"] = "bitloom.sweep/1";
  j["reports"] = nlohmann::ordered_json::array();
  for (const auto& r : rows) j["reports"].push_back(report_to_json(r));
  return j;
}

std::string sweep_markdown(const std::vector<SynthReport>& rows) {
  if (rows.empty()) return "";
  std::string s = fmt::format("## Clock sweep of `{}` ({}, {})\n\n", rows[0].top, rows[0].liberty.name,
                              rows[0].mode);
  s += "| clock (ns) | MHz | area (µm²) | GE | flops | worst slack (ns) | TNS (ns) | logic levels | timing |\n";
  s += "|---:|---:|---:|---:|---:|---:|---:|---:|---|\n";
  for (const auto& r : rows)
    s += fmt::format("| {:.3f} | {:.1f} | {:.1f} | {:.0f} | {} | {:.3f} | {:.3f} | {} | {} |\n",
                     *r.clock_ns, 1000.0 / *r.clock_ns, r.area, r.gate_equivalents, r.flops,
                     r.timing->worst_slack_ns, r.timing->tns_ns, r.timing->logic_levels, status(r));
  return s;
}

nlohmann::ordered_json fmax_json(const FmaxResult& f) {
  nlohmann::ordered_json j;
  j["schema"] = "bitloom.fmax/1";
  j["period_ns"] = f.period_ns;
  j["fmax_mhz"] = f.fmax_mhz();
  j["failing_period_ns"] = f.failing_period_ns;
  j["resolution_ns"] = f.resolution_ns;
  j["search_seconds"] = f.seconds;
  j["at_fmax"] = report_to_json(f.at_fmax);
  j["probes"] = nlohmann::ordered_json::array();
  for (const auto& p : f.probes)
    j["probes"].push_back({{"clock_ns", *p.clock_ns},
                           {"met", p.timing->met},
                           {"worst_slack_ns", p.timing->worst_slack_ns},
                           {"area_um2", p.area},
                           {"mapping", p.mapping},
                           {"cached", p.cached},
                           {"run_dir", p.run_dir}});
  return j;
}

std::string fmax_markdown(const FmaxResult& f) {
  const SynthReport& r = f.at_fmax;
  std::string s = fmt::format("## fmax of `{}` ({}, {})\n\n", r.top, r.liberty.name, r.mode);
  s += fmt::format("**fmax {:.1f} MHz** (period {:.3f} ns met; {}). Area at fmax {:.1f} µm² ({:.0f} GE). "
                   "Search: {} probes, {:.1f} s.\n\n",
                   f.fmax_mhz(), f.period_ns,
                   f.failing_period_ns > 0 ? fmt::format("{:.3f} ns violated", f.failing_period_ns)
                                           : std::string("no probe failed"),
                   r.area, r.gate_equivalents, f.probes.size(), f.seconds);
  s += "| probe | clock (ns) | worst slack (ns) | area (µm²) | mapping | timing | cached |\n"
       "|---:|---:|---:|---:|---|---|---|\n";
  int i = 0;
  for (const auto& p : f.probes)
    s += fmt::format("| {} | {:.3f} | {:.3f} | {:.1f} | {} | {} | {} |\n", ++i, *p.clock_ns,
                     p.timing->worst_slack_ns, p.area, p.mapping, status(p), p.cached ? "yes" : "no");
  return s;
}

nlohmann::ordered_json compare_json(const SynthReport& a, const SynthReport& b) {
  nlohmann::ordered_json j;
  j["schema"] = "bitloom.compare/1";
  j["clock_ns"] = a.clock_ns ? nlohmann::ordered_json(*a.clock_ns) : nlohmann::ordered_json();
  j["a"] = report_to_json(a);
  j["b"] = report_to_json(b);
  j["area_ratio_b_over_a"] = b.area / a.area;
  j["area_efficiency_a"] = area_efficiency(a);
  j["area_efficiency_b"] = area_efficiency(b);
  j["area_efficiency_ratio_b_over_a"] = area_efficiency(b) / area_efficiency(a);
  return j;
}

std::string compare_markdown(const SynthReport& a, const SynthReport& b) {
  std::string s = fmt::format("## `{}` vs `{}` at {:.3f} ns ({}, {})\n\n", a.top, b.top, *a.clock_ns,
                              a.liberty.name, a.mode);
  s += fmt::format("| | {} | {} | ratio (right/left) |\n|---|---:|---:|---:|\n", a.top, b.top);
  s += fmt::format("| area (µm²) | {:.1f} | {:.1f} | {:.3f} |\n", a.area, b.area, b.area / a.area);
  s += fmt::format("| gate equivalents | {:.0f} | {:.0f} | {:.3f} |\n", a.gate_equivalents,
                   b.gate_equivalents, b.gate_equivalents / a.gate_equivalents);
  s += fmt::format("| flops | {} | {} | {:.3f} |\n", a.flops, b.flops,
                   static_cast<double>(b.flops) / a.flops);
  s += fmt::format("| MACs per cycle | {} | {} | {:.3f} |\n", a.macs_per_cycle, b.macs_per_cycle,
                   static_cast<double>(b.macs_per_cycle) / a.macs_per_cycle);
  s += fmt::format("| area efficiency (MAC/s per µm²) | {:.4g} | {:.4g} | {:.3f} |\n", area_efficiency(a),
                   area_efficiency(b), area_efficiency(b) / area_efficiency(a));
  s += fmt::format("| worst slack (ns) | {:.3f} | {:.3f} | |\n", a.timing->worst_slack_ns,
                   b.timing->worst_slack_ns);
  s += fmt::format("| timing | {} | {} | |\n", status(a), status(b));
  return s;
}

}  // namespace bitloom
