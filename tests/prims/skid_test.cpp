// The register slice: every beat through in order under random bubbles and
// back-pressure, one beat per cycle when both sides are willing, no combinational path.
#include "Vprim_skid.h"
#include "tb/rtl_test_support.hpp"
#include "tests/prims/stream_prim_checks.hpp"

using namespace bitloom::prim_test;

TEST(SkidBuffer, RandomTrafficAndFullThroughput) {
  const uint64_t seed = bitloom::tb::test_seed();
  for (Traffic t : {Traffic{0.5, 0.5, 3000}, Traffic{0.9, 0.2, 3000}, Traffic{0.2, 0.9, 3000}, Traffic{1, 1, 500}}) {
    auto r = run_traffic<Vprim_skid>(seed, t, [](Vprim_skid&, long long pushes, long long pops,
                                                std::vector<std::string>& errors) {
      if (pushes - pops > 2) errors.push_back(fmt::format("{} beats held in a two-entry slice", pushes - pops));
    }, 2);
    EXPECT_TRUE(r.errors.empty()) << "seed " << seed << ", valid rate " << t.valid_rate << ", ready rate "
                                  << t.ready_rate << ":\n  " << fmt::format("{}", fmt::join(r.errors, "\n  "));
    if (t.valid_rate == 1 && t.ready_rate == 1) {
      EXPECT_LE(r.cycles - r.first_out_cycle, t.beats);
    }
  }
}
