// Formal proofs (Yosys SAT) that each OPT1 step equals the MAC step for every input, that
// each multiplier-adder-tree column equals its dot product, that the broadcast arrays'
// Booth recoders with their PEs' digit steps equal a*b plus the accumulator, and that the
// 2D-Matrix sparse PE and its recoder do what the cycle model assumes.
//
// Proved here: 4-bit x 4-bit operands in all four sign modes (3:2 and 4:2 trees) and
// 2x4 / 4x2 mixes, with a 12-bit wrapping and a full-width accumulator. Proved in the `slow` label:
// 6-bit operands (about 40 s each). Only simulated: 8-bit (every a, b pair, random
// accumulator values, in the rtl tests) and 16-bit (random pairs): SAT does not finish
// multiplier equivalence at those widths in reasonable time.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <stdexcept>
#include <string>

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
Generated small_design(const std::string& arch, const std::string& shape, const std::string& pe, int w, bool as,
                       bool bs) {
  const std::string dir = std::string(BITLOOM_TEST_WORK) + "/proof-specs";
  const std::string name = fmt::format("proof_{}_{}_{}{}_{}{}", arch, pe, as ? "i" : "u", w, bs ? "i" : "u", w);
  const std::string file = dir + "/" + name + ".yaml";
  write_text_file(file, fmt::format("kind: gemm\nname: {}\narch: {}\npe: {}\n{}"
                                    "a: {{width: {}, signed: {}}}\nb: {{width: {}, signed: {}}}\n",
                                    name, arch, pe, shape, w, as, w, bs));
  return generate_into_work(file, BITLOOM_TEST_WORK);
}
}  // namespace

TEST(StepProof, MulTreeColumnsAllPesAllSignModes) {
  for (const char* pe : {"mac", "opt1", "ent"})
    for (bool as : {true, false})
      for (bool bs : {true, false}) {
        const ProofResult r = prove_step(small_design("mul_tree", "k_rows: 2\ncols: 1\n", pe, 3, as, bs));
        EXPECT_EQ(r.status, ProofResult::Status::kProved) << pe << " " << as << bs << ": see " << r.log;
      }
}

// The 2D-Matrix recodes each activation once for its row; its PEs take Booth digits. The
// step as proved is the recoder followed by the PE's step, against a*b plus the
// accumulator, so a recoder whose digits do not add up to a fails here.
TEST(StepProof, Matrix2dRecoderAndDigitStepAllPesAllSignModes) {
  for (const char* pe : {"mac", "opt1"})
    for (bool as : {true, false})
      for (bool bs : {true, false}) {
        const ProofResult r = prove_step(small_design("matrix_2d", "rows: 1\ncols: 1\nk_max: 64\n", pe, 4, as, bs));
        EXPECT_EQ(r.status, ProofResult::Status::kProved) << pe << " " << as << bs << ": see " << r.log;
      }
}

// The cube recodes each activation once for its PE row too: K = 2 products per step,
// the two mixed sign modes (about 30 s of SAT each; the 2D-Matrix proof above has all four).
TEST(StepProof, CubeRecodersAndDigitStepBothPesMixedSigns) {
  for (const char* pe : {"mac", "opt1"})
    for (bool as : {true, false}) {
      const ProofResult r = prove_step(small_design("cube", "size: 2\nk_max: 64\n", pe, 3, as, !as));
      EXPECT_EQ(r.status, ProofResult::Status::kProved) << pe << " " << as << ": see " << r.log;
    }
}

// The proof of `g`'s step after turning the first XOR past `marker` in its module file
// `module_suffix` into XNOR.
namespace {
ProofResult prove_with_one_xor_broken(const Generated& g, const std::string& dir_name,
                                      const std::string& module_suffix, const std::string& marker) {
  const std::string dir = std::string(BITLOOM_TEST_WORK) + "/" + dir_name;
  write_file_set(dir, g.files);
  const std::string file = dir + "/rtl/" + g.design.top + module_suffix + ".v";
  std::string text = read_text_file(file);
  const size_t marker_at = text.find(marker);
  const size_t p = marker_at == std::string::npos ? marker_at : text.find(" ^ ", marker_at);
  if (p == std::string::npos) throw std::runtime_error(file + ": no XOR after " + marker);
  text.replace(p, 3, " ~^ ");
  write_text_file(file, text);
  return prove_step(with_rtl_from(g, dir, BITLOOM_TEST_WORK));
}
}  // namespace

TEST(StepProof, ABrokenStepIsRefuted) {
  // The first full adder's sum as XNOR: wrong for half of its inputs.
  const ProofResult r =
      prove_with_one_xor_broken(opt1_design(4, true, 4, true), "proof-broken", "_pe_step_digits",
                                "Compressor tree");
  EXPECT_EQ(r.status, ProofResult::Status::kFailed) << "see " << r.log;
}

// The proof sees the 2D-Matrix's recoder: a digit that no longer adds up is refuted.
TEST(StepProof, ABrokenBoothRecoderIsRefuted) {
  // Digit 0's magnitude one as XNOR: wrong for every a.
  const Generated g = small_design("matrix_2d", "rows: 1\ncols: 1\nk_max: 64\n", "opt1", 4, true, true);
  const ProofResult r = prove_with_one_xor_broken(g, "proof-broken-recoder", "_pe_recode", "assign one_o[0]");
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
