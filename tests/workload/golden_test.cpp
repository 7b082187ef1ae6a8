// The workload golden model against a naive implementation written here, separately:
// integer tasks bit for bit, softmax and GELU against std::exp / std::erf in double
// within the units' error bounds. Inputs are seeded (--seed=N replays).
#include <gtest/gtest.h>

#include <cmath>

#include "tb/workload/golden_workload.hpp"
#include "tests/workload/workload_test_support.hpp"

namespace bitloom::test {
namespace {

using namespace bitloom::workload;

// Round half up of acc / 2^shift, by integer division (not a shift), then clamp.
int64_t naive_requant(__int128 acc, int shift, const Format& f, bool relu) {
  __int128 q = acc;
  if (shift > 0) {
    const __int128 d = static_cast<__int128>(1) << shift;
    const __int128 num = acc + d / 2;
    q = num / d;
    if (num % d != 0 && num < 0) q -= 1;  // floor, not truncation
  }
  const __int128 lo = f.is_signed ? -(static_cast<__int128>(1) << (f.width - 1)) : 0;
  const __int128 hi = f.is_signed ? (static_cast<__int128>(1) << (f.width - 1)) - 1 : (static_cast<__int128>(1) << f.width) - 1;
  q = q < lo ? lo : q > hi ? hi : q;
  if (relu && q < 0) q = 0;
  return static_cast<int64_t>(q);
}

double real(int64_t code, const Format& f) { return std::ldexp(static_cast<double>(code), -f.frac); }

struct Errors {
  double gelu_lsb = 0, softmax_lsb = 0;
  long long integer_mismatches = 0;
};

void check_task(const Workload& w, const Task& t, const TensorValues& v, Errors& e) {
  const Values& out = v[t.out];
  const Format& fo = w.format_of(t.out);
  for (long long r = 0; r < out.rows; ++r) {
    double row_max = -1e300, row_sum = 0;
    if (t.op == Op::kSoftmax) {
      for (long long c = 0; c < out.cols; ++c) row_max = std::max(row_max, real(v[t.inputs[0]].at(r, c), w.format_of(t.inputs[0])));
      for (long long c = 0; c < out.cols; ++c) row_sum += std::exp(real(v[t.inputs[0]].at(r, c), w.format_of(t.inputs[0])) - row_max);
    }
    for (long long c = 0; c < out.cols; ++c) {
      const int64_t got = out.at(r, c);
      if (t.op == Op::kGemm) {
        const Values& a = v[t.inputs[0]];
        const Values& b = v[t.inputs[1]];
        __int128 acc = 0;
        for (long long k = 0; k < a.cols; ++k) acc += static_cast<__int128>(a.at(r, k)) * (t.b_transposed ? b.at(c, k) : b.at(k, c));
        e.integer_mismatches += got != naive_requant(acc, t.shift, fo, t.relu);
      } else if (t.op == Op::kAdd) {
        e.integer_mismatches += got != naive_requant(static_cast<__int128>(v[t.inputs[0]].at(r, c)) + v[t.inputs[1]].at(r, c), 0, fo, false);
      } else if (t.op == Op::kGelu) {
        const double x = real(v[t.inputs[0]].at(r, c), w.format_of(t.inputs[0]));
        const double want = std::clamp(0.5 * x * (1 + std::erf(x / std::sqrt(2.0))), real(fo.min_code(), fo), real(fo.max_code(), fo));
        e.gelu_lsb = std::max(e.gelu_lsb, std::abs(real(got, fo) - want) * std::ldexp(1.0, fo.frac));
      } else {
        const double x = real(v[t.inputs[0]].at(r, c), w.format_of(t.inputs[0]));
        const double want = std::exp(x - row_max) / row_sum;
        e.softmax_lsb = std::max(e.softmax_lsb, std::abs(real(got, fo) - want) * std::ldexp(1.0, fo.frac));
      }
    }
  }
}

// Bounds: the units' stated accuracy, 1 LSB (GELU relu_minus_delta is fitted to 0.32 LSB
// before the final rounding; online_base2 softmax measures at most 1 LSB).
TEST(GoldenWorkload, MatchesNaiveLoopsAndDoubleReferences) {
  for (const char* rel : {"examples/enc_tiny.yaml", "bench/workloads/enc_odd.yaml", "bench/workloads/intar_mlp.yaml",
                          "bench/workloads/intar_selfattn_quarter.yaml"}) {
    const Workload w = load_workload(std::string(BITLOOM_SOURCE) + "/" + rel);
    for (uint64_t seed = base_seed(); seed < base_seed() + 2; ++seed) {
      const TensorValues v = run_golden(w, random_inputs(w, seed));
      Errors e;
      for (const Task& t : w.tasks) {
        ASSERT_EQ(v[t.out].rows, w.tensors[t.out].rows);
        ASSERT_EQ(v[t.out].cols, w.tensors[t.out].cols);
        check_task(w, t, v, e);
      }
      std::printf("%-24s seed %llu: integer mismatches %lld, GELU max %.3f LSB, softmax max %.3f LSB\n", w.name.c_str(),
                  static_cast<unsigned long long>(seed), e.integer_mismatches, e.gelu_lsb, e.softmax_lsb);
      EXPECT_EQ(e.integer_mismatches, 0) << rel << " seed " << seed;
      EXPECT_LE(e.gelu_lsb, 1.0) << rel << " seed " << seed;
      EXPECT_LE(e.softmax_lsb, 1.0) << rel << " seed " << seed;
    }
  }
}

// Rows of 61 in beats of 8: the three padded lanes of the last beat are masked. Were
// they not, their exp(0) would swamp logits of -8 (each real p is 1/61 = 4.2 LSB).
TEST(GoldenWorkload, SoftmaxMasksThePaddedLanes) {
  const Workload w = workload_from_text(R"(kind: workload
name: pad_check
lanes: 8
formats:
  act: {width: 8, frac: 4}
  prob: {width: 8, frac: 8, signed: false}
tensors:
  X: {shape: [3, 61], fmt: act, io: input}
  Y: {shape: [3, 61], fmt: prob, io: output}
tasks:
  - {name: sm, op: softmax, x: X, out: Y, fmt: prob}
resources:
  cores: {count: 1, arch: systolic_os}
  sfus: {softmax: 1}
  buffer_bytes: 4096
  dram: {bytes_per_cycle: 4}
)");
  TensorValues in(w.tensors.size());
  in[w.tensor_index("X")] = Values(3, 61);
  for (int64_t& x : in[w.tensor_index("X")].v) x = -128;
  const TensorValues v = run_golden(w, in);
  Errors e;
  check_task(w, w.tasks[0], v, e);
  EXPECT_LE(e.softmax_lsb, 1.0);
  for (int64_t p : v[w.tensor_index("Y")].v) EXPECT_NEAR(p, 256.0 / 61, 1.0);
}

// The comparison can fail: a golden model that truncates instead of rounding is caught.
TEST(GoldenWorkload, ComparisonCatchesAWrongRounding) {
  const Workload w = load_workload(std::string(BITLOOM_SOURCE) + "/examples/enc_tiny.yaml");
  TensorValues v = run_golden(w, random_inputs(w, base_seed()));
  const Task& q = w.tasks[w.task_index("q")];
  const Values& a = v[q.inputs[0]];
  const Values& b = v[q.inputs[1]];
  for (long long r = 0; r < a.rows; ++r)
    for (long long c = 0; c < b.cols; ++c) {
      int64_t acc = 0;
      for (long long k = 0; k < a.cols; ++k) acc += a.at(r, k) * b.at(k, c);
      v[q.out].at(r, c) = std::clamp<int64_t>(acc >> q.shift, -128, 127);  // no rounding term
    }
  Errors e;
  check_task(w, q, v, e);
  EXPECT_GT(e.integer_mismatches, 0);
}

}  // namespace
}  // namespace bitloom::test
