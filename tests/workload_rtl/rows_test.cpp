// The DRAM row loader and storer between the real DMA channels, a DRAM model
// (tb/dram_port.hpp) and a real skewed buffer: a tensor's rows (pitch padding
// included, random bytes) are loaded by two jobs (the second asking for more row blocks
// than the tensor has), every buffer word is read back by the test, then stored by two
// jobs to another place. Expected: each buffer word holds its row's bytes; the stored
// rows equal the loaded ones with padding slots zero; every other DRAM byte keeps its
// canary; both byte counters and the DRAM model count rows x pitch; the port rules hold.
// Fixed and random DRAM timing (latency in [lat, 4 lat], ready drops).
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>

#include <deque>
#include <memory>
#include <random>

#include "Vrows_b2_top.h"
#include "Vrows_g1_top.h"
#include "Vrows_g2_top.h"
#include "hw/prims/controller.hpp"
#include "tb/dram_port.hpp"
#include "tb/lanes.hpp"
#include "tests/workload_rtl/host_port.hpp"
#include "tb/rtl_test_support.hpp"
#include "tests/workload_rtl/rows_variants.hpp"

namespace {

using bitloom::rows_test::Variant;
using bitloom::tb::get_lane;

constexpr uint64_t kBase = 0xF80;  // the row blocks cross a 4 KiB page
constexpr long long kWatchdog = 20000;

// m_bound row blocks from row block `first_block` on.
uint64_t job_word(int stage, int row_blocks, int first_block) {
  return bitloom::hw::prims::job_word(stage, row_blocks, 0, 0, first_block);
}

template <class M>
class RowsBench {
 public:
  RowsBench(const Variant& v, bool random, uint64_t seed) : v_(v), dram_(config(v, random, seed)) {
    m_->clk_i = 0;
    m_->rst_ni = 0;
    m_->dram_base_i = kBase;
    m_->eval();
    for (int i = 0; i < 3; ++i) tick();
    m_->rst_ni = 1;
  }

  bitloom::tb::DramPort& dram() { return dram_; }
  M& model() { return *m_; }

  // Runs the jobs to their end (each offered as soon as the one before is taken), then
  // waits for the DMA channels to go idle.
  void run(std::deque<uint64_t> loads, std::deque<uint64_t> stores, std::vector<std::string>& errors) {
    for (long long cycle = 0; cycle < kWatchdog; ++cycle) {
      dram_.drive();
      m_->s_load_job_tvalid = !loads.empty();
      m_->s_load_job_tdata = loads.empty() ? 0 : loads.front();
      m_->s_store_job_tvalid = !stores.empty();
      m_->s_store_job_tdata = stores.empty() ? 0 : stores.front();
      bitloom::tb::drive_read_inputs(dram_, *m_);
      bitloom::tb::drive_write_inputs(dram_, *m_);
      m_->eval();
      const bool load_fire = !loads.empty() && m_->s_load_job_tready;
      const bool store_fire = !stores.empty() && m_->s_store_job_tready;
      const bool quiet = loads.empty() && stores.empty() && m_->load_idle_o && m_->store_idle_o &&
                         m_->dma_read_idle_o && m_->dma_write_idle_o && dram_.writes_pending() == 0;
      if (quiet) return;
      bitloom::tb::DramPortView view;
      bitloom::tb::view_read_outputs(*m_, view);
      bitloom::tb::view_write_outputs(*m_, v_.o.data_bytes, view);
      dram_.edge(view);
      tick();
      if (load_fire) loads.pop_front();
      if (store_fire) stores.pop_front();
      if ((load_fire && m_->load_idle_o) || (store_fire && m_->store_idle_o))
        errors.push_back(fmt::format("cycle {}: idle_o high the cycle after a job was taken", cycle));
    }
    errors.push_back(fmt::format("watchdog: not done after {} cycles", kWatchdog));
  }

  void fill_buffer(uint64_t canary) {
    m_->host_wr_en_i = 1;
    for (int w = 0; w < 1 << v_.o.address_bits; ++w) {
      m_->host_wr_addr_i = w;
      for (int j = 0; j < v_.o.lanes; ++j) bitloom::tb::put_lane(m_->host_wr_data_i, j, v_.o.elem_width, canary);
      tick();
    }
    m_->host_wr_en_i = 0;
  }

  std::vector<uint64_t> read_word(int addr, int rot) {
    return bitloom::workload_test::host_read(*m_, [this] { tick(); }, addr, rot, v_.o.lanes, v_.o.elem_width);
  }


 private:
  static bitloom::tb::DramPortConfig config(const Variant& v, bool random, uint64_t seed) {
    bitloom::tb::DramPortConfig c;
    c.data_bytes = v.o.data_bytes;
    c.max_burst = bitloom::rows_test::dma_options(v).max_burst;
    c.bytes = size_t{1} << bitloom::rows_test::kAddrBits;
    c.random = random;
    c.seed = seed;
    return c;
  }
  void tick() {
    m_->clk_i = 1;
    m_->eval();
    m_->clk_i = 0;
    m_->eval();
  }

