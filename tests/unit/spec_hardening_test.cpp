// Regression tests for bad specs that were once accepted or reported badly (issue 9):
// each is refused with file:line:col: key: reason, naming the problem.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <string>

#include "generator/design.hpp"
#include "generator/spec.hpp"
#include "generator/spec_error.hpp"
#include "tests/unit/test_util.hpp"

using namespace bitloom;
using bitloom::test::ScratchDir;

namespace {

std::string error_of_file(const std::string& file) {
  try {
    const Spec s = load_spec(file);
    build_design(s);
  } catch (const SpecError& e) {
    return e.what();
  }
  return "";
}

// The error for `text`, from "s.yaml:" on ("" when the spec loads).
std::string error_of(const std::string& text) {
  ScratchDir dir("harden");
  const std::string msg = error_of_file(dir.write("s.yaml", text));
  return msg.empty() ? "" : msg.substr(msg.find("s.yaml"));
}

std::string replace(std::string s, const std::string& from, const std::string& to) {
  s.replace(s.find(from), from.size(), to);
  return s;
}

const std::string kSpec = test::kValidSpec;

}  // namespace

TEST(SpecHardening, DuplicateKeyAtTopLevel) {
  EXPECT_EQ(error_of(kSpec + "rows: 4\n"), "s.yaml:9:1: rows: duplicate key (first given on line 4)");
}

TEST(SpecHardening, DuplicateKeyNested) {
  EXPECT_EQ(error_of(replace(kSpec, "{width: 8, signed: true}", "{width: 8, signed: true, width: 4}")),
            "s.yaml:6:29: a.width: duplicate key (first given on line 6)");
}

TEST(SpecHardening, SecondDocument) {
  EXPECT_EQ(error_of(kSpec + "---\nrows: 2\n"),
            "s.yaml:9:1: <document>: a spec is one YAML document; a second one begins here");
  EXPECT_EQ(error_of(kSpec + "---\n"), "s.yaml:9:1: <document>: a spec is one YAML document; a second one begins here");
}

TEST(SpecHardening, TopNameThatIsAReservedWord) {
  for (const char* word : {"module", "wire", "reg", "always", "logic", "int", "do", "endmodule", "bit", "type"})
    EXPECT_EQ(error_of(kSpec + "name: " + word + "\n"),
              std::string("s.yaml:9:7: name: '") + word + "' is a Verilog/SystemVerilog reserved word")
        << word;
}

TEST(SpecHardening, TopNameStartingWithADirectiveWord) {
  EXPECT_EQ(error_of(kSpec + "name: verilator_array\n"),
            "s.yaml:9:7: name: 'verilator_array' starts with 'verilator', which tools read as a directive in comments");
  EXPECT_NE(error_of(kSpec + "name: Synopsys_top\n"), "");
  EXPECT_NE(error_of(kSpec + "name: pragma\n"), "");
  EXPECT_EQ(error_of(kSpec + "name: modular_array\n"), "");  // a prefix of a keyword is fine
}

TEST(SpecHardening, WeightStationaryCWidthWiderThanKRowsCanFill) {
  const std::string ws = "kind: gemm\narch: systolic_ws\npe: mac\nk_rows: 16\ncols: 4\n"
                         "a: {width: 8, signed: true}\nb: {width: 8, signed: true}\n";
  EXPECT_EQ(error_of(ws + "c_width: 21\n"),
            "s.yaml:8:10: c_width: 21 bits is more than the 20 that k_rows = 16 products can fill; drop c_width");
  EXPECT_EQ(error_of(ws + "c_width: 20\n"), "");
  EXPECT_EQ(error_of(ws + "c_width: 12\n"), "");  // narrower wraps on purpose
}

TEST(SpecHardening, LeadingZeroIsNotOctal) {
  EXPECT_EQ(error_of(replace(kSpec, "rows: 3", "rows: 010")),
            "s.yaml:4:7: rows: '010' has a leading zero (YAML 1.1 would read it as octal); write it without");
  EXPECT_EQ(error_of(replace(kSpec, "rows: 3", "rows: 0x8")), "s.yaml:4:7: rows: expected an integer, got '0x8'");
  EXPECT_EQ(error_of(replace(kSpec, "rows: 3", "rows: \"4\"")),
            "s.yaml:4:7: rows: expected an integer, got the string '4'");
  EXPECT_EQ(error_of(replace(kSpec, "rows: 3", "rows: 4.0")), "s.yaml:4:7: rows: expected an integer, got '4.0'");
  EXPECT_EQ(error_of(replace(kSpec, "rows: 3", "rows: 99999999999999999999")),
            "s.yaml:4:7: rows: 99999999999999999999 is out of range [1, 64]");
  EXPECT_EQ(error_of(replace(kSpec, "rows: 3", "rows: 0")), "s.yaml:4:7: rows: 0 is out of range [1, 64]");
}

