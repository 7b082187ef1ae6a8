#include "synth/step_proof.hpp"

#include <fmt/format.h>

#include <chrono>
#include <filesystem>

#include "generator/process.hpp"
#include "generator/spec_error.hpp"
#include "tb/runner/sim_runner.hpp"

namespace bitloom {

ProofResult prove_step(const Generated& g, int timeout_seconds) {
  const std::string step = step_module(g);
  if ((step.empty() && g.design.proof_everts.empty()) || g.design.step_reference.empty())
    throw ToolError(fmt::format("{} has no step module or PE to prove", g.design.top));
  const std::string dir = g.dir + "/proof";
  FileLock lock(dir + ".lock");
  std::filesystem::create_directories(dir);
  write_text_file(dir + "/step_proof.v", g.design.step_reference);
  std::string script;
  // Every module: a step may have leaves of its own (a MAC column's multipliers); prep
  // keeps only the hierarchy under step_proof.
  for (const auto& p : g.rtl_paths()) script += "read_verilog " + p + "\n";
  // A sequential subject: each flip-flop becomes an input <reg>.q and an output <reg>.d,
  // so the reference states one cycle's update from any state.
  if (!g.design.proof_everts.empty()) script += "proc\nexpose -evert-dff " + g.design.proof_everts + "\n";
  script += "read_verilog step_proof.v\nprep -top step_proof\nflatten\n";
  script += fmt::format("sat -prove ok 1 -verify -timeout {}\n", timeout_seconds);
  write_text_file(dir + "/proof.ys", script);
  ProofResult r;
  r.log = dir + "/proof.log";
  const auto start = std::chrono::steady_clock::now();
  const int rc = run_process({"yosys", "-q", "-l", "proof.log", "-s", "proof.ys"}, {dir + "/proof.stdout", dir, "", 0});
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::string log = read_text_file(r.log);
  if (rc == 0 && log.find("SAT proof finished - no model found: SUCCESS!") != std::string::npos)
    r.status = ProofResult::Status::kProved;
  else if (log.find("Interrupted SAT solver: TIMEOUT!") != std::string::npos)
    r.status = ProofResult::Status::kTimeout;
  else if (log.find("SAT proof finished - model found: FAIL!") != std::string::npos)
    r.status = ProofResult::Status::kFailed;  // a counterexample; the log shows it
  else
    throw ToolError(fmt::format("Yosys proof run failed (exit {}); see {}", rc, r.log));
  return r;
}

}  // namespace bitloom
