// The timing runs' memory budget (synth/memory_budget.hpp): an STA that alone needs more
// than the budget is refused with the figures in the message, reservations that do not
// fit together wait for each other, and a synthesis under a budget for one STA at a time
// still times both mappings, one after the other; a workload top whose buffer alone
// cannot fit is refused before Yosys starts.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "generator/process.hpp"
#include "generator/spec_error.hpp"
#include "synth/clock_search.hpp"
#include "synth/memory_budget.hpp"

using namespace bitloom;
namespace fs = std::filesystem;

namespace {

std::string spec(const std::string& name) { return std::string(BITLOOM_TEST_DATA) + "/specs/" + name + ".yaml"; }

// Sets the budget for one scope and restores the machine's afterwards.
class BudgetMib {
 public:
  explicit BudgetMib(unsigned long long mib) { setenv("BITLOOM_MEMORY_BUDGET_MIB", std::to_string(mib).c_str(), 1); }
  ~BudgetMib() { unsetenv("BITLOOM_MEMORY_BUDGET_MIB"); }
};

// A fresh work folder each time, so that no cached report answers for a run.
Generated fresh(const std::string& name, const std::string& folder) {
  const std::string work = std::string(BITLOOM_TEST_WORK) + "/" + folder;
  fs::remove_all(work);
  return generate_into_work(spec(name), work);
}

SynthReport at_clock(const Generated& g, double ns) {
  static const Liberty lib = load_liberty(default_liberty_path(), BITLOOM_TEST_WORK);
  SynthOptions o;
  o.clock_ns = ns;
  return synthesize(g, lib, o);
}

}  // namespace

TEST(MemoryBudget, EstimateGrowsWithTheCells) {
  EXPECT_GT(sta_memory_estimate(0), 0u);
  EXPECT_GT(sta_memory_estimate(1'000'000), sta_memory_estimate(1'000) + (1ull << 30));
}

TEST(MemoryBudget, AnStaThatAloneExceedsTheBudgetIsRefusedWithTheFigures) {
  const Generated g = fresh("os_2x7_i8", "memory_refused");
  const BudgetMib tiny(1);
  try {
    at_clock(g, 7.5);
    FAIL() << "expected a refusal";
  } catch (const BudgetError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("OpenSTA on os_2x7_i8"), std::string::npos) << msg;
    EXPECT_NE(msg.find("cells) needs about"), std::string::npos) << msg;
    EXPECT_NE(msg.find("more than the 1 MiB"), std::string::npos) << msg;
  }
}

TEST(MemoryBudget, ReservationsThatDoNotFitTogetherWait) {
  const std::uint64_t mib = 1 << 20;
  const BudgetMib budget(100);
  std::atomic<bool> second_in{false};
  std::thread second;
  {
    const MemoryReservation first(60 * mib, "first");
    second = std::thread([&] {
      const MemoryReservation r(60 * mib, "second");
      second_in = true;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    EXPECT_FALSE(second_in) << "120 MiB were held under a 100 MiB budget";
  }
  second.join();
  EXPECT_TRUE(second_in);
  // Two that fit are held at once.
  reset_peak_concurrent_reservations();
  {
    const MemoryReservation a(40 * mib, "a"), b(40 * mib, "b");
    EXPECT_EQ(peak_concurrent_reservations(), 2);
  }
}

TEST(MemoryBudget, BothMappingsAreTimedOneAfterTheOtherWhenOnlyOneFits) {
  const Generated g = fresh("os_2x7_i8", "memory_serial");
  const std::uint64_t one = sta_memory_estimate(0) >> 20;  // the cells add little here
  const BudgetMib budget(one + one / 2 + 8);
  reset_peak_concurrent_reservations();
  const SynthReport r = at_clock(g, 7.5);
  ASSERT_TRUE(r.timing);
  EXPECT_EQ(r.alternatives.size(), 2u);
  EXPECT_EQ(peak_concurrent_reservations(), 1);
  // The estimate holds OpenSTA's measured peak (the report keeps both).
  EXPECT_GT(r.timing->peak_mib, 1.0);
  EXPECT_LE(r.timing->peak_mib, r.timing->estimate_mib);
  EXPECT_DOUBLE_EQ(r.timing->estimate_mib, static_cast<double>(sta_memory_estimate(r.cells)) / (1 << 20));
}

namespace {

// `bitloom synth SPEC --mode MODE --clock-ns 8.5` under a budget of `mib`: its exit code and
// output; no synthesis folder may be left (Yosys never started).
std::pair<int, std::string> refused_workload_synth(const std::string& spec, const std::string& mode, unsigned mib,
                                                   const std::string& folder) {
  const std::string work = std::string(BITLOOM_TEST_WORK) + "/" + folder;
  fs::remove_all(work);
  const BudgetMib budget(mib);
  const std::string log = work + ".log";
  const int code = run_process({BITLOOM_BINARY, "synth", spec, "--mode", mode, "--clock-ns", "8.5", "--work", work},
                               {log, "", "", 0});
  for (const auto& e : fs::recursive_directory_iterator(work))
    EXPECT_EQ(e.path().filename().string().rfind("synth-", 0), std::string::npos) << "Yosys ran: " << e.path();
  return {code, read_text_file(log)};
}

}  // namespace

TEST(MemoryBudget, AWorkloadTopWhoseBufferCannotFitIsRefusedBeforeYosys) {
  // 50 MiB is below any STA's base: only the buffer's floor can refuse this early.
  const auto [code, out] = refused_workload_synth(std::string(BITLOOM_TEST_DATA) + "/workload_rtl/specs/chain2.yaml",
                                                  "sequential", 50, "memory_workload");
  EXPECT_EQ(code, 2) << out;
  EXPECT_NE(out.find("chain2_top has at least"), std::string::npos) << out;
  EXPECT_NE(out.find("more than the 50 MiB"), std::string::npos) << out;
}

TEST(MemoryBudget, InTarsFullSizeTopsAreRefusedOnA24GiBMachine) {
  // The README's figures: their buffers alone are at least 25.2 and 22.5 million cells.
  const std::string bench = std::string(BITLOOM_TEST_DATA) + "/../bench/workloads/";
  for (const auto& [name, cells] : {std::pair<std::string, std::string>{"intar_selfattn", "25165824"},
                                    {"intar_gating", "22544384"}}) {
    const auto [code, out] = refused_workload_synth(bench + name + ".yaml", "intar", 24 * 1024, "memory_" + name);
    EXPECT_EQ(code, 2) << out;
    EXPECT_NE(out.find(name + "_top has at least " + cells + " cells"), std::string::npos) << out;
  }
}
