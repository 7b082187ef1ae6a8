// Property test: random legal specs of every kind (every arch x PE x tree x sign mode,
// every method, odd widths and shapes) all generate, lint clean in Verilator, Yosys and
// Icarus, and pass a short simulation in Icarus with the generated self-checking test
// bench. The Slice instantiation runs in the default suite; Full (200 more) is `slow`.
// Each case prints its seed and spec; BITLOOM_PROPERTY_SEED=N changes the base seed.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <random>

#include "generator/process.hpp"
#include "generator/spec.hpp"
#include "generator/workspace.hpp"
#include "tests/random_draw.hpp"
#include "tb/runner/icarus_runner.hpp"
#include "tb/runner/sim_runner.hpp"

using namespace bitloom;
namespace fs = std::filesystem;

namespace {

uint64_t base_seed() { return test::seed_from_env("BITLOOM_PROPERTY_SEED", 20261130); }
using test::Draw;

// Cases cycle through the kinds and, for GEMM, through arch x PE so that every
// combination appears in any 12 consecutive GEMM cases.
std::string gemm_spec(Draw& d, int index) {
  static const std::vector<std::pair<std::string, std::string>> combos = {
      {"systolic_os", "mac"}, {"systolic_os", "opt1"},         {"systolic_ws", "mac"}, {"systolic_ws", "opt1"},
      {"cube", "mac"},        {"cube", "opt1"},                {"mul_tree", "mac"},    {"mul_tree", "opt1"},
      {"mul_tree", "ent"},    {"matrix_2d", "mac"},            {"matrix_2d", "opt1"},  {"matrix_2d", "sparse_serial"}};
  const auto& [arch, pe] = combos[static_cast<size_t>(index % 12)];
  std::string s = fmt::format("kind: gemm\narch: {}\npe: {}\n", arch, pe);
  if (pe != "sparse_serial" && d.coin()) s += "tree: four_two\n";
  if (pe == "sparse_serial" && d.coin()) s += fmt::format("group: {}\n", d.in(2, 8));
  if (arch == "systolic_os" || arch == "matrix_2d") s += fmt::format("rows: {}\ncols: {}\n", d.in(1, 6), d.in(1, 6));
  if (arch == "systolic_ws" || arch == "mul_tree") s += fmt::format("k_rows: {}\ncols: {}\n", d.in(1, 6), d.in(1, 6));
  if (arch == "cube") s += fmt::format("size: {}\n", d.in(1, 4));
  const Operand a{d.in(2, 16), d.coin()}, b{d.in(2, 16), d.coin()};
  auto op = [](const char* key, const Operand& o) {
    return fmt::format("{}: {{width: {}, signed: {}}}\n", key, o.width, o.is_signed ? "true" : "false");
  };
  s += op("a", a) + op("b", b);
  const bool ws = arch == "systolic_ws" || arch == "mul_tree";
  // A weight-stationary column sums k_rows products; others k_max (default 4096).
  const int rows = ws ? std::stoi(s.substr(s.find("k_rows: ") + 8)) : 4096;
  if (!ws && d.coin(0.3)) s += fmt::format("k_max: {}\n", d.in(1, 300));
  else if (d.coin(0.3)) s += fmt::format("c_width: {}\n", d.in(2, std::min(12, no_overflow_width(a, b, rows))));
  return s;
}

std::string format(Draw& d, const char* key, int lo, int hi, bool is_signed) {
  const int w = d.in(lo, hi);
  return fmt::format("{}: {{width: {}, frac: {}}}\n", key, w, d.in(0, w - (is_signed ? 1 : 0)));
}

std::string gelu_spec(Draw& d) {
  std::string s = fmt::format("kind: gelu\nmethod: {}\nlanes: {}\n",
                              d.pick<std::string>({"relu_minus_delta", "poly_quadratic", "ibert"}), d.in(1, 3));
  return s + format(d, "x", 3, 12, true) + format(d, "y", 2, 16, true);
}

std::string softmax_spec(Draw& d) {
  const std::string method = d.pick<std::string>({"online_base2", "ibert", "lut"});
  std::string s = fmt::format("kind: softmax\nmethod: {}\nlanes: {}\nmax_len: {}\n", method, d.in(1, 3), d.in(1, 200));
  s += format(d, "x", 3, 12, true) + format(d, "y", 2, 12, false);
  if (method == "online_base2" && d.coin(0.3)) s += "newton: false\n";
  return s;
}

std::string random_spec(uint64_t seed, int index) {
  Draw d(seed);
  const int kind = index % 4;  // gemm twice as often: it has the most combinations
  // GEMM cases 2n and 2n+1 take combinations n and n + 6: the 12-case slice sees six.
  if (kind <= 1) return gemm_spec(d, index / 2 + kind * 6);
  return kind == 2 ? gelu_spec(d) : softmax_spec(d);
}

class RandomSpec : public ::testing::TestWithParam<int> {};

}  // namespace

TEST_P(RandomSpec, GeneratesLintsAndSimulates) {
  const int index = GetParam();
  const uint64_t seed = base_seed() + static_cast<uint64_t>(index);
  const std::string text = random_spec(seed, index);
  SCOPED_TRACE(fmt::format("case {} (seed {}; BITLOOM_PROPERTY_SEED={} replays):\n{}", index, seed, base_seed(), text));
  const std::string work = fs::absolute(fmt::format("{}/case{}", BITLOOM_TEST_WORK, index)).string();
  fs::create_directories(work);
  const std::string spec = work + "/spec.yaml";
  write_text_file(spec, text);
  const Generated g = generate_into_work(spec, work);
  const LintResult lint = lint_design(g);
  EXPECT_TRUE(lint.verilator_ok) << "verilator -Wall: " << read_text_file(lint.log_dir + "/verilator.log");
  EXPECT_TRUE(lint.yosys_ok) << "yosys: " << read_text_file(lint.log_dir + "/yosys.log");
  EXPECT_TRUE(lint.icarus_ok) << "icarus: " << read_text_file(lint.log_dir + "/icarus.log");
  if (!lint.ok()) return;
  const SimResult r = run_icarus_testbench(g, seed);
  EXPECT_TRUE(r.ok()) << read_text_file(r.log);
}

INSTANTIATE_TEST_SUITE_P(Slice, RandomSpec, ::testing::Range(0, 12));
INSTANTIATE_TEST_SUITE_P(Full, RandomSpec, ::testing::Range(12, 212));
