#include "generator/cli/synth_workload.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <regex>

#include "generator/cli/workload_cli.hpp"
#include "generator/workload/scheduler.hpp"
#include "generator/workload_rtl/system.hpp"
#include "generator/workload_rtl/system_files.hpp"

namespace bitloom::cli {

SynthTarget workload_synth_target(const ParsedArgs& args, const workload::Workload& w, const std::string& work) {
  const workload::Mode m = workload_modes(args, w, false).front();
  const workload::Scheduled s = workload::schedule(w, m);
  const workload_rtl::SystemRtl r = workload_rtl::workload_system(w, s.plan);
  const FileSet files = workload_rtl::render_workload(w, s, r);
  const std::string dir = fmt::format("{}/{}-{}-rtl/{}", work, w.name, workload::name(m), files_key(files));
  SynthTarget t = rtl_target(cached_rtl(files, dir), r.top, {}, {}, 0, work, "clk_i");
  const std::string rams = args.get("--rams", "flops");
  if (rams == "macros") {
    // The RAMs (buffer banks, panel buffers) as SRAM macros: black boxes whose bits the
    // report lists; what is synthesized is the logic around them.
    for (const hw::Module& m : r.modules)
      if (m.ram_bits() > 0) t.black_boxes.push_back({m.name(), m.ram_bits()});
    return t;
  }
  if (rams != "flops") throw std::invalid_argument(fmt::format("--rams: '{}' is neither flops nor macros", rams));
  // The liberties bitloom uses have no SRAM: every bank bit is a flop, with the logic
  // that holds it and its share of the read multiplexers: two cells is a safe floor
  // (enc_odd's intar top on osu018: 9.9 cells per bank bit).
  t.min_cells = 2 * r.buffer_bits;
  return t;
}

namespace {

// The unit kind of a module of the workload top, from the part of its name after the
// workload's: its instance's tag (system_*.cpp names every module that way).
std::string unit_kind(const std::string& module, const std::string& workload) {
  const std::string part = module.rfind(workload + "_", 0) == 0 ? module.substr(workload.size() + 1) : module;
  static const std::vector<std::pair<std::regex, std::string>> kinds = {
      {std::regex("^bank.*"), "buffer banks"},
      {std::regex("^cc.*"), "compute cores (array, fetch, epilogue, demux)"},
      {std::regex("^sm[0-9].*"), "softmax unit and its row streams"},
      {std::regex("^ge[0-9].*"), "GELU unit and its row streams"},
      {std::regex("^ad[0-9].*"), "saturating add and its row streams"},
      {std::regex("^dma_.*"), "DMA read and write channels"},
      {std::regex("^pb[0-9].*"), "B panel buffer"},
      {std::regex("^ctrl.*"), "controller (program ROM, job queues)"},
      {std::regex("^(ld|pr|tw)[0-9].*"), "loader, panel reader, tile writers"},
  };
  for (const auto& [pattern, kind] : kinds)
    if (std::regex_match(part, pattern)) return kind;
  return "top glue (bank ports, counters, fork, write order)";
}

}  // namespace

std::vector<std::pair<std::string, double>> area_by_unit_kind(const SynthReport& r, const std::string& workload) {
  std::map<std::string, double> sums;
  for (const ModuleArea& m : r.modules) sums[unit_kind(m.name, workload)] += m.area * static_cast<double>(m.instances);
  std::vector<std::pair<std::string, double>> out(sums.begin(), sums.end());
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  return out;
}

std::string unit_kind_markdown(const std::vector<std::pair<std::string, double>>& kinds, double total) {
  std::string md = "| unit kind | area (µm²) | share |\n|---|---:|---:|\n";
  for (const auto& [kind, area] : kinds)
    md += fmt::format("| {} | {:.0f} | {:.1f} % |\n", kind, area, total > 0 ? 100.0 * area / total : 0.0);
  return md + fmt::format("| **total** | **{:.0f}** | |\n", total);
}

}  // namespace bitloom::cli
