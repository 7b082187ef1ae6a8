// main() of Verilator test binaries built by CMake: --seed=N replays a run.
#include <gtest/gtest.h>
#include <verilated.h>

#include <iostream>

#include "tb/rtl_test_support.hpp"

int main(int argc, char** argv) {
  bitloom::tb::parse_harness_args(argc, argv);
  ::testing::InitGoogleTest(&argc, argv);
  std::cout << "base seed " << bitloom::tb::base_seed() << " (replay with --seed=" << bitloom::tb::base_seed()
            << ")\n";
  return RUN_ALL_TESTS();
}
