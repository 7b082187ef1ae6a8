// The generated workload top (generator/workload_rtl/system.hpp) runs a whole workload
// from DRAM to DRAM against the DRAM model: inputs are written where the documented
// layout puts them, everything else is the canary; start is pulsed once and the test
// waits for done. Expected, from the spec and the golden model alone:
// - every output and every tensor kept in DRAM equals the golden model byte for byte,
//   with the rows' padding bytes 0; inputs unchanged; every byte outside the tensors
//   still the canary;
// - the top's byte counters = the DRAM model's counts = the schedule's bytes, exactly;
// - the DRAM port rules hold (tb/dram_port.hpp);
// - a watchdog fails the run when neither DRAM nor a buffer bank moves for 10^4 cycles;
// - a second start gives the same bytes and cycles; a reset in the middle of a run and
//   a full run after it give the same bytes and counters as a run from reset.
// Five seeds with fixed DRAM timing, five with random latency and dropped readies.
// Reads and writes share one DRAM data bus, as in both performance models. The cycles of
// the first run are printed per phase next to both models; for the encoder block they
// must be within 2 % in total and 5 % (or 64 cycles) per phase of the SystemC model. Mutant tops, each with one
// planted bug (system_variants.hpp), must fail.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>

#include "Vattn_top.h"
#include "Vchain_top.h"
#include "Venc1_top.h"
#include "Vmut_keep_top.h"
#include "Vmut_ring_room_top.h"
#include "Vmut_rows_short_top.h"
#include "Vmut_skip_wait_top.h"
#include "Vproj_top.h"
#include "tb/dram_port.hpp"
#include "tb/perf_model/systemc_model.hpp"
#include "tb/rtl_test_support.hpp"
#include "tb/workload/golden_workload.hpp"
#include "tests/workload_rtl/system_variants.hpp"

namespace {

using namespace bitloom;
using workload::Home;

constexpr uint64_t kBase = 0x1040;       // not page aligned: bursts split at 4 KiB pages
constexpr long long kQuiet = 10000;      // cycles without a move that fail the run
constexpr long long kLimit = 5000000;

struct RunResult {
  long long cycles = 0;
  std::vector<std::string> errors;
  std::vector<long long> phases = {};
};

// Byte i of `code` as `bytes` little-endian bytes.
uint8_t byte_of(int64_t code, int i) { return static_cast<uint8_t>(static_cast<uint64_t>(code) >> (8 * i)); }

void put_tensor(const system_test::Built& b, int t, const workload::Values& v, std::vector<uint8_t>& mem) {
  const long long pitch = workload::dram_pitch(b.w, t);
  const int eb = b.w.format_of(t).bytes();
  for (long long r = 0; r < v.rows; ++r)
    for (long long c = 0; c < v.cols; ++c)
      for (int i = 0; i < eb; ++i) mem[kBase + b.rtl.dram_offset[t] + r * pitch + c * eb + i] = byte_of(v.at(r, c), i);
}

// What DRAM must hold: inputs as written, outputs and DRAM intermediates from the golden
// model with zero padding, canaries everywhere else.
std::vector<uint8_t> expected_dram(const system_test::Built& b, const workload::TensorValues& golden, size_t bytes,
                                   uint8_t canary) {
  std::vector<uint8_t> mem(bytes, canary);
  for (size_t t = 0; t < b.w.tensors.size(); ++t) {
    if (b.rtl.dram_offset[t] < 0) continue;
    const int ti = static_cast<int>(t);
    if (b.w.tensors[t].io != workload::Io::kInput) {
      const long long pitch = workload::dram_pitch(b.w, ti);
      std::fill_n(mem.begin() + kBase + b.rtl.dram_offset[t], b.w.tensors[t].rows * pitch, 0);
    }
    put_tensor(b, ti, golden[t], mem);
  }
  return mem;
}

std::string tensor_at(const system_test::Built& b, uint64_t addr) {
  for (size_t t = 0; t < b.w.tensors.size(); ++t) {
    const long long off = b.rtl.dram_offset[t];
    if (off < 0 || addr < kBase + off || addr >= kBase + off + workload::dram_bytes(b.w, static_cast<int>(t))) continue;
    const long long rel = static_cast<long long>(addr - kBase - off), pitch = workload::dram_pitch(b.w, static_cast<int>(t));
    return fmt::format("{}[{}][byte {}]", b.w.tensors[t].name, rel / pitch, rel % pitch);
  }
  return "outside every tensor";
}

// The test's own guard: GEMM and add results mostly inside their format, so that a
// rounding or sign error cannot hide behind saturation (a softmax's zeros are no clamp).
std::string saturation_problem(const system_test::Built& b, const workload::TensorValues& golden) {
  for (size_t t = 0; t < b.w.tensors.size(); ++t) {
    const int producer = b.w.tensors[t].producer;
    if (producer < 0 || (b.w.tasks[producer].op != workload::Op::kGemm && b.w.tasks[producer].op != workload::Op::kAdd))
      continue;
    const workload::Format& f = b.w.format_of(static_cast<int>(t));
    long long saturated = 0;
    for (int64_t v : golden[t].v) saturated += v == f.min_code() || v == f.max_code();
    if (saturated * 4 > static_cast<long long>(golden[t].v.size()))
      return fmt::format("{}: {} of {} golden results saturate", b.w.tensors[t].name, saturated, golden[t].v.size());
  }
  return "";
}

// One generated top between the DRAM model and the test: inputs in DRAM, canaries
// elsewhere, the expected DRAM contents from the golden model.
template <class M>
class SystemBench {
 public:
  SystemBench(const system_test::Built& b, uint64_t seed, bool random) : b_(b) {
    const workload::TensorValues golden = workload::run_golden(b.w, workload::random_inputs(b.w, seed));
    problem_ = saturation_problem(b, golden);
    c_.data_bytes = b.rtl.data_bytes;
    c_.max_burst = static_cast<int>(workload::burst_bytes(b.w.resources.dram) / c_.data_bytes);
    c_.bytes = static_cast<size_t>(kBase + b.rtl.dram_extent + 4096);
    c_.read_latency = b.w.resources.dram.read_latency;
    c_.write_latency = b.w.resources.dram.write_latency;
    c_.random = random;
    c_.shared_bus = true;  // one DRAM bus, as both performance models have it
    c_.seed = seed;
    dram_ = std::make_unique<tb::DramPort>(c_);
    for (size_t t = 0; t < b.w.tensors.size(); ++t)
      if (b.w.tensors[t].io == workload::Io::kInput) put_tensor(b, static_cast<int>(t), golden[t], dram_->mem);
    want_ = expected_dram(b, golden, c_.bytes, c_.canary);
    m_->dram_base_i = kBase;
    m_->start_i = 0;
    reset();
  }

