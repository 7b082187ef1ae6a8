// Seeded random choices for the randomized tests, and their base seed from the
// environment, so that every case can be replayed.
#pragma once
#include <cstdint>
#include <cstdlib>
#include <random>
#include <vector>

namespace bitloom::test {

// The base seed: the variable's value, or `fallback` when it is unset or empty.
inline uint64_t seed_from_env(const char* variable, uint64_t fallback) {
  const char* s = std::getenv(variable);
  return s && *s ? std::strtoull(s, nullptr, 10) : fallback;
}

class Draw {
 public:
  explicit Draw(uint64_t seed) : rng_(seed) {}
  int in(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool coin(double p = 0.5) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
  template <class T>
  const T& pick(const std::vector<T>& v) { return v[static_cast<size_t>(in(0, static_cast<int>(v.size()) - 1))]; }

 private:
  std::mt19937_64 rng_;
};

}  // namespace bitloom::test
