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
  nlohmann::ordered_json boxes = nlohmann::ordered_json::array();
  for (const auto& b : r.black_boxes)
    boxes.push_back({{"module", b.module}, {"instances", b.instances}, {"bits_each", b.bits_each}});
  j["black_boxes"] = boxes;  // RAMs kept as SRAM macros: not mapped, no area, untimed inside
  j["macs_per_cycle"] = r.macs_per_cycle;
  if (r.timing) {
    const TimingReport& t = *r.timing;
    j["timing"] = {{"clock_ns", t.clock_ns},
                   {"met", t.met},
                   {"worst_slack_ns", t.worst_slack_ns},
                   {"wns_ns", t.wns_ns},
                   {"tns_ns", t.tns_ns},
                   {"input_delay_ns", t.input_delay_ns},
                   {"output_delay_ns", t.output_delay_ns},
                   {"critical_path", {{"startpoint", t.startpoint},
                                      {"endpoint", t.endpoint},
                                      {"logic_levels", t.logic_levels},
                                      {"arrival_ns", t.arrival_ns}}},
                   {"sdc", t.sdc},
                   {"sta_log", t.sta_log},
                   {"sta_memory_estimate_mib", t.estimate_mib},
                   {"sta_peak_memory_mib", t.peak_mib}};
  } else {
    j["timing"] = nullptr;
  }
  j["mapping"] = r.mapping;
  j["alternatives"] = nlohmann::ordered_json::array();
  for (const auto& a : r.alternatives)
    j["alternatives"].push_back(
        {{"mapping", a.mapping}, {"area_um2", a.area}, {"worst_slack_ns", a.worst_slack_ns}, {"met", a.met}});
  j["commands"] = r.commands;
  j["scripts"] = r.scripts;
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
  for (const auto& b : j.at("black_boxes")) r.black_boxes.push_back({b.at("module"), b.at("instances"), b.at("bits_each")});
  r.macs_per_cycle = j.at("macs_per_cycle");
  if (!j.at("timing").is_null()) {
    const auto& jt = j.at("timing");
    TimingReport t;
    t.clock_ns = jt.at("clock_ns");
    t.met = jt.at("met");
    t.worst_slack_ns = jt.at("worst_slack_ns");
    t.wns_ns = jt.at("wns_ns");
    t.tns_ns = jt.at("tns_ns");
    t.input_delay_ns = jt.at("input_delay_ns");
    t.output_delay_ns = jt.at("output_delay_ns");
    t.startpoint = jt.at("critical_path").at("startpoint");
    t.endpoint = jt.at("critical_path").at("endpoint");
    t.logic_levels = jt.at("critical_path").at("logic_levels");
    t.arrival_ns = jt.at("critical_path").at("arrival_ns");
    t.sdc = jt.at("sdc");
    t.sta_log = jt.at("sta_log");
    t.peak_mib = jt.at("sta_peak_memory_mib");
    t.estimate_mib = jt.at("sta_memory_estimate_mib");
    r.timing = t;
  }
  r.mapping = j.at("mapping");
  for (const auto& a : j.at("alternatives"))
    r.alternatives.push_back({a.at("mapping"), a.at("area_um2"), a.at("worst_slack_ns"), a.at("met")});
  r.commands = j.at("commands").get<std::vector<std::string>>();
  r.scripts = j.at("scripts").get<std::map<std::string, std::string>>();
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
  if (r.timing) {
    const TimingReport& t = *r.timing;
    s += fmt::format("Timing at {:.3f} ns ({:.1f} MHz): **{}**, worst slack {:.3f} ns, TNS {:.3f} ns. "
                     "Critical path {} -> {}, {} logic levels, arrival {:.3f} ns. Input/output delay "
                     "{:.2f}/{:.2f} ns, ideal clock. OpenSTA's peak memory {:.0f} MiB (budgeted {:.0f} MiB).\n\n",
                     t.clock_ns, 1000.0 / t.clock_ns, t.met ? "met" : "VIOLATED", t.worst_slack_ns,
                     t.tns_ns, t.startpoint, t.endpoint, t.logic_levels, t.arrival_ns,
                     t.input_delay_ns, t.output_delay_ns, t.peak_mib, t.estimate_mib);
  }
  s += "| module | instances | area each (µm²) | area total (µm²) | cells each | flops each |\n";
  s += "|---|---:|---:|---:|---:|---:|\n";
  for (const auto& m : r.modules)
    s += fmt::format("| {} | {} | {:.1f} | {:.1f} | {} | {} |\n", m.name, m.instances, m.area,
                     m.area * m.instances, m.cells, m.flops);
  if (!r.black_boxes.empty()) {
    long long bits = 0;
    std::string list;
    for (const auto& b : r.black_boxes) {
      bits += b.instances * b.bits_each;
      list += fmt::format("{}{} x {} ({} bits each)", list.empty() ? "" : ", ", b.instances, b.module, b.bits_each);
    }
    s += fmt::format("\nSRAM macros kept as black boxes: {} bits ({}). Their area is not in the totals and "
                     "timing stops at their ports.\n",
                     bits, list);
  }
  s += "\n| cell | count |\n|---|---:|\n";
  for (const auto& [c, n] : r.cells_by_type) s += fmt::format("| {} | {} |\n", c, n);
  return s;
}

}  // namespace bitloom