  // rst_ni low for two cycles. The DRAM model starts afresh over the same memory: the
  // bursts in flight are dropped with the design's state.
  void reset() {
    m_->rst_ni = 0;
    for (int i = 0; i < 4; ++i) {
      m_->clk_i = i % 2;
      m_->eval();
    }
    m_->rst_ni = 1;
    std::vector<uint8_t> mem = dram_->mem;
    ++c_.seed;
    dram_ = std::make_unique<tb::DramPort>(c_);
    dram_->mem = std::move(mem);
  }

  // Pulses start and runs until done, the watchdog (kQuiet cycles without a move) or
  // `stop_after` cycles. False when not done.
  bool run(long long stop_after = kLimit) {
    quiet_ = 0;
    cycle_ = 0;
    phase_end_.clear();
    for (; cycle_ < stop_after && quiet_ < kQuiet && !(cycle_ > 2 && m_->done_o); ++cycle_) {
      const int phase = m_->dbg_phase_o;
      step(cycle_ == 2);
      if (cycle_ > 2 && (m_->dbg_phase_o != phase || m_->done_o)) phase_end_.push_back(cycle_);
    }
    return m_->done_o && cycle_ > 2;
  }

  // Everything that must hold after a complete run: DRAM = the golden contents and the
  // canaries, the byte counters (since reset) = the DRAM model's = `runs` x the schedule,
  // the port rules.
  std::vector<std::string> check(int runs) {
    std::vector<std::string> errors;
    if (!problem_.empty()) errors.push_back(problem_);
    if (!m_->done_o)
      errors.push_back(fmt::format("not done after {} cycles ({} cycles without a move; phase {})", cycle_, quiet_,
                                   static_cast<int>(m_->dbg_phase_o)));
    const long long rd = runs * b_.schedule.estimate.read_bytes, wr = runs * b_.schedule.estimate.write_bytes;
    if (static_cast<long long>(m_->perf_rd_bytes_o) != rd || dram_->read_bytes != rd)
      errors.push_back(fmt::format("bytes read: counter {}, DRAM {}, schedule {}", static_cast<long long>(m_->perf_rd_bytes_o),
                                   dram_->read_bytes, rd));
    if (static_cast<long long>(m_->perf_wr_bytes_o) != wr || dram_->write_bytes != wr)
      errors.push_back(fmt::format("bytes written: counter {}, DRAM {}, schedule {}",
                                   static_cast<long long>(m_->perf_wr_bytes_o), dram_->write_bytes, wr));
    int wrong = 0;
    for (size_t a = 0; a < want_.size(); ++a)
      if (dram_->mem[a] != want_[a] && ++wrong <= 8)
        errors.push_back(fmt::format("DRAM {:#x} ({}): {:#04x}, expected {:#04x}", a, tensor_at(b_, a), dram_->mem[a], want_[a]));
    if (wrong > 8) errors.push_back(fmt::format("... {} wrong bytes in all", wrong));
    errors.insert(errors.end(), dram_->errors.begin(), dram_->errors.end());
    return errors;
  }

