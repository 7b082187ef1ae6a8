#include "synth/synth_report.hpp"

#include <fmt/format.h>

namespace bitloom {

nlohmann::ordered_json report_to_json(const SynthReport& r) {
  nlohmann::ordered_json j;
  j["schema"] = kSynthSchema;
  j["top"] = r.top;
  j["mode"] = r.mode;
  j["clock_ns"] = r.clock_ns ? nlohmann::ordered_json(*r.clock_ns) : nlohmann::ordered_json();
  j["liberty"] = {{"name", r.liberty.name},
                  {"path", r.liberty.source_path},
                  {"sha256", r.liberty.sha256},
                  {"nand2_cell", r.liberty.nand2_cell},
                  {"nand2_area", r.liberty.nand2_area}};
  j["area_um2"] = r.area;
  j["sequential_area_um2"] = r.sequential_area;
  j["combinational_area_um2"] = r.area - r.sequential_area;
  j["yosys_chip_area_um2"] = r.yosys_chip_area;
  j["gate_equivalents"] = r.gate_equivalents;
  j["cells"] = r.cells;
  j["flops"] = r.flops;
  j["cells_by_type"] = r.cells_by_type;
  nlohmann::ordered_json mods = nlohmann::ordered_json::array();
  for (const auto& m : r.modules)
    mods.push_back({{"name", m.name},
                    {"instances", m.instances},
                    {"area_um2_each", m.area},
                    {"area_um2_total", m.area * m.instances},
                    {"sequential_area_um2_each", m.sequential_area},
                    {"cells_each", m.cells},
                    {"flops_each", m.flops},
                    {"cells_by_type_each", m.cells_by_type}});
  j["modules"] = mods;
  j["yosys_seconds"] = r.seconds;
  j["run_dir"] = r.run_dir;
  j["netlist"] = r.netlist;
  j["yosys_log"] = r.yosys_log;
  return j;
}

SynthReport report_from_json(const nlohmann::json& j, const Liberty& lib) {
  SynthReport r;
  r.top = j.at("top");
  r.mode = j.at("mode");
  if (!j.at("clock_ns").is_null()) r.clock_ns = j.at("clock_ns").get<double>();
  r.liberty = lib;
  r.area = j.at("area_um2");
  r.sequential_area = j.at("sequential_area_um2");
  r.yosys_chip_area = j.at("yosys_chip_area_um2");
  r.gate_equivalents = lib.nand2_area > 0 ? r.area / lib.nand2_area : 0;
  r.cells = j.at("cells");
  r.flops = j.at("flops");
  r.cells_by_type = j.at("cells_by_type").get<std::map<std::string, long long>>();
  for (const auto& m : j.at("modules")) {
    ModuleArea ma;
    ma.name = m.at("name");
    ma.instances = m.at("instances");
    ma.area = m.at("area_um2_each");
    ma.sequential_area = m.at("sequential_area_um2_each");
    ma.cells = m.at("cells_each");
    ma.flops = m.at("flops_each");
    ma.cells_by_type = m.at("cells_by_type_each").get<std::map<std::string, long long>>();
    r.modules.push_back(ma);
  }
  r.seconds = j.at("yosys_seconds");
  r.run_dir = j.at("run_dir");
  r.netlist = j.at("netlist");
  r.yosys_log = j.at("yosys_log");
  return r;
}

std::string report_markdown(const SynthReport& r) {
  std::string s = fmt::format("## Synthesis of `{}` ({}, {})\n\n", r.top, r.liberty.name, r.mode);
  s += fmt::format("| total area (µm²) | gate equivalents ({}) | cells | flops | sequential area |\n",
                   r.liberty.nand2_cell.empty() ? "n/a" : r.liberty.nand2_cell);
  s += "|---:|---:|---:|---:|---:|\n";
  s += fmt::format("| {:.1f} | {:.0f} | {} | {} | {:.1f} ({:.1f}%) |\n\n", r.area, r.gate_equivalents,
                   r.cells, r.flops, r.sequential_area,
                   r.area > 0 ? 100.0 * r.sequential_area / r.area : 0.0);
  s += "| module | instances | area each (µm²) | area total (µm²) | cells each | flops each |\n";
  s += "|---|---:|---:|---:|---:|---:|\n";
  for (const auto& m : r.modules)
    s += fmt::format("| {} | {} | {:.1f} | {:.1f} | {} | {} |\n", m.name, m.instances, m.area,
                     m.area * m.instances, m.cells, m.flops);
  s += "\n| cell | count |\n|---|---:|\n";
  for (const auto& [c, n] : r.cells_by_type) s += fmt::format("| {} | {} |\n", c, n);
  return s;
}

}  // namespace bitloom
