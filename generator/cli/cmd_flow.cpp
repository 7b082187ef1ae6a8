#include <fmt/format.h>

#include "generator/cli/commands.hpp"
#include "generator/emit.hpp"
#include "synth/synth_report.hpp"
#include "tb/runner/sim_runner.hpp"

namespace bitloom::cli {

int run_flow(const ParsedArgs& args) {
  const std::string work = args.get("--work", default_work_root());
  const Generated g = generate_into_work(args.positional[0], work);
  const std::string out = args.get("--output", g.dir + "/rtl-out");
  write_file_set(out, g.files);

  SimOptions o;
  o.seed = args.unsigned_integer("--seed", 1);
  o.quiet = true;
  check_simulation_budget(g);
  const LintResult lint = lint_design(g);
  SimResult sim;
  if (lint.ok()) sim = run_regression(g, o, HarnessTarget::kProtocol);
  const Liberty lib = load_liberty(args.get("--liberty", default_liberty_path()), work);
  const SynthReport syn = synthesize(g, lib, {});

  const bool sim_ok = lint.ok() && sim.ok();
  fmt::print("## bitloom flow: {} ({})\n\n", g.design.top, g.spec.file_name);
  fmt::print("| stage | result | details |\n|---|---|---|\n");
  fmt::print("| generate | ok | {} modules, {} |\n", g.design.modules.size(), out);
  fmt::print("| lint | {} | verilator -Wall, yosys, icarus; {} |\n", lint.ok() ? "clean" : "FAILED",
             lint.log_dir);
  if (lint.ok())
    fmt::print("| sim | {} | {} tests, {} failed{}, seed {}; log {} |\n", sim_ok ? "pass" : "FAILED",
               sim.tests, sim.failures, sim.crashed ? ", harness CRASHED" : "", o.seed, sim.log);
  fmt::print("| synth | ok | {:.1f} µm² ({:.0f} GE), {} cells, {} flops on {} |\n", syn.area,
             syn.gate_equivalents, syn.cells, syn.flops, lib.name);
  if (g.design.kind == BlockKind::kGemm) {
    fmt::print("\nlatency {} cycles (K=1) + {} per extra k; {} MACs per beat\n",
               g.design.latency_cycles, g.design.latency_cycles_per_beat, g.design.macs_per_beat);
  } else {
    fmt::print("\nlatency {} cycles; {} elements per beat; accuracy against double: bitloom accuracy {}\n",
               g.design.latency_cycles, g.design.params.value("lanes", 1), g.spec.file);
  }
  return sim_ok ? kExitOk : kExitFailure;
}

Command flow_command() {
  return {"flow", "SPEC.yaml", "generate + lint + sim + synth, one summary table",
          "Runs every stage on SPEC.yaml and prints one summary. Exit code 1 if any stage fails.",
          {kLiberty, kWork, kSeed, {"--output", "DIR", "where to write the RTL (default: WORK/<top>/rtl)"}},
          1, 1, run_flow};
}

}  // namespace bitloom::cli
