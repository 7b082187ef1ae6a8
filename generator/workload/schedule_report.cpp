#include "generator/workload/schedule_report.hpp"

#include <fmt/format.h>

namespace bitloom::workload {

std::string binding_units(const Workload& w, const Binding& b) {
  const UnitKind k = unit_kind_of(w.tasks[b.task].op);
  if (k == UnitKind::kCore && b.core_cols != w.lanes)
    return fmt::format("cc{}({}x{})", b.units.front(), w.lanes, b.core_cols);
  std::string s;
  for (int u : b.units) s += fmt::format("{}{}{}", s.empty() ? "" : "+", unit_prefix(k), u);
  return s;
}

namespace {

std::string phase_text(const Workload& w, const Plan& p, int ph) {
  std::string s;
  for (const Binding& b : p.choices.phases[ph].bindings) {
    const Task& t = w.tasks[b.task];
    s += fmt::format("{}{}@{}", s.empty() ? "" : ", ", t.name, binding_units(w, b));
    if (t.op == Op::kGemm && p.tasks[b.task].order == LoopOrder::kPanels) s += "(panels)";
  }
  return s;
}

// What a task does on its units: for GEMMs the tile, loop order, how the cores share
// the work and which operands are re-read; every task's operand sources.
nlohmann::ordered_json binding_json(const Workload& w, const Plan& p, const Binding& b) {
  const TaskPlan& tp = p.tasks[b.task];
  nlohmann::ordered_json j = {{"task", w.tasks[b.task].name}, {"op", name(w.tasks[b.task].op)},
                              {"units", binding_units(w, b)}};
  nlohmann::ordered_json sources = nlohmann::ordered_json::object();
  for (size_t i = 0; i < tp.sources.size(); ++i)
    sources[w.tensors[w.tasks[b.task].inputs[i]].name] = std::string(name(tp.sources[i])) + (tp.resident[i] ? " (whole)" : "");
  if (w.tasks[b.task].op == Op::kGemm) {
    j["array"] = {w.lanes, b.core_cols};
    j["order"] = name(tp.order);
    if (tp.order == LoopOrder::kPanels) {
      const PanelSplit split = panel_split(w, b, b.task);
      j["cores_m_x_n"] = {split.cores_m, split.cores_n};  // B panels broadcast to cores_m cores
    } else {
      j["cores_m_x_n"] = {1, b.units.size()};  // A row blocks broadcast to every core
    }
    j["reread_dram_operands"] = static_cast<bool>(p.choices.restream[b.task]);
  }
  j["sources"] = sources;
  j["sink"] = name(p.tensors[w.tasks[b.task].out].home);
  return j;
}

nlohmann::ordered_json perf_json(const Workload& w, const PerfResult& r) {
  nlohmann::ordered_json j;
  j["cycles"] = r.cycles;
  j["dram_read_bytes"] = r.read_bytes;
  j["dram_write_bytes"] = r.write_bytes;
  j["pe_utilization"] = r.pe_utilization;
  j["unit_busy"] = r.unit_busy;
  nlohmann::ordered_json per_tensor = nlohmann::ordered_json::object();
  for (size_t t = 0; t < w.tensors.size(); ++t) {
    auto rd = r.read_by_tensor.find(static_cast<int>(t));
    auto wr = r.write_by_tensor.find(static_cast<int>(t));
    if (rd == r.read_by_tensor.end() && wr == r.write_by_tensor.end()) continue;
    per_tensor[w.tensors[t].name] = {{"read", rd == r.read_by_tensor.end() ? 0 : rd->second},
                                     {"write", wr == r.write_by_tensor.end() ? 0 : wr->second}};
  }
  j["dram_bytes_by_tensor"] = per_tensor;
  nlohmann::ordered_json phases = nlohmann::ordered_json::array();
  for (const PhaseResult& ph : r.phases)
    phases.push_back({{"cycles", ph.cycles}, {"dram_read_bytes", ph.read_bytes}, {"dram_write_bytes", ph.write_bytes}});
  j["phases"] = phases;
  if (!r.error.empty()) j["error"] = r.error;
  return j;
}

}  // namespace

nlohmann::ordered_json schedule_json(const Workload& w, const Scheduled& s, const PerfResult* simulated) {
  const Plan& p = s.plan;
  nlohmann::ordered_json j;
  j["workload"] = w.name;
  j["spec"] = w.file_name;
  j["spec_sha256"] = w.sha256;
  j["schedule"] = s.label;
  j["lanes"] = w.lanes;
  j["reconfigurations"] = p.phase_count() - 1;
  j["peak_buffer_bytes"] = p.peak_buffer_bytes;
  j["buffer_budget_bytes"] = w.resources.buffer_bytes;
  nlohmann::ordered_json phases = nlohmann::ordered_json::array();
  for (int ph = 0; ph < p.phase_count(); ++ph) {
    nlohmann::ordered_json bj = nlohmann::ordered_json::array();
    for (const Binding& b : p.choices.phases[ph].bindings) bj.push_back(binding_json(w, p, b));
    phases.push_back({{"bindings", bj}, {"prefetch", p.choices.phases[ph].prefetch},
                      {"buffer_bytes", p.buffer_bytes[ph]}});
  }
  j["phases"] = phases;
  nlohmann::ordered_json tensors = nlohmann::ordered_json::object();
  for (size_t t = 0; t < w.tensors.size(); ++t) {
    const TensorPlan& tp = p.tensors[t];
    nlohmann::ordered_json tj = {{"shape", {w.tensors[t].rows, w.tensors[t].cols}},
                                 {"format", w.format_of(static_cast<int>(t)).name},
                                 {"home", name(tp.home)}};
    if (tp.home == Home::kFifo) tj["fifo_depth_row_blocks"] = tp.fifo_depth;
    if (tp.loaded) tj["loaded_in_phase"] = tp.load_phase;
    if (tp.live_from >= 0) tj["buffer_phases"] = {tp.live_from, tp.live_to};
    tensors[w.tensors[t].name] = tj;
  }
  j["tensors"] = tensors;
  j["estimate"] = perf_json(w, s.estimate);
  if (simulated) j["systemc"] = perf_json(w, *simulated);
  j["search"] = {{"candidates_costed", s.evaluated}, {"moves", s.moves}};
  return j;
}

std::string schedule_table(const Workload& w, const Scheduled& s, const PerfResult* simulated) {
  const Plan& p = s.plan;
  const PerfResult& e = s.estimate;
  std::string out = fmt::format("{} [{}]: {} cycles (estimate){}, DRAM {} B read + {} B written, {} phases, peak buffer "
                                "{} of {} B, PE utilization {:.3f}\n\n",
                                w.name, s.label, e.cycles,
                                simulated ? fmt::format(", {} (SystemC, {:+.2f} %)", simulated->cycles,
                                                        100.0 * (simulated->cycles - e.cycles) / e.cycles)
                                          : "",
                                e.read_bytes, e.write_bytes, p.phase_count(), p.peak_buffer_bytes,
                                w.resources.buffer_bytes, e.pe_utilization);
  out += fmt::format("| phase | tasks @ units | cycles{} | DRAM read | DRAM write | buffer B |\n|---:|---|---:|{}---:|---:|---:|\n",
                     simulated ? " | SystemC" : "", simulated ? "---:|" : "");
  for (int ph = 0; ph < p.phase_count(); ++ph)
    out += fmt::format("| {} | {}{} | {}{} | {} | {} | {} |\n", ph, phase_text(w, p, ph),
                       p.choices.phases[ph].prefetch ? " (prefetched)" : "", e.phases[ph].cycles,
                       simulated ? fmt::format(" | {}", simulated->phases[ph].cycles) : "", e.phases[ph].read_bytes,
                       e.phases[ph].write_bytes, p.buffer_bytes[ph]);
  out += "\n| tensor | shape | format | home | FIFO row blocks | loaded in phase |\n|---|---|---|---|---:|---:|\n";
  for (size_t t = 0; t < w.tensors.size(); ++t) {
    const TensorPlan& tp = p.tensors[t];
    out += fmt::format("| {} | {}x{} | {} | {} | {} | {} |\n", w.tensors[t].name, w.tensors[t].rows, w.tensors[t].cols,
                       w.format_of(static_cast<int>(t)).name, name(tp.home),
                       tp.home == Home::kFifo ? std::to_string(tp.fifo_depth) : "", tp.loaded ? std::to_string(tp.load_phase) : "");
  }
  out += "\nunit busy (estimate):";
  for (const auto& [u, b] : e.unit_busy) out += fmt::format(" {} {:.2f}", u, b);
  out += "\n";
  if (!s.moves.empty()) {
    out += fmt::format("\nsearch ({} candidates costed):\n", s.evaluated);
    for (const auto& m : s.moves) out += "  " + m + "\n";
  }
  return out;
}

}  // namespace bitloom::workload
