#include "tb/runner/sim_runner.hpp"

#include <fmt/format.h>

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "generator/hash.hpp"
#include "generator/limits.hpp"
#include "generator/process.hpp"
#include "generator/spec_error.hpp"
#include "tb/runner/include_closure.hpp"
#include "tb/runner/verilated_build.hpp"

namespace fs = std::filesystem;

namespace bitloom {

namespace {

// The C++ test bench of each protocol (relative to the source tree).
std::vector<std::string> harness_sources(const std::string& protocol) {
  if (protocol == "os_tile")
    return {"tb/os_tile_test.cpp", "tb/os_tile_harness.cpp", "tb/rtl_test_support.cpp", "generator/arith/ent.cpp"};
  if (protocol == "ws_stream")
    return {"tb/ws_stream_test.cpp", "tb/ws_stream_harness.cpp", "tb/rtl_test_support.cpp"};
  if (protocol == "elementwise")
    return {"tb/gelu_test.cpp", "tb/xy_stream.cpp", "tb/rtl_test_support.cpp", "generator/nonlinear/gelu_model.cpp"};
  if (protocol == "softmax_rows")
    return {"tb/softmax_test.cpp", "tb/xy_stream.cpp", "tb/rtl_test_support.cpp",
            "generator/nonlinear/softmax_model.cpp", "generator/nonlinear/accuracy.cpp",
            "generator/nonlinear/gelu_model.cpp"};
  if (protocol == "step") return {"tb/step_exhaustive_test.cpp", "tb/rtl_test_support.cpp"};
  throw std::logic_error(fmt::format("no test bench for protocol {}", protocol));
}

}  // namespace

std::string step_module(const Generated& g) {
  for (const auto& m : g.design.modules)
    if (m.role == "step") return m.name;
  return "";
}

bool tracing_affordable(const Generated& g) {
  if (g.design.kind != BlockKind::kGemm) return true;
  return g.design.params.value("rows", 0LL) * g.design.params.value("cols", 0LL) <= limits::kTracedSimPes;
}

std::vector<std::string> failed_tests(const SimResult& r) {
  std::vector<std::string> names;
  if (!fs::exists(r.results_json)) return names;
  const auto j = nlohmann::json::parse(read_text_file(r.results_json));
  for (const auto& suite : j.value("testsuites", nlohmann::json::array()))
    for (const auto& t : suite.value("testsuite", nlohmann::json::array()))
      if (t.contains("failures")) names.push_back(suite.value("name", "") + "." + t.value("name", ""));
  return names;
}

HarnessBuild build_harness(const Generated& g, HarnessTarget target, bool traced) {
  const std::string src = source_dir();
  const bool step = target == HarnessTarget::kStep;
  const std::string top = step ? step_module(g) : g.design.top;
  // Each top has a model class of its own (V<top>), as a binary holding several blocks needs.
  const std::string prefix = step ? "Vstep" : "V" + top;
  const auto sources = harness_sources(step ? "step" : g.design.protocol);
  std::string key = g.content_hash + verilated_build_key();
  // Every project file the harness compiles from, found through its includes.
  for (const auto& f : include_closure(src, sources)) key += f + read_text_file(src + "/" + f);
  key += top + (traced ? "|traced" : "");
  const std::string name = (step ? "step-" : traced ? "simtrace-" : "sim-") + sha256_hex(key).substr(0, 12);
  VerilatedBuild b{g.dir + "/" + name, top, prefix, g.rtl_paths(), {}, "-I" + g.gen_dir(), "-lgtest -lfmt -lpthread",
                   traced, "the Verilator harness of " + top};
  // A step may instantiate leaves of its own (a MAC column's multipliers and adders);
  // --top-module leaves the rest of the design out of the model.
  for (const auto& f : sources) b.sources.push_back(src + "/" + f);
  const VerilatedExecutable x = build_verilated(b);
  return {x.path, x.reused, x.seconds};
}

SimResult run_harness(const Generated& g, const HarnessBuild& h, const SimOptions& o) {
  SimResult r;
  const std::string build_dir = fs::path(h.executable).parent_path().parent_path().string();
  // Each run has a folder of its own, so concurrent runs of one design never share files.
  static std::atomic<int> runs{0};
  const std::string run_dir =
      fmt::format("{}/runs/seed{}-{}-{}", build_dir, o.seed, ::getpid(), runs++);
  fs::create_directories(run_dir);
  r.trace_dir = run_dir + "/traces";
  std::vector<std::string> argv = {h.executable, fmt::format("--seed={}", o.seed),
                                   "--trace-dir=" + r.trace_dir};
  if (!o.gtest_filter.empty()) argv.push_back("--gtest_filter=" + o.gtest_filter);
  argv.insert(argv.end(), o.extra_args.begin(), o.extra_args.end());
  r.results_json = run_dir + "/results.json";
  argv.push_back("--gtest_output=json:" + r.results_json);
  if (o.quiet) r.log = run_dir + "/run.log";
  r.command = shell_command(argv);
  RunOptions ro{r.log, "", o.quiet ? fmt::format("simulating {}", g.design.top) : "", limits::kHarnessStackBytes};
  r.exit_code = run_process(argv, ro);
  if (fs::exists(r.results_json)) {
    try {
      const auto j = nlohmann::json::parse(read_text_file(r.results_json));
      r.tests = j.value("tests", 0);
      r.failures = j.value("failures", 0) + j.value("errors", 0);
    } catch (const nlohmann::json::exception&) {
      r.crashed = true;
    }
  }
  // GoogleTest writes its report at the end: no report, or a signal, is a crash.
  if (r.exit_code > 128 || !fs::exists(r.results_json)) r.crashed = true;
  return r;
}

SimResult run_regression(const Generated& g, const SimOptions& o, HarnessTarget target) {
  const HarnessBuild h = build_harness(g, target);
  if (!o.quiet) {
    if (h.reused) fmt::print("harness: reusing {}\n", h.executable);
    else fmt::print("harness: built {} in {:.1f} s\n", h.executable, h.seconds);
    std::fflush(stdout);
  }
  const SimResult r = run_harness(g, h, o);
  const auto failed = failed_tests(r);
  if (r.crashed || failed.empty()) return r;
  if (!tracing_affordable(g)) {
    fmt::print("sim {}: no waveform: a traced model of an array this size needs more than 4 GiB to build\n",
               g.design.top);
    return r;
  }
  fmt::print("sim {}: {} test(s) failed; running them again with waveform tracing\n", g.design.top, failed.size());
  std::fflush(stdout);
  SimOptions again = o;
  again.gtest_filter.clear();
  for (const auto& name : failed) again.gtest_filter += (again.gtest_filter.empty() ? "" : ":") + name;
  const SimResult traced = run_harness(g, build_harness(g, target, true), again);
  if (o.quiet) fmt::print("sim {}: waveforms under {}\n", g.design.top, traced.trace_dir);
  return r;
}

void check_simulation_budget(const Generated& g) {
  if (g.design.kind != BlockKind::kGemm) return;
  const long long pes = g.design.params.value("rows", 0LL) * g.design.params.value("cols", 0LL);
  if (pes > limits::kSimPes)
    throw BudgetError(fmt::format(
        "{}: {} PEs is more than the {} a Verilator harness is built for; `bitloom synth` takes it, "
        "`bitloom sim` needs a smaller array (docs/limits.md)",
        g.design.top, pes, limits::kSimPes));
  // Verilator emits the logic of every instance separately: a carry-save tree costs
  // about 19 KB of Verilator's memory per adder per PE.
  const auto& tree = g.design.tree;
  if (tree.is_null()) return;
  // A multiplier-adder tree has one PE module per column (its tree spans K products).
  const long long instances = g.design.params.value("pe_instances", pes);
  const long long adders = (tree.value("full_adders", 0LL) + tree.value("half_adders", 0LL)) * instances;
  if (adders > limits::kSimTreeAdders)
    throw BudgetError(fmt::format(
        "{}: {} PEs of {} compressor-tree adders each ({} in all) is more than the {} a Verilator harness "
        "is built for (its model would need over 4 GiB to compile); `bitloom synth` takes it, `bitloom sim` "
        "needs a smaller array or narrower operands (docs/limits.md)",
        g.design.top, instances, adders / instances, adders, limits::kSimTreeAdders));
}

LintResult lint_design(const Generated& g) { return lint_files(g.design.top, g.rtl_paths(), g.dir + "/lint"); }

LintResult lint_files(const std::string& top, const std::vector<std::string>& files, const std::string& log_dir) {
  LintResult r;
  r.log_dir = log_dir;
  fs::create_directories(r.log_dir);
  FileLock lock(r.log_dir + ".lock");
  std::vector<std::string> v = {"verilator", "--lint-only", "-Wall", "--top-module", top};
  v.insert(v.end(), files.begin(), files.end());
  r.verilator_ok = run_process(v, {r.log_dir + "/verilator.log", "", "", 0}) == 0 &&
                   fs::file_size(r.log_dir + "/verilator.log") == 0;
  std::string reads;
  for (const auto& f : files) reads += "read_verilog " + f + "; ";
  r.yosys_ok = run_process({"yosys", "-q", "-p", reads + "hierarchy -check -top " + top},
                           {r.log_dir + "/yosys.log", "", "", 0}) == 0;
  std::vector<std::string> iv = {"iverilog", "-g2005", "-o", r.log_dir + "/icarus.vvp", "-s", top};
  iv.insert(iv.end(), files.begin(), files.end());
  r.icarus_ok = run_process(iv, {r.log_dir + "/icarus.log", "", "", 0}) == 0 &&
                fs::file_size(r.log_dir + "/icarus.log") == 0;
  return r;
}

}  // namespace bitloom
