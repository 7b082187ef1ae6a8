// Slow formal proofs (label `slow`): 6-bit operands, about 40 s each on this machine.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "generator/process.hpp"
#include "synth/step_proof.hpp"

using namespace bitloom;

TEST(StepProofSlow, SixBitOperandsAllSignModes) {
  for (bool as : {true, false})
    for (bool bs : {true, false}) {
      const std::string name = fmt::format("proof6_{}_{}", as, bs);
      const std::string file = std::string(BITLOOM_TEST_WORK) + "/" + name + ".yaml";
      write_text_file(file, fmt::format("kind: gemm\nname: {}\narch: systolic_os\npe: opt1\nrows: 1\n"
                                        "cols: 1\na: {{width: 6, signed: {}}}\nb: {{width: 6, signed: {}}}\n",
                                        name, as, bs));
      const ProofResult r = prove_step(generate_into_work(file, BITLOOM_TEST_WORK), 1200);
      EXPECT_EQ(r.status, ProofResult::Status::kProved) << "see " << r.log;
    }
}
