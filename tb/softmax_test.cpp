// GoogleTest regression for one generated softmax unit (protocol softmax_rows). Every
// vector is checked twice: the RTL must equal the bit-exact model bit for bit, and (for
// online_base2) the model must stay within 1 output LSB of double-precision softmax
// (std::exp). The baselines' error is measured, not bounded (`bitloom accuracy`).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "generator/nonlinear/accuracy.hpp"
#include "generator/nonlinear/model_json.hpp"
#include "tb/rtl_test_support.hpp"
#include "tb/xy_stream.hpp"

using namespace bitloom;
using namespace bitloom::tb;
namespace P = bitloom_params;

namespace {

const SoftmaxModel& model() {
  static const SoftmaxModel m = softmax_model_from_json(nlohmann::json::parse(P::model_json));
  return m;
}

// online_base2 promises <= 1 LSB; ibert and lut are baselines with their published error.
bool bounded() { return std::string(P::method) == "online_base2"; }

int64_t min_code() { return -(int64_t{1} << (P::x_width - 1)); }
int64_t max_code() { return (int64_t{1} << (P::x_width - 1)) - 1; }

struct Vector {
  std::vector<int64_t> codes;  // padded to whole beats
  std::vector<bool> keep;
};

Vector make_vector(const std::vector<int64_t>& codes, std::vector<bool> keep = {}) {
  Vector v{codes, keep.empty() ? std::vector<bool>(codes.size(), true) : keep};
  while (v.codes.size() % P::lanes != 0 || v.codes.empty()) {
    v.codes.push_back(0);
    v.keep.push_back(false);
  }
  return v;
}

// Streams vectors through the unit and checks every output beat; the model's error
// against double precision is checked as well (<= 1 LSB for online_base2).
class SoftmaxRun {
 public:
  SoftmaxRun(uint64_t seed, const std::string& trace) : s_(seed, trace) {}
  XyStream& stream() { return s_; }

  void add(const Vector& v) {
    for (size_t b = 0; b < v.codes.size(); b += P::lanes) {
      XBeat beat;
      beat.keep = 0;
      for (int l = 0; l < P::lanes; ++l) {
        beat.lanes.push_back(v.codes[b + l]);
        if (v.keep[b + l]) beat.keep |= uint64_t{1} << l;
      }
      beat.last = b + P::lanes == v.codes.size();
      s_.push(beat);
    }
    vectors_.push_back(v);
    pending_elements_ += static_cast<long long>(v.codes.size());
  }

  // Elements pushed and not yet checked.
  long long pending_elements() const { return pending_elements_; }

  // Runs until every pushed vector is out and checks them; with `forget`, drops them
  // and their outputs afterwards, so long runs hold only a chunk in memory. Returns
  // the errors so far.
  std::vector<std::string> check(bool forget = true) {
    s_.run(200000);
    for (const auto& e : s_.errors())
      if (std::find(errs_.begin(), errs_.end(), e) == errs_.end()) errs_.push_back(e);
    const auto& out = s_.outputs();
    size_t beat = 0;
    for (size_t vi = 0; vi < vectors_.size() && errs_.size() < 10; ++vi, ++checked_) {
      const Vector& v = vectors_[vi];
      const auto want = model().eval(v.codes, v.keep);
      SoftmaxAccuracy acc;
      acc.error = ErrorStats(P::y_frac, 0, (int64_t{1} << P::y_width) - 1);
      score_softmax_vector(model(), v.codes, v.keep, acc);
      if (bounded() && acc.error.max_lsb() > 1.0 + 1e-9)
        errs_.push_back(fmt::format("vector {}: the model is {:.3f} LSB from double softmax", checked_, acc.error.max_lsb()));
      for (size_t b = 0; b < v.codes.size(); b += P::lanes, ++beat) {
        if (beat >= out.size()) {
          errs_.push_back(fmt::format("vector {}: output ended after {} beats", checked_, out.size()));
          return errs_;
        }
        const bool last = b + P::lanes == v.codes.size();
        if (out[beat].last != last) errs_.push_back(fmt::format("vector {} beat {}: tlast {}", checked_, b / P::lanes, out[beat].last));
        for (int l = 0; l < P::lanes; ++l)
          if (out[beat].lanes[l] != static_cast<uint64_t>(want[b + l]) && errs_.size() < 10)
            errs_.push_back(fmt::format("vector {} element {} (x = {}, keep {}): RTL {} model {}", checked_, b + l,
                                        v.codes[b + l], static_cast<int>(v.keep[b + l]), out[beat].lanes[l], want[b + l]));
      }
    }
    if (errs_.empty() && beat != out.size()) errs_.push_back(fmt::format("{} output beats, {} expected", out.size(), beat));
    if (forget) {
      vectors_.clear();
      s_.clear_outputs();
      pending_elements_ = 0;
    }
    return errs_;
  }

