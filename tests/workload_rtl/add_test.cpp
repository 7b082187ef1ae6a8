// The buffer row reader and writer around the saturating add: H = sat(X + Y) from two
// buffers into one, as the enc_tiny residual runs on chip. X's padded columns hold
// garbage in its buffer; the reader must mask them (tkeep) so that H's padded columns
// are written as 0. Expected from the tensors and the contract alone: every H word, the
// gap word after each row and every other word of buffer Y (its canary or Y), and tlast
// on each row's last word; writes under random back-pressure; two jobs per unit (the
// second clipped to the tensor).
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <memory>
#include <random>

#include "Vadd_tb_top.h"
#include "hw/prims/controller.hpp"
#include "tb/lanes.hpp"
#include "tests/workload_rtl/host_port.hpp"
#include "tb/rtl_test_support.hpp"
#include "tests/workload_rtl/add_bench.hpp"

namespace {

using namespace bitloom::add_test;
using bitloom::tb::get_lane;
using bitloom::tb::put_lane;
using Tensor = std::vector<std::vector<uint64_t>>;  // rows x (words * L) codes

constexpr uint64_t kCanary = 0xA5;
constexpr long long kWords = (kCols + kLanes - 1) / kLanes;

class AddBench {
 public:
  AddBench() {
    m_->clk_i = 0;
    m_->rst_ni = 0;
    m_->eval();
    for (int i = 0; i < 3; ++i) tick();
    m_->rst_ni = 1;
  }

  void write(bool buffer_y, int addr, int rot, const std::vector<uint64_t>& lanes) {
    m_->host_x_wr_en_i = !buffer_y;
    m_->host_y_wr_en_i = buffer_y;
    m_->host_wr_addr_i = addr;
    m_->host_wr_rot_i = rot;
    for (int j = 0; j < kLanes; ++j) put_lane(m_->host_wr_data_i, j, kWidth, lanes[j]);
    tick();
    m_->host_x_wr_en_i = m_->host_y_wr_en_i = 0;
  }

  void write_tensor(bool buffer_y, const Tensor& t, const bitloom::workload_rtl::BufferRowStage& s) {
    for (long long r = 0; r < s.rows; ++r)
      for (long long cb = 0; cb < kWords; ++cb)
        write(buffer_y, static_cast<int>(s.buf_base + r * s.buf_pitch + cb), static_cast<int>(r % kLanes),
              std::vector<uint64_t>(t[r].begin() + cb * kLanes, t[r].begin() + (cb + 1) * kLanes));
  }

  std::vector<uint64_t> read(int addr, int rot) {
    return bitloom::workload_test::host_read(*m_, [this] { tick(); }, addr, rot, kLanes, kWidth);
  }


  // Offers each unit its jobs in order until all are taken and every unit is idle again.
  void run(std::deque<uint64_t> x, std::deque<uint64_t> y, std::deque<uint64_t> h, std::mt19937_64& rng,
           std::vector<std::string>& errors) {
    long long beats = 0, x_beats = 0, y_beats = 0;
    for (long long cycle = 0; cycle < 20000; ++cycle) {
      m_->s_x_job_tvalid = !x.empty();
      m_->s_x_job_tdata = x.empty() ? 0 : x.front();
      m_->s_y_job_tvalid = !y.empty();
      m_->s_y_job_tdata = y.empty() ? 0 : y.front();
      m_->s_h_job_tvalid = !h.empty();
      m_->s_h_job_tdata = h.empty() ? 0 : h.front();
      m_->wr_ready_i = rng() % 3 != 0;
      m_->eval();
      if (x.empty() && y.empty() && h.empty() && m_->x_idle_o && m_->y_idle_o && m_->h_idle_o) return;
      const bool fx = !x.empty() && m_->s_x_job_tready, fy = !y.empty() && m_->s_y_job_tready,
                 fh = !h.empty() && m_->s_h_job_tready;
      // A reader is idle only once its last word has left.
      if (x.empty() && m_->x_idle_o && x_beats != kRows * kWords)
        errors.push_back(fmt::format("cycle {}: reader X idle after {} of {} words", cycle, x_beats, kRows * kWords));
      if (y.empty() && m_->y_idle_o && y_beats != kRows * kWords)
        errors.push_back(fmt::format("cycle {}: reader Y idle after {} of {} words", cycle, y_beats, kRows * kWords));
      if (errors.size() > 8) return;
      x_beats += m_->x_fire_o;
      y_beats += m_->y_fire_o;
      if (m_->sum_fire_o) {
        if (static_cast<bool>(m_->sum_last_o) != (beats % kWords == kWords - 1))
          errors.push_back(fmt::format("sum beat {}: tlast {}", beats, static_cast<int>(m_->sum_last_o)));
        ++beats;
      }
      tick();
      if (fx) x.pop_front();
      if (fy) y.pop_front();
      if (fh) h.pop_front();
    }
    errors.push_back("watchdog: not done after 20000 cycles");
  }

