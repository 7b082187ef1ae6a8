// Double-precision references for the nonlinear units: the functions themselves, from
// std::erf and std::exp, with nothing taken from any approximation.
#pragma once
#include <algorithm>
#include <cmath>
#include <vector>

namespace bitloom::golden {

inline double gelu(double x) { return 0.5 * x * (1.0 + std::erf(x / std::sqrt(2.0))); }

// delta(t) = t * Phi(-t) = GELU(t) - t for t >= 0: the part a ReLU gets wrong.
inline double gelu_delta(double t) { return 0.5 * t * std::erfc(t / std::sqrt(2.0)); }

// Softmax over the kept entries; masked entries get 0, as does an all-masked vector.
inline std::vector<double> softmax(const std::vector<double>& x, const std::vector<bool>& keep) {
  std::vector<double> p(x.size(), 0.0);
  double m = -INFINITY;
  for (size_t i = 0; i < x.size(); ++i)
    if (keep[i]) m = std::max(m, x[i]);
  if (m == -INFINITY) return p;
  double sum = 0;
  for (size_t i = 0; i < x.size(); ++i)
    if (keep[i]) sum += std::exp(x[i] - m);
  for (size_t i = 0; i < x.size(); ++i)
    if (keep[i]) p[i] = std::exp(x[i] - m) / sum;
  return p;
}

}  // namespace bitloom::golden
