// The generated workload top (generator/workload_rtl/system.hpp) runs a whole workload
// from DRAM to DRAM against the DRAM model: inputs are written where the documented
// layout puts them, everything else is the canary; start is pulsed once and the test
// waits for done. Expected, from the spec and the golden model alone:
// - every output and every tensor kept in DRAM equals the golden model byte for byte,
//   with the rows' padding bytes 0; inputs unchanged; every byte outside the tensors
//   still the canary;
// - the top's byte counters = the DRAM model's counts = the schedule's bytes, exactly;
// - the DRAM port rules hold (tb/dram_port.hpp);
// - a watchdog fails the run when neither DRAM nor a buffer bank moves for 10^4 cycles.
// Five seeds with fixed DRAM timing, five with random latency and dropped readies.
// The cycles are printed next to the schedule's estimate.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>

#include <memory>

#include "Vchain_top.h"
#include "Vproj_top.h"
#include "tb/dram_port.hpp"
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

// The test's own guard: results mostly inside their format, so that a rounding or sign
// error cannot hide behind saturation.
std::string saturation_problem(const system_test::Built& b, const workload::TensorValues& golden) {
  for (size_t t = 0; t < b.w.tensors.size(); ++t) {
    if (b.w.tensors[t].producer < 0) continue;
    const workload::Format& f = b.w.format_of(static_cast<int>(t));
    long long saturated = 0;
    for (int64_t v : golden[t].v) saturated += v == f.min_code() || v == f.max_code();
    if (saturated * 4 > static_cast<long long>(golden[t].v.size()))
      return fmt::format("{}: {} of {} golden results saturate", b.w.tensors[t].name, saturated, golden[t].v.size());
  }
  return "";
}

