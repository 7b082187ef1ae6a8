// The workload top's buffer banks (generator/workload_rtl/system_layout.cpp), checked
// from the placements alone: no two regions that are live in a common phase share a
// word, each bank stores exactly the words its placements reach (a tensor's last row
// block read whole, past its last row), and what the banks store fits the resources'
// buffer budget.
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "generator/workload/scheduler.hpp"
#include "generator/workload_rtl/system.hpp"
#include "generator/workload_rtl/system_plan.hpp"
#include "tests/workload/workload_test_support.hpp"

namespace bitloom::test {
namespace {

using namespace bitloom::workload;
namespace sys = bitloom::workload_rtl::system;

// A placed region: its bank, words [from, to) within the bank, the words a read of its
// last row block reaches, and its live phases.
struct Region {
  std::string what;
  int bank = 0;
  long long from = 0, to = 0, reach = 0;
  int first = 0, last = 0;
};

std::vector<Region> regions(const Workload& w, const Plan& p, const sys::SystemPlan& s) {
  std::vector<Region> out;
  auto add = [&](const std::string& what, const sys::Placement& pl, int first, int last) {
    if (pl.bank < 0) return;
    const long long base = pl.base - (static_cast<long long>(pl.bank) << s.bank_bits);
    const long long blocks = (pl.words / pl.pitch + w.lanes - 1) / w.lanes;
    out.push_back({what, pl.bank, base, base + pl.words, base + blocks * w.lanes * pl.pitch, first, last});
  };
  for (size_t t = 0; t < w.tensors.size(); ++t) {
    // A block FIFO lives in its producer's phase.
    const bool fifo = p.tensors[t].home == Home::kFifo;
    const int ph = fifo ? p.tasks[w.tensors[t].producer].phase : 0;
    add(w.tensors[t].name, s.place[t], fifo ? ph : p.tensors[t].live_from, fifo ? ph : p.tensors[t].live_to);
  }
  for (size_t t = 0; t < w.tasks.size(); ++t) add(w.tasks[t].name + "'s A ring", s.ring[t], p.tasks[t].phase, p.tasks[t].phase);
  return out;
}

// The shipped workloads and the system bench's specs; every mode the generator builds.
std::vector<std::string> specs() {
  std::vector<std::string> files = shipped_workloads();
  for (const char* f : {"chain.yaml", "proj.yaml", "attn.yaml", "enc1.yaml", "chain2.yaml", "proj2.yaml", "enc2.yaml",
                        "odd2.yaml", "twin.yaml", "trio.yaml", "split.yaml"})
    files.push_back(rtl_spec(f));
  return files;
}

TEST(BankLayout, RegionsNeverOverlapAndBanksStoreWhatIsPlaced) {
  int built = 0;
  for (const std::string& file : specs())
    for (Mode m : {Mode::kSequential, Mode::kDataflow, Mode::kIntar}) {
      const Workload w = load_workload(file);
      Scheduled sched;
      sys::SystemPlan s;
      try {
        sched = schedule(w, m);
        s = sys::make_system_plan(w, sched.plan, {});
      } catch (const workload_rtl::UnsupportedSchedule&) {
        continue;
      } catch (const ScheduleError&) {
        continue;
      }
      ++built;
      const std::vector<Region> rs = regions(w, sched.plan, s);
      ASSERT_EQ(s.bank_words.size(), static_cast<size_t>(s.banks)) << file;
      for (int b = 0; b < s.banks; ++b) {
        long long reach = 0;
        for (const Region& r : rs)
          if (r.bank == b) reach = std::max(reach, r.reach);
        EXPECT_EQ(s.bank_words[b], std::max<long long>(reach, w.lanes)) << file << ": bank " << b;
        EXPECT_LE(s.bank_words[b], 1LL << s.bank_bits) << file << ": bank " << b;
      }
      for (size_t i = 0; i < rs.size(); ++i)
        for (size_t j = i + 1; j < rs.size(); ++j) {
          const Region &a = rs[i], &b = rs[j];
          const bool time = a.first <= b.last && b.first <= a.last, space = a.from < b.to && b.from < a.to;
          EXPECT_FALSE(a.bank == b.bank && time && space) << file << ": " << a.what << " and " << b.what;
        }
      if (getenv("DUMP_BANKS"))
        for (const Region& r : rs) std::printf("  %s bank %d [%lld, %lld) phases %d..%d\n", r.what.c_str(), r.bank, r.from, r.to, r.first, r.last);
      long long stored = 0;
      for (long long words : s.bank_words) stored += words * w.lanes * s.elem_bytes;
      EXPECT_LE(stored, w.resources.buffer_bytes) << file << ": the banks store " << stored << " B";
      std::printf("%s [%s]: banks of %s words, %lld B stored, budget %lld B\n", w.name.c_str(), std::string(name(m)).c_str(),
                  [&] {
                    std::string t;
                    for (long long n : s.bank_words) t += (t.empty() ? "" : " + ") + std::to_string(n);
                    return t;
                  }()
                      .c_str(),
                  stored, w.resources.buffer_bytes);
    }
  EXPECT_GE(built, 12);
}

// Every mode of every shipped workload either becomes a top or is refused up front with
// the reason (UnsupportedSchedule: `bitloom generate` exits 1, `bitloom sim` reports the
// mode as not built); no unit generator may throw on a plan that passed the checks.
TEST(BankLayout, EveryShippedScheduleIsBuiltOrRefusedWithItsReason) {
  for (const std::string& file : shipped_workloads()) {
    const Workload w = load_workload(file);
    for (Mode m : {Mode::kSequential, Mode::kDataflow, Mode::kIntar}) {
      Scheduled sched;
      try {
        sched = schedule(w, m);
      } catch (const ScheduleError&) {
        continue;
      }
      std::string outcome = "built";
      try {
        (void)workload_rtl::workload_system(w, sched.plan);
      } catch (const workload_rtl::UnsupportedSchedule& e) {
        outcome = e.what();
        EXPECT_NE(outcome.find("does not support"), std::string::npos) << outcome;
      } catch (const std::exception& e) {
        ADD_FAILURE() << file << " [" << name(m) << "]: not refused up front: " << e.what();
        outcome = "THREW";
      }
      std::printf("%s [%s]: %s\n", w.name.c_str(), std::string(name(m)).c_str(), outcome.c_str());
    }
  }
}

// InTAR's self-attention and gating (32-byte rows on 64-byte beats) are built in both
// modes since rows narrower than a beat are (README; refused until 2026-12-05).
TEST(BankLayout, InTarAttentionAndGatingAreBuiltInSequentialAndIntar) {
  for (const char* name : {"intar_selfattn_quarter", "intar_selfattn", "intar_gating"}) {
    const Workload w = load_workload(std::string(BITLOOM_SOURCE) + "/bench/workloads/" + name + ".yaml");
    for (Mode m : {Mode::kSequential, Mode::kIntar}) {
      try {
        (void)workload_rtl::workload_system(w, schedule(w, m).plan);
      } catch (const std::exception& e) {
        ADD_FAILURE() << name << " [" << std::string(workload::name(m)) << "]: " << e.what();
      }
    }
  }
}

// Every dataflow schedule of the shipped and test workloads is built: GEMMs on whole
// cores (since 2026-12-06), on one re-split L x c core each, with several tasks of the
// phase streaming A from DRAM through loaders of their own (both since 2026-12-06: until
// then enc_tiny's was refused for its re-split cores, and behind that for its one loader).
TEST(BankLayout, EveryDataflowScheduleIsBuilt) {
  int built = 0, resplit = 0;
  for (const std::string& file : shipped_and_test_workloads()) {
    const Workload w = load_workload(file);
    std::optional<Plan> plan;
    try {
      plan = schedule(w, Mode::kDataflow).plan;
    } catch (const ScheduleError&) {
      continue;  // not schedulable in dataflow (rows3: a second softmax; the quarter self-attention: its buffer)
    }
    try {
      (void)workload_rtl::workload_system(w, *plan);
      ++built;
      for (const Binding& b : plan->choices.phases.at(0).bindings) resplit += !on_whole_cores(w, b);
    } catch (const std::exception& e) {
      ADD_FAILURE() << file << ": " << e.what();
    }
  }
  EXPECT_GE(built, 27);
  EXPECT_GT(resplit, 40) << "GEMMs on re-split cores among the built dataflow tops";
}

}  // namespace
}  // namespace bitloom::test