  long long cycles() const { return static_cast<long long>(m_->perf_cycles_o); }
  // Cycles of each phase of the last run: from start (or the phase before it ending) to
  // the controller's phase count moving on (or done).
  std::vector<long long> phase_cycles() const {
    std::vector<long long> out;
    for (size_t i = 0; i < phase_end_.size(); ++i) out.push_back(phase_end_[i] - (i ? phase_end_[i - 1] : 2));
    return out;
  }

 private:
  void step(bool start) {
    tb::DramPort& d = *dram_;
    d.drive();
    m_->start_i = start;
    m_->rd_req_ready_i = d.rd_req_ready;
    m_->rd_data_valid_i = d.rd_data_valid;
    uint64_t beat = 0;
    for (size_t i = 0; i < d.rd_data.size(); ++i) beat |= static_cast<uint64_t>(d.rd_data[i]) << (8 * i);
    m_->rd_data_i = beat;
    m_->rd_data_last_i = d.rd_data_last;
    m_->wr_req_ready_i = d.wr_req_ready;
    m_->wr_data_ready_i = d.wr_data_ready;
    m_->wr_resp_valid_i = d.wr_resp_valid;
    m_->clk_i = 0;
    m_->eval();
    tb::DramPortView view;
    view.rd_req_valid = m_->rd_req_valid_o;
    view.rd_req_addr = m_->rd_req_addr_o;
    view.rd_req_len = m_->rd_req_len_o;
    view.rd_data_ready = m_->rd_data_ready_o;
    view.wr_req_valid = m_->wr_req_valid_o;
    view.wr_req_addr = m_->wr_req_addr_o;
    view.wr_req_len = m_->wr_req_len_o;
    view.wr_data_valid = m_->wr_data_valid_o;
    for (int i = 0; i < c_.data_bytes; ++i) view.wr_data.push_back(static_cast<uint8_t>(m_->wr_data_o >> (8 * i)));
    view.wr_data_last = m_->wr_data_last_o;
    view.wr_resp_ready = m_->wr_resp_ready_o;
    const bool moves = m_->dbg_moves_o || (view.rd_data_ready && d.rd_data_valid) ||
                       (view.wr_data_valid && d.wr_data_ready) || d.wr_resp_valid || d.reads_pending();
    quiet_ = moves ? 0 : quiet_ + 1;
    d.edge(view);
    m_->clk_i = 1;
    m_->eval();
  }

