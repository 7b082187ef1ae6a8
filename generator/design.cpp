#include "generator/design.hpp"

#include <stdexcept>

#include "generator/os_array.hpp"

namespace bitloom {

Design build_design(const Spec& spec) {
  const GemmConfig& g = spec.gemm;
  if (g.arch == "systolic_os") return build_os_array(g);
  throw std::runtime_error(g.arch + " arrays are not generated yet");
}

}  // namespace bitloom
