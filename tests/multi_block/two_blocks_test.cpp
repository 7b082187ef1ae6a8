// Two generated blocks in one binary: the os_3x5_i8 GEMM array and the 8-bit GELU unit,
// each verilated with its own model prefix, both parameter headers included at once
// (BITLOOM_NO_PARAMS_ALIAS), sharing one Verilator context and one clock loop. The
// GEMM tile is checked against plain integer GEMM and every GELU input code against
// GELU in double, 0.5 x (1 + erf(x / sqrt 2)), within one output LSB.
#include <gtest/gtest.h>
#include <verilated.h>

#include <cmath>
#include <memory>
#include <random>
#include <vector>

#include GEMM_PARAMS
#include GELU_PARAMS
#include "Vgelu_relu_minus_delta_x8f4_y8f4_p4.h"
#include "Vos_3x5_i8.h"
#include "tb/lanes.hpp"
#include "tb/rtl_test_support.hpp"

namespace G = os_3x5_i8_params;
namespace U = gelu_relu_minus_delta_x8f4_y8f4_p4_params;
using bitloom::tb::get_lane;
using bitloom::tb::put_lane;

namespace {

long long sign_extend(uint64_t raw, int width, bool is_signed) {
  if (is_signed && ((raw >> (width - 1)) & 1)) return static_cast<long long>(raw) - (1LL << width);
  return static_cast<long long>(raw);
}

long long random_operand(std::mt19937_64& rng, int width, bool is_signed) {
  const long long lo = is_signed ? -(1LL << (width - 1)) : 0, hi = is_signed ? (1LL << (width - 1)) - 1 : (1LL << width) - 1;
  return std::uniform_int_distribution<long long>(lo, hi)(rng);
}

}  // namespace

TEST(TwoBlocks, GemmArrayAndGeluUnitInOneBinary) {
  static_assert(G::rows == 3 && G::cols == 5, "the GEMM spec of this test is 3x5");
  const uint64_t seed = bitloom::tb::test_seed();
  std::mt19937_64 rng(seed);
  auto ctx = std::make_unique<VerilatedContext>();
  auto gemm = std::make_unique<Vos_3x5_i8>(ctx.get());
  auto gelu = std::make_unique<Vgelu_relu_minus_delta_x8f4_y8f4_p4>(ctx.get());

  // One GEMM tile, K = 7: A is rows x K, B is K x cols.
  const int K = 7, R = G::rows, C = G::cols;
  std::vector<std::vector<long long>> A(R, std::vector<long long>(K)), B(K, std::vector<long long>(C));
  for (auto& row : A) for (auto& v : row) v = random_operand(rng, G::a_width, G::a_signed);
  for (auto& row : B) for (auto& v : row) v = random_operand(rng, G::b_width, G::b_signed);
  // Every GELU input code, U::lanes per beat.
  const int codes = 1 << U::x_width, gelu_beats = codes / U::lanes;

  int a_beat = 0, x_beat = 0;
  std::vector<std::vector<long long>> c_rows;
  std::vector<long long> y_out;
  gemm->rst_n = gelu->rst_n = 0;
  for (int cycle = 0; cycle < 2000 && (c_rows.size() < size_t(R) || y_out.size() < size_t(codes)); ++cycle) {
    const bool running = cycle >= 2;
    gemm->rst_n = gelu->rst_n = running;
    // GEMM inputs: beat k carries column k of A and row k of B.
    gemm->s_a_tvalid = gemm->s_b_tvalid = running && a_beat < K;
    if (a_beat < K) {
      for (int i = 0; i < R; ++i) put_lane(gemm->s_a_tdata, i, G::a_width, static_cast<uint64_t>(A[i][a_beat]));
      for (int j = 0; j < C; ++j) put_lane(gemm->s_b_tdata, j, G::b_width, static_cast<uint64_t>(B[a_beat][j]));
      gemm->s_a_tlast = gemm->s_b_tlast = a_beat == K - 1;
    }
    gemm->m_c_tready = 1;
    // GELU inputs.
    gelu->s_x_tvalid = running && x_beat < gelu_beats;
    for (int l = 0; l < U::lanes; ++l) put_lane(gelu->s_x_tdata, l, U::x_width, static_cast<uint64_t>(x_beat * U::lanes + l));
    gelu->s_x_tlast = x_beat == gelu_beats - 1;
    gelu->m_y_tready = 1;
    gemm->clk = gelu->clk = 0;
    gemm->eval();
    gelu->eval();
    const bool a_fire = gemm->s_a_tvalid && gemm->s_a_tready, x_fire = gelu->s_x_tvalid && gelu->s_x_tready;
    if (running && gemm->m_c_tvalid) {
      std::vector<long long> row;
      for (int j = 0; j < C; ++j) row.push_back(sign_extend(get_lane(gemm->m_c_tdata, j, G::c_width), G::c_width, true));
      c_rows.push_back(row);
    }
    if (running && gelu->m_y_tvalid)
      for (int l = 0; l < U::lanes; ++l) y_out.push_back(sign_extend(get_lane(gelu->m_y_tdata, l, U::y_width), U::y_width, true));
    gemm->clk = gelu->clk = 1;
    gemm->eval();
    gelu->eval();
    a_beat += a_fire;
    x_beat += x_fire;
  }
  gemm->final();
  gelu->final();

  ASSERT_EQ(c_rows.size(), size_t(R)) << "seed " << seed;
  for (int i = 0; i < R; ++i)
    for (int j = 0; j < C; ++j) {
      long long want = 0;
      for (int k = 0; k < K; ++k) want += A[i][k] * B[k][j];
      EXPECT_EQ(c_rows[i][j], want) << "C[" << i << "][" << j << "], seed " << seed;
    }
  ASSERT_EQ(y_out.size(), size_t(codes));
  for (int code = 0; code < codes; ++code) {
    const double x = sign_extend(code, U::x_width, true) / double(1 << U::x_frac);
    const double want = 0.5 * x * (1 + std::erf(x / std::sqrt(2.0)));
    const double got = y_out[code] / double(1 << U::y_frac);
    EXPECT_LE(std::abs(got - want), 1.0 / (1 << U::y_frac)) << "x = " << x;
  }
}
