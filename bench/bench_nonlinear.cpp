// Benchmark (not a test): every GELU and softmax method on the same formats, one table
// per function: accuracy against double (the bit-exact model: all 65,536 codes for
// GELU, 10^5 seeded Gaussian vectors with N up to 1024 for softmax), table size,
// multipliers, latency, and PPA (slack-guided fmax search, area at fmax, area without a
// clock, flat area at the fmax clock).
// Softmax hardware is synthesized with max_len 64: its vector buffer is flops and
// grows linearly with max_len (the table states the buffer depth used).
// usage: bench_nonlinear [LIBERTY [RESOLUTION_NS [SPEC_STEM ...]]]
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <regex>

#include "generator/nonlinear/accuracy_report.hpp"
#include "generator/process.hpp"
#include "bench/bench_common.hpp"
#include "synth/clock_search.hpp"

using namespace bitloom;
namespace fs = std::filesystem;

namespace {

struct Row {
  nlohmann::ordered_json acc;
  FmaxResult fmax;
  SynthReport no_clock;
  std::string flat;  // flat area at the fmax clock vs hierarchical
  long long buffer_beats = 0;
};

// A copy of `spec` with max_len replaced (softmax hardware for synthesis).
std::string with_max_len(const std::string& spec, int max_len, const std::string& dir) {
  std::string text = read_text_file(spec);
  text = std::regex_replace(text, std::regex("max_len: [0-9]+"), fmt::format("max_len: {}", max_len));
  const std::string out = fmt::format("{}/{}", dir, fs::path(spec).filename().string());
  write_text_file(out, text);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string lib_path = argc > 1 ? argv[1] : default_liberty_path();
  const double resolution = argc > 2 ? std::stod(argv[2]) : 0.1;
  const char* env_work = std::getenv("BITLOOM_BENCH_WORK");
  const std::string work = fs::absolute(env_work ? env_work : "build/bench-nonlinear-work").string();
  const Liberty lib = load_liberty(lib_path, work);
  const std::string dir = source_dir() + "/bench/specs/";
  std::vector<std::string> stems = {"gelu_relu_minus_delta_q4_12", "gelu_poly_quadratic_q4_12", "gelu_ibert_q4_12",
                                    "softmax_online_base2_x16f12_y8f8", "softmax_ibert_x16f12_y8f8",
                                    "softmax_lut_x16f12_y8f8"};
  if (argc > 3) stems.assign(argv + 3, argv + argc);
  fs::create_directories(work + "/specs");
  std::vector<std::future<Row>> jobs;
  for (const auto& stem : stems)
    jobs.push_back(std::async(std::launch::async, [&, stem] {
      Row r;
      const std::string spec_path = dir + stem + ".yaml";
      const Spec spec = load_spec(spec_path);
      AccuracyOptions o;
      o.suite.vectors = 100000;
      r.acc = accuracy_report(spec, o, std::nullopt);
      const std::string hw = spec.kind == BlockKind::kSoftmax ? with_max_len(spec_path, 64, work + "/specs") : spec_path;
      const Generated g = generate_into_work(hw, work);
      r.buffer_beats = g.design.params.value("buffer_beats", 0LL);
      FmaxOptions fo;
      fo.resolution_ns = resolution;
      fo.start_ns = 5.0;
      r.fmax = search_fmax(g, lib, fo);
      r.no_clock = synthesize(g, lib, {});
      r.flat = bench::flat_difference(synth_target(g), lib, r.fmax);
      return r;
    }));
  fmt::print("Liberty {}, fmax resolution {} ns, hierarchical synthesis.\n", lib.name, resolution);
  std::string last_kind;
  for (size_t i = 0; i < jobs.size(); ++i) {
    const Row r = jobs[i].get();
    const auto& a = r.acc;
    const auto& e = a["error"];
    if (a["kind"] != last_kind) {
      last_kind = a["kind"];
      if (last_kind == "gelu")
        fmt::print("\n### GELU, Q4.12 -> Q4.12, every input code\n\n"
                   "| method | max err (LSB) | mean (LSB) | RMS (LSB) | correctly rounded | table rows x bits | multipliers | "
                   "latency | fmax (MHz) | area at fmax (µm²) | area, no clock (µm²) | flat vs hier area |\n"
                   "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
      else
        fmt::print("\n### Softmax, Q3.12 -> UQ0.8, 10^5 vectors, N = 1..1024\n\n"
                   "| method | max err (LSB) | mean (LSB) | correctly rounded | max abs err | max abs(Σp-1) (LSB) | argmax kept | "
                   "tables rows x bits | multipliers | latency | fmax (MHz) | area at fmax (µm²) | area, no clock (µm²) | buffer (beats, max_len 64) | flat vs hier area |\n"
                   "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---|\n");
    }
    std::string tables;
    for (const auto& t : a["tables"]) tables += fmt::format("{}{} {}x{}", tables.empty() ? "" : ", ", t["name"].get<std::string>(),
                                                           t["rows"].get<int>(), t["row_bits"].get<int>());
    if (tables.empty()) tables = "none";
    if (last_kind == "gelu")
      fmt::print("| {} | {:.3f} | {:.4f} | {:.4f} | {:.2f}% | {} | {} | {} | {:.1f} | {:.0f} | {:.0f} | {} |\n", a["method"].get<std::string>(),
                 e["max_lsb"].get<double>(), e["mean_lsb"].get<double>(), e["rms_lsb"].get<double>(),
                 100 * e["correctly_rounded"].get<double>(), tables, a["multipliers"].get<int>(), a["latency_cycles"].get<int>(),
                 r.fmax.fmax_mhz(), r.fmax.at_fmax.area, r.no_clock.area, r.flat);
    else
      fmt::print("| {} | {:.3f} | {:.4f} | {:.2f}% | {:.4f} | {:.0f} | {}/{} | {} | {} | {} | {:.1f} | {:.0f} | {:.0f} | {} | {} |\n",
                 a["method"].get<std::string>(), e["max_lsb"].get<double>(), e["mean_lsb"].get<double>(),
                 100 * e["correctly_rounded"].get<double>(), e["max_abs"].get<double>(),
                 a["softmax"]["max_sum_error_lsb"].get<double>(), a["softmax"]["argmax_kept"].get<long long>(),
                 a["softmax"]["argmax_checked"].get<long long>(), tables, a["multipliers"].get<int>(),
                 a["latency_cycles"].get<int>(), r.fmax.fmax_mhz(), r.fmax.at_fmax.area, r.no_clock.area, r.buffer_beats, r.flat);
  }
  return 0;
}
