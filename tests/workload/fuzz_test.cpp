// Seeded random workloads (--seed=N replays): the scheduler never crashes, never breaks
// the buffer budget, never makes a cyclic dependency inside a phase, and its schedules
// run to the end in the SystemC model (no FIFO deadlock). Random edits of a valid spec
// are either accepted or refused as a SpecError, nothing else.
#include <gtest/gtest.h>
#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <random>

#include "generator/spec_error.hpp"
#include "generator/workload/scheduler.hpp"
#include "tb/perf_model/systemc_model.hpp"
#include "tests/workload/random_workload_parts.hpp"
#include "tests/workload/workload_test_support.hpp"

namespace bitloom::test {
namespace {

using namespace bitloom::workload;

// A random valid workload spec: a DAG grown task by task from a pool of tensors.
std::string random_workload(std::mt19937_64& rng, int index) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const int lanes = std::vector<int>{4, 8, 16}[pick(0, 2)];
  const int aw = pick(4, 16), ww = pick(4, 16), pw = pick(6, 16);
  std::string tensors, tasks;
  std::vector<PoolTensor> pool = {{"in0", "act", pick(1, 70), pick(1, 70)}};
  tensors += fmt::format("  in0: {{shape: [{}, {}], fmt: act, io: input}}\n", pool[0].rows, pool[0].cols);
  int inputs = 1, used[4] = {0, 0, 0, 0};
  const int n = pick(1, 8);
  for (int t = 0; t < n; ++t) {
    const std::string out = fmt::format("t{}", t);
    int op = pick(0, 5);
    std::vector<size_t> signed_pool;
    for (size_t i = 0; i < pool.size(); ++i)
      if (pool[i].fmt == "act") signed_pool.push_back(i);
    if (signed_pool.empty()) op = 0;
    const PoolTensor x = op == 0 || op == 1 ? pool[pick(0, static_cast<int>(pool.size()) - 1)]
                                            : pool[signed_pool[pick(0, static_cast<int>(signed_pool.size()) - 1)]];
    if (op <= 2) {  // gemm
      const long long N = pick(1, 70);
      const bool bt = pick(0, 3) == 0;
      const std::string w = fmt::format("w{}", inputs++);
      tensors += fmt::format("  {}: {{shape: [{}, {}], fmt: wt, io: input}}\n", w, bt ? N : x.cols, bt ? x.cols : N);
      tasks += fmt::format("  - {{name: k{}, op: gemm, a: {}, b: {}, b_t: {}, out: {}, fmt: act, shift: {}, relu: {}}}\n", t,
                           x.name, w, bt ? "true" : "false", out, pick(0, 10), pick(0, 1) ? "true" : "false");
      pool.push_back({out, "act", x.rows, N});
      used[0] = 1;
    } else if (op == 3) {
      tasks += fmt::format("  - {{name: k{}, op: softmax, x: {}, out: {}, fmt: prob}}\n", t, x.name, out);
      pool.push_back({out, "prob", x.rows, x.cols});
      used[1] = 1;
    } else if (op == 4) {
      tasks += fmt::format("  - {{name: k{}, op: gelu, x: {}, out: {}}}\n", t, x.name, out);
      pool.push_back({out, "act", x.rows, x.cols});
      used[2] = 1;
    } else {
      const std::string y = fmt::format("in{}", inputs++);
      tensors += fmt::format("  {}: {{shape: [{}, {}], fmt: act, io: input}}\n", y, x.rows, x.cols);
      tasks += fmt::format("  - {{name: k{}, op: add, x: {}, y: {}, out: {}}}\n", t, x.name, y, out);
      pool.push_back({out, "act", x.rows, x.cols});
      used[3] = 1;
    }
  }
  tensors += unread_results_as_outputs(pool, tasks);
  const long long buffer = static_cast<long long>(std::exp(std::uniform_real_distribution<double>(std::log(4096), std::log(262144))(rng)));
  return fmt::format(
      "kind: workload\nname: fuzz{}\nlanes: {}\nformats:\n  act: {{width: {}, frac: {}}}\n  wt: {{width: {}, frac: {}}}\n"
      "  prob: {{width: {}, frac: {}, signed: false}}\ntensors:\n{}tasks:\n{}resources:\n  cores: {{count: {}, arch: systolic_os}}\n"
      "  sfus: {{softmax: {}, gelu: {}, add: {}}}\n  buffer_bytes: {}\n"
      "  dram: {{bytes_per_cycle: {}, read_latency: {}, write_latency: {}}}\n  reconfig_cycles: {}\n",
      index, lanes, aw, pick(0, aw - 1), ww, pick(0, ww - 1), pw, pick(0, pw), tensors, tasks, pick(1, 4),
      used[1] * pick(1, 2), used[2] * pick(1, 2), used[3] * pick(1, 2), buffer, 1 << pick(0, 6), pick(1, 100), pick(1, 100),
      pick(0, 10));
}

// Within each phase, the dependency edges between items form no cycle.
bool phases_acyclic(const Program& prog) {
  for (const PhaseProgram& ph : prog.phases) {
    const size_t n = ph.items.size();
    std::vector<int> indeg(n, 0);
    std::vector<std::vector<int>> out(n);
    for (size_t i = 0; i < n; ++i) {
      for (int d : ph.items[i].row_deps) out[d].push_back(static_cast<int>(i)), ++indeg[i];
      for (int d : ph.items[i].whole_deps) out[d].push_back(static_cast<int>(i)), ++indeg[i];
    }
    std::vector<int> ready;
    for (size_t i = 0; i < n; ++i)
      if (indeg[i] == 0) ready.push_back(static_cast<int>(i));
    size_t seen = 0;
    while (!ready.empty()) {
      const int i = ready.back();
      ready.pop_back();
      ++seen;
      for (int j : out[i])
        if (--indeg[j] == 0) ready.push_back(j);
    }
    if (seen != n) return false;
  }
  return true;
}

TEST(WorkloadFuzz, RandomWorkloadsScheduleSafely) {
  std::mt19937_64 rng(base_seed());
  std::vector<Program> programs;
  std::vector<std::string> names;
  std::vector<long long> estimates;
  std::vector<std::string> texts;
  int scheduled = 0, refused = 0;
  for (int i = 0; i < 120; ++i) {
    const std::string text = random_workload(rng, i);
    Workload w;
    try {
      w = workload_from_text(text, "fuzz.yaml");
    } catch (const SpecError& e) {
      FAIL() << "generated spec refused: " << e.what() << "\n" << text;
    }
    for (Mode m : {Mode::kSequential, Mode::kDataflow, Mode::kIntar}) {
      try {
        const Scheduled s = schedule(w, m);
        ++scheduled;
        for (int ph = 0; ph < s.plan.phase_count(); ++ph)
          ASSERT_LE(s.plan.buffer_bytes[ph], w.resources.buffer_bytes) << text;
        ASSERT_TRUE(phases_acyclic(s.program)) << text;
        programs.push_back(s.program);
        names.push_back(fmt::format("fuzz{} {}", i, name(m)));
        estimates.push_back(s.estimate.cycles);
        texts.push_back(text);
      } catch (const ScheduleError&) {
        ++refused;  // a mode the resources cannot run: said, not crashed
      }
    }
  }
  const std::vector<PerfResult> sim = simulate_programs(programs);
  double worst = 0;
  size_t worst_at = 0;
  for (size_t i = 0; i < sim.size(); ++i) {
    EXPECT_TRUE(sim[i].error.empty()) << names[i] << ": " << sim[i].error;
    const double err = std::abs(static_cast<double>(estimates[i] - sim[i].cycles)) / sim[i].cycles;
    if (err > worst) worst = err, worst_at = i;
  }
  std::printf("%d schedules (%d modes refused), all ran to the end in SystemC; estimate within %.1f %% of it "
              "(worst: %s)\n", scheduled, refused, 100 * worst, names.empty() ? "-" : names[worst_at].c_str());
  if (std::getenv("BITLOOM_FUZZ_SHOW") && !texts.empty()) std::printf("%s", texts[worst_at].c_str());
  EXPECT_GE(scheduled, 100);
}

TEST(WorkloadFuzz, EditedSpecsAreAcceptedOrRefusedCleanly) {
  std::mt19937_64 rng(base_seed() + 7);
  const std::string base = kSmallWorkload;
  const std::vector<std::string> junk = {"", ":", "[", "]", "{", "-", "0", "-1", "99999999999", "x", "&a", "*a", "\"", "\t", "!!map"};
  for (int i = 0; i < 300; ++i) {
    std::string text = base;
    const size_t at = std::uniform_int_distribution<size_t>(0, text.size() - 1)(rng);
    const size_t len = std::uniform_int_distribution<size_t>(0, 6)(rng);
    text.replace(at, std::min(len, text.size() - at), junk[std::uniform_int_distribution<size_t>(0, junk.size() - 1)(rng)]);
    try {
      const Workload w = workload_from_text(text, "edit.yaml");
      for (Mode m : {Mode::kSequential, Mode::kDataflow, Mode::kIntar}) {
        try {
          schedule(w, m);
        } catch (const ScheduleError&) {
        }
      }
    } catch (const SpecError&) {
    } catch (const std::exception& e) {
      FAIL() << "edit " << i << " threw " << e.what() << " for:\n" << text;
    }
  }
}

}  // namespace
}  // namespace bitloom::test
