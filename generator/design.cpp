#include "generator/design.hpp"

#include "generator/block_registry.hpp"

namespace bitloom {

Design build_design(const Spec& spec) { return block_kind(spec.kind).build(spec); }

}  // namespace bitloom