  Variant v_;
  bitloom::tb::DramPort dram_;
  std::unique_ptr<VerilatedContext> ctx_ = std::make_unique<VerilatedContext>();
  std::unique_ptr<M> m_ = std::make_unique<M>(ctx_.get());
};

template <class M>
std::vector<std::string> round_trip(const Variant& v, bool random, uint64_t seed) {
  RowsBench<M> bench(v, random, seed);
  const auto& src = v.stages[0];
  const auto& dst = v.stages[1];
  const long long word_bytes = v.o.lanes * v.o.elem_width / 8, bytes = src.rows * src.pitch_bytes;
  auto& mem = bench.dram().mem;
  std::mt19937_64 rng(seed);
  for (long long i = 0; i < bytes; ++i) mem[kBase + src.dram_offset + i] = static_cast<uint8_t>(rng());
  std::vector<uint8_t> want = mem;  // the image the run must leave
  for (long long r = 0; r < src.rows; ++r)
    for (long long b = 0; b < src.pitch_bytes; ++b)
      want[kBase + dst.dram_offset + r * dst.pitch_bytes + b] =
          b < src.words * word_bytes ? mem[kBase + src.dram_offset + r * src.pitch_bytes + b] : 0;
  const int blocks = static_cast<int>((src.rows + v.o.lanes - 1) / v.o.lanes);
  const uint64_t canary = v.o.elem_width == 8 ? 0x5a : 0x5a5a;
  bench.fill_buffer(canary);
  std::vector<std::string> errors;
  bench.run({job_word(0, 1, 0), job_word(0, 50, 1)}, {}, errors);
  // Every buffer word of the tensor: lane j = element (r, s * L + j) as DRAM held it;
  // the gap word after each row and the words after the tensor keep their canary.
  for (int w = 0; w < 1 << v.o.address_bits && errors.size() < 8; ++w) {
    const long long r = (w - src.buf_base) / src.buf_pitch, s = (w - src.buf_base) % src.buf_pitch;
    if (w >= src.buf_base && r < src.rows && s < src.words) continue;
    const auto got = bench.read_word(w, 0);
    if (got != std::vector<uint64_t>(v.o.lanes, canary))
      errors.push_back(fmt::format("buffer word {} (no element of the tensor): [{:x}]", w, fmt::join(got, " ")));
  }
  for (long long r = 0; r < src.rows && errors.size() < 8; ++r)
    for (long long s = 0; s < src.words; ++s) {
      const auto got = bench.read_word(static_cast<int>(src.buf_base + r * src.buf_pitch + s), static_cast<int>(r % v.o.lanes));
      std::vector<uint64_t> expect;
      for (int j = 0; j < v.o.lanes; ++j) {
        const long long at = kBase + src.dram_offset + r * src.pitch_bytes + s * word_bytes + j * v.o.elem_width / 8;
        expect.push_back(v.o.elem_width == 8 ? mem[at] : mem[at] | mem[at + 1] << 8);
      }
      if (got != expect)
        errors.push_back(fmt::format("buffer row {} word {}: [{:x}], expected [{:x}]", r, s, fmt::join(got, " "),
                                     fmt::join(expect, " ")));
    }
  bench.run({}, {job_word(1, 1, 0), job_word(1, blocks, 1)}, errors);
  for (size_t i = 0; i < mem.size() && errors.size() < 8; ++i)
    if (mem[i] != want[i]) errors.push_back(fmt::format("DRAM byte {:#x}: {:#04x}, expected {:#04x}", i, mem[i], want[i]));
  const auto& m = bench.model();
  if (static_cast<long long>(m.rd_bytes_o) != bytes || bench.dram().read_bytes != bytes ||
      static_cast<long long>(m.wr_bytes_o) != bytes || bench.dram().write_bytes != bytes)
    errors.push_back(fmt::format("bytes: read {} (DRAM {}), written {} (DRAM {}), the tensor has {}",
                                 static_cast<long long>(m.rd_bytes_o), bench.dram().read_bytes,
                                 static_cast<long long>(m.wr_bytes_o), bench.dram().write_bytes, bytes));
  errors.insert(errors.end(), bench.dram().errors.begin(), bench.dram().errors.end());
  return errors;
}

template <class M>
void expect_round_trips(int variant) {
  const Variant v = bitloom::rows_test::variants()[variant];
  const uint64_t seed = bitloom::tb::test_seed();
  for (int run = 0; run < 4; ++run) {
    const bool random = run % 2 == 1;
    const auto errors = round_trip<M>(v, random, seed + run);
    ASSERT_TRUE(errors.empty()) << fmt::format("{} ({} DRAM), seed {}:\n  {}", v.name, random ? "random" : "fixed",
                                               seed + run, fmt::join(errors, "\n  "));
  }
}

}  // namespace

TEST(DramRows, TwoSlotsABeatWithPadding) { expect_round_trips<Vrows_g2_top>(0); }
TEST(DramRows, TwoBeatsASlot) { expect_round_trips<Vrows_b2_top>(1); }
TEST(DramRows, OneWordABeat) { expect_round_trips<Vrows_g1_top>(2); }
