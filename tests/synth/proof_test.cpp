// Formal proofs (Yosys SAT) that each OPT1 step equals the MAC step for every input, that
// each multiplier-adder-tree column equals its dot product, and that the 2D-Matrix sparse
// PE and its recoder do what the cycle model assumes.
//
// Proved here: 4-bit x 4-bit operands in all four sign modes (3:2 and 4:2 trees) and
// 2x4 / 4x2 mixes, with a 12-bit wrapping and a full-width accumulator. Proved in the `slow` label:
// 6-bit operands (about 40 s each). Only simulated: 8-bit (every a, b pair, random
// accumulator values, in the rtl tests) and 16-bit (random pairs): SAT does not finish
// multiplier equivalence at those widths in reasonable time.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "generator/process.hpp"
#include "synth/step_proof.hpp"

using namespace bitloom;

namespace {
Generated opt1_design(int aw, bool as, int bw, bool bs, const std::string& extra = "") {
  const std::string dir = std::string(BITLOOM_TEST_WORK) + "/proof-specs";
  const std::string name = fmt::format("proof_{}{}_{}{}{}", as ? "i" : "u", aw, bs ? "i" : "u", bw,
                                       extra.empty() ? "" : extra.find("four_two") != std::string::npos ? "_t42" : "_wrap");
  const std::string file = dir + "/" + name + ".yaml";
  write_text_file(file, fmt::format("kind: gemm\nname: {}\narch: systolic_os\npe: opt1\nrows: 1\ncols: 1\n"
                                    "a: {{width: {}, signed: {}}}\nb: {{width: {}, signed: {}}}\n{}",
                                    name, aw, as, bw, bs, extra.empty() ? "k_max: 64\n" : extra));
  return generate_into_work(file, BITLOOM_TEST_WORK);
}
}  // namespace

TEST(StepProof, FourBitOperandsAllSignModes) {
  for (bool as : {true, false})
    for (bool bs : {true, false}) {
      const ProofResult r = prove_step(opt1_design(4, as, 4, bs));
      EXPECT_EQ(r.status, ProofResult::Status::kProved) << "see " << r.log;
    }
}

TEST(StepProof, MixedWidthsAndWrappingAccumulator) {
  EXPECT_EQ(prove_step(opt1_design(2, true, 4, false)).status, ProofResult::Status::kProved);
  EXPECT_EQ(prove_step(opt1_design(4, false, 2, true)).status, ProofResult::Status::kProved);
  EXPECT_EQ(prove_step(opt1_design(4, true, 4, true, "c_width: 6\n")).status, ProofResult::Status::kProved);
}

TEST(StepProof, FourTwoTreesAllSignModes) {
  // The same proofs for steps built from 4:2 compressors.
  for (bool as : {true, false})
    for (bool bs : {true, false}) {
      const ProofResult r = prove_step(opt1_design(4, as, 4, bs, "tree: four_two\nk_max: 64\n"));
      EXPECT_EQ(r.status, ProofResult::Status::kProved) << "see " << r.log;
    }
}

// The multiplier-adder tree's column (K = 2 products, no accumulator) of each PE kind
// against plain multiplies and adds: the MAC's multipliers and adder tree, OPT1's one
// bit heap, and the EN-T digits with one tree per bit weight.
namespace {
Generated mul_tree_design(const std::string& pe, int w, bool as, bool bs) {
  const std::string dir = std::string(BITLOOM_TEST_WORK) + "/proof-specs";
  const std::string name = fmt::format("proof_mt_{}_{}{}_{}{}", pe, as ? "i" : "u", w, bs ? "i" : "u", w);
  const std::string file = dir + "/" + name + ".yaml";
  write_text_file(file, fmt::format("kind: gemm\nname: {}\narch: mul_tree\npe: {}\nk_rows: 2\ncols: 1\n"
                                    "a: {{width: {}, signed: {}}}\nb: {{width: {}, signed: {}}}\n",
                                    name, pe, w, as, w, bs));
  return generate_into_work(file, BITLOOM_TEST_WORK);
}
}  // namespace

TEST(StepProof, MulTreeColumnsAllPesAllSignModes) {
  for (const char* pe : {"mac", "opt1", "ent"})
    for (bool as : {true, false})
      for (bool bs : {true, false}) {
        const ProofResult r = prove_step(mul_tree_design(pe, 3, as, bs));
        EXPECT_EQ(r.status, ProofResult::Status::kProved) << pe << " " << as << bs << ": see " << r.log;
      }
}

