// The B panel reader on a real DMA read channel and the DRAM model: two jobs back to back
// (row tiles outer, then column tiles outer), the B stream taken under random
// back-pressure; and the reader reading each panel once into the panel buffer, which
// replays it for every row tile. Expected from the job words and the core's tile order alone: for every
// tile, K words, word k = the L elements of B's row k in the tile's column panel, as DRAM
// holds them; the DMA's byte counter and the DRAM model count tiles x K x word bytes
// (panels x K x word bytes when read once); the port rules hold. Fixed and random DRAM timing.
// With Bᵀ in DRAM (N x K stored), the reader reads each panel's stored rows and the
// transposing buffer replays their columns: word k of panel j = element k of stored rows
// jL .. jL + L - 1 (lanes past row N left open), bytes = N x the words of K per job.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>

#include <deque>
#include <memory>
#include <random>

#include "Vpanels_narrow_top.h"
#include "Vpanels_once_top.h"
#include "Vpanels_t_top.h"
#include "Vpanels_w1_top.h"
#include "Vpanels_w2_top.h"
#include "hw/prims/controller.hpp"
#include "tb/dram_port.hpp"
#include "tb/lanes.hpp"
#include "tb/rtl_test_support.hpp"
#include "tests/workload_rtl/panels_bench.hpp"

