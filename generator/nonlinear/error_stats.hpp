// Error statistics of a fixed-point output against its double-precision golden value.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>

namespace bitloom {

class ErrorStats {
 public:
  // Output codes lie in [lo_code, hi_code]; the correctly rounded code saturates too.
  ErrorStats(int out_frac, int64_t lo_code, int64_t hi_code)
      : lsb_(std::ldexp(1.0, -out_frac)), lo_(static_cast<double>(lo_code)), hi_(static_cast<double>(hi_code)) {}

  // `code` is the unit's output, `exact` the golden real value. A value beyond the
  // output range counts against the nearest representable one: saturation is the
  // format's choice, not the method's error.
  void add(int64_t code, double exact) {
    exact = std::min(hi_ * lsb_, std::max(lo_ * lsb_, exact));
    const double got = static_cast<double>(code) * lsb_;
    const double err = std::fabs(got - exact);
    max_ = std::max(max_, err);
    sum_ += err;
    sum_sq_ += err * err;
    // Correctly rounded: the code nearest to the exact value (ties either way).
    const double scaled = exact / lsb_;
    double nearest = std::fabs(scaled - std::floor(scaled) - 0.5) == 0 ? static_cast<double>(code)
                                                                        : std::floor(scaled + 0.5);
    nearest = std::min(hi_, std::max(lo_, nearest));
    if (static_cast<double>(code) == nearest) ++rounded_;
    ++n_;
  }
  void merge(const ErrorStats& o) {
    max_ = std::max(max_, o.max_);
    sum_ += o.sum_;
    sum_sq_ += o.sum_sq_;
    rounded_ += o.rounded_;
    n_ += o.n_;
  }

  double lsb() const { return lsb_; }
  long long samples() const { return n_; }
  double max_abs() const { return max_; }
  double mean_abs() const { return n_ ? sum_ / static_cast<double>(n_) : 0; }
  double rms() const { return n_ ? std::sqrt(sum_sq_ / static_cast<double>(n_)) : 0; }
  double max_lsb() const { return max_ / lsb_; }
  double mean_lsb() const { return mean_abs() / lsb_; }
  double rms_lsb() const { return rms() / lsb_; }
  double correctly_rounded() const { return n_ ? static_cast<double>(rounded_) / static_cast<double>(n_) : 0; }

 private:
  double lsb_, lo_, hi_;
  double max_ = 0, sum_ = 0, sum_sq_ = 0;
  long long rounded_ = 0, n_ = 0;
};

}  // namespace bitloom
