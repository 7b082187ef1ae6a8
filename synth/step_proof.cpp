#include "synth/step_proof.hpp"

#include <fmt/format.h>

#include <chrono>
#include <filesystem>

#include "generator/process.hpp"
#include "generator/spec_error.hpp"
#include "tb/runner/sim_runner.hpp"

namespace bitloom {

namespace {

std::string reference_module(const Generated& g, const std::string& step) {
  const GemmConfig& c = g.spec.gemm;
  const int n = c.k_per_beat, aw = c.a.width, bw = c.b.width, cw = c.c_width;
  std::string v = fmt::format(
      "module step_proof (\n  input  wire [{}:0] a,\n  input  wire [{}:0] b,\n"
      "  input  wire [{}:0] s,\n  input  wire [{}:0] c,\n  output wire ok\n);\n"
      "  wire [{}:0] so, co;\n"
      "  {} u_step (.a_i(a), .b_i(b), .sum_i(s),{} .sum_o(so), .carry_o(co));\n"
      "  wire [{}:0] products;\n",
      n * aw - 1, n * bw - 1, cw - 1, cw - 1, cw - 1, step,
      // A MAC step has no carry input: its carry is 0 (c stays free, then unused).
      g.design.params.value("step_carry_input", true) ? " .carry_i(c)," : "", n * cw - 1);
  for (int k = 0; k < n; ++k) {
    // Each operand widened by one bit (its sign or a zero), then a signed multiply whose
    // result is sign-extended to the accumulator width.
    v += fmt::format(
        "  wire signed [{aw}:0] ax{k} = {{{asign}, a[{alo} +: {aw}]}};\n"
        "  wire signed [{bw}:0] bx{k} = {{{bsign}, b[{blo} +: {bw}]}};\n"
        "  wire signed [{pw}:0] px{k} = ax{k} * bx{k};\n"
        "  assign products[{clo} +: {cw}] = {ext};\n",
        fmt::arg("k", k), fmt::arg("aw", aw), fmt::arg("bw", bw), fmt::arg("alo", k * aw),
        fmt::arg("blo", k * bw), fmt::arg("pw", aw + bw + 1), fmt::arg("clo", k * cw), fmt::arg("cw", cw),
        fmt::arg("asign", c.a.is_signed ? fmt::format("a[{}]", k * aw + aw - 1) : "1'b0"),
        fmt::arg("bsign", c.b.is_signed ? fmt::format("b[{}]", k * bw + bw - 1) : "1'b0"),
        fmt::arg("ext", cw > aw + bw + 2
                            ? fmt::format("{{{{{}{{px{}[{}]}}}}, px{}}}", cw - aw - bw - 2, k, aw + bw + 1, k)
                            : fmt::format("px{}[{}:0]", k, cw - 1)));
  }
  v += "  reg [" + std::to_string(cw - 1) + ":0] reference;\n  integer k;\n  always @* begin\n"
       "    reference = s" + std::string(g.design.params.value("step_carry_input", true) ? " + c" : "") + ";\n    for (k = 0; k < " + std::to_string(n) + "; k = k + 1)\n"
       "      reference = reference + products[k*" + std::to_string(cw) + " +: " + std::to_string(cw) + "];\n"
       "  end\n  assign ok = (so + co) == reference;\nendmodule\n";
  return v;
}

}  // namespace

ProofResult prove_step(const Generated& g, int timeout_seconds) {
  const std::string step = step_module(g);
  if (step.empty()) throw ToolError(fmt::format("{} has no carry-save step module to prove", g.design.top));
  const std::string dir = g.dir + "/proof";
  FileLock lock(dir + ".lock");
  std::filesystem::create_directories(dir);
  write_text_file(dir + "/step_proof.v", reference_module(g, step));
  std::string script;
  for (const auto& p : g.rtl_paths())
    if (p.find("/" + step + ".v") != std::string::npos) script += "read_verilog " + p + "\n";
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
