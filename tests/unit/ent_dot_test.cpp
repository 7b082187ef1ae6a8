// The same-bit-weight dot product (OPT2's column) in Icarus against integer dot products:
// every sign mode, K from 1 to 64, random operands and every all-min/all-max corner (the
// all -128 row times the all -128 column that the paper's RTL wraps); lint-clean in
// Verilator -Wall.
#include <gtest/gtest.h>
#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>

#include "generator/arith/ent_dot.hpp"
#include "generator/process.hpp"
#include "generator/spec.hpp"
#include "tests/unit/test_util.hpp"

namespace bitloom::arith {
namespace {

// The dot product's modules (recoder, trees, the step around them) as one Verilog text.
std::string dot_text(const EntDotShape& s) {
  std::string text;
  for (const auto& m : ent_dot_modules("ent_dot", s)) text += m.text;
  return text;
}

// Lanes packed little-endian (lane k at [k*W +: W]) as one hex word.
std::string pack(const std::vector<int64_t>& lanes, int w) {
  std::vector<int> bits;
  for (int64_t v : lanes)
    for (int b = 0; b < w; ++b) bits.push_back(static_cast<int>((static_cast<uint64_t>(v) >> b) & 1));
  while (bits.size() % 4) bits.push_back(0);
  std::string hex;
  for (size_t n = bits.size(); n >= 4; n -= 4)
    hex += "0123456789abcdef"[bits[n - 1] * 8 + bits[n - 2] * 4 + bits[n - 3] * 2 + bits[n - 4]];
  return hex;
}

struct Case {
  int k, aw, ww;
  bool as, ws;
};

// Runs the module on `n` operand pairs in Icarus; returns the mismatches it counted.
int simulate(const Case& c, int trials, uint64_t seed, const test::ScratchDir& dir) {
  const Operand a{c.aw, c.as}, w{c.ww, c.ws};
  EntDotShape s{c.k, c.aw, c.ww, c.as, c.ws, no_overflow_width(a, w, c.k), TreeStyle::kDadda};
  std::ofstream(dir.path("dut.v")) << dot_text(s);
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int64_t> ua(a.min_value(), a.max_value()), uw(w.min_value(), w.max_value());
  std::ofstream fa(dir.path("a.hex")), fw(dir.path("w.hex")), fe(dir.path("e.hex"));
  int n = 0;
  auto emit = [&](const std::vector<int64_t>& av, const std::vector<int64_t>& wv) {
    __int128 dot = 0;
    for (int k = 0; k < c.k; ++k) dot += static_cast<__int128>(av[k]) * wv[k];
    fa << pack(av, c.aw) << "\n";
    fw << pack(wv, c.ww) << "\n";
    fe << pack({static_cast<int64_t>(dot)}, s.c_width) << "\n";  // low c_width bits
    ++n;
  };
  for (int64_t av : std::vector<int64_t>{a.min_value(), a.max_value(), 0})
    for (int64_t wv : std::vector<int64_t>{w.min_value(), w.max_value(), 0})
      emit(std::vector<int64_t>(c.k, av), std::vector<int64_t>(c.k, wv));
  for (int t = 0; t < trials; ++t) {
    std::vector<int64_t> av(c.k), wv(c.k);
    for (int k = 0; k < c.k; ++k) av[k] = ua(rng), wv[k] = uw(rng);
    emit(av, wv);
  }
  fa.close(), fw.close(), fe.close();
  std::ofstream(dir.path("tb.v")) << fmt::format(R"(module tb;
  reg [{a1}:0] a; reg [{w1}:0] w; wire [{c1}:0] s, c;
  ent_dot u(.a_i(a), .b_i(w), .sum_o(s), .carry_o(c));
  reg [{a1}:0] va [0:{n1}]; reg [{w1}:0] vw [0:{n1}]; reg [{c1}:0] ve [0:{n1}];
  integer i, bad;
  initial begin
    $readmemh("a.hex", va); $readmemh("w.hex", vw); $readmemh("e.hex", ve);
    bad = 0;
    for (i = 0; i < {n}; i = i + 1) begin
      a = va[i]; w = vw[i]; #1;
      if (s + c !== ve[i]) bad = bad + 1;
    end
    $display("MISMATCHES %0d", bad);
    $finish;
  end
endmodule
)",
                                                 fmt::arg("a1", c.k * c.aw - 1), fmt::arg("w1", c.k * c.ww - 1),
                                                 fmt::arg("c1", s.c_width - 1), fmt::arg("n1", n - 1), fmt::arg("n", n));
  const std::string cmd = fmt::format("cd {} && iverilog -g2005 -o sim tb.v dut.v > build.log 2>&1 && vvp -n sim > run.log 2>&1",
                                      dir.path());
  if (std::system(cmd.c_str()) != 0) return -1;
  std::ifstream log(dir.path("run.log"));
  std::string word;
  int bad = -1;
  while (log >> word)
    if (word == "MISMATCHES") log >> bad;
  return bad;
}

TEST(EntDot, EqualsTheIntegerDotProductInEverySignMode) {
  test::ScratchDir dir("ent-dot");
  const Case cases[] = {{1, 8, 8, true, true},   {3, 8, 8, true, false}, {3, 8, 8, false, true},
                        {3, 8, 8, false, false}, {16, 8, 8, true, true}, {64, 8, 8, true, true},
                        {5, 4, 6, true, true},   {7, 5, 3, false, true}};
  for (const Case& c : cases) {
    EXPECT_EQ(simulate(c, 300, 1, dir), 0)
        << "K=" << c.k << " a " << c.aw << (c.as ? "s" : "u") << " w " << c.ww << (c.ws ? "s" : "u");
  }
}

TEST(EntDot, PerWeightSumsKeepWhatTheResultNeeds) {
  EntDotStats st;
  // K = 16, int8: the result needs 2*8 + 4 + 1 = 20 bits (+262144 from the all -128 case).
  const EntDotShape s{16, 8, 8, true, true, no_overflow_width({8, true}, {8, true}, 16), TreeStyle::kDadda};
  ASSERT_EQ(s.c_width, 20);
  ent_dot_modules("ent_dot", s, &st);
  EXPECT_EQ(st.weight_widths, (std::vector<int>{20, 18, 16, 14}));  // not the paper's 13
}

TEST(EntDot, LintCleanInVerilator) {
  test::ScratchDir dir("ent-dot-lint");
  for (bool ws : {true, false}) {
    const EntDotShape s{4, 8, 8, true, ws, no_overflow_width({8, true}, {8, ws}, 4), TreeStyle::kFourTwo};
    // One file per module, named after it, as the generator writes them.
    std::string files;
    for (const auto& m : ent_dot_modules("ent_dot", s)) {
      std::ofstream(dir.path(m.name + ".v")) << m.text;
      files += " " + m.name + ".v";
    }
    const std::string cmd =
        fmt::format("cd {} && verilator --lint-only -Wall --top-module ent_dot{} > lint.log 2>&1", dir.path(), files);
    EXPECT_EQ(std::system(cmd.c_str()), 0) << read_text_file(dir.path("lint.log"));
  }
}

}  // namespace
}  // namespace bitloom::arith