 private:
  void tick() {
    m_->clk_i = 1;
    m_->eval();
    m_->clk_i = 0;
    m_->eval();
  }
  std::unique_ptr<VerilatedContext> ctx_ = std::make_unique<VerilatedContext>();
  std::unique_ptr<Vadd_tb_top> m_ = std::make_unique<Vadd_tb_top>(ctx_.get());
};

uint64_t job(int stage, int row_blocks, int first) {
  return bitloom::hw::prims::job_word(stage, row_blocks, 0, 0, first);
}

std::vector<std::string> run_residual(uint64_t seed) {
  std::mt19937_64 rng(seed);
  Tensor x(kRows, std::vector<uint64_t>(kWords * kLanes)), y = x;
  for (auto* t : {&x, &y})
    for (auto& row : *t)
      for (auto& e : row) e = rng() % 4 == 0 ? (rng() & 1 ? 0x7f : 0x80) : rng() & 0xff;  // extremes saturate
  const auto st = stages();
  AddBench bench;
  for (int w = 0; w < 1 << kAddressBits; ++w) bench.write(true, w, 0, std::vector<uint64_t>(kLanes, kCanary));
  bench.write_tensor(false, x, st[0]);
  bench.write_tensor(true, y, st[1]);
  std::vector<std::string> errors;
  bench.run({job(0, 1, 0), job(0, 50, 1)}, {job(1, 1, 0), job(1, 50, 1)}, {job(2, 1, 0), job(2, 50, 1)}, rng, errors);
  // Buffer Y, word by word: Y as written, H = sat(X + Y) with padded columns 0, else the canary.
  for (int w = 0; w < 1 << kAddressBits && errors.size() < 8; ++w) {
    std::vector<uint64_t> want(kLanes, kCanary);
    int rot = 0;
    for (int k : {1, 2}) {
      const auto& s = st[k];
      const long long r = (w - s.buf_base) / s.buf_pitch, cb = (w - s.buf_base) % s.buf_pitch;
      if (w < s.buf_base || r >= s.rows || cb >= kWords) continue;
      rot = static_cast<int>(r % kLanes);
      for (int j = 0; j < kLanes; ++j) {
        const long long col = cb * kLanes + j;
        const long long sum = std::clamp<long long>(static_cast<int8_t>(x[r][col]) + static_cast<int8_t>(y[r][col]), -128, 127);
        want[j] = k == 1 ? y[r][col] : col < kCols ? static_cast<uint64_t>(sum) & 0xff : 0;
      }
    }
    const auto got = bench.read(w, rot);
    if (got != want)
      errors.push_back(fmt::format("buffer Y word {}: [{:02x}], expected [{:02x}]", w, fmt::join(got, " "), fmt::join(want, " ")));
  }
  return errors;
}

}  // namespace

TEST(BufferRows, ResidualAddFromBuffersToBuffer) {
  const uint64_t seed = bitloom::tb::test_seed();
  for (int run = 0; run < 3; ++run) {
    const auto errors = run_residual(seed + run);
    ASSERT_TRUE(errors.empty()) << fmt::format("seed {}:\n  {}", seed + run, fmt::join(errors, "\n  "));
  }
}
