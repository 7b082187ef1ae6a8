// Delay lines, the register copy, ROM and RAMs against plain C++ models: a delay is the
// input of `depth` cycles ago; the ROM reads the table it was built from; the RAMs keep
// what was written and a read of the word being written returns its old value.
#include <gtest/gtest.h>

#include <deque>
#include <memory>
#include <random>

#include "Vprim_delay_d0.h"
#include "Vprim_delay_d1.h"
#include "Vprim_delay_d3_en.h"
#include "Vprim_delay_lanes_en.h"
#include "Vprim_ram_sdp.h"
#include "Vprim_ram_sp.h"
#include "Vprim_register_copy.h"
#include "Vprim_register_copy_en.h"
#include "Vprim_register_copy_w12.h"
#include "Vprim_rom.h"
#include "tb/rtl_test_support.hpp"
#include "tests/prims/prim_variants.hpp"

using namespace bitloom::prim_test;

namespace {

template <class M>
void tick(M& m) {
  m.clk_i = 0;
  m.eval();
  m.clk_i = 1;
  m.eval();
}

// With en_i (depth 3 variant) the line moves only on enabled cycles.
template <class M>
void check_delay(int depth, int width, bool enable) {
  auto ctx = std::make_unique<VerilatedContext>();
  auto m = std::make_unique<M>(ctx.get());
  const uint64_t seed = bitloom::tb::test_seed();
  std::mt19937_64 rng(seed);
  std::deque<unsigned> line;  // what went in on moving cycles, newest first
  int checked = 0;
  for (int cycle = 0; cycle < 2000; ++cycle) {
    const unsigned d = rng() & ((1u << width) - 1);
    const bool move = !enable || (rng() & 1);
    m->d_i = d;
    if constexpr (std::is_same_v<M, Vprim_delay_d3_en>) m->en_i = move;
    m->clk_i = 0;
    m->eval();
    if (depth == 0) {
      ASSERT_EQ(m->q_o, d) << "seed " << seed << " cycle " << cycle;
    } else if (static_cast<int>(line.size()) >= depth) {
      ASSERT_EQ(m->q_o, line[depth - 1]) << "seed " << seed << " cycle " << cycle;
      ++checked;
    }
    m->clk_i = 1;
    m->eval();
    if (move) line.push_front(d);
  }
  if (depth > 0) {
    EXPECT_GT(checked, 500);
  }
}

// Every lane is its own line: lane i of q_o is lane i of what d_i was depths[i] moving
// cycles ago (a wire for depth 0), whatever the other lanes do.
void check_delay_lanes() {
  auto ctx = std::make_unique<VerilatedContext>();
  auto m = std::make_unique<Vprim_delay_lanes_en>(ctx.get());
  const uint64_t seed = bitloom::tb::test_seed();
  std::mt19937_64 rng(seed);
  const int lanes = static_cast<int>(kLaneDepths.size());
  const unsigned lane_mask = (1u << kLaneWidth) - 1;
  std::deque<unsigned> line;  // whole d_i words of moving cycles, newest first
  int checked = 0;
  for (int cycle = 0; cycle < 2000; ++cycle) {
    const unsigned d = rng() & ((1u << (lanes * kLaneWidth)) - 1);
    const bool move = rng() & 1;
    m->d_i = d;
    m->en_i = move;
    m->clk_i = 0;
    m->eval();
    for (int i = 0; i < lanes; ++i) {
      const int depth = kLaneDepths[static_cast<size_t>(i)];
      const unsigned got = (m->q_o >> (i * kLaneWidth)) & lane_mask;
      if (depth == 0) {
        ASSERT_EQ(got, (d >> (i * kLaneWidth)) & lane_mask) << "seed " << seed << " cycle " << cycle << " lane " << i;
      } else if (static_cast<int>(line.size()) >= depth) {
        ASSERT_EQ(got, (line[depth - 1] >> (i * kLaneWidth)) & lane_mask)
            << "seed " << seed << " cycle " << cycle << " lane " << i;
        ++checked;
      }
    }
    m->clk_i = 1;
    m->eval();
    if (move) line.push_front(d);
  }
  EXPECT_GT(checked, 1500);
}

}  // namespace

TEST(DelayLine, EachLaneItsOwnDepth) { check_delay_lanes(); }
TEST(DelayLine, DepthZeroIsAWire) { check_delay<Vprim_delay_d0>(0, 8, false); }
TEST(DelayLine, DepthOne) { check_delay<Vprim_delay_d1>(1, 8, false); }
TEST(DelayLine, DepthThreeWithEnable) { check_delay<Vprim_delay_d3_en>(3, 5, true); }

