// Spec validation: every kind of bad input gives file:line:col: key: reason.
#include <gtest/gtest.h>
#include <unistd.h>

#include "generator/spec.hpp"
#include "generator/spec_error.hpp"
#include "tests/unit/test_util.hpp"

using namespace bitloom;
using bitloom::test::ScratchDir;

namespace {

// Loads `text` as a spec and returns the error message ("" if it loaded).
std::string error_of(const std::string& text) {
  ScratchDir dir("spec");
  const std::string file = dir.write("s.yaml", text);
  try {
    load_spec(file);
  } catch (const SpecError& e) {
    std::string msg = e.what();
    return msg.substr(msg.find("s.yaml"));  // drop the temp folder
  }
  return "";
}

std::string replace(std::string s, const std::string& from, const std::string& to) {
  s.replace(s.find(from), from.size(), to);
  return s;
}

}  // namespace

TEST(Spec, ValidSpecLoadsWithResolvedDefaults) {
  ScratchDir dir("spec");
  const Spec s = load_spec(dir.write("ok.yaml", test::kValidSpec));
  EXPECT_EQ(s.gemm.rows, 3);
  EXPECT_EQ(s.gemm.cols, 5);
  EXPECT_TRUE(s.gemm.a.is_signed);
  EXPECT_FALSE(s.gemm.b.is_signed);
  // 1024 * (-128 * 255) = -33,423,360 >= -2^25 needs 26 bits signed.
  EXPECT_EQ(s.gemm.c_width, 26);
  EXPECT_EQ(s.gemm.name, "gemm_os_3x5_i8u8_mac");
  EXPECT_EQ(s.sha256.size(), 64u);
}

TEST(Spec, MissingKey) {
  EXPECT_EQ(error_of(replace(test::kValidSpec, "rows: 3\n", "")), "s.yaml:1:1: rows: required key is missing");
  EXPECT_EQ(error_of(replace(test::kValidSpec, "width: 8, signed: true", "width: 8")),
            "s.yaml:6:4: a.signed: required key is missing");
}

TEST(Spec, UnknownKey) {
  EXPECT_EQ(error_of(std::string(test::kValidSpec) + "colums: 4\n"), "s.yaml:9:1: colums: unknown key");
  EXPECT_EQ(error_of(replace(test::kValidSpec, "signed: false}", "signed: false, sign: 1}")),
            "s.yaml:7:30: b.sign: unknown key (did you mean 'signed'?)");
}

TEST(Spec, WrongType) {
  EXPECT_EQ(error_of(replace(test::kValidSpec, "rows: 3", "rows: three")),
            "s.yaml:4:7: rows: expected an integer, got 'three'");
  EXPECT_EQ(error_of(replace(test::kValidSpec, "signed: true", "signed: maybe")),
            "s.yaml:6:23: a.signed: expected true or false, got 'maybe'");
  EXPECT_EQ(error_of(replace(test::kValidSpec, "a: {width: 8, signed: true}", "a: 8")),
            "s.yaml:6:4: a: expected a mapping, got '8'");
}

TEST(Spec, OutOfRange) {
  EXPECT_EQ(error_of(replace(test::kValidSpec, "cols: 5", "cols: 65")),
            "s.yaml:5:7: cols: 65 is out of range [1, 64]");
  EXPECT_EQ(error_of(replace(test::kValidSpec, "width: 8, signed: true", "width: 1, signed: true")),
            "s.yaml:6:12: a.width: 1 is out of range [2, 16]");
  EXPECT_EQ(error_of(std::string(test::kValidSpec) + "c_width: 65\n"),
            "s.yaml:9:10: c_width: 65 is out of range [2, 64]");
}

