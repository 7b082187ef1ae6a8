// The compute core between two real skewed buffers, against plain integer GEMMs: A (and
// B) written into the buffers, a job sent, and every result row read back from buffer A
// or taken from m_out, under random back-pressure on the results and random gaps in a
// streamed B. What is expected comes from the case and the core's contract alone (tile
// order, rows past M dropped, columns past N zero): the bench never looks at the core's
// internal handshakes. Words of buffer A that no result row owns must keep their canary.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <memory>
#include <random>

#include "Vcore_c1_tb_top.h"
#include "Vcore_c2_tb_top.h"
#include "Vcore_tb_top.h"
#include "hw/prims/controller.hpp"
#include "tb/lanes.hpp"
#include "tests/workload_rtl/host_port.hpp"
#include "tb/rtl_test_support.hpp"
#include "tests/workload_rtl/core_variants.hpp"

namespace {

using bitloom::core_test::Case;
using bitloom::core_test::kLanes;
using bitloom::tb::get_lane;
using bitloom::tb::put_lane;
using bitloom::hw::prims::job_word;
using bitloom::workload_rtl::CoreStage;

constexpr uint64_t kCanary = 0xA5;
constexpr int kWords = 1 << bitloom::core_test::kAddressBits;
constexpr long long kWatchdog = 10000;

long long value_of(uint64_t code, bool is_signed) {
  return is_signed ? static_cast<int8_t>(code) : static_cast<long long>(code);
}

// One 8-bit element code: mostly uniform, one in eight an extreme.
uint64_t random_code(std::mt19937_64& rng) {
  static const uint64_t extremes[] = {0x80, 0x7f, 0xff, 0x00};
  return rng() % 8 == 0 ? extremes[rng() % 4] : rng() & 0xff;
}

// The golden result code of one output element: integer dot product, then the epilogue's
// arithmetic as the workload spec defines it.
uint64_t golden(const std::vector<std::vector<uint64_t>>& a, const std::vector<std::vector<uint64_t>>& b,
                const CoreStage& s, int row, int col) {
  long long acc = 0;
  for (size_t k = 0; k < b.size(); ++k) acc += value_of(a[row][k], s.a_signed) * value_of(b[k][col], s.b_signed);
  long long v = s.shift > 0 ? (acc + (1LL << (s.shift - 1))) >> s.shift : acc;
  v = std::clamp(v, -128LL, 127LL);
  if (s.relu && v < 0) v = 0;
  return static_cast<uint64_t>(v) & 0xff;
}

struct Beat {
  std::vector<uint64_t> lanes;
  uint64_t keep = 0;
  bool last = false;
  bool operator==(const Beat& o) const { return lanes == o.lanes && keep == o.keep && last == o.last; }
};

std::string show(const Beat& b) {
  return fmt::format("[{:02x}] keep {:x}{}", fmt::join(b.lanes, " "), b.keep, b.last ? " last" : "");
}

// Model: the whole core's bench (Vcore_tb_top) or a re-split one's (the same ports).
template <class Model>
class CoreBench {
 public:
  explicit CoreBench(uint64_t seed) : rng_(seed), m_(std::make_unique<Model>(ctx_.get())) {
    m_->clk_i = 0;
    m_->rst_ni = 0;
    m_->eval();
    for (int i = 0; i < 3; ++i) tick();
    m_->rst_ni = 1;
  }

  // Fills buffer A with the canary and returns after the last write.
  void fill_canary() {
    for (int w = 0; w < kWords; ++w) host_write(true, w, 0, std::vector<uint64_t>(kLanes, kCanary));
  }

  void host_write(bool buffer_a, int addr, int rot, const std::vector<uint64_t>& lanes) {
    m_->host_a_wr_en_i = buffer_a;
    m_->host_b_wr_en_i = !buffer_a;
    m_->host_wr_addr_i = addr;
    m_->host_wr_rot_i = rot;
    for (int j = 0; j < kLanes; ++j) put_lane(m_->host_wr_data_i, j, 8, lanes[j]);
    tick();
    m_->host_a_wr_en_i = m_->host_b_wr_en_i = 0;
  }

  // A row-major tensor into a buffer from word `base`, `pitch` words a row.
  void write_tensor(bool buffer_a, const std::vector<std::vector<uint64_t>>& t, long long base, long long pitch) {
    for (size_t r = 0; r < t.size(); ++r)
      for (long long cb = 0; cb < pitch; ++cb) {
        std::vector<uint64_t> lanes(kLanes, 0);
        for (int j = 0; j < kLanes; ++j)
          if (cb * kLanes + j < static_cast<long long>(t[r].size())) lanes[j] = t[r][cb * kLanes + j];
        host_write(buffer_a, static_cast<int>(base + r * pitch + cb), static_cast<int>(r % kLanes), lanes);
      }
  }

