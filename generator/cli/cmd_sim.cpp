#include <fmt/format.h>

#include "generator/cli/commands.hpp"
#include "generator/process.hpp"
#include "generator/yaml_reader.hpp"
#include "generator/workload/workload.hpp"
#include "tb/runner/icarus_runner.hpp"
#include "tb/runner/sim_runner.hpp"

namespace bitloom::cli {

namespace {

// Adds one harness run to the totals; a crash is reported at once with its command.
void account(SimResult& total, const SimResult& run, const std::string& top) {
  total.tests += run.tests;
  total.failures += run.failures;
  if (run.exit_code != 0) total.exit_code = run.exit_code;
  if (!run.crashed) return;
  total.crashed = true;
  fmt::print(stderr, "sim {}: the harness CRASHED ({}) after {} tests; reproduce with:\n  {}\n", top,
             describe_exit(run.exit_code), run.tests, run.command);
}

}  // namespace

int run_sim(const ParsedArgs& args) {
  const std::string text = read_spec_file(args.positional[0]);
  if (workload::is_workload_text(text)) return run_sim_workload(args, text);
  for (const char* o : {"--mode", "--runs"})
    if (args.has(o)) throw std::invalid_argument(fmt::format("{} is for workloads", o));
  const std::string work = args.get("--work", default_work_root());
  // Options are checked before any work starts.
  const std::string simulator = args.get("--simulator", "verilator");
  if (simulator != "verilator" && simulator != "icarus")
    throw std::invalid_argument(fmt::format("--simulator: '{}' is not one of: verilator, icarus", simulator));
  SimOptions o;
  o.seed = args.unsigned_integer("--seed", 1);
  o.gtest_filter = args.get("--filter");
  Generated g = generate_into_work(args.positional[0], work);
  if (args.has("--rtl-dir")) g = with_rtl_from(g, args.get("--rtl-dir"), work);
  check_simulation_budget(g);
  const LintResult lint = lint_design(g);
  fmt::print("lint {}: verilator -Wall {}, yosys {}, icarus {} (logs: {})\n", g.design.top,
             lint.verilator_ok ? "clean" : "FAILED", lint.yosys_ok ? "ok" : "FAILED",
             lint.icarus_ok ? "ok" : "FAILED", lint.log_dir);
  if (!lint.ok()) return kExitFailure;
  if (args.has("--lint-only")) return kExitOk;
  SimResult r;
  if (simulator == "icarus") {
    account(r, run_icarus_testbench(g, o.seed), g.design.top);
  } else {
    account(r, run_regression(g, o, HarnessTarget::kProtocol), g.design.top);
    if (!step_module(g).empty() && o.gtest_filter.empty())
      // Carry-save PEs: also check their step module against integer arithmetic.
      account(r, run_regression(g, o, HarnessTarget::kStep), g.design.top);
  }
  if (args.has("--json"))
    write_text_file(args.get("--json"),
                    nlohmann::ordered_json{{"schema", "bitloom.sim/1"}, {"top", g.design.top}, {"simulator", simulator},
                                           {"seed", o.seed}, {"tests", r.tests}, {"failures", r.failures},
                                           {"crashed", r.crashed}, {"latency_cycles", g.design.latency_cycles}}
                            .dump(2) + "\n");
  fmt::print("sim {}: {} tests, {} failed{} (seed {}; replay: bitloom sim {} --seed {}{})\n", g.design.top, r.tests,
             r.failures, r.crashed ? ", harness CRASHED" : "", o.seed, args.positional[0], o.seed,
             simulator == "icarus" ? " --simulator icarus" : "");
  return r.ok() ? kExitOk : kExitFailure;
}

Command sim_command() {
  return {"sim", "SPEC.yaml", "Verilator regression against the golden model",
          "Generates the design, builds (or reuses) its Verilator + GoogleTest harness and runs\n"
          "it: random and corner-case tiles with bubbles, back-pressure and resets, each\n"
          "checked against an independent golden GEMM. A failing test is rerun with FST\n"
          "tracing and the waveform's path is printed. Exit code 1 on any failure.\n"
          "For a kind: workload spec: per mode (the spec's, or --mode), the schedule's\n"
          "hardware runs from DRAM to DRAM for --runs seeds, each with a fixed and a random\n"
          "DRAM, against the golden model; the report (WORK/<name>/workload_report.{json,md}) gives RTL cycles per\n"
          "phase next to both performance models, DRAM bytes and pass or fail.",
          {kWork, kSeed,
           {"--filter", "GLOB", "run only tests matching this GoogleTest filter"},
           {"--lint-only", "", "only run verilator --lint-only -Wall, Yosys and Icarus parses (workloads: of each mode's top)"},
           {"--simulator", "NAME", "verilator (default: the GoogleTest harness) or icarus (the generated "
                                   "Verilog test bench)"},
           {"--rtl-dir", "DIR", "simulate DIR/rtl/*.v (e.g. hand-edited `generate` output) instead"},
           {"--mode", "MODE", "workloads: spec (default), all, sequential, dataflow or intar"},
           {"--runs", "N", "workloads: seeds --seed .. --seed + N - 1, each with a fixed and a random DRAM "
                           "(default 5, at most 100)"},
           kJson},
          1, 1, run_sim};
}

}  // namespace bitloom::cli