namespace {

using bitloom::panels_test::Variant;

constexpr uint64_t kBase = 0xFC0;  // panel rows cross a 4 KiB page
constexpr long long kWatchdog = 40000;
constexpr uint64_t kAnyLane = ~uint64_t{0};  // an expected lane the contract leaves open

// Equal but where `want` leaves a lane open.
bool same_word(const std::vector<uint64_t>& got, const std::vector<uint64_t>& want) {
  if (got.size() != want.size()) return false;
  for (size_t l = 0; l < got.size(); ++l)
    if (want[l] != kAnyLane && got[l] != want[l]) return false;
  return true;
}

struct Job {
  int stage, row_tiles, col_tiles, k;
  uint64_t word() const { return bitloom::hw::prims::job_word(stage, row_tiles, col_tiles, k, 0); }

};

// The words the core must get: tiles in its order, K rows of the tile's panel each.
std::vector<std::vector<uint64_t>> expected_words(const Variant& v, const std::vector<uint8_t>& mem, const Job& j) {
  const bool panels = v.stages[j.stage].panels;
  const int eb = v.o.elem_width / 8;
  std::vector<std::vector<uint64_t>> out;
  for (int outer = 0; outer < (panels ? j.col_tiles : j.row_tiles); ++outer)
    for (int inner = 0; inner < (panels ? j.row_tiles : j.col_tiles); ++inner) {
      const int tile_j = panels ? outer : inner;
      for (int k = 0; k < j.k; ++k) {
        std::vector<uint64_t> lanes;
        for (int l = 0; l < v.o.lanes; ++l) {
          const long long col = tile_j * v.o.lanes + l;  // B's column: Bᵀ's stored row
          if (v.transposed && col >= v.n) {
            lanes.push_back(kAnyLane);  // past the stored rows: the contract leaves the lane open
            continue;
          }
          const uint64_t at = kBase + v.stages[j.stage].dram_offset +
                              (v.transposed ? col * v.pitch + k * eb : k * v.pitch + col * eb);
          lanes.push_back(eb == 1 ? mem[at] : mem[at] | mem[at + 1] << 8);
        }
        out.push_back(lanes);
      }
    }
  return out;
}

template <class M>
std::vector<std::string> run(const Variant& v, bool random, uint64_t seed) {
  bitloom::tb::DramPortConfig c;
  c.data_bytes = v.o.data_bytes;
  c.max_burst = bitloom::panels_test::dma_options(v).max_burst;
  c.bytes = size_t{1} << bitloom::rows_test::kAddrBits;
  c.random = random;
  c.seed = seed;
  bitloom::tb::DramPort dram(c);
  std::mt19937_64 rng(seed);
  for (long long i = 0; i < (v.transposed ? v.n : v.k) * v.pitch; ++i) dram.mem[kBase + 0x40 + i] = static_cast<uint8_t>(rng());
  const int col_tiles = static_cast<int>((v.n + v.o.lanes - 1) / v.o.lanes);
  // Unbuffered: both tile orders, panels read again for each row tile. Buffered: column
  // tiles outer only, each panel read once and replayed.
  // Transposed: every job takes all of Bᵀ's panels (its stage knows the last one's rows);
  // the second only the first 5 elements of each stored row (K = 5: two words of each).
  const std::vector<Job> jobs = v.transposed ? std::vector<Job>{{0, 3, col_tiles, static_cast<int>(v.k)}, {0, 1, col_tiles, 5}}
                                : v.buffered
                                    ? std::vector<Job>{{0, 3, col_tiles, static_cast<int>(v.k)}, {0, 2, col_tiles - 1, 5}}
                                    : std::vector<Job>{{0, 2, col_tiles, 5}, {1, 3, col_tiles - 1, static_cast<int>(v.k)}};
  std::vector<std::vector<uint64_t>> want;
  long long bytes = 0;
  for (const Job& j : jobs) {
    const auto w = expected_words(v, dram.mem, j);
    want.insert(want.end(), w.begin(), w.end());
    // A command reads its word's beats, or the one beat holding a narrower word.
    const long long word_bytes = std::max(v.o.lanes * v.o.elem_width / 8, v.o.data_bytes);
    bytes += v.transposed ? v.n * ((j.k + v.o.lanes - 1) / v.o.lanes) * word_bytes  // each stored row's words, once
                          : static_cast<long long>(w.size()) / (v.buffered ? j.row_tiles : 1) * word_bytes;
  }
  auto ctx = std::make_unique<VerilatedContext>();
  auto m = std::make_unique<M>(ctx.get());
  m->clk_i = 0;
  m->rst_ni = 0;
  m->dram_base_i = kBase;
  m->eval();
  for (int i = 0; i < 6; ++i) {
    m->clk_i = !m->clk_i;
    m->eval();
  }
  m->rst_ni = 1;
  std::deque<uint64_t> pending;
  for (const Job& j : jobs) pending.push_back(j.word());
  std::vector<std::vector<uint64_t>> got;
  std::vector<std::string> errors;
  long long cycle = 0;
  for (; cycle < kWatchdog && (!pending.empty() || !m->idle_o || !m->dma_read_idle_o); ++cycle) {
    dram.drive();
    m->s_job_tvalid = !pending.empty();
    m->s_job_tdata = pending.empty() ? 0 : pending.front();
    m->m_b_tready = rng() % 3 != 0;
    bitloom::tb::drive_read_inputs(dram, *m);
    m->eval();
    const bool job_fire = !pending.empty() && m->s_job_tready;
    if (m->m_b_tvalid && m->m_b_tready) {
      std::vector<uint64_t> lanes;
      for (int l = 0; l < v.o.lanes; ++l) lanes.push_back(bitloom::tb::get_lane(m->m_b_tdata, l, v.o.elem_width));
      got.push_back(lanes);
    }
    bitloom::tb::DramPortView view;
    bitloom::tb::view_read_outputs(*m, view);
    dram.edge(view);
    m->clk_i = 1;
    m->eval();
    m->clk_i = 0;
    m->eval();
    if (job_fire) pending.pop_front();
  }
  if (cycle == kWatchdog) errors.push_back(fmt::format("watchdog: not done after {} cycles", kWatchdog));
  if (got.size() != want.size()) errors.push_back(fmt::format("{} words, expected {}", got.size(), want.size()));
  for (size_t i = 0; i < std::min(got.size(), want.size()) && errors.size() < 8; ++i)
    if (!same_word(got[i], want[i]))
      errors.push_back(fmt::format("word {}: [{:x}], expected [{:x}]", i, fmt::join(got[i], " "), fmt::join(want[i], " ")));
  if (static_cast<long long>(m->rd_bytes_o) != bytes || dram.read_bytes != bytes)
    errors.push_back(fmt::format("bytes read: counter {}, DRAM {}, expected {}", static_cast<long long>(m->rd_bytes_o),
                                 dram.read_bytes, bytes));
  errors.insert(errors.end(), dram.errors.begin(), dram.errors.end());
  return errors;
}

template <class M>
void expect_runs(int variant) {
  const Variant v = bitloom::panels_test::variants()[variant];
  const uint64_t seed = bitloom::tb::test_seed();
  for (int r = 0; r < 4; ++r) {
    const auto errors = run<M>(v, r % 2 == 1, seed + r);
    ASSERT_TRUE(errors.empty()) << fmt::format("{} ({} DRAM), seed {}:\n  {}", v.name, r % 2 ? "random" : "fixed", seed + r,
                                               fmt::join(errors, "\n  "));
  }
}

}  // namespace

TEST(DramPanels, AWordABeat) { expect_runs<Vpanels_w1_top>(0); }
TEST(DramPanels, TwoBeatsAWord) { expect_runs<Vpanels_w2_top>(1); }
TEST(DramPanels, ReadOnceAndReplayedByThePanelBuffer) { expect_runs<Vpanels_once_top>(2); }
TEST(DramPanels, TransposedPanelsReadAsStoredAndReplayedAsColumns) { expect_runs<Vpanels_t_top>(3); }
TEST(DramPanels, RowsNarrowerThanABeatReadAsTheirBeat) { expect_runs<Vpanels_narrow_top>(4); }