  std::vector<uint64_t> host_read(int addr, int rot) {
    return bitloom::workload_test::host_read(*m_, [this] { tick(); }, addr, rot, kLanes, 8);
  }


  // Runs jobs to their end, each offered as soon as the one before is taken: B beats from `b_beats` (if any) with random gaps, results
  // taken from m_out under random back-pressure, buffer writes under random wr_ready.
  // Returns the m_out beats; records contract violations in errors.
  std::vector<Beat> run_jobs(std::deque<uint64_t> jobs, std::deque<std::vector<uint64_t>> b_beats,
                             std::vector<std::string>& errors) {
    std::vector<Beat> out;
    bool seen_busy = false;
    bool held_valid = false;
    Beat held;
    for (long long cycle = 0; cycle < kWatchdog; ++cycle) {
      const bool job_pending = !jobs.empty();
      m_->s_job_tvalid = job_pending;
      m_->s_job_tdata = job_pending ? jobs.front() : 0;
      const bool b_offer = !b_beats.empty() && (full_rate || rng_() % 4 != 0);
      m_->s_b_tvalid = b_offer;
      if (b_offer)
        for (int j = 0; j < kLanes; ++j) put_lane(m_->s_b_tdata, j, 8, b_beats.front()[j]);
      m_->m_out_tready = full_rate || rng_() % 3 != 0;
      m_->wr_ready_i = full_rate || rng_() % 4 != 0;
      m_->eval();
      const bool job_fire = job_pending && m_->s_job_tready;
      const bool b_fire = b_offer && m_->s_b_tready;
      if (m_->m_out_tvalid) {
        Beat b{{}, m_->m_out_tkeep, m_->m_out_tlast != 0};
        for (int j = 0; j < kLanes; ++j) b.lanes.push_back(get_lane(m_->m_out_tdata, j, 8));
        if (held_valid && !(b == held))
          errors.push_back(fmt::format("m_out changed while stalled: {} became {}", show(held), show(b)));
        held_valid = !m_->m_out_tready;
        held = b;
        if (m_->m_out_tready) out.push_back(b);
      } else if (held_valid) {
        errors.push_back("m_out dropped tvalid while stalled");
        held_valid = false;
      }
      tick();
      if (b_fire) b_beats.pop_front();
      if (job_fire) {
        jobs.pop_front();
        m_->eval();
        if (m_->idle_o) errors.push_back("idle_o still high the cycle after the job was taken");
        seen_busy = true;
      } else if (seen_busy && m_->idle_o && jobs.empty()) {
        if (!b_beats.empty()) errors.push_back(fmt::format("job done with {} B beats not taken", b_beats.size()));
        m_->s_job_tvalid = 0;
        m_->s_b_tvalid = 0;
        cycles = cycle + 1;
        return out;
      }
    }
    errors.push_back(fmt::format("watchdog: the job did not finish in {} cycles", kWatchdog));
    return out;
  }

  std::mt19937_64& rng() { return rng_; }
  bool full_rate = false;  // no bubbles on s_b, no back-pressure on the results
  long long cycles = 0;    // the last run: cycles until every job was done

 private:
  void tick() {
    m_->clk_i = 1;
    m_->eval();
    m_->clk_i = 0;
    m_->eval();
  }

  std::mt19937_64 rng_;
  std::unique_ptr<VerilatedContext> ctx_ = std::make_unique<VerilatedContext>();
  std::unique_ptr<Model> m_;
};

// The tiles of a job in the core's order.
std::vector<std::pair<int, int>> tile_order(const CoreStage& s, int first_i, int row_tiles, int col_tiles) {
  std::vector<std::pair<int, int>> v;
  for (int outer = 0; outer < (s.panels ? col_tiles : row_tiles); ++outer)
    for (int inner = 0; inner < (s.panels ? row_tiles : col_tiles); ++inner)
      v.push_back(s.panels ? std::make_pair(first_i + inner, outer) : std::make_pair(first_i + outer, inner));
  return v;
}

// One job of a run: its case, its operands, and what the contract says it produces.
struct Job {
  Case c;
  CoreStage s;
  std::vector<std::vector<uint64_t>> a, b;
  int row_tiles = 0, col_tiles = 0;
  std::vector<std::pair<int, int>> tiles;

