#include "generator/design.hpp"

#include "generator/os_array.hpp"

namespace bitloom {

Design build_design(const Spec& spec) {
  // Only GEMM arrays exist so far; load_spec has rejected every other kind and arch.
  return build_os_array(spec.gemm);
}

}  // namespace bitloom