TEST(StepProof, ABrokenStepIsRefuted) {
  const Generated g = opt1_design(4, true, 4, true);
  const std::string dir = std::string(BITLOOM_TEST_WORK) + "/proof-broken";
  write_file_set(dir, g.files);
  const std::string step = dir + "/rtl/" + g.design.top + "_pe_step.v";
  std::string text = read_text_file(step);
  // Turn the first full adder's sum into XNOR: wrong for half of its inputs.
  const size_t p = text.find(" ^ ", text.find("Compressor tree"));
  ASSERT_NE(p, std::string::npos);
  text.replace(p, 3, " ~^ ");
  write_text_file(step, text);
  const ProofResult r = prove_step(with_rtl_from(g, dir, BITLOOM_TEST_WORK));
  EXPECT_EQ(r.status, ProofResult::Status::kFailed) << "see " << r.log;
}

// The 2D-Matrix sparse bit-serial PE, one cycle from every (sum, carry, result) state,
// with its encoder's recoder: the recoder's digits add up to the activation, and each
// issued digit adds digit * b[slot] * 4^weight to the pair (mod 2^C_WIDTH). The PE has
// no multiplier, so int8 with the full 26-bit accumulator is in reach of SAT.
namespace {
Generated sparse_design(int aw, bool as, int bw, bool bs, int group, const std::string& extra = "",
                        const std::string& tag = "wrap") {
  const std::string dir = std::string(BITLOOM_TEST_WORK) + "/proof-specs";
  const std::string name = fmt::format("proof_m2d_sparse_{}{}_{}{}_g{}{}", as ? "i" : "u", aw, bs ? "i" : "u", bw,
                                       group, extra.empty() ? "" : "_" + tag);
  const std::string file = dir + "/" + name + ".yaml";
  write_text_file(file, fmt::format("kind: gemm\nname: {}\narch: matrix_2d\npe: sparse_serial\nrows: 1\ncols: 1\n"
                                    "group: {}\na: {{width: {}, signed: {}}}\nb: {{width: {}, signed: {}}}\n{}",
                                    name, group, aw, as, bw, bs, extra));
  return generate_into_work(file, BITLOOM_TEST_WORK);
}
}  // namespace

TEST(StepProof, SparseSerialPeAllSignModes) {
  for (bool as : {true, false})
    for (bool bs : {true, false}) {
      const ProofResult r = prove_step(sparse_design(8, as, 8, bs, 4));
      EXPECT_EQ(r.status, ProofResult::Status::kProved) << as << bs << ": see " << r.log;
    }
}

TEST(StepProof, SparseSerialPeOddGroupsWidthsAndWrap) {
  // A group of 3 leaves slot 3 unused; 16-bit activations have 8 or 9 digits; a 12-bit
  // accumulator wraps.
  EXPECT_EQ(prove_step(sparse_design(4, true, 16, false, 3)).status, ProofResult::Status::kProved);
  EXPECT_EQ(prove_step(sparse_design(16, false, 4, true, 2)).status, ProofResult::Status::kProved);
  EXPECT_EQ(prove_step(sparse_design(8, true, 8, true, 8, "c_width: 12\n")).status, ProofResult::Status::kProved);
}

TEST(StepProof, SparseSerialShiftDrainPe) {
  // drain: shift: no flags and no result pair; while the array drains the pair starts
  // from the lower neighbour's.
  for (bool as : {true, false}) {
    const ProofResult r = prove_step(sparse_design(8, as, 8, true, 4, "drain: shift\n", "shift"));
    EXPECT_EQ(r.status, ProofResult::Status::kProved) << as << ": see " << r.log;
  }
}

TEST(StepProof, ABrokenSparsePeIsRefuted) {
  const Generated g = sparse_design(8, true, 8, true, 4);
  const std::string dir = std::string(BITLOOM_TEST_WORK) + "/proof-broken-sparse";
  write_file_set(dir, g.files);
  const std::string pe = dir + "/rtl/" + g.design.top + "_pe.v";
  std::string text = read_text_file(pe);
  // Drop the negation's +1: -b becomes ~b, off by one for every negative digit.
  const std::string right = "carry_d = {majority, neg_i}";
  const size_t p = text.find(right);
  ASSERT_NE(p, std::string::npos);
  text.replace(p, right.size(), "carry_d = {majority, 1'b0}");
  write_text_file(pe, text);
  const ProofResult r = prove_step(with_rtl_from(g, dir, BITLOOM_TEST_WORK));
  EXPECT_EQ(r.status, ProofResult::Status::kFailed) << "see " << r.log;
}