TEST(Spec, BadChoice) {
  EXPECT_EQ(error_of(replace(test::kValidSpec, "pe: mac", "pe: booth")),
            "s.yaml:3:5: pe: 'booth' is not one of: mac, opt1");
  EXPECT_EQ(error_of(replace(test::kValidSpec, "pe: mac", "pe: opt1\ntree: wallace")),
            "s.yaml:4:7: tree: 'wallace' is not one of: dadda, four_two");
  EXPECT_EQ(error_of(std::string(test::kValidSpec) + "tree: four_two\n"), "");  // MAC PEs have a tree too
  // drain is for arrays that keep results; the error names the key, not a later one.
  EXPECT_EQ(error_of(replace(std::string(test::kValidSpec), "systolic_os", "systolic_ws") + "drain: shift\n"),
            "s.yaml:9:8: drain: applies to the output-stationary arrays (systolic_os, cube, matrix_2d); a "
            "weight-stationary array keeps no results");
  EXPECT_EQ(error_of(std::string(test::kValidSpec) + "drain: fifo\n"),
            "s.yaml:9:8: drain: 'fifo' is not one of: overlap, shift");
}

TEST(Spec, InconsistentCombination) {
  // k_max = 1024 fills 26 bits; asking for 40 contradicts it.
  EXPECT_EQ(error_of(std::string(test::kValidSpec) + "c_width: 40\n"),
            "s.yaml:9:10: c_width: 40 bits is more than the 26 that k_max = 1024 can fill; "
            "drop c_width or raise k_max");
  // A narrower width wraps on purpose and is fine, as is a wide one without k_max.
  EXPECT_EQ(error_of(std::string(test::kValidSpec) + "c_width: 20\n"), "");
  EXPECT_EQ(error_of(replace(test::kValidSpec, "k_max: 1024\n", "c_width: 40\n")), "");
}

TEST(Spec, BadNameAndSyntax) {
  EXPECT_EQ(error_of(std::string(test::kValidSpec) + "name: 9lives\n").substr(0, 19), "s.yaml:9:7: name: m");
  EXPECT_EQ(error_of("kind: gemm\nrows: [1, 2\n").substr(0, 16), "s.yaml:3:1: <syn");
  EXPECT_EQ(error_of("- 1\n- 2\n"), "s.yaml:1:1: <document>: a spec must be a YAML mapping");
}

TEST(Spec, NoOverflowWidth) {
  Operand s8{8, true}, u8{8, false}, s2{2, true};
  EXPECT_EQ(no_overflow_width(s8, s8, 1), 16);   // -128*-128 = 16384 needs 16 bits signed
  EXPECT_EQ(no_overflow_width(u8, u8, 1), 16);   // 255*255 = 65025
  EXPECT_EQ(no_overflow_width(u8, u8, 2), 17);
  EXPECT_EQ(no_overflow_width(s8, u8, 1), 16);   // -128*255 = -32640
  EXPECT_EQ(no_overflow_width(s2, s2, 1), 4);    // -2*-2 = 4 needs 4 bits signed
  EXPECT_EQ(no_overflow_width(s8, s8, 4096), 28);
}

TEST(Spec, ArchSpecificShapeKeys) {
  const std::string ws = replace(replace(test::kValidSpec, "arch: systolic_os", "arch: systolic_ws"), "rows: 3",
                                 "k_rows: 3");
  EXPECT_EQ(error_of(ws), "s.yaml:8:8: k_max: a weight-stationary array sums exactly k_rows products; "
                          "k_max does not apply");
  const std::string ws_ok = replace(ws, "k_max: 1024\n", "");
  EXPECT_EQ(error_of(ws_ok), "");
  EXPECT_EQ(error_of(ws_ok + "rows: 4\n"), "s.yaml:8:7: rows: applies to arch systolic_os, not systolic_ws");
  const std::string cube = "kind: gemm\narch: cube\npe: opt1\nsize: 4\na: {width: 8, signed: true}\n"
                           "b: {width: 8, signed: true}\n";
  EXPECT_EQ(error_of(cube), "");
  EXPECT_EQ(error_of(cube + "cols: 4\n"), "s.yaml:7:7: cols: applies to arch systolic_os, not cube");
  EXPECT_EQ(error_of(replace(cube, "size: 4", "size: 17")), "s.yaml:4:7: size: 17 is out of range [1, 16]");
  EXPECT_EQ(error_of(replace(cube, "size: 4\n", "")), "s.yaml:1:1: size: required key is missing");
}