  // The last check: outputs stay recorded for the test to inspect.
  std::vector<std::string> finish() { return check(false); }

 private:
  XyStream s_;
  std::vector<Vector> vectors_;
  std::vector<std::string> errs_;
  long long checked_ = 0, pending_elements_ = 0;
};

std::vector<int> test_lengths() {
  std::vector<int> n;
  for (int len : {1, 2, 3, 7, 64, 197, 1024})
    if (len <= P::max_len) n.push_back(len);
  if (n.back() != P::max_len) n.push_back(static_cast<int>(P::max_len));
  return n;
}

}  // namespace

TEST(Softmax, EveryPairOfTwo8BitInputs) {
  if (P::x_width > 8) GTEST_SKIP() << "exhaustive pairs only for inputs of 8 bits or fewer";
  if (P::max_len < 2) GTEST_SKIP() << "max_len < 2";
  run_scenario([](uint64_t seed, const std::string& trace) {
    SoftmaxRun run(seed, trace);
    for (int64_t a = min_code(); a <= max_code(); ++a)
      for (int64_t b = min_code(); b <= max_code(); ++b) run.add(make_vector({a, b}));
    return run.finish();
  });
}

TEST(Softmax, SeededRandomVectors) {
  // 10^5 vectors in all: every length up to max_len from the list, sigma 0.5..8.
  // Vectors longer than 1024 stop once they have used 2^23 elements (about ten seconds
  // of simulation), and results are checked in chunks, so memory stays bounded.
  run_scenario([](uint64_t seed, const std::string& trace) {
    SoftmaxRun run(seed, trace);
    run.stream().set_knobs(0.02, 0.05);
    const auto lengths = test_lengths();
    const double sigmas[] = {0.5, 1, 2, 4, 8};
    long long long_elements = 0;
    for (int i = 0; i < 100000; ++i) {
      const int n = lengths[static_cast<size_t>(i) % lengths.size()];
      const double sigma = sigmas[(static_cast<size_t>(i) / lengths.size()) % 5];
      if (n > 1024 && (long_elements += n) > (1LL << 23)) continue;
      run.add(make_vector(gaussian_codes(run.stream().rng(), model().x, n, sigma)));
      if (run.pending_elements() > (1 << 20) && !run.check().empty()) break;
    }
    return run.finish();
  });
}

TEST(Softmax, DirectedCases) {
  run_scenario([](uint64_t seed, const std::string& trace) {
    SoftmaxRun run(seed, trace);
    for (int n : test_lengths()) {
      const size_t un = static_cast<size_t>(n);
      run.add(make_vector(std::vector<int64_t>(un, 3)));            // all equal
      run.add(make_vector(std::vector<int64_t>(un, max_code())));   // saturated high
      run.add(make_vector(std::vector<int64_t>(un, min_code())));   // saturated low
      std::vector<int64_t> v(un, min_code());
      v[un / 2] = max_code();                                       // one-hot
      run.add(make_vector(v));
      v.assign(un, 0);
      v.front() = max_code() / 2;                                   // max first
      run.add(make_vector(v));
      v.front() = 0;
      v.back() = max_code() / 2;                                    // max last
      run.add(make_vector(v));
      v.assign(un, -5);
      v.front() = v.back() = 7;                                     // ties at the top
      run.add(make_vector(v));
      for (size_t i = 0; i < un; ++i)                               // strictly increasing:
        v[i] = min_code() + static_cast<int64_t>(i * static_cast<uint64_t>(max_code() - min_code()) / un);
      run.add(make_vector(v));                                      // a rescale every beat
      for (size_t i = 0; i < un; ++i) v[i] = (i % 2) ? max_code() : min_code();  // extremes mixed
      run.add(make_vector(v));
    }
    return run.finish();
  });
}

