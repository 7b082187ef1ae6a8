// `bitloom sim` on a kind: workload spec: per mode, the schedule's hardware is generated,
// linted, built into the run-time harness (tb/workload_harness/) and run from DRAM to
// DRAM for --runs seeds (default 5), each with the fixed and with a random DRAM, against
// the golden model; the cycles (the first seed's fixed run) go next to both performance
// models. Report: WORK/<name>/workload_report.{json,md}.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "generator/cli/commands.hpp"
#include "generator/cli/workload_cli.hpp"
#include "generator/hash.hpp"
#include "generator/process.hpp"
#include "generator/spec_error.hpp"
#include "generator/workload/cycle_bars.hpp"
#include "generator/workload/scheduler.hpp"
#include "generator/workload_rtl/system_files.hpp"
#include "generator/workspace.hpp"
#include "tb/perf_model/systemc_model.hpp"
#include "tb/runner/include_closure.hpp"
#include "tb/runner/sim_runner.hpp"
#include "tb/runner/verilated_build.hpp"
#include "tb/workload/dram_images.hpp"

namespace fs = std::filesystem;

namespace bitloom::cli {

namespace {

using workload::Mode;
using nlohmann::ordered_json;

constexpr uint64_t kBase = 0x1040;  // not page aligned: bursts split at 4 KiB pages
constexpr const char* kHarnessSource = "tb/workload_harness/harness_main.cpp";

// sim.json and the DRAM images of seeds seed .. seed + runs - 1, each run with the fixed
// and with a random DRAM (the same image: a random DRAM must not change a byte).
void write_setup(const std::string& dir, const workload::Workload& w, const workload::Scheduled& s,
                 const workload_rtl::SystemRtl& r, uint64_t seed, int seeds, ordered_json& mode) {
  fs::create_directories(dir);
  const size_t bytes = static_cast<size_t>(kBase + r.dram_extent + 4096);
  ordered_json tensors = ordered_json::array(), runs = ordered_json::array();
  for (size_t t = 0; t < w.tensors.size(); ++t)
    if (r.dram_offset[t] >= 0)
      tensors.push_back({{"name", w.tensors[t].name}, {"from", kBase + r.dram_offset[t]},
                         {"bytes", workload::dram_bytes(w, static_cast<int>(t))},
                         {"pitch", workload::dram_pitch(w, static_cast<int>(t))}});
  for (uint64_t run_seed = seed; run_seed < seed + static_cast<uint64_t>(seeds); ++run_seed) {
    const workload::DramImages im = workload::dram_images(w, r.dram_offset, kBase, bytes, run_seed, 0xA5);
    if (!im.problem.empty() && !mode.contains("note"))
      mode["note"] = fmt::format("the golden results saturate often with the inputs of seed {}: {}", run_seed, im.problem);
    for (const bool random : {false, true}) {
      const std::string name = fmt::format("{}-seed{}", random ? "random" : "fixed", run_seed);
      std::ofstream(dir + "/" + name + "_in.bin", std::ios::binary)
          .write(reinterpret_cast<const char*>(im.input.data()), static_cast<std::streamsize>(im.input.size()));
      std::ofstream(dir + "/" + name + "_want.bin", std::ios::binary)
          .write(reinterpret_cast<const char*>(im.expected.data()), static_cast<std::streamsize>(im.expected.size()));
      runs.push_back({{"name", name}, {"seed", run_seed}, {"random", random}});
    }
  }
  const ordered_json setup{{"base", kBase}, {"data_bytes", r.data_bytes},
                           {"max_burst", workload::burst_bytes(w.resources.dram) / r.data_bytes},
                           {"read_latency", w.resources.dram.read_latency},
                           {"write_latency", w.resources.dram.write_latency}, {"read_bytes", s.estimate.read_bytes},
                           {"write_bytes", s.estimate.write_bytes}, {"tensors", tensors}, {"fifos", r.fifos},
                           {"runs", runs}};
  write_text_file(dir + "/sim.json", setup.dump(2) + "\n");
}

// The harness of the generated files in DIR/gen (DIR is their cache entry); lint first.
std::string build_harness(const std::string& dir, const workload_rtl::SystemRtl& r, const std::vector<std::string>& rtl) {
  const std::string src = source_dir();
  if (!fs::exists(dir + "/lint.log") || fs::file_size(dir + "/lint.log") != 0) {
    std::vector<std::string> lint = {"verilator", "--lint-only", "-Wall", "--top-module", r.top};
    lint.insert(lint.end(), rtl.begin(), rtl.end());
    if (run_process(lint, {dir + "/lint.log", "", "", 0}) != 0 || fs::file_size(dir + "/lint.log") != 0)
      throw ToolError(fmt::format("{} is not lint-clean in Verilator: see {}/lint.log", r.top, dir));
  }
  return build_verilated({dir + "/harness", r.top, "V" + r.top, rtl, {src + "/" + kHarnessSource}, "", "-lfmt", false,
                          "the workload harness of " + r.top})
      .path;
}

// Mode m's schedule and hardware, or why it is not built (empty when it is).
std::string build_mode(const workload::Workload& w, Mode m, workload::Scheduled& s, workload_rtl::SystemRtl& r) {
  try {
    s = workload::schedule(w, m);
    r = workload_rtl::workload_system(w, s.plan);
  } catch (const std::runtime_error& e) {  // ScheduleError, UnsupportedSchedule
    return e.what();
  }
  return "";
}

// One mode: schedule, hardware, harness, runs, models.
ordered_json sim_mode(const workload::Workload& w, Mode m, const std::string& work, uint64_t seed, int seeds) {
  ordered_json mode{{"mode", std::string(workload::name(m))}};
  workload::Scheduled s;
  workload_rtl::SystemRtl r;
  if (const std::string why = build_mode(w, m, s, r); !why.empty()) {
    mode["status"] = "not built";
    mode["reason"] = why;
    return mode;
  }
  const FileSet files = workload_rtl::render_workload(w, s, r);
  // The cache key: the Verilog the harness compiles, the harness's sources and the
  // Verilator version, so that a changed bench or tool builds a fresh harness. Each .v
  // file counts without its first line, the banner that names the schedule's mode: modes
  // that schedule alike (sequential and intar of InTAR's mlp) share one harness.
  std::string bytes = verilated_build_key();
  for (const auto& [path, text] : files)
    if (path.size() > 2 && path.compare(path.size() - 2, 2, ".v") == 0) bytes += path + text.substr(text.find('\n') + 1);
  for (const auto& f : include_closure(source_dir(), {kHarnessSource})) bytes += f + read_text_file(source_dir() + "/" + f);
  const std::string dir = fmt::format("{}/{}/harness-{}", work, w.name, sha256_hex(bytes).substr(0, 12));
  const std::string exe = build_harness(dir, r, cached_rtl(files, dir + "/gen"));
  const std::string run_dir = fmt::format("{}/run-{}-seed{}x{}", dir, workload::name(m), seed, seeds);
  write_setup(run_dir, w, s, r, seed, seeds, mode);
  const int code = run_process({exe, "--setup=" + run_dir}, {run_dir + "/harness.log", "", "", 0});
  if (!fs::exists(run_dir + "/result.json"))
    throw ToolError(fmt::format("the harness of {} CRASHED ({}); reproduce with: {} --setup={}", r.top,
                                describe_exit(code), exe, run_dir));
  const auto result = nlohmann::json::parse(read_text_file(run_dir + "/result.json"));
  const workload::PerfResult sim = workload::simulate_programs({s.program}).front();
  ordered_json est_phases = ordered_json::array();
  std::vector<long long> model_phases;
  for (const auto& p : s.estimate.phases) est_phases.push_back(p.cycles);
  for (const auto& p : sim.phases) model_phases.push_back(p.cycles);
  mode["status"] = result["passed"].get<bool>() ? "passed" : "FAILED";
  // The RTL's cycles (first run, fixed DRAM) against the SystemC model's acceptance bars.
  const auto rtl_phases = result["runs"][0]["phases"].get<std::vector<long long>>();
  const std::vector<std::string> outside =
      workload::outside_cycle_bars(rtl_phases, model_phases, result["runs"][0]["cycles"].get<long long>(), sim.cycles);
  mode["cycle_bars"] = outside.empty() ? "within" : fmt::format("outside: {}", fmt::join(outside, "; "));
  mode["phases"] = s.plan.phase_count();
  mode["reconfigurations"] = s.plan.phase_count() - 1;
  mode["cycles"] = {{"rtl", result["runs"][0]["cycles"]}, {"estimate", s.estimate.cycles}, {"systemc", sim.cycles}};
  mode["phase_cycles"] = {{"rtl", result["runs"][0]["phases"]}, {"estimate", est_phases}, {"systemc", model_phases}};
  mode["dram_bytes"] = {{"read", {{"rtl", result["runs"][0]["read_bytes"]}, {"schedule", s.estimate.read_bytes}}},
                        {"write", {{"rtl", result["runs"][0]["write_bytes"]}, {"schedule", s.estimate.write_bytes}}}};
  mode["pe_utilization"] = s.estimate.pe_utilization;
  mode["runs"] = result["runs"];
  mode["files"] = dir;
  return mode;
}

// --lint-only: each mode's top through Verilator -Wall, Yosys and Icarus, no harness.
// True when every built mode is clean.
bool lint_modes(const workload::Workload& w, const std::vector<Mode>& modes, const std::string& work) {
  bool clean = true;
  for (Mode m : modes) {
    workload::Scheduled s;
    workload_rtl::SystemRtl r;
    if (const std::string why = build_mode(w, m, s, r); !why.empty()) {
      fmt::print("lint {} [{}]: not built: {}\n", w.name, workload::name(m), why);
      continue;
    }
    // Keyed by the files, as cached_rtl wants: a mode's top changes with its schedule.
    const FileSet files = workload_rtl::render_workload(w, s, r);
    const std::string dir = fmt::format("{}/{}/lint-{}/{}", work, w.name, workload::name(m), files_key(files));
    const LintResult lint = lint_files(r.top, cached_rtl(files, dir + "/gen"), dir + "/lint");
    fmt::print("lint {} [{}]: verilator -Wall {}, yosys {}, icarus {} (logs: {})\n", r.top, workload::name(m),
               lint.verilator_ok ? "clean" : "FAILED", lint.yosys_ok ? "ok" : "FAILED", lint.icarus_ok ? "ok" : "FAILED",
               lint.log_dir);
    clean = clean && lint.ok();
  }
  return clean;
}

std::string markdown(const workload::Workload& w, const ordered_json& modes, uint64_t seed) {
  std::string md = fmt::format("## `bitloom sim` of workload {} (seed {})\n\n"
                               "| mode | result | phases | RTL cycles | estimate | SystemC | RTL vs SystemC | DRAM read (RTL = "
                               "schedule) | DRAM written | cycle bars (2 % in all, 5 % or 64 a phase) |\n"
                               "|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n",
                               w.name, seed);
  for (const auto& m : modes) {
    if (!m.contains("cycles")) {
      md += fmt::format("| {} | {}: {} | | | | | | | | |\n", m["mode"].get<std::string>(), m["status"].get<std::string>(),
                        m["reason"].get<std::string>());
      continue;
    }
    const long long rtl = m["cycles"]["rtl"], sc = m["cycles"]["systemc"];
    int passed = 0;
    for (const auto& r : m["runs"]) passed += r["passed"].get<bool>() ? 1 : 0;
    md += fmt::format("| {} | {} ({} of {} runs) | {} | {} | {} | {} | {:+.1f} % | {} = {} | {} = {} | {} |\n", m["mode"].get<std::string>(),
                      m["status"].get<std::string>(), passed, m["runs"].size(), m["phases"].get<int>(), rtl, m["cycles"]["estimate"].get<long long>(),
                      sc, 100.0 * (rtl - sc) / sc, m["dram_bytes"]["read"]["rtl"].get<long long>(),
                      m["dram_bytes"]["read"]["schedule"].get<long long>(), m["dram_bytes"]["write"]["rtl"].get<long long>(),
                      m["dram_bytes"]["write"]["schedule"].get<long long>(), m["cycle_bars"].get<std::string>());
  }
  return md;
}

}  // namespace

int run_sim_workload(const ParsedArgs& args, const std::string& text) {
  for (const char* o : {"--simulator", "--filter", "--rtl-dir"})
    if (args.has(o)) throw std::invalid_argument(fmt::format("{} is for single blocks, not workloads", o));
  const workload::Workload w = workload::load_workload_text(text, args.positional[0]);
  const std::vector<Mode> modes = workload_modes(args, w, true);
  const uint64_t seed = args.unsigned_integer("--seed", 1);
  const int seeds = static_cast<int>(args.unsigned_integer("--runs", 5, 1, 100));
  const std::string work = args.get("--work", default_work_root());
  if (args.has("--lint-only")) return lint_modes(w, modes, work) ? kExitOk : kExitFailure;
  ordered_json results = ordered_json::array();
  bool passed = true;
  for (Mode m : modes) {
    results.push_back(sim_mode(w, m, work, seed, seeds));
    passed = passed && results.back()["status"] == "passed";
    for (const auto& r : results.back().value("runs", ordered_json::array()))
      for (const auto& e : r["errors"])
        fmt::print(stderr, "sim {} [{}] {} run: {}\n", w.name, results.back()["mode"].get<std::string>(),
                   r["name"].get<std::string>(), e.get<std::string>());
  }
  const ordered_json report{{"schema", "bitloom.workload_sim/1"}, {"workload", w.name}, {"spec", w.file_name},
                            {"spec_sha256", w.sha256}, {"seed", seed}, {"modes", results}};
  const std::string dir = work + "/" + w.name;
  fs::create_directories(dir);
  write_text_file(dir + "/workload_report.json", report.dump(2) + "\n");
  const std::string md = markdown(w, results, seed);
  write_text_file(dir + "/workload_report.md", md);
  if (args.has("--json")) write_text_file(args.get("--json"), report.dump(2) + "\n");
  fmt::print("{}\nreport: {}/workload_report.{{json,md}}\n", md, dir);
  return passed ? kExitOk : kExitFailure;
}

}  // namespace bitloom::cli
