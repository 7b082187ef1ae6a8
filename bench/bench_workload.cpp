// Multi-task workloads: every shipped workload in every mode, both performance models,
// and the speedups of InTAR's schedule; then enc_tiny over buffer sizes 32-128 KiB.
// Usage: build/bench_workload [SOURCE_DIR]   (default: the source tree it was built from)
#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <optional>

#include "generator/workload/scheduler.hpp"
#include "tb/perf_model/systemc_model.hpp"

using namespace bitloom::workload;

namespace {

struct Row {
  std::string workload, mode;
  std::optional<Scheduled> s;
  std::string why_not;
};

std::vector<Row> schedule_all(const std::vector<Workload>& ws) {
  std::vector<Row> rows;
  for (const Workload& w : ws)
    for (Mode m : {Mode::kSequential, Mode::kDataflow, Mode::kIntar}) {
      Row r{w.name, std::string(name(m)), std::nullopt, ""};
      try {
        r.s = schedule(w, m);
      } catch (const ScheduleError& e) {
        r.why_not = e.what();
      }
      rows.push_back(std::move(r));
    }
  return rows;
}

std::vector<PerfResult> simulate(const std::vector<Row>& rows) {
  std::vector<Program> programs;
  for (const Row& r : rows)
    if (r.s) programs.push_back(r.s->program);
  return simulate_programs(programs);
}

long long reconfigurations(const Scheduled& s) { return s.plan.phase_count() - 1; }

void print_modes(const std::vector<Row>& rows, const std::vector<PerfResult>& sim) {
  fmt::print("| workload | mode | cycles (estimate) | cycles (SystemC) | diff | DRAM read B | DRAM write B | phases | "
             "reconfig | peak buffer B | PE util |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  size_t k = 0;
  for (const Row& r : rows) {
    if (!r.s) {
      fmt::print("| {} | {} | not possible: {} |||||||||\n", r.workload, r.mode, r.why_not.substr(r.why_not.find(": ") + 2));
      continue;
    }
    const PerfResult& e = r.s->estimate;
    const PerfResult& s = sim[k++];
    fmt::print("| {} | {} | {} | {} | {:+.2f} % | {} | {} | {} | {} | {} | {:.3f} |\n", r.workload, r.mode, e.cycles,
               s.error.empty() ? std::to_string(s.cycles) : s.error, 100.0 * (e.cycles - s.cycles) / s.cycles, e.read_bytes,
               e.write_bytes, r.s->plan.phase_count(), reconfigurations(*r.s), r.s->plan.peak_buffer_bytes, s.pe_utilization);
  }
}

void print_speedups(const std::vector<Row>& rows, const std::vector<PerfResult>& sim) {
  std::map<std::string, std::map<std::string, long long>> cycles;  // SystemC cycles
  std::vector<std::string> order;
  size_t k = 0;
  for (const Row& r : rows) {
    if (cycles.find(r.workload) == cycles.end()) order.push_back(r.workload);
    cycles[r.workload];
    if (r.s) cycles[r.workload][r.mode] = sim[k++].cycles;
  }
  fmt::print("\n| workload | intar vs sequential | intar vs dataflow |\n|---|---:|---:|\n");
  double log_seq = 0, log_df = 0;
  int n_seq = 0, n_df = 0;
  for (const std::string& w : order) {
    auto& c = cycles[w];
    const double seq = static_cast<double>(c["sequential"]) / c["intar"];
    const bool has_df = c.count("dataflow") > 0;
    const double df = has_df ? static_cast<double>(c["dataflow"]) / c["intar"] : 0;
    log_seq += std::log(seq), ++n_seq;
    if (has_df) log_df += std::log(df), ++n_df;
    fmt::print("| {} | {:.2f}x | {} |\n", w, seq, has_df ? fmt::format("{:.2f}x", df) : "dataflow does not fit");
  }
  fmt::print("| geomean | {:.2f}x | {:.2f}x (of {}) |\n", std::exp(log_seq / n_seq), std::exp(log_df / std::max(1, n_df)), n_df);
}

void print_sweep(const Workload& base) {
  fmt::print("\n{} over buffer_bytes (SystemC cycles; DRAM bytes read + written):\n\n"
             "| buffer KiB | sequential | dataflow | intar | intar / seq cycles | intar / seq DRAM bytes |\n"
             "|---:|---:|---:|---:|---:|---:|\n", base.name);
  for (long long kib : {32, 48, 64, 96, 128}) {
    Workload w = base;
    w.resources.buffer_bytes = kib * 1024;
    const std::vector<Row> rows = schedule_all({w});
    const std::vector<PerfResult> sim = simulate(rows);
    std::map<std::string, std::string> cell;
    std::map<std::string, std::pair<long long, long long>> num;
    size_t k = 0;
    for (const Row& r : rows) {
      if (!r.s) {
        cell[r.mode] = "does not fit";
        continue;
      }
      const PerfResult& s = sim[k++];
      num[r.mode] = {s.cycles, s.read_bytes + s.write_bytes};
      cell[r.mode] = fmt::format("{} cyc, {} B", s.cycles, s.read_bytes + s.write_bytes);
    }
    fmt::print("| {} | {} | {} | {} | {:.3f} | {:.3f} |\n", kib, cell["sequential"], cell["dataflow"], cell["intar"],
               static_cast<double>(num["intar"].first) / num["sequential"].first,
               static_cast<double>(num["intar"].second) / num["sequential"].second);
  }
}

}  // namespace

int main(int argc, char** argv) {
  const std::string src = argc > 1 ? argv[1] : BITLOOM_SOURCE_DIR;
  std::vector<Workload> ws;
  for (const char* rel : {"examples/enc_tiny.yaml", "bench/workloads/enc_odd.yaml", "bench/workloads/intar_mlp.yaml",
                          "bench/workloads/intar_selfattn_quarter.yaml", "bench/workloads/intar_selfattn.yaml",
                          "bench/workloads/intar_gating.yaml"})
    ws.push_back(load_workload(src + "/" + rel));
  const std::vector<Row> rows = schedule_all(ws);
  const std::vector<PerfResult> sim = simulate(rows);
  print_modes(rows, sim);
  print_speedups(rows, sim);
  print_sweep(ws[0]);
  return 0;
}