TEST(Softmax, KeepMasks) {
  run_scenario([](uint64_t seed, const std::string& trace) {
    SoftmaxRun run(seed, trace);
    auto& rng = run.stream().rng();
    for (int n : test_lengths()) {
      const size_t un = static_cast<size_t>(n);
      for (double p_keep : {0.0, 0.1, 0.5, 0.9}) {
        std::vector<bool> keep(un);
        std::bernoulli_distribution b(p_keep);
        for (size_t i = 0; i < un; ++i) keep[i] = b(rng);
        auto codes = gaussian_codes(rng, model().x, n, 2.0);
        // A masked lane holding the largest code must not win the max.
        if (!keep[0]) codes[0] = max_code();
        run.add(make_vector(codes, keep));
      }
    }
    return run.finish();
  });
}

TEST(Softmax, BubblesAndBackPressure) {
  run_scenario([](uint64_t seed, const std::string& trace) {
    std::vector<std::string> errs;
    const double p[] = {0.0, 0.3, 0.7, 0.95};
    std::mt19937_64 pick(seed);
    for (int round = 0; round < 6 && errs.empty(); ++round) {
      SoftmaxRun run(seed + static_cast<uint64_t>(round), round == 0 ? trace : "");
      run.stream().set_knobs(p[pick() % 4], p[pick() % 4]);
      const auto lengths = test_lengths();
      for (int i = 0; i < 60; ++i)
        run.add(make_vector(gaussian_codes(run.stream().rng(), model().x, lengths[pick() % lengths.size()], 3.0)));
      errs = run.finish();
    }
    return errs;
  });
}

TEST(Softmax, BackToBackVectorsStreamAtOneBeatPerCycle) {
  for (int n : {static_cast<int>(P::lanes), static_cast<int>(P::max_len)}) {
    SoftmaxRun run(test_seed(), "");
    for (int i = 0; i < 40; ++i) run.add(make_vector(gaussian_codes(run.stream().rng(), model().x, n, 2.0)));
    const auto errs = run.finish();
    ASSERT_TRUE(errs.empty()) << errs.front();
    const auto& in = run.stream().input_cycles();
    const auto& out = run.stream().outputs();
    EXPECT_EQ(in.back() - in.front(), static_cast<long long>(in.size()) - 1) << "input stalled, N = " << n;
    EXPECT_EQ(out.back().cycle - out.front().cycle, static_cast<long long>(out.size()) - 1) << "output gaps, N = " << n;
  }
}

TEST(Softmax, LatencyMatchesManifest) {
  SoftmaxRun run(test_seed(), "");
  run.add(make_vector({1}));
  ASSERT_TRUE(run.finish().empty());
  EXPECT_EQ(run.stream().outputs()[0].cycle - run.stream().input_cycles()[0], P::latency_cycles);
}

TEST(Softmax, ResetMidVector) {
  run_scenario([](uint64_t seed, const std::string& trace) {
    SoftmaxRun run(seed, trace);
    run.stream().set_knobs(0.1, 0.3);
    for (int i = 0; i < 6; ++i) run.stream().push(XBeat{std::vector<int64_t>(P::lanes, 5), ~uint64_t{0}, false});
    for (int i = 0; i < 4; ++i) run.stream().step();
    run.stream().reset(3);  // drops the half vector; the unit must start clean
    for (int i = 0; i < 20; ++i) run.add(make_vector(gaussian_codes(run.stream().rng(), model().x, 1 + i % 9, 2.0)));
    return run.finish();
  });
}

int main(int argc, char** argv) {
  parse_harness_args(argc, argv);
  ::testing::InitGoogleTest(&argc, argv);
  fmt::print("bitloom harness for {} (softmax {}, Q{}.{} -> UQ{}.{}, {} lanes, N <= {}): base seed {} (replay with --seed {})\n",
             P::top, P::method, P::x_width - P::x_frac, P::x_frac, P::y_width - P::y_frac, P::y_frac, P::lanes, P::max_len,
             base_seed(), base_seed());
  return RUN_ALL_TESTS();
}
