#include "tb/runner/sim_runner.hpp"

#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "generator/hash.hpp"
#include "generator/process.hpp"
#include "generator/spec_error.hpp"

namespace fs = std::filesystem;

namespace bitloom {

namespace {

// The C++ test bench of each protocol (relative to the source tree).
std::vector<std::string> harness_sources(const std::string& protocol) {
  if (protocol == "os_tile")
    return {"tb/os_tile_test.cpp", "tb/os_tile_harness.cpp", "tb/rtl_test_support.cpp"};
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

// Headers the harness sources include; part of the cache key.
const std::vector<std::string> kHarnessHeaders = {"tb/os_tile_harness.hpp", "tb/ws_stream_harness.hpp",
                                                  "tb/golden_gemm.hpp", "tb/verilated_dut.hpp",
                                                  "tb/lanes.hpp", "tb/rtl_test_support.hpp",
                                                  "tb/xy_stream.hpp",
                                                  "generator/nonlinear/fixed_point.hpp",
                                                  "generator/nonlinear/poly_table.hpp",
                                                  "generator/nonlinear/gelu_model.hpp",
                                                  "generator/nonlinear/model_json.hpp",
                                                  "generator/nonlinear/softmax_model.hpp",
                                                  "generator/nonlinear/accuracy.hpp",
                                                  "generator/nonlinear/error_stats.hpp",
                                                  "generator/nonlinear/golden.hpp"};

// Lean model builds: the model is small and runs briefly, so -O1 beats -O3 overall.
const char* kMakeFlags = "OPT_FAST=-O1 OPT_SLOW=-O0 OPT_GLOBAL=-O1";

}  // namespace

std::string step_module(const Generated& g) {
  for (const auto& m : g.design.modules)
    if (m.role == "step") return m.name;
  return "";
}

HarnessBuild build_harness(const Generated& g, HarnessTarget target) {
  const std::string src = source_dir();
  const bool step = target == HarnessTarget::kStep;
  const std::string top = step ? step_module(g) : g.design.top;
  const std::string prefix = step ? "Vstep" : "Vdut";
  const auto sources = harness_sources(step ? "step" : g.design.protocol);
  std::string key = g.content_hash + first_output_line({"verilator", "--version"}) + kMakeFlags;
  for (const auto& f : sources) key += read_text_file(src + "/" + f);
  for (const auto& f : kHarnessHeaders) key += read_text_file(src + "/" + f);
  key += top;
  const std::string dir = g.dir + (step ? "/step-" : "/sim-") + sha256_hex(key).substr(0, 12);
  HarnessBuild h{dir + "/obj/harness", false, 0};

  FileLock lock(dir + ".lock");
  if (fs::exists(h.executable)) {
    h.reused = true;
    return h;
  }
  const auto start = std::chrono::steady_clock::now();
  std::string make_flags = kMakeFlags;
  const char* no_ccache = std::getenv("BITLOOM_NO_CCACHE");
  if (!(no_ccache && *no_ccache) && !find_program("ccache").empty()) make_flags += " OBJCACHE=ccache";
  std::vector<std::string> argv = {
      "verilator", "--cc", "--exe", "--build", "-j", "2", "--trace-fst", "--prefix", prefix,
      "--top-module", top, "-Mdir", dir + "/obj", "-o", "harness",
      "-CFLAGS", fmt::format("-std=c++17 -I{} -I{}", g.gen_dir(), src),
      "-LDFLAGS", "-lgtest -lfmt -lpthread", "-MAKEFLAGS", make_flags};
  for (const auto& p : g.rtl_paths())
    if (!step || p.find("/" + top + ".v") != std::string::npos) argv.push_back(p);
  for (const auto& f : sources) argv.push_back(src + "/" + f);
  run_checked("Verilator harness build", argv, {dir + "/build.log", ""});
  h.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return h;
}

SimResult run_harness(const Generated& g, const HarnessBuild& h, const SimOptions& o) {
  SimResult r;
  const std::string run_dir = fs::path(h.executable).parent_path().parent_path().string();
  r.trace_dir = run_dir + "/traces";
  std::vector<std::string> argv = {h.executable, fmt::format("--seed={}", o.seed),
                                   "--trace-dir=" + r.trace_dir};
  if (!o.gtest_filter.empty()) argv.push_back("--gtest_filter=" + o.gtest_filter);
  argv.insert(argv.end(), o.extra_args.begin(), o.extra_args.end());
  r.results_json = fmt::format("{}/results-seed{}.json", run_dir, o.seed);
  argv.push_back("--gtest_output=json:" + r.results_json);
  if (o.quiet) r.log = fmt::format("{}/run-seed{}.log", run_dir, o.seed);
  fs::remove(r.results_json);
  r.exit_code = run_process(argv, {r.log, ""});
  if (fs::exists(r.results_json)) {
    const auto j = nlohmann::json::parse(read_text_file(r.results_json));
    r.tests = j.value("tests", 0);
    r.failures = j.value("failures", 0) + j.value("errors", 0);
  } else if (r.exit_code == 0) {
    throw ToolError(fmt::format("the harness of {} wrote no results", g.design.top));
  }
  return r;
}

LintResult lint_design(const Generated& g) {
  LintResult r;
  r.log_dir = g.dir + "/lint";
  FileLock lock(r.log_dir + ".lock");
  const auto files = g.rtl_paths();
  std::vector<std::string> v = {"verilator", "--lint-only", "-Wall", "--top-module", g.design.top};
  v.insert(v.end(), files.begin(), files.end());
  r.verilator_ok = run_process(v, {r.log_dir + "/verilator.log", ""}) == 0 &&
                   fs::file_size(r.log_dir + "/verilator.log") == 0;
  std::string reads;
  for (const auto& f : files) reads += "read_verilog " + f + "; ";
  r.yosys_ok = run_process({"yosys", "-q", "-p", reads + "hierarchy -check -top " + g.design.top},
                           {r.log_dir + "/yosys.log", ""}) == 0;
  std::vector<std::string> iv = {"iverilog", "-g2005", "-o", r.log_dir + "/icarus.vvp", "-s",
                                 g.design.top};
  iv.insert(iv.end(), files.begin(), files.end());
  r.icarus_ok = run_process(iv, {r.log_dir + "/icarus.log", ""}) == 0 &&
                fs::file_size(r.log_dir + "/icarus.log") == 0;
  return r;
}

}  // namespace bitloom