TEST(Spec, WeightStationaryAccumulatorHoldsKRowsProducts) {
  ScratchDir dir("spec");
  const Spec s = load_spec(dir.write("ws.yaml", "kind: gemm\narch: systolic_ws\npe: mac\nk_rows: 16\ncols: 4\n"
                                                "a: {width: 8, signed: true}\nb: {width: 8, signed: true}\n"));
  EXPECT_EQ(s.gemm.c_width, 20);  // 16 * (-128)^2 = 2^18 needs 20 bits signed
  EXPECT_EQ(s.gemm.name, "gemm_ws_16x4_i8_mac");
}

TEST(Spec, MulTreeKeysAndPes) {
  const std::string mt = "kind: gemm\narch: mul_tree\npe: ent\nk_rows: 16\ncols: 4\n"
                         "a: {width: 8, signed: true}\nb: {width: 8, signed: true}\n";
  EXPECT_EQ(error_of(mt), "");
  ScratchDir dir("spec");
  const Spec s = load_spec(dir.write("mt.yaml", mt));
  EXPECT_EQ(s.gemm.c_width, 20);  // the all -128 case: 16 * 2^14 = 2^18
  EXPECT_EQ(s.gemm.name, "gemm_mt_16x4_i8_ent");
  EXPECT_EQ(error_of(mt + "drain: shift\n").substr(0, 26), "s.yaml:8:8: drain: applies");
  EXPECT_EQ(error_of(mt + "k_max: 32\n").substr(0, 25), "s.yaml:8:8: k_max: a weig");
  EXPECT_EQ(error_of(mt + "rows: 4\n"), "s.yaml:8:7: rows: applies to arch systolic_os, not mul_tree");
  // Each arch names the PE kinds it is built with.
  EXPECT_NE(error_of(replace(mt, "pe: ent", "pe: sparse_serial")).find("s.yaml:3:5: pe:"), std::string::npos);
  const std::string os = replace(replace(mt, "arch: mul_tree", "arch: systolic_os"), "k_rows: 16", "rows: 4");
  EXPECT_NE(error_of(os).find("s.yaml:3:5: pe:"), std::string::npos) << error_of(os);
}

TEST(Spec, Matrix2dKeysAndPes) {
  const std::string m2d = "kind: gemm\narch: matrix_2d\npe: sparse_serial\nrows: 4\ncols: 4\n"
                          "a: {width: 8, signed: true}\nb: {width: 8, signed: true}\n";
  EXPECT_EQ(error_of(m2d), "");
  ScratchDir dir("spec");
  const Spec s = load_spec(dir.write("m2d.yaml", m2d + "group: 6\n"));
  EXPECT_EQ(s.gemm.group, 6);
  EXPECT_EQ(s.gemm.name, "gemm_m2d_4x4_i8_sparse_serial_g6");  // a group other than 4 is named
  EXPECT_EQ(error_of(m2d + "group: 9\n"), "s.yaml:8:8: group: 9 is out of range [2, 8]");
  EXPECT_EQ(error_of(m2d + "group: 1\n"), "s.yaml:8:8: group: 1 is out of range [2, 8]");
  EXPECT_EQ(error_of(replace(m2d, "sparse_serial", "mac") + "group: 4\n").substr(0, 33),
            "s.yaml:8:8: group: applies to pe ");
  EXPECT_EQ(error_of(m2d + "drain: shift\n"), "");
  ScratchDir shift_dir("spec-m2d-shift");  // error_of() clears the "spec" scratch folder
  EXPECT_EQ(load_spec(shift_dir.write("m2d.yaml", m2d + "drain: shift\n")).gemm.name,
            "gemm_m2d_4x4_i8_sparse_serial_shift");
  EXPECT_EQ(error_of(m2d + "drain: overlap\n"), "");
  EXPECT_EQ(error_of(m2d + "k_rows: 4\n"), "s.yaml:8:9: k_rows: applies to arch systolic_ws, not matrix_2d");
  EXPECT_NE(error_of(replace(m2d, "sparse_serial", "ent")).find("s.yaml:3:5: pe:"), std::string::npos);
}