TEST(SpecHardening, VeryDeepNestingIsNamed) {
  std::string deep = kSpec + "x: " + std::string(5000, '[') + std::string(5000, ']') + "\n";
  const std::string e = error_of(deep);
  EXPECT_NE(e.find("nested deeper than 32 levels"), std::string::npos) << e;
  EXPECT_EQ(e.rfind("s.yaml:9:", 0), 0u) << e;
  std::string indented = kSpec + "x:\n";
  for (int i = 1; i < 40; ++i) indented += std::string(2 * i, ' ') + "k:\n";
  EXPECT_NE(error_of(indented).find("nested deeper than 32 levels"), std::string::npos);
}

TEST(SpecHardening, LongBadValueIsShortened) {
  const std::string huge(1 << 20, 'z');
  const std::string e = error_of(replace(kSpec, "pe: mac", "pe: " + huge.substr(0, 900000)));
  EXPECT_LT(e.size(), 200u);
  EXPECT_NE(e.find("'zzzzzzzzzz"), std::string::npos) << e;
  EXPECT_NE(e.find("...'"), std::string::npos) << e;
}

TEST(SpecHardening, NonPrintableValueIsEscaped) {
  const std::string e = error_of(replace(kSpec, "pe: mac", "pe: \"m\\x01c\""));
  EXPECT_NE(e.find("'m\\x01c'"), std::string::npos) << e;
}

TEST(SpecHardening, KeyThatIsAListOrNull) {
  EXPECT_EQ(error_of(kSpec + "[1, 2]: 3\n"), "s.yaml:9:1: <key>: a key must be a plain name, got a list");
  EXPECT_EQ(error_of(kSpec + "~: 3\n"), "s.yaml:9:1: <key>: a key must be a plain name, got empty");
  EXPECT_EQ(error_of(kSpec + "{a: 1}: 3\n"), "s.yaml:9:1: <key>: a key must be a plain name, got a mapping");
}

TEST(SpecHardening, NotARegularFile) {
  EXPECT_EQ(error_of_file("/dev/zero"), "/dev/zero:1:1: <file>: not a regular file");
  ScratchDir dir("harden");
  EXPECT_EQ(error_of_file(dir.path()), dir.path() + ":1:1: <file>: not a regular file");
  EXPECT_NE(error_of_file(dir.path("missing.yaml")).find(":1:1: <file>: cannot open the spec file"), std::string::npos);
}

TEST(SpecHardening, FileTooBig) {
  ScratchDir dir("harden");
  const std::string file = dir.write("big.yaml", kSpec + "# " + std::string(2 << 20, 'x') + "\n");
  EXPECT_NE(error_of_file(file).find("more than the 1048576-byte limit of a spec"), std::string::npos);
}

TEST(SpecHardening, BinaryBytes) {
  EXPECT_EQ(error_of(kSpec + "name: a\x01" "b\n"), "s.yaml:9:8: <file>: not a text file (control byte 0x01)");
  EXPECT_EQ(error_of(kSpec + "# \xff\xfe\n"), "s.yaml:9:3: <file>: not UTF-8 text (byte 0xff)");
  EXPECT_EQ(error_of(kSpec + "# caf\xc3\xa9\n"), "");  // UTF-8 in a comment is fine
}

TEST(SpecHardening, AliasBombIsBounded) {
  // Each level refers to the one before ten times: 10^9 nodes if expanded.
  std::string bomb = kSpec + "z0: &z0 [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n";
  for (int i = 1; i < 10; ++i)
    bomb += "z" + std::to_string(i) + ": &z" + std::to_string(i) + " [" + [&] {
      std::string l;
      for (int k = 0; k < 10; ++k) l += (k ? ", *z" : "*z") + std::to_string(i - 1);
      return l;
    }() + "]\n";
  const auto start = std::chrono::steady_clock::now();
  const std::string e = error_of(bomb);
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 5.0);
  EXPECT_NE(e.find("more than 200000 YAML nodes"), std::string::npos) << e;
}

