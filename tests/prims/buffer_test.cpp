// The skewed on-chip buffer against plain 2-D arrays: two tensors written as row slices
// in random order (the second while the first is read), then random row and column
// slices of both read back; every slice must hold the tensor's elements, whatever bank
// they sit in. Banks: 4 lanes of 8 bits with two read ports (a second random read every
// cycle, as two cores read one bank), and 8 lanes of 16 bits with one.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <random>

#include "Vprim_skewed4.h"
#include "Vprim_skewed8.h"
#include "tb/lanes.hpp"
#include "tb/rtl_test_support.hpp"

namespace {

struct Tensor {
  int rows, pitch, base;  // pitch: words per row (columns / L)
  std::vector<std::vector<uint64_t>> v;
};

struct Read {
  bool column;
  int tensor, index, block;  // row: row, column block; column: column, row block
};

template <class M, int kPorts>
void check_buffer(int lanes, int width) {
  using bitloom::tb::get_lane;
  using bitloom::tb::put_lane;
  const uint64_t seed = bitloom::tb::test_seed();
  std::mt19937_64 rng(seed);
  auto ctx = std::make_unique<VerilatedContext>();
  auto m = std::make_unique<M>(ctx.get());
  std::vector<Tensor> t = {{3 * lanes, 3, 5, {}}, {2 * lanes, 2, 5 + 9 * lanes, {}}};
  for (auto& x : t) {
    x.v.assign(x.rows, std::vector<uint64_t>(x.pitch * lanes));
    for (auto& row : x.v)
      for (auto& e : row) e = rng() & ((1ULL << width) - 1);
  }
  // Every row slice of a tensor, shuffled.
  auto writes_of = [&](int k) {
    std::vector<std::pair<int, int>> w;
    for (int r = 0; r < t[k].rows; ++r)
      for (int cb = 0; cb < t[k].pitch; ++cb) w.push_back({r, cb});
    std::shuffle(w.begin(), w.end(), rng);
    return w;
  };
  auto random_read = [&](int k) {
    const bool column = rng() & 1;
    const Tensor& x = t[k];
    return column ? Read{true, k, static_cast<int>(rng() % (x.pitch * lanes)), static_cast<int>(rng() % (x.rows / lanes))}
                  : Read{false, k, static_cast<int>(rng() % x.rows), static_cast<int>(rng() % x.pitch)};
  };
  std::vector<std::string> errors;
  long long cycle = 0;
  m->clk_i = 0;
  m->eval();  // the first rising edge needs a low clock seen before it
  // Port p's read: drives it, and after the edge checks its data.
  auto drive_read = [&](const Read* read, auto& en, auto& column, auto& pitch, auto& addr, auto& rot) {
    en = read != nullptr;
    if (!read) return;
    const Tensor& x = t[read->tensor];
    column = read->column;
    pitch = x.pitch;
    addr = read->column ? x.base + read->block * lanes * x.pitch + read->index / lanes : x.base + read->index * x.pitch + read->block;
    rot = read->index % lanes;
  };
  auto check_read = [&](const Read* read, int port, const auto& data) {
    if (!read) return;
    const Tensor& x = t[read->tensor];
    for (int j = 0; j < lanes && errors.size() < 5; ++j) {
      const uint64_t want = read->column ? x.v[read->block * lanes + j][read->index] : x.v[read->index][read->block * lanes + j];
      const uint64_t got = get_lane(data, j, width);
      if (got != want)
        errors.push_back(fmt::format("cycle {}: port {}: {} {} of tensor {}, block {}, lane {}: {}, expected {}", cycle,
                                     port, read->column ? "column" : "row", read->index, read->tensor, read->block, j, got,
                                     want));
    }
  };
  auto step = [&](const std::pair<int, int>* write, int wk, const Read* read) {
    m->wr_en_i = write != nullptr;
    if (write) {
      const auto [r, cb] = *write;
      m->wr_addr_i = t[wk].base + r * t[wk].pitch + cb;
      m->wr_rot_i = r % lanes;
      for (int j = 0; j < lanes; ++j) put_lane(m->wr_data_i, j, width, t[wk].v[r][cb * lanes + j]);
    }
    drive_read(read, m->rd_en_i, m->rd_column_i, m->rd_pitch_i, m->rd_addr_i, m->rd_rot_i);
    Read second{};
    if constexpr (kPorts > 1) {  // the other port reads anywhere in the tensor port 0 reads, in the same cycle
      if (read) second = random_read(read->tensor);
      drive_read(read ? &second : nullptr, m->rd1_en_i, m->rd1_column_i, m->rd1_pitch_i, m->rd1_addr_i, m->rd1_rot_i);
    }
    m->clk_i = 1;
    m->eval();
    m->clk_i = 0;
    m->eval();
    check_read(read, 0, m->rd_data_o);  // its data is out from the edge that took the address on
    if constexpr (kPorts > 1) {
      check_read(read ? &second : nullptr, 1, m->rd1_data_o);
    }
    ++cycle;
  };
  for (const auto& w : writes_of(0)) {
    step(&w, 0, nullptr);
    if (rng() % 4 == 0) step(nullptr, 0, nullptr);
  }
  for (const auto& w : writes_of(1)) {  // tensor 1 goes in while tensor 0 is read
    const Read r = random_read(0);
    step(&w, 1, &r);
  }
  for (int i = 0; i < 400; ++i) {
    const Read r = random_read(static_cast<int>(rng() & 1));
    step(nullptr, 0, &r);
  }
  EXPECT_TRUE(errors.empty()) << "seed " << seed << ":\n  " << fmt::format("{}", fmt::join(errors, "\n  "));
}

}  // namespace

TEST(SkewedBuffer, FourLanesTwoReadPortsRowsAndColumns) { check_buffer<Vprim_skewed4, 2>(4, 8); }
TEST(SkewedBuffer, EightLanesRowsAndColumns) { check_buffer<Vprim_skewed8, 1>(8, 16); }
