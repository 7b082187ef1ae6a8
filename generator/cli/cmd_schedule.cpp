#include <fmt/format.h>

#include <filesystem>

#include "generator/cli/commands.hpp"
#include "generator/process.hpp"
#include "generator/workload/schedule_report.hpp"
#include "tb/perf_model/systemc_model.hpp"

namespace bitloom::cli {

int run_schedule(const ParsedArgs& args) {
  using namespace bitloom::workload;
  const std::string mode = args.get("--mode", "spec");
  if (mode != "spec" && mode != "all" && mode != "sequential" && mode != "dataflow" && mode != "intar")
    throw std::invalid_argument(fmt::format("--mode '{}' is not one of: spec, all, sequential, dataflow, intar", mode));
  const Workload w = load_workload(args.positional[0]);
  std::vector<Mode> modes;
  if (mode == "all") modes = {Mode::kSequential, Mode::kDataflow, Mode::kIntar};
  else if (mode == "spec") modes = {w.mode};
  else modes = {mode == "sequential" ? Mode::kSequential : mode == "dataflow" ? Mode::kDataflow : Mode::kIntar};
  std::vector<Scheduled> done;
  nlohmann::ordered_json skipped = nlohmann::ordered_json::object();
  for (Mode m : modes) {
    try {
      done.push_back(schedule(w, m));
    } catch (const ScheduleError& e) {
      skipped[std::string(name(m))] = e.what();
      fmt::print("{} [{}]: not possible: {}\n\n", w.name, name(m), e.what());
    }
  }
  std::vector<PerfResult> simulated;
  if (args.has("--simulate")) {
    std::vector<Program> programs;
    for (const Scheduled& s : done) programs.push_back(s.program);
    simulated = simulate_programs(programs);
  }
  nlohmann::ordered_json all = {{"workload", w.name}, {"schedules", nlohmann::ordered_json::array()}};
  int status = kExitOk;
  for (size_t i = 0; i < done.size(); ++i) {
    const PerfResult* sim = simulated.empty() ? nullptr : &simulated[i];
    fmt::print("{}\n", schedule_table(w, done[i], sim));
    if (sim && !sim->error.empty()) {
      fmt::print(stderr, "bitloom schedule: SystemC model of {} [{}]: {}\n", w.name, done[i].label, sim->error);
      status = kExitFailure;
    }
    all["schedules"].push_back(schedule_json(w, done[i], sim));
  }
  if (!skipped.empty()) all["not_possible"] = skipped;
  const std::string out = std::filesystem::absolute(args.get("--json", w.name + ".schedule.json")).string();
  write_text_file(out, all.dump(2) + "\n");
  fmt::print("wrote {}\n", out);
  // No schedule at all: the resources cannot run the mode asked for.
  if (done.empty()) fmt::print(stderr, "bitloom schedule: {}: no mode asked for is possible with these resources\n", w.name);
  return done.empty() ? kExitFailure : status;
}

Command schedule_command() {
  return {"schedule", "WORKLOAD.yaml [--mode MODE] [--simulate]",
          "schedule a multi-task workload and predict its cycles and DRAM traffic",
          "Reads a kind: workload spec, computes the static schedule of the spec's mode (or\n"
          "of every mode with --mode all; a `schedule:` in the spec overrides intar's search)\n"
          "and prints its phases, where every tensor lives, and the closed-form estimate of\n"
          "cycles, DRAM bytes per phase and PE utilization. --simulate also runs the SystemC\n"
          "discrete-event model of the same schedule. The schedule is written as JSON.",
          {{"--mode", "MODE", "spec (default), all, sequential, dataflow or intar"},
           {"--simulate", "", "also run the SystemC performance model"},
           {"--json", "PATH", "where to write the JSON (default: ./<name>.schedule.json)"}},
          1, 1, run_schedule};
}

}  // namespace bitloom::cli