namespace bitloom::arith {
namespace {

// Yosys SAT: for every input (not a sample), sum_o + carry_o equals the dot product.
bool proved(const EntDotShape& s, const test::ScratchDir& dir) {
  std::ofstream(dir.path("ent_dot.v")) << dot_text(s);
  std::string ref;
  for (int k = 0; k < s.k; ++k) {
    auto ext = [&](const char* v, int w, bool sgn, int lo) {
      return fmt::format("{{{{{}{{{}}}}}, {}[{} +: {}]}}", s.c_width - w, sgn ? fmt::format("{}[{}]", v, lo + w - 1) : "1'b0",
                         v, lo, w);
    };
    ref += fmt::format("{}({} * {})", k ? " + " : "", ext("a_i", s.a_width, s.a_signed, k * s.a_width),
                       ext("b_i", s.w_width, s.w_signed, k * s.w_width));
  }
  std::ofstream(dir.path("proof.v")) << fmt::format(R"(module ent_dot_proof (input wire [{a1}:0] a_i, input wire [{w1}:0] b_i, output wire ok);
  wire [{c1}:0] s, c;
  ent_dot u(.a_i(a_i), .b_i(b_i), .sum_o(s), .carry_o(c));
  wire [{c1}:0] ref = {ref};
  assign ok = s + c == ref;
endmodule
)",
                                                    fmt::arg("a1", s.k * s.a_width - 1), fmt::arg("w1", s.k * s.w_width - 1),
                                                    fmt::arg("c1", s.c_width - 1), fmt::arg("ref", ref));
  const std::string cmd = fmt::format(
      "cd {} && yosys -q -l proof.log -p 'read_verilog ent_dot.v proof.v; prep -top ent_dot_proof; flatten; "
      "sat -prove ok 1 -verify -timeout 300' > /dev/null 2>&1",
      dir.path());
  return std::system(cmd.c_str()) == 0 && read_text_file(dir.path("proof.log")).find("SUCCESS!") != std::string::npos;
}

// Multiplier miters are hard for SAT: two 3-bit products prove in a fraction of a second,
// three take about 12 s and two 4-bit ones about 10 s, so the unit label keeps to two
// 3-bit products (Icarus covers 8 bits and K up to 64).
TEST(EntDot, ProvedEqualToTheDotProductForSmallWidths) {
  test::ScratchDir dir("ent-dot-proof");
  for (int k : {2})
    for (bool as : {true, false})
      for (bool ws : {true, false}) {
        const EntDotShape s{k, 3, 3, as, ws, no_overflow_width({3, as}, {3, ws}, k), TreeStyle::kDadda};
        EXPECT_TRUE(proved(s, dir)) << "K=" << k << " a " << (as ? "signed" : "unsigned") << ", w "
                                    << (ws ? "signed" : "unsigned");
      }
}

}  // namespace
}  // namespace bitloom::arith
