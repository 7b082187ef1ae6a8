#include <fmt/format.h>

#include "generator/cli/commands.hpp"
#include "generator/cli/workload_cli.hpp"
#include "generator/design.hpp"
#include "generator/emit.hpp"
#include "generator/net_mutation.hpp"
#include "generator/workload/scheduler.hpp"
#include "generator/workload/workload.hpp"
#include "generator/workload_rtl/system_files.hpp"
#include "generator/yaml_reader.hpp"
#include "tb/runner/icarus_runner.hpp"

namespace bitloom::cli {

int run_validate(const ParsedArgs& args) {
  const std::string text = read_spec_file(args.positional[0]);
  if (workload::is_workload_text(text)) {
    const workload::Workload w = workload::load_workload_text(text, args.positional[0]);
    fmt::print("{}: ok: workload {} (sha256 {}): {} tasks, {} tensors, {} lanes, {} cores\n", w.file, w.name, w.sha256,
               w.tasks.size(), w.tensors.size(), w.lanes, w.resources.cores);
    return kExitOk;
  }
  const Spec spec = load_spec(args.positional[0]);
  const Design design = build_design(spec);
  fmt::print("{}: ok: {} {} (sha256 {})\n", spec.file, design.kind, design.top, spec.sha256);
  for (const auto& [key, value] : design.params.items()) fmt::print("  {:<18} {}\n", key, value.dump());
  return kExitOk;
}

// A workload: the schedule of the spec's mode (or --mode), then its hardware.
int generate_workload(const ParsedArgs& args, const std::string& text) {
  if (args.has("--testbench") || !args.all("--mutate").empty())
    throw std::invalid_argument("--testbench and --mutate are for blocks; a workload's bench is `bitloom sim`");
  const workload::Workload w = workload::load_workload_text(text, args.positional[0]);
  const workload::Scheduled s = workload::schedule(w, workload_modes(args, w, false).front());
  const workload_rtl::SystemRtl r = workload_rtl::workload_system(w, s.plan);
  const FileSet files = workload_rtl::render_workload(w, s, r);
  write_file_set(args.get("--output"), files);
  fmt::print("{}: wrote {} modules of {} ({} schedule, {} phases) to {}\n", w.file, files.size() - 1, r.top, s.label,
             s.plan.phase_count(), args.get("--output"));
  return kExitOk;
}

int run_generate(const ParsedArgs& args) {
  if (!args.has("--output")) throw std::invalid_argument("generate needs -o DIR");
  const std::string text = read_spec_file(args.positional[0]);
  if (workload::is_workload_text(text)) return generate_workload(args, text);
  if (args.has("--mode")) throw std::invalid_argument("--mode is for workloads");
  const Spec spec = load_spec(args.positional[0]);
  const Design design = build_design(spec);
  const std::string dir = args.get("--output");
  FileSet files = render_design(spec, design);
  if (args.has("--testbench")) {
    const FileSet tb = testbench_files(design, args.unsigned_integer("--seed", 1));
    files.insert(tb.begin(), tb.end());
  }
  for (const std::string& mutation : args.all("--mutate")) apply_net_mutation(files, parse_net_mutation(mutation));
  write_file_set(dir, files);
  fmt::print("{}: wrote {} modules of {} to {}\n", spec.file, design.modules.size(), design.top, dir);
  return kExitOk;
}

Command validate_command() {
  return {"validate", "SPEC.yaml", "check a spec and print its resolved parameters",
          "Reads SPEC.yaml and checks every key. Errors name file:line:col and the key and\n"
          "exit with code 2. Nothing is written.",
          {},
          1, 1, run_validate};
}

Command generate_command() {
  return {"generate", "SPEC.yaml -o DIR", "write RTL, manifest.json and a C++ parameter header",
          "Writes DIR/rtl/*.v (compile order in DIR/manifest.json), DIR/manifest.json and\n"
          "DIR/params.hpp. Output is deterministic. DIR is replaced as a whole once everything\n"
          "is written (a folder that is neither empty nor an earlier bitloom output is refused);\n"
          "on any error it is left as it was. --testbench adds DIR/tb/: a self-checking Verilog\n"
          "test bench with vector files from the golden model, for any simulator\n"
          "(DIR/tb/run_icarus.sh runs it in Icarus). For a kind: workload spec it writes the\n"
          "hardware of the spec's schedule (or --mode's): one top that runs the workload from\n"
          "DRAM to DRAM, and the DRAM layout in manifest.json.",
          {{"--output", "DIR", "output folder (also -o); required"},
           {"--testbench", "", "also write tb/<top>_tb.v and its $readmemh vector files"},
           {"--mode", "MODE", "workloads: spec (default), sequential, dataflow or intar"},
        {"--mutate", "MODULE:NET:FROM=>TO",
         "test only: plant a bug, FROM replaced by TO in the statement driving NET in MODULE", true},
           kSeed},
          1, 1, run_generate};
}

}  // namespace bitloom::cli
