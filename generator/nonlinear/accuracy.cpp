#include "generator/nonlinear/accuracy.hpp"

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

}  // namespace bitloom