template <class Model>
void check_register_copy(unsigned width) {
  auto ctx = std::make_unique<VerilatedContext>();
  auto m = std::make_unique<Model>(ctx.get());
  const uint64_t seed = bitloom::tb::test_seed();
  std::mt19937_64 rng(seed);
  for (int cycle = 0; cycle < 1000; ++cycle) {
    const unsigned d = rng() & ((1u << width) - 1);
    m->d_i = d;
    tick(*m);
    ASSERT_EQ(m->q_o, d) << "seed " << seed << " cycle " << cycle;
  }
}

TEST(RegisterCopy, QIsDOfTheLastEdge) { check_register_copy<Vprim_register_copy>(1); }
TEST(RegisterCopy, EveryBitOfAWideCopy) { check_register_copy<Vprim_register_copy_w12>(12); }

// The enable is registered inside: d is taken on the edge after the one that saw en_d high.
TEST(RegisterCopy, EnabledCopyLoadsOnTheEdgeAfterItsEnable) {
  auto ctx = std::make_unique<VerilatedContext>();
  auto m = std::make_unique<Vprim_register_copy_en>(ctx.get());
  const uint64_t seed = bitloom::tb::test_seed();
  std::mt19937_64 rng(seed);
  bool enabled = false;  // the enable flop as the contract says it must be (after cycle 0)
  unsigned want = 0;
  int loads = 0;
  for (int cycle = 0; cycle < 1000; ++cycle) {
    const unsigned d = rng() & 63, en = rng() & 1;
    m->d_i = d;
    m->en_d_i = en;
    tick(*m);
    if (enabled) {
      want = d;
      ++loads;
    }
    enabled = en;
    // Until the first load the register holds whatever it powered up with.
    if (loads > 0) {
      ASSERT_EQ(m->q_o, want) << "seed " << seed << " cycle " << cycle;
    }
  }
  EXPECT_GT(loads, 400) << "seed " << seed;
}

TEST(Rom, EveryAddressReadsItsWordOneCycleLater) {
  auto ctx = std::make_unique<VerilatedContext>();
  auto m = std::make_unique<Vprim_rom>(ctx.get());
  for (unsigned a = 0; a < 16; ++a) {  // 13 words, then 3 addresses past the table
    m->addr_i = a;
    tick(*m);
    const unsigned long long want = a < kRomTable.size() ? kRomTable[a] : 0;
    EXPECT_EQ(m->data_o, want) << "address " << a;
  }
}

TEST(Ram, SinglePortKeepsWritesAndReadsOldWordOnWrite) {
  auto ctx = std::make_unique<VerilatedContext>();
  auto m = std::make_unique<Vprim_ram_sp>(ctx.get());
  const uint64_t seed = bitloom::tb::test_seed();
  std::mt19937_64 rng(seed);
  std::vector<int> model(24, -1);  // -1: never written
  for (int cycle = 0; cycle < 5000; ++cycle) {
    const unsigned addr = rng() % 24, data = rng() & 0xfff;
    const bool we = rng() & 1;
    m->addr_i = addr;
    m->we_i = we;
    m->wdata_i = data;
    tick(*m);
    if (model[addr] >= 0) {
      ASSERT_EQ(m->rdata_o, static_cast<unsigned>(model[addr])) << "seed " << seed << " cycle " << cycle;
    }
    if (we) model[addr] = data;
  }
}

TEST(Ram, SimpleDualPortKeepsWritesAndHoldsOutputWithoutRead) {
  auto ctx = std::make_unique<VerilatedContext>();
  auto m = std::make_unique<Vprim_ram_sdp>(ctx.get());
  const uint64_t seed = bitloom::tb::test_seed();
  std::mt19937_64 rng(seed);
  std::vector<int> model(24, -1);
  int last_read = -1;
  for (int cycle = 0; cycle < 5000; ++cycle) {
    const unsigned waddr = rng() % 24, raddr = (rng() & 3) ? waddr : rng() % 24, data = rng() & 0xfff;
    const bool we = rng() & 1, re = rng() % 4 != 0;
    m->waddr_i = waddr;
    m->raddr_i = raddr;
    m->we_i = we;
    m->re_i = re;
    m->wdata_i = data;
    tick(*m);
    if (re) last_read = model[raddr];
    if (last_read >= 0) {
      ASSERT_EQ(m->rdata_o, static_cast<unsigned>(last_read)) << "seed " << seed << " cycle " << cycle;
    }
    if (we) model[waddr] = data;
  }
}