TEST(SpecHardening, SoftmaxOutputFractionBeyondTheTableBudget) {
  const std::string sm = "kind: softmax\nmethod: online_base2\nmax_len: 64\nx: {width: 8, frac: 4}\n"
                         "y: {width: 24, frac: 24}\n";
  EXPECT_EQ(error_of(sm), "s.yaml:5:4: y: y.frac = 24 needs a reciprocal table fitted over 2^30 codes, more than "
                          "the 2^24 limit (y.frac <= 18 for online_base2; docs/limits.md)");
  ScratchDir dir("harden");  // at the limit: accepted (building it takes about 4 s)
  EXPECT_NO_THROW(load_spec(dir.write("ok.yaml", replace(sm, "{width: 24, frac: 24}", "{width: 20, frac: 18}"))));
}

TEST(SpecHardening, SoftmaxBufferBeyondTheBudget) {
  const std::string sm = "kind: softmax\nmethod: ibert\nmax_len: 65536\nx: {width: 16, frac: 12}\n"
                         "y: {width: 8, frac: 8}\n";
  EXPECT_NE(error_of(sm).find("s.yaml:3:10: max_len: 65536 elements of 16 bits need a 3538944-bit vector buffer"),
            std::string::npos);
}

TEST(SpecHardening, CoarseGeluOutputFitsQuickly) {
  // Once 191 s: the table search scored every code for every candidate offset.
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(error_of("kind: gelu\nmethod: relu_minus_delta\nx: {width: 16, frac: 12}\ny: {width: 2, frac: 0}\n"), "");
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 5.0);
}

TEST(SpecHardening, WidestGeluQuadraticDoesNotCorruptMemory) {
  // The Remez exchange once read past its reference set when the worst point was the
  // last reference point (x 24 bits, 12 fraction, quadratic).
  EXPECT_EQ(error_of("kind: gelu\nmethod: poly_quadratic\nx: {width: 24, frac: 12}\ny: {width: 32, frac: 30}\n"), "");
}

TEST(SpecHardening, MalformedFlowThatHungTheParser) {
  // Found by the fuzzer: yaml-cpp's LoadAll looped forever, allocating, on ",{".
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(error_of(",{"), "s.yaml:1:1: <document>: a spec must be a YAML mapping");
  EXPECT_EQ(error_of("# GELUkind: gel p gel,u\n,\r\r\r{{{{{{,,,,"), "s.yaml:1:1: <document>: a spec must be a YAML mapping");
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 1.0);
}

TEST(SpecHardening, ContentAfterADocumentEnd) {
  EXPECT_EQ(error_of(kSpec + "...\nrows: 2\n"),
            "s.yaml:10:1: <document>: a spec is one YAML document; a second one begins here");
  EXPECT_EQ(error_of(kSpec + "...\n"), "");
}

// "rows: required key is missing" for a spec that has `Rows:` hid the real problem.
TEST(SpecHardening, MisspeltKeyIsNamedNotReportedMissing) {
  EXPECT_EQ(error_of(replace(test::kValidSpec, "rows: 3", "Rows: 3")), "s.yaml:4:1: Rows: unknown key (did you mean 'rows'?)");
  EXPECT_EQ(error_of(replace(test::kValidSpec, "a: {width: 8", "a: {widht: 8")),
            "s.yaml:6:5: a.widht: unknown key (did you mean 'width'?)");
  EXPECT_EQ(error_of(std::string(test::kValidSpec) + "c_widht: 20\n"),
            "s.yaml:9:1: c_widht: unknown key (did you mean 'c_width'?)");
  EXPECT_EQ(error_of(std::string(test::kValidSpec) + "color: red\n"), "s.yaml:9:1: color: unknown key");
}

// yaml-cpp reads YAML 1.1's yes/no/on/off/y/n as booleans; a spec takes YAML 1.2's only.
TEST(SpecHardening, OnlyTrueAndFalseAreBooleans) {
  for (const char* word : {"yes", "no", "on", "off", "y", "n", "Yes"})
    EXPECT_EQ(error_of(replace(test::kValidSpec, "signed: true", std::string("signed: ") + word)),
              std::string("s.yaml:6:23: a.signed: expected true or false, got '") + word + "'")
        << word;
  for (const char* word : {"true", "True", "TRUE", "false", "False", "FALSE"})
    EXPECT_EQ(error_of(replace(test::kValidSpec, "signed: true", std::string("signed: ") + word)), "") << word;
}