  const system_test::Built& b_;
  tb::DramPortConfig c_;
  std::unique_ptr<tb::DramPort> dram_;
  std::vector<uint8_t> want_;
  std::string problem_;
  std::unique_ptr<VerilatedContext> ctx_ = std::make_unique<VerilatedContext>();
  std::unique_ptr<M> m_ = std::make_unique<M>(ctx_.get());
  long long quiet_ = 0, cycle_ = 0;
  std::vector<long long> phase_end_;
};

template <class M>
RunResult run_once(const system_test::Built& b, uint64_t seed, bool random) {
  SystemBench<M> bench(b, seed, random);
  bench.run();
  return {bench.cycles(), bench.check(1), bench.phase_cycles()};
}

// RTL cycles per phase next to both performance models (fixed DRAM timing); the phases
// and the total outside the acceptance bars (2 % in total; 5 % or 64 cycles a phase).
std::vector<std::string> compare_cycles(const system_test::Built& b, const RunResult& r) {
  std::vector<std::string> outside;
  const workload::PerfResult sim = workload::simulate_programs({b.schedule.program}).front();
  const workload::PerfResult& e = b.schedule.estimate;
  std::printf("%s [%s]: %lld cycles (RTL), %lld (estimate), %lld (SystemC): RTL %+.1f %% vs SystemC\n",
              b.w.name.c_str(), b.schedule.label.c_str(), r.cycles, e.cycles, sim.cycles,
              100.0 * (r.cycles - sim.cycles) / sim.cycles);
  for (size_t p = 0; p < r.phases.size() && p < sim.phases.size(); ++p) {
    std::string tasks;
    for (const auto& binding : b.schedule.plan.choices.phases[p].bindings) tasks += b.w.tasks[binding.task].name + " ";
    std::printf("  phase %2zu %-4s RTL %7lld  estimate %7lld  SystemC %7lld  (%+.1f %%)\n", p, tasks.c_str(),
                r.phases[p], e.phases[p].cycles, sim.phases[p].cycles,
                100.0 * (r.phases[p] - sim.phases[p].cycles) / sim.phases[p].cycles);
    const long long off = std::llabs(r.phases[p] - sim.phases[p].cycles);
    if (off > 64 && off * 20 > sim.phases[p].cycles)
      outside.push_back(fmt::format("phase {}: {} cycles, SystemC {}", p, r.phases[p], sim.phases[p].cycles));
  }
  if (r.phases.size() != sim.phases.size())
    outside.push_back(fmt::format("{} phases, SystemC {}", r.phases.size(), sim.phases.size()));
  if (std::llabs(r.cycles - sim.cycles) * 50 > sim.cycles)
    outside.push_back(fmt::format("{} cycles in all, SystemC {}", r.cycles, sim.cycles));
  return outside;
}

// `timed`: the RTL's cycles must also be within the acceptance bars of the SystemC model.
template <class M>
void expect_golden(int which, bool timed = false) {
  const system_test::Built b = system_test::build(system_test::system_cases()[which]);
  const uint64_t seed = tb::test_seed();
  for (int i = 0; i < 10; ++i) {
    const bool random = i >= 5;
    const RunResult r = run_once<M>(b, seed + i, random);
    ASSERT_TRUE(r.errors.empty()) << fmt::format("{} ({} DRAM), seed {}:\n  {}", b.w.name, random ? "random" : "fixed",
                                                 seed + i, fmt::join(r.errors, "\n  "));
    if (i != 0) continue;
    const std::vector<std::string> outside = compare_cycles(b, r);
    if (timed) EXPECT_TRUE(outside.empty()) << fmt::format("{}", fmt::join(outside, "\n"));
  }
}

// A second start after done runs again: the same bytes, the same cycles, the counters
// (since reset) doubled. A reset in the middle of a run, then a full run: the same bytes
// and counters as a run from reset.
template <class M>
void expect_rerun_and_reset(int which) {
  const system_test::Built b = system_test::build(system_test::system_cases()[which]);
  const uint64_t seed = tb::test_seed();
  SystemBench<M> twice(b, seed, false);
  ASSERT_TRUE(twice.run());
  const long long first = twice.cycles();
  ASSERT_TRUE(twice.run());
  auto errors = twice.check(2);
  if (twice.cycles() != first) errors.push_back(fmt::format("second run {} cycles, first {}", twice.cycles(), first));
  EXPECT_TRUE(errors.empty()) << "back to back, seed " << seed << ":\n  " << fmt::format("{}", fmt::join(errors, "\n  "));
  SystemBench<M> interrupted(b, seed, true);
  EXPECT_FALSE(interrupted.run(first / 2));
  interrupted.reset();
  interrupted.run();
  errors = interrupted.check(1);
  EXPECT_TRUE(errors.empty()) << "reset at cycle " << first / 2 << ", seed " << seed << ":\n  "
                              << fmt::format("{}", fmt::join(errors, "\n  "));
}

// A mutant must fail at least one of the runs (fixed and random DRAM).
template <class M>
void expect_caught(int which) {
  const system_test::Built b = system_test::build(system_test::mutant_cases()[which]);
  const uint64_t seed = tb::test_seed();
  int failed = 0;
  std::string first;
  for (int i = 0; i < 4; ++i) {
    const RunResult r = run_once<M>(b, seed + i, i % 2 == 1);
    if (r.errors.empty()) continue;
    if (failed++ == 0) first = r.errors.front();
  }
  EXPECT_GT(failed, 0) << b.rtl.top << ": the bench did not catch the planted fault (seed " << seed << ")";
  std::printf("%s: caught in %d of 4 runs: %s\n", b.rtl.top.c_str(), failed, first.c_str());
}

}  // namespace

TEST(WorkloadSystem, ChainSequentialMatchesTheGoldenModel) { expect_golden<Vchain_top>(0); }
TEST(WorkloadSystem, ProjSequentialStreamsAThroughTheRing) { expect_golden<Vproj_top>(1); }
TEST(WorkloadSystem, AttnSequentialRunsTheSoftmaxBetweenBanks) { expect_golden<Vattn_top>(2); }
TEST(WorkloadSystem, EncoderBlockOnOneCoreMatchesTheGoldenModelAndTheCycles) { expect_golden<Venc1_top>(3, true); }
TEST(WorkloadSystem, RunsAgainAndAfterAResetInTheMiddle) { expect_rerun_and_reset<Vproj_top>(1); }
TEST(WorkloadSystem, CatchesASkippedWait) { expect_caught<Vmut_skip_wait_top>(0); }
TEST(WorkloadSystem, CatchesALoaderThatIgnoresTheRing) { expect_caught<Vmut_ring_room_top>(1); }
TEST(WorkloadSystem, CatchesAnOffByOneRowBound) { expect_caught<Vmut_rows_short_top>(2); }
TEST(WorkloadSystem, CatchesASoftmaxThatSeesPaddedColumns) { expect_caught<Vmut_keep_top>(3); }