  bool written(int r) const {
    return r < c.m && r >= c.first_row_tile * kLanes && r < (c.first_row_tile + row_tiles) * kLanes;
  }
  // Result row r, column block cb: golden codes, 0 past N.
  std::vector<uint64_t> expected_lanes(int r, int cb) const {
    std::vector<uint64_t> lanes(kLanes, 0);
    for (int j = 0; j < kLanes; ++j)
      if (cb * kLanes + j < c.n) lanes[j] = golden(a, b, s, r, cb * kLanes + j);
    return lanes;
  }
  uint64_t word() const { return job_word(c.stage, row_tiles, col_tiles, c.k, c.first_row_tile); }
};

// Draws the job's operands and writes them into the buffers.
template <class Model>
Job prepare(CoreBench<Model>& bench, const Case& c) {
  Job j{c, bitloom::core_test::core_stages()[c.stage], {}, {}, 0, 0, {}};
  auto& rng = bench.rng();
  j.a.assign(c.m, std::vector<uint64_t>(c.k));
  j.b.assign(c.k, std::vector<uint64_t>(c.n));
  for (auto& row : j.a)
    for (auto& e : row) e = random_code(rng);
  for (auto& row : j.b)
    for (auto& e : row) e = random_code(rng);
  bench.write_tensor(true, j.a, j.s.a_base, j.s.a_pitch);
  if (j.s.b_columns) {  // B stored as N x K
    std::vector<std::vector<uint64_t>> bt(c.n, std::vector<uint64_t>(c.k));
    for (int k = 0; k < c.k; ++k)
      for (int n = 0; n < c.n; ++n) bt[n][k] = j.b[k][n];
    bench.write_tensor(false, bt, j.s.b_base, j.s.b_pitch);
  } else if (!j.s.b_from_stream) {
    bench.write_tensor(false, j.b, j.s.b_base, j.s.b_pitch);
  }
  j.row_tiles = c.row_tiles ? c.row_tiles : (c.m + kLanes - 1) / kLanes;
  j.col_tiles = (c.n + kLanes - 1) / kLanes;
  j.tiles = tile_order(j.s, c.first_row_tile, j.row_tiles, j.col_tiles);
  return j;
}

// The B beats a streamed-B job takes: every tile's K rows, in tile order.
void add_b_beats(const Job& j, std::deque<std::vector<uint64_t>>& beats) {
  if (!j.s.b_from_stream) return;
  for (const auto& [ti, tj] : j.tiles)
    for (int k = 0; k < j.c.k; ++k) {
      std::vector<uint64_t> lanes(kLanes, 0);
      for (int l = 0; l < kLanes; ++l)
        if (tj * kLanes + l < j.c.n) lanes[l] = j.b[k][tj * kLanes + l];
      beats.push_back(lanes);
    }
}

void add_expected_beats(const Job& j, std::vector<Beat>& want) {
  if (!j.s.out_to_stream) return;
  for (const auto& [ti, tj] : j.tiles)
    for (int rr = 0; rr < kLanes; ++rr) {
      const int r = ti * kLanes + rr;
      if (!j.written(r)) continue;
      uint64_t keep = 0;
      for (int l = 0; l < kLanes; ++l)
        if (tj * kLanes + l < j.c.n) keep |= 1ULL << l;
      want.push_back({j.expected_lanes(r, tj), keep, rr == kLanes - 1 || r == j.c.m - 1});
    }
}

// Every word of buffer A from the job's out_base over its row tiles and one more: a
// result row slice, or the canary.
template <class Model>
void check_buffer_results(CoreBench<Model>& bench, const Job& j, std::vector<std::string>& errors) {
  const CoreStage& s = j.s;
  const long long rows = ((j.c.m + kLanes - 1) / kLanes + 1) * kLanes;
  const int end = static_cast<int>(std::min<long long>(kWords, s.out_base + rows * s.out_pitch));
  for (int w = static_cast<int>(s.out_base); w < end && errors.size() < 8; ++w) {
    const int r = static_cast<int>((w - s.out_base) / s.out_pitch), cb = static_cast<int>((w - s.out_base) % s.out_pitch);
    const bool result = j.written(r);
    const auto lanes = bench.host_read(w, r % kLanes);
    const auto want = result ? j.expected_lanes(r, cb) : std::vector<uint64_t>(kLanes, kCanary);
    if (lanes != want)
      errors.push_back(fmt::format("word {} ({}row {}, block {}): [{:02x}], expected [{:02x}]", w,
                                   result ? "" : "not a result: ", r, cb, fmt::join(lanes, " "), fmt::join(want, " ")));
  }
}

// Runs `cases` as jobs back to back (each offered as soon as the previous one is taken)
// and checks everything they produce. At most one of them may write buffer A. With
// `cycles`, no bubbles or back-pressure, and the run's cycle count goes there.
template <class Model>
std::vector<std::string> run_cases(const std::vector<Case>& cases, uint64_t seed, long long* cycles = nullptr) {
  CoreBench<Model> bench(seed);
  bench.full_rate = cycles != nullptr;
  bench.fill_canary();
  std::vector<Job> jobs;
  for (const Case& c : cases) jobs.push_back(prepare(bench, c));
  std::deque<uint64_t> words;
  std::deque<std::vector<uint64_t>> b_beats;
  std::vector<Beat> want;
  for (const Job& j : jobs) {
    words.push_back(j.word());
    add_b_beats(j, b_beats);
    add_expected_beats(j, want);
  }
  std::vector<std::string> errors;
  const auto got = bench.run_jobs(words, b_beats, errors);
  if (got.size() != want.size()) errors.push_back(fmt::format("{} result beats, expected {}", got.size(), want.size()));
  for (size_t i = 0; i < std::min(got.size(), want.size()) && errors.size() < 8; ++i)
    if (!(got[i] == want[i])) errors.push_back(fmt::format("beat {}: {}, expected {}", i, show(got[i]), show(want[i])));
  for (const Job& j : jobs)
    if (!j.s.out_to_stream) check_buffer_results(bench, j, errors);
  if (cycles) *cycles = bench.cycles;
  return errors;
}

// A job with a zero bound ends without a result and without holding up the next job.
template <class Model>
std::vector<std::string> run_empty_then(const Case& next, uint64_t seed) {
  CoreBench<Model> bench(seed);
  bench.fill_canary();
  const Job j = prepare(bench, next);
  std::deque<std::vector<uint64_t>> b_beats;
  std::vector<Beat> want;
  add_b_beats(j, b_beats);
  add_expected_beats(j, want);
  std::vector<std::string> errors;
  // Stage 0 writes buffer A: with no row tiles, then no column tiles, then K = 0.
  const auto got = bench.run_jobs({job_word(0, 0, 3, 10, 0), job_word(0, 2, 0, 10, 0), job_word(0, 2, 3, 0, 0), j.word()},
                                  b_beats, errors);
  if (got.size() != want.size()) errors.push_back(fmt::format("{} result beats, expected {}", got.size(), want.size()));
  for (size_t i = 0; i < std::min(got.size(), want.size()) && errors.size() < 8; ++i)
    if (!(got[i] == want[i])) errors.push_back(fmt::format("beat {}: {}, expected {}", i, show(got[i]), show(want[i])));
  for (int w = 64; w < kWords && errors.size() < 8; ++w) {
    const auto lanes = bench.host_read(w, 0);
    if (lanes != std::vector<uint64_t>(kLanes, kCanary))
      errors.push_back(fmt::format("word {} written by an empty job: [{:02x}]", w, fmt::join(lanes, " ")));
  }
  return errors;
}

std::string describe(const std::vector<Case>& cases) {
  std::vector<std::string> v;
  for (const Case& c : cases) v.push_back(fmt::format("stage {}: {} x {} x {}", c.stage, c.m, c.k, c.n));
  return fmt::format("{}", fmt::join(v, ", then "));
}

template <class Model>
void expect_runs_clean(const std::vector<Case>& cases) {
  const uint64_t seed = bitloom::tb::test_seed();
  for (int run = 0; run < 3; ++run) {
    const auto errors = run_cases<Model>(cases, seed + run);
    ASSERT_TRUE(errors.empty()) << fmt::format("seed {} ({}):\n  {}", seed + run, describe(cases),
                                               fmt::join(errors, "\n  "));
  }
}

class CoreCases : public ::testing::TestWithParam<int> {};

TEST_P(CoreCases, MatchesIntegerGemmUnderBackPressure) {
  expect_runs_clean<Vcore_tb_top>({bitloom::core_test::core_cases()[GetParam()]});
}

// Re-split cores (a 4 x 2 and a 4 x 1 array making each 4 x 4 tile in 2 and 4 passes):
// the same stages, the same contract, the same golden GEMM.
TEST_P(CoreCases, ReSplitCoreInTwoPassesMatches) {
  expect_runs_clean<Vcore_c2_tb_top>({bitloom::core_test::core_cases()[GetParam()]});
}

TEST_P(CoreCases, ReSplitCoreInFourPassesMatches) {
  expect_runs_clean<Vcore_c1_tb_top>({bitloom::core_test::core_cases()[GetParam()]});
}

INSTANTIATE_TEST_SUITE_P(Stages, CoreCases, ::testing::Range(0, static_cast<int>(bitloom::core_test::core_cases().size())));

// The next job waits at s_job while one runs; it must be taken only after the running
// job's last result, and both must come out whole and in order. Then a job writing the
// buffer after one streaming.
// Without stalls a job takes a cycle per operand beat plus the pipeline: two row tiles
// of K = 64, results streamed (stage 4), and four tiles of K = 13 >= R + C + 2 with B and
// results streamed (stage 2), so the tiles run back to back. Measured: 143 and 67 cycles.
TEST(Core, StreamsABeatPerCycle) {
  const auto cases = bitloom::core_test::core_cases();
  const uint64_t seed = bitloom::tb::test_seed();
  long long cycles = 0;
  auto errors = run_cases<Vcore_tb_top>({cases[4]}, seed, &cycles);
  EXPECT_TRUE(errors.empty()) << fmt::format("seed {}:\n  {}", seed, fmt::join(errors, "\n  "));
  // 2 tiles x 64 beats, then the job's start, the fetch, the array's latency, 4 result
  // rows and the epilogue's 2 registers.
  EXPECT_LE(cycles, 2 * 64 + 16) << "stage 4 took " << cycles << " cycles";
  errors = run_cases<Vcore_tb_top>({cases[2]}, seed, &cycles);
  EXPECT_TRUE(errors.empty()) << fmt::format("seed {}:\n  {}", seed, fmt::join(errors, "\n  "));
  EXPECT_LE(cycles, 4 * 13 + 16) << "stage 2 took " << cycles << " cycles";
}

// A re-split core's passes run back to back as the performance model times them
// (unit_timing.hpp: a pass of K beats every max(K, R + C + 2) cycles): stage 4 (2 tiles,
// K = 64), stage 2 (4 tiles, K = 13, B streamed: pass 0 takes it, the others replay it
// from the panel store) and stage 3 (4 tiles, K = 3, every pass as long as the drain).
template <class Model>
void expect_passes_back_to_back(int cols) {
  const auto cases = bitloom::core_test::core_cases();
  const uint64_t seed = bitloom::tb::test_seed();
  const int passes = kLanes / cols, floor = kLanes + cols + 2;
  for (const auto& [index, tiles] : {std::pair{4, 2}, std::pair{2, 4}, std::pair{3, 4}}) {
    long long cycles = 0;
    const Case& c = cases[index];
    const auto errors = run_cases<Model>({c}, seed, &cycles);
    EXPECT_TRUE(errors.empty()) << fmt::format("seed {}:\n  {}", seed, fmt::join(errors, "\n  "));
    const long long model = 1LL * tiles * passes * std::max(c.k, floor);
    EXPECT_LE(cycles, model + 20) << fmt::format("4 x {} core, stage {}: {} cycles, {} passes of {}", cols, index,
                                                 cycles, tiles * passes, std::max(c.k, floor));
  }
}

TEST(Core, ReSplitCorePassesRunBackToBack) {
  expect_passes_back_to_back<Vcore_c2_tb_top>(2);
  expect_passes_back_to_back<Vcore_c1_tb_top>(1);
}

TEST(Core, EmptyJobsEndWithoutResults) {
  const uint64_t seed = bitloom::tb::test_seed();
  const auto errors = run_empty_then<Vcore_tb_top>(bitloom::core_test::core_cases()[2], seed);
  EXPECT_TRUE(errors.empty()) << fmt::format("seed {}:\n  {}", seed, fmt::join(errors, "\n  "));
}

TEST(Core, JobsBackToBackRunOneAfterTheOther) {
  const auto cases = bitloom::core_test::core_cases();
  expect_runs_clean<Vcore_tb_top>({cases[2], bitloom::core_test::second_job()});
  expect_runs_clean<Vcore_tb_top>({bitloom::core_test::second_job(), cases[0]});
  expect_runs_clean<Vcore_c1_tb_top>({cases[2], bitloom::core_test::second_job()});
  expect_runs_clean<Vcore_c2_tb_top>({bitloom::core_test::second_job(), cases[0]});
}

}  // namespace
