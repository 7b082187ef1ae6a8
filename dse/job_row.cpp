// The database row of a finished job: who and what ran, and every figure of its report.
#include <fmt/format.h>

#include <ctime>
#include <filesystem>

#include "dse/jobs.hpp"
#include "generator/process.hpp"
#include "generator/spec_error.hpp"

namespace bitloom::dse {

namespace {

using json = nlohmann::ordered_json;

bool ends_with(const std::string& s, const std::string& end) {
  return s.size() > end.size() && s.compare(s.size() - end.size(), end.size(), end) == 0;
}

// Moves every "*_seconds" field out of `j` and returns their sum, and drops every
// "*_peak_memory_mib" field: both differ between runs of the same job.
double take_seconds(json& j) {
  double total = 0;
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end();) {
      const std::string k = it.key();
      if (ends_with(k, "_peak_memory_mib")) {
        it = j.erase(it);
      } else if (ends_with(k, "_seconds") && it->is_number()) {
        total += it->get<double>();
        it = j.erase(it);
      } else {
        total += take_seconds(*it);
        ++it;
      }
    }
  } else if (j.is_array()) {
    for (json& e : j) total += take_seconds(e);
  }
  return total;
}

json at(const json& j, std::initializer_list<const char*> path) {
  const json* cur = &j;
  for (const char* k : path) {
    if (!cur->is_object() || !cur->contains(k)) return nullptr;
    cur = &(*cur)[k];
  }
  return *cur;
}

void synth_figures(const json& r, json& row) {
  row["area_um2"] = at(r, {"area_um2"});
  row["gate_equivalents"] = at(r, {"gate_equivalents"});
  row["cells"] = at(r, {"cells"});
  row["flops"] = at(r, {"flops"});
  row["macs_per_cycle"] = at(r, {"macs_per_cycle"});
  row["liberty"] = at(r, {"liberty", "name"});
  row["liberty_sha256"] = at(r, {"liberty", "sha256"});
  if (!r["timing"].is_null()) {
    row["worst_slack_ns"] = at(r, {"timing", "worst_slack_ns"});
    row["timing_met"] = at(r, {"timing", "met"});
  }
}

void flow_figures(const Job& job, const json& r, json& row) {
  switch (job.flow.kind) {
    case FlowKind::kSynth: synth_figures(r, row); break;
    case FlowKind::kFmax: {
      synth_figures(r["at_fmax"], row);
      row["fmax_mhz"] = r["fmax_mhz"];
      row["clock_ns"] = r["period_ns"];
      const double area = r["at_fmax"].value("area_um2", 0.0), macs = r["at_fmax"].value("macs_per_cycle", 0.0);
      if (area > 0 && macs > 0) row["area_efficiency_gmacs_mm2"] = macs * r.value("fmax_mhz", 0.0) * 1e6 / (area * 1e-6) / 1e9;
      break;
    }
    case FlowKind::kSim:
      row["tests"] = r["tests"];
      row["failures"] = r["failures"];
      break;
    case FlowKind::kAccuracy: {
      row["max_error_lsb"] = at(r, {"error", "max_lsb"});
      row["rms_error_lsb"] = at(r, {"error", "rms_lsb"});
      long long bits = 0;
      for (const json& t : r.value("tables", json::array())) bits += t.value("rows", 0LL) * t.value("row_bits", 0LL);
      row["table_bits"] = bits;
      break;
    }
    case FlowKind::kSchedule: {
      const json s = r["schedules"].empty() ? json(nullptr) : r["schedules"][0];
      row["cycles"] = at(s, {"estimate", "cycles"});
      row["cycles_systemc"] = at(s, {"systemc", "cycles"});
      const json rd = at(s, {"estimate", "dram_read_bytes"}), wr = at(s, {"estimate", "dram_write_bytes"});
      if (rd.is_number() && wr.is_number()) row["dram_bytes"] = rd.get<long long>() + wr.get<long long>();
      row["pe_utilization"] = at(s, {"estimate", "pe_utilization"});
      break;
    }
  }
}

std::string now_utc() {
  const std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

}  // namespace

ResultRow job_row(const Sweep& s, const Job& job, const SweepPaths& paths, const Outcome& o, const ToolVersions& v) {
  ResultRow r;
  json& row = r.columns;
  const Point& p = *job.point;
  row["job_key"] = job.key;
  row["sweep"] = s.name;
  row["sweep_file"] = std::filesystem::path(s.file).filename().string();
  row["point"] = p.label;
  row["point_index"] = p.index;
  row["params"] = p.params.dump();
  row["base_spec"] = p.base;
  row["spec_text"] = p.spec_text;
  row["spec_sha256"] = p.sha256;
  row["kind"] = p.kind;
  row["flow"] = job.flow.key();
  if (job.flow.clock_ns) row["clock_ns"] = *job.flow.clock_ns;
  if (!job.flow.mode.empty()) row["mode"] = job.flow.mode;
  for (const auto& [key, value] : p.facts.items()) row[key] = value;
  row["exit_code"] = o.exit_code;
  row["status"] = o.exit_code == 0 ? "ok" : o.exit_code > 128 ? "crashed" : "failed";
  const std::string result = job.flow.kind == FlowKind::kAccuracy ? paths.result(job) + ".d/accuracy.json" : paths.result(job);
  if (std::filesystem::exists(result)) {
    json report = json::parse(read_text_file(result), nullptr, false);
    if (!report.is_discarded()) {
      // A schedule mode the resources cannot run is an outcome, not a failure.
      if (job.flow.kind == FlowKind::kSchedule && report.contains("not_possible") && report["schedules"].empty())
        row["status"] = "infeasible";
      row["tool_seconds"] = take_seconds(report);
      flow_figures(job, report, row);
      row["report_json"] = report.dump();
    }
  } else if (o.exit_code == 0) {
    row["status"] = "failed";  // it said it succeeded but left no report
  }
  row["bitloom_version"] = v.bitloom;
  row["yosys_version"] = v.yosys;
  row["verilator_version"] = v.verilator;
  row["opensta_version"] = v.opensta;
  row["wall_seconds"] = o.wall_seconds;
  row["host"] = o.host;
  row["backend"] = o.backend + (o.slurm_job.empty() ? "" : " " + o.slurm_job);
  row["finished_at"] = now_utc();
  row["log_path"] = paths.log(job);
  return r;
}

}  // namespace bitloom::dse
