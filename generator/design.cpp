#include "generator/design.hpp"

#include <stdexcept>

#include "generator/cube_array.hpp"
#include "generator/nonlinear/gelu_unit.hpp"
#include "generator/nonlinear/softmax_unit.hpp"
#include "generator/os_array.hpp"
#include "generator/ws_array.hpp"

namespace bitloom {

Design build_design(const Spec& spec) {
  if (spec.kind == BlockKind::kGelu) return build_gelu_design(spec.nonlinear);
  if (spec.kind == BlockKind::kSoftmax) return build_softmax_design(spec.nonlinear);
  const GemmConfig& g = spec.gemm;
  if (g.arch == Arch::kSystolicOs) return build_os_array(g);
  if (g.arch == Arch::kCube) return build_cube_array(g);
  return build_ws_array(g);
}

}  // namespace bitloom
