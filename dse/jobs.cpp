#include "dse/jobs.hpp"

#include <fmt/format.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "generator/process.hpp"
#include "generator/version.hpp"

namespace bitloom::dse {

void write_points(const Sweep& s, const SweepPaths& paths) {
  for (const char* sub : {"points", "results", "logs", "status"}) std::filesystem::create_directories(paths.root + "/" + sub);
  for (const Point& p : s.points) {
    const std::string f = paths.spec(p);
    if (!std::filesystem::exists(f) || read_text_file(f) != p.spec_text) write_text_file(f, p.spec_text);
  }
}

std::vector<std::string> job_command(const Sweep& s, const Job& job, const SweepPaths& paths, const std::string& bitloom) {
  const std::string spec = paths.spec(*job.point), result = paths.result(job);
  std::vector<std::string> argv;
  const Flow& f = job.flow;
  switch (f.kind) {
    case FlowKind::kSynth:
      argv = {bitloom, "synth", spec, "--work", paths.work, "--json", result};
      if (f.clock_ns) argv.insert(argv.end(), {"--clock-ns", fmt::format("{}", *f.clock_ns)});
      break;
    case FlowKind::kFmax: argv = {bitloom, "synth", spec, "--fmax", "--work", paths.work, "--json", result}; break;
    case FlowKind::kSim: argv = {bitloom, "sim", spec, "--work", paths.work, "--json", result}; break;
    case FlowKind::kAccuracy:
      argv = {bitloom, "accuracy", spec, "--work", paths.work, "--output", result + ".d"};
      break;
    case FlowKind::kSchedule: argv = {bitloom, "schedule", spec, "--mode", f.mode, "--simulate", "--json", result}; break;
  }
  if (!s.liberty.empty() && (f.kind == FlowKind::kSynth || f.kind == FlowKind::kFmax))
    argv.insert(argv.end(), {"--liberty", s.liberty});
  return argv;
}

std::string outcome_line(const Outcome& o) {
  return fmt::format("exit={} seconds={:.3f} host={} backend={} slurm_job={}\n", o.exit_code, o.wall_seconds, o.host,
                     o.backend, o.slurm_job.empty() ? "-" : o.slurm_job);
}

bool read_outcome(const std::string& status_file, Outcome& o) {
  std::ifstream in(status_file);
  std::string line;
  if (!std::getline(in, line)) return false;
  std::istringstream ss(line);
  std::string field;
  while (ss >> field) {
    const size_t eq = field.find('=');
    if (eq == std::string::npos) continue;
    const std::string k = field.substr(0, eq), v = field.substr(eq + 1);
    if (k == "exit") o.exit_code = std::stoi(v);
    else if (k == "seconds") o.wall_seconds = std::stod(v);
    else if (k == "host") o.host = v;
    else if (k == "backend") o.backend = v;
    else if (k == "slurm_job") o.slurm_job = v == "-" ? "" : v;
  }
  return true;
}

ToolVersions tool_versions() {
  ToolVersions v;
  v.bitloom = kVersion;
  v.yosys = first_output_line({"yosys", "-V"});
  v.verilator = first_output_line({"verilator", "--version"});
  v.opensta = first_output_line({"sta", "-version"});
  return v;
}

}  // namespace bitloom::dse
