// FIFOs at depths 1, 2, 3 and 16: random traffic never loses, duplicates or reorders a
// beat; occupancy and almost-full follow the beats in and out; full throughput from
// depth 2 on, one beat every other cycle at depth 1. The same for the FIFOs without an
// input tready (head in flops at depths 1, 2, 3; a ring at 3), whose source pushes only
// while the bench's own count leaves room, and whose occupancy a cycle ahead must be
// the count after each cycle's push and pop; and a head in flops with tready at 2.
#include "Vprim_fifo_d1.h"
#include "Vprim_fifo_d16.h"
#include "Vprim_fifo_d2.h"
#include "Vprim_fifo_d3.h"
#include "Vprim_fifo_ring_no_ready_d3.h"
#include "Vprim_fifo_shift_d1.h"
#include "Vprim_fifo_shift_d2.h"
#include "Vprim_fifo_shift_d3.h"
#include "Vprim_fifo_shift_ready_d2.h"
#include "tb/rtl_test_support.hpp"
#include "tests/prims/stream_prim_checks.hpp"

using namespace bitloom::prim_test;

namespace {

template <class M>
void random_traffic(int depth) {
  const uint64_t seed = bitloom::tb::test_seed();
  const int almost = fifo_almost_full_at(depth);
  for (Traffic t : {Traffic{0.5, 0.5, 3000}, Traffic{0.9, 0.3, 3000}, Traffic{0.3, 0.9, 3000}, Traffic{1, 1, 500}}) {
    auto r = run_traffic<M>(seed, t, [&](M& m, long long pushes, long long pops, std::vector<std::string>& errors) {
      const long long held = pushes - pops;
      if (m.occupancy_o != held) errors.push_back(fmt::format("occupancy {} while {} beats are held", m.occupancy_o, held));
      if ((m.almost_full_o != 0) != (held >= almost))
        errors.push_back(fmt::format("almost_full {} with {} held (threshold {})", m.almost_full_o, held, almost));
      if (held > depth) errors.push_back(fmt::format("{} beats held in a FIFO of {}", held, depth));
    }, depth);
    EXPECT_TRUE(r.errors.empty()) << "seed " << seed << ", valid rate " << t.valid_rate << ", ready rate "
                                  << t.ready_rate << ":\n  " << fmt::format("{}", fmt::join(r.errors, "\n  "));
    if (t.valid_rate == 1 && t.ready_rate == 1) {
      // Both sides always willing: the beats take one cycle each (two at depth 1).
      const long long per_beat = depth == 1 ? 2 : 1;
      EXPECT_LE(r.cycles - r.first_out_cycle, per_beat * (t.beats - 1) + 1)
          << "throughput below one beat per " << per_beat << " cycles";
    }
  }
}

}  // namespace

TEST(Fifo, Depth1RandomTraffic) { random_traffic<Vprim_fifo_d1>(1); }
TEST(Fifo, Depth2RandomTraffic) { random_traffic<Vprim_fifo_d2>(2); }
TEST(Fifo, Depth3RandomTraffic) { random_traffic<Vprim_fifo_d3>(3); }
TEST(Fifo, Depth16RandomTraffic) { random_traffic<Vprim_fifo_d16>(16); }
TEST(Fifo, HeadInFlopsDepth1RandomTraffic) { random_traffic<Vprim_fifo_shift_d1>(1); }
TEST(Fifo, HeadInFlopsDepth2RandomTraffic) { random_traffic<Vprim_fifo_shift_d2>(2); }
TEST(Fifo, HeadInFlopsDepth3RandomTraffic) { random_traffic<Vprim_fifo_shift_d3>(3); }
TEST(Fifo, RingWithoutReadyDepth3RandomTraffic) { random_traffic<Vprim_fifo_ring_no_ready_d3>(3); }
TEST(Fifo, HeadInFlopsWithReadyDepth2RandomTraffic) { random_traffic<Vprim_fifo_shift_ready_d2>(2); }