template <class M>
RunResult run_once(const system_test::Built& b, uint64_t seed, bool random) {
  const workload::TensorValues golden = workload::run_golden(b.w, workload::random_inputs(b.w, seed));
  if (const std::string p = saturation_problem(b, golden); !p.empty()) return {0, {p}};
  tb::DramPortConfig c;
  c.data_bytes = b.rtl.data_bytes;
  c.max_burst = static_cast<int>(workload::burst_bytes(b.w.resources.dram) / c.data_bytes);
  c.bytes = static_cast<size_t>(kBase + b.rtl.dram_extent + 4096);
  c.read_latency = b.w.resources.dram.read_latency;
  c.write_latency = b.w.resources.dram.write_latency;
  c.random = random;
  c.seed = seed;
  tb::DramPort dram(c);
  for (size_t t = 0; t < b.w.tensors.size(); ++t)
    if (b.w.tensors[t].io == workload::Io::kInput) put_tensor(b, static_cast<int>(t), golden[t], dram.mem);
  const std::vector<uint8_t> want = expected_dram(b, golden, c.bytes, c.canary);

  auto ctx = std::make_unique<VerilatedContext>();
  auto m = std::make_unique<M>(ctx.get());
  m->dram_base_i = kBase;
  m->start_i = 0;
  m->rst_ni = 0;
  for (int i = 0; i < 4; ++i) {
    m->clk_i = i % 2;
    m->eval();
  }
  m->rst_ni = 1;
  RunResult r;
  long long quiet = 0, cycle = 0;
  bool started = false;
  for (; cycle < kLimit && quiet < kQuiet && !(started && m->done_o); ++cycle) {
    dram.drive();
    m->start_i = cycle == 2;
    started = started || cycle > 2;
    m->rd_req_ready_i = dram.rd_req_ready;
    m->rd_data_valid_i = dram.rd_data_valid;
    uint64_t beat = 0;
    for (size_t i = 0; i < dram.rd_data.size(); ++i) beat |= static_cast<uint64_t>(dram.rd_data[i]) << (8 * i);
    m->rd_data_i = beat;
    m->rd_data_last_i = dram.rd_data_last;
    m->wr_req_ready_i = dram.wr_req_ready;
    m->wr_data_ready_i = dram.wr_data_ready;
    m->wr_resp_valid_i = dram.wr_resp_valid;
    m->clk_i = 0;
    m->eval();
    tb::DramPortView view;
    view.rd_req_valid = m->rd_req_valid_o;
    view.rd_req_addr = m->rd_req_addr_o;
    view.rd_req_len = m->rd_req_len_o;
    view.rd_data_ready = m->rd_data_ready_o;
    view.wr_req_valid = m->wr_req_valid_o;
    view.wr_req_addr = m->wr_req_addr_o;
    view.wr_req_len = m->wr_req_len_o;
    view.wr_data_valid = m->wr_data_valid_o;
    for (int i = 0; i < c.data_bytes; ++i) view.wr_data.push_back(static_cast<uint8_t>(m->wr_data_o >> (8 * i)));
    view.wr_data_last = m->wr_data_last_o;
    view.wr_resp_ready = m->wr_resp_ready_o;
    const bool moves = m->dbg_moves_o || (view.rd_data_ready && dram.rd_data_valid) ||
                       (view.wr_data_valid && dram.wr_data_ready) || dram.wr_resp_valid || dram.reads_pending();
    quiet = moves ? 0 : quiet + 1;
    dram.edge(view);
    m->clk_i = 1;
    m->eval();
  }
  r.cycles = static_cast<long long>(m->perf_cycles_o);
  if (!m->done_o)
    r.errors.push_back(fmt::format("not done after {} cycles ({} cycles without a move; phase {})", cycle, quiet,
                                   static_cast<int>(m->dbg_phase_o)));
  const workload::PerfResult& e = b.schedule.estimate;
  if (static_cast<long long>(m->perf_rd_bytes_o) != e.read_bytes || dram.read_bytes != e.read_bytes)
    r.errors.push_back(fmt::format("bytes read: counter {}, DRAM {}, schedule {}", static_cast<long long>(m->perf_rd_bytes_o),
                                   dram.read_bytes, e.read_bytes));
  if (static_cast<long long>(m->perf_wr_bytes_o) != e.write_bytes || dram.write_bytes != e.write_bytes)
    r.errors.push_back(fmt::format("bytes written: counter {}, DRAM {}, schedule {}",
                                   static_cast<long long>(m->perf_wr_bytes_o), dram.write_bytes, e.write_bytes));
  int wrong = 0;
  for (size_t a = 0; a < want.size(); ++a)
    if (dram.mem[a] != want[a] && ++wrong <= 8)
      r.errors.push_back(fmt::format("DRAM {:#x} ({}): {:#04x}, expected {:#04x}", a, tensor_at(b, a), dram.mem[a], want[a]));
  if (wrong > 8) r.errors.push_back(fmt::format("... {} wrong bytes in all", wrong));
  r.errors.insert(r.errors.end(), dram.errors.begin(), dram.errors.end());
  return r;
}

template <class M>
void expect_golden(int which) {
  const system_test::Built b = system_test::build(system_test::system_cases()[which]);
  const uint64_t seed = tb::test_seed();
  for (int i = 0; i < 10; ++i) {
    const bool random = i >= 5;
    const RunResult r = run_once<M>(b, seed + i, random);
    ASSERT_TRUE(r.errors.empty()) << fmt::format("{} ({} DRAM), seed {}:\n  {}", b.w.name, random ? "random" : "fixed",
                                                 seed + i, fmt::join(r.errors, "\n  "));
    if (!random)
      std::printf("%s [%s] seed %llu: %lld cycles (RTL), %lld (schedule's estimate)\n", b.w.name.c_str(),
                  b.schedule.label.c_str(), static_cast<unsigned long long>(seed + i), r.cycles, b.schedule.estimate.cycles);
  }
}

}  // namespace

TEST(WorkloadSystem, ChainSequentialMatchesTheGoldenModel) { expect_golden<Vchain_top>(0); }
TEST(WorkloadSystem, ProjSequentialStreamsAThroughTheRing) { expect_golden<Vproj_top>(1); }
