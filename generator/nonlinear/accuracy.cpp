#include "generator/nonlinear/accuracy.hpp"

#include <algorithm>
#include <cmath>

#include "generator/nonlinear/golden.hpp"

namespace bitloom {

ErrorStats gelu_accuracy(const GeluModel& m) {
  const int64_t ymax = (int64_t{1} << (m.y.width - 1)) - 1;
  ErrorStats s(m.y.frac, -ymax - 1, ymax);
  const int64_t lo = -(int64_t{1} << (m.x.width - 1)), hi = -lo - 1;
  for (int64_t x = lo; x <= hi; ++x)
    s.add(m.eval(x), golden::gelu(std::ldexp(static_cast<double>(x), -m.x.frac)));
  return s;
}

std::vector<int64_t> gaussian_codes(std::mt19937_64& rng, const FixedFormat& x, int n, double sigma) {
  std::normal_distribution<double> d(0.0, sigma);
  const int64_t hi = (int64_t{1} << (x.width - 1)) - 1;
  std::vector<int64_t> v(static_cast<size_t>(n));
  for (auto& c : v) c = std::clamp<int64_t>(std::llround(std::ldexp(d(rng), x.frac)), -hi - 1, hi);
  return v;
}

void score_softmax_vector(const SoftmaxModel& m, const std::vector<int64_t>& codes, const std::vector<bool>& keep,
                          SoftmaxAccuracy& acc) {
  std::vector<int64_t> padded = codes;
  std::vector<bool> kept = keep;
  while (padded.size() % static_cast<size_t>(m.lanes) != 0) {
    padded.push_back(0);
    kept.push_back(false);
  }
  const std::vector<int64_t> out = m.eval(padded, kept);
  std::vector<double> real(padded.size());
  for (size_t i = 0; i < padded.size(); ++i) real[i] = std::ldexp(static_cast<double>(padded[i]), -m.x.frac);
  const std::vector<double> p = golden::softmax(real, kept);
  ErrorStats e(m.y.frac, 0, (int64_t{1} << m.y.width) - 1);
  // Sum of outputs against the sum of the exact values as the format can hold them
  // (p = 1 saturates in UQ0.YW).
  const double p_max = std::ldexp(static_cast<double>((int64_t{1} << m.y.width) - 1), -m.y.frac);
  double total = 0, exact_total = 0;
  int n = 0;
  for (size_t i = 0; i < padded.size(); ++i) {
    if (!kept[i]) continue;
    e.add(out[i], p[i]);
    total += static_cast<double>(out[i]);
    exact_total += std::min(p[i], p_max);
    ++n;
  }
  acc.error.merge(e);
  ++acc.vectors;
  auto it = std::find_if(acc.max_lsb_by_length.begin(), acc.max_lsb_by_length.end(),
                         [&](const auto& kv) { return kv.first == n; });
  if (it == acc.max_lsb_by_length.end()) acc.max_lsb_by_length.push_back({n, e.max_lsb()});
  else it->second = std::max(it->second, e.max_lsb());
  if (n == 0) return;
  const double sum_err = std::fabs(total - std::ldexp(exact_total, m.y.frac));
  acc.max_sum_error_lsb = std::max(acc.max_sum_error_lsb, sum_err);
  acc.max_sum_error_ratio = std::max(acc.max_sum_error_ratio, sum_err / (n / 2.0));
  // Argmax: only when the top two inputs are more than one input LSB apart.
  size_t top = padded.size();
  int64_t first = 0, second = INT64_MIN;
  for (size_t i = 0; i < padded.size(); ++i) {
    if (!kept[i]) continue;
    if (top == padded.size() || padded[i] > first) {
      if (top != padded.size()) second = first;
      first = padded[i];
      top = i;
    } else if (padded[i] > second) {
      second = padded[i];
    }
  }
  if (n >= 2 && first - second > 1) {
    ++acc.argmax_checked;
    bool kept_top = true;
    for (size_t i = 0; i < padded.size(); ++i)
      if (kept[i] && out[i] > out[top]) kept_top = false;
    if (kept_top) ++acc.argmax_kept;
  }
}

SoftmaxAccuracy softmax_accuracy(const SoftmaxModel& m, const SoftmaxSuite& suite) {
  SoftmaxAccuracy acc;
  acc.error = ErrorStats(m.y.frac, 0, (int64_t{1} << m.y.width) - 1);
  std::vector<int> lengths;
  for (int n : suite.lengths)
    if (n <= m.max_len) lengths.push_back(n);
  if (lengths.empty()) lengths.push_back(m.max_len);
  std::mt19937_64 rng(suite.seed);
  const long long combos = static_cast<long long>(lengths.size() * suite.sigmas.size());
  for (long long v = 0; v < suite.vectors; ++v) {
    const int n = lengths[static_cast<size_t>(v % combos) % lengths.size()];
    const double sigma = suite.sigmas[static_cast<size_t>(v % combos) / lengths.size()];
    score_softmax_vector(m, gaussian_codes(rng, m.x, n, sigma), std::vector<bool>(static_cast<size_t>(n), true), acc);
  }
  std::sort(acc.max_lsb_by_length.begin(), acc.max_lsb_by_length.end());
  return acc;
}

}  // namespace bitloom
