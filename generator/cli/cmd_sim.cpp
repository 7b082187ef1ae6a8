#include <fmt/format.h>

#include "generator/cli/commands.hpp"
#include "tb/runner/sim_runner.hpp"

namespace bitloom::cli {

int run_sim(const ParsedArgs& args) {
  const std::string work = args.get("--work", default_work_root());
  Generated g = generate_into_work(args.positional[0], work);
  if (args.has("--rtl-dir")) g = with_rtl_from(g, args.get("--rtl-dir"), work);
  const LintResult lint = lint_design(g);
  fmt::print("lint {}: verilator -Wall {}, yosys {}, icarus {} (logs: {})\n", g.design.top,
             lint.verilator_ok ? "clean" : "FAILED", lint.yosys_ok ? "ok" : "FAILED",
             lint.icarus_ok ? "ok" : "FAILED", lint.log_dir);
  if (!lint.ok()) return kExitFailure;
  if (args.has("--lint-only")) return kExitOk;
  const HarnessBuild h = build_harness(g);
  if (h.reused) fmt::print("harness: reusing {}\n", h.executable);
  else fmt::print("harness: built {} in {:.1f} s\n", h.executable, h.seconds);
  std::fflush(stdout);
  SimOptions o;
  o.seed = static_cast<unsigned long long>(args.number("--seed", 1));
  o.gtest_filter = args.get("--filter");
  SimResult r = run_harness(g, h, o);
  if (!step_module(g).empty() && o.gtest_filter.empty()) {
    // Carry-save PEs: also check their step module against integer arithmetic.
    const HarnessBuild hs = build_harness(g, HarnessTarget::kStep);
    const SimResult rs = run_harness(g, hs, o);
    r.tests += rs.tests;
    r.failures += rs.failures;
    if (rs.exit_code != 0) r.exit_code = rs.exit_code;
  }
  fmt::print("sim {}: {} tests, {} failed (seed {}; replay: bitloom sim {} --seed {})\n",
             g.design.top, r.tests, r.failures, o.seed, args.positional[0], o.seed);
  return r.exit_code == 0 ? kExitOk : kExitFailure;
}

}  // namespace bitloom::cli
