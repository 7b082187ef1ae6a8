#include "generator/block_registry.hpp"

#include <stdexcept>

#include "generator/cube_array.hpp"
#include "generator/gemm_spec.hpp"
#include "generator/matrix_2d_array.hpp"
#include "generator/mul_tree_array.hpp"
#include "generator/nonlinear/gelu_unit.hpp"
#include "generator/nonlinear/nonlinear_spec.hpp"
#include "generator/nonlinear/softmax_unit.hpp"
#include "generator/os_array.hpp"
#include "generator/ws_array.hpp"

namespace bitloom {

const std::vector<BlockKindEntry>& block_kinds() {
  static const std::vector<BlockKindEntry> kinds = {
      {BlockKind::kGemm, [](YamlReader& root, Spec& s) { s.gemm = read_gemm(root); },
       [](const Spec& s) { return array_arch(s.gemm.arch).build(s.gemm); }},
      {BlockKind::kGelu, [](YamlReader& root, Spec& s) { s.nonlinear = read_nonlinear(root, BlockKind::kGelu); },
       [](const Spec& s) { return build_gelu_design(s.nonlinear); }},
      {BlockKind::kSoftmax,
       [](YamlReader& root, Spec& s) { s.nonlinear = read_nonlinear(root, BlockKind::kSoftmax); },
       [](const Spec& s) { return build_softmax_design(s.nonlinear); }},
  };
  return kinds;
}

const std::vector<ArchEntry>& array_archs() {
  static const std::vector<ArchEntry> archs = {
      {Arch::kSystolicOs, {"rows", "cols"}, {PeKind::kMac, PeKind::kOpt1}, build_os_array},
      {Arch::kSystolicWs, {"k_rows", "cols"}, {PeKind::kMac, PeKind::kOpt1}, build_ws_array},
      {Arch::kCube, {"size"}, {PeKind::kMac, PeKind::kOpt1}, build_cube_array},
      {Arch::kMulTree, {"k_rows", "cols"}, {PeKind::kMac, PeKind::kOpt1, PeKind::kEnt}, build_mul_tree_array},
      {Arch::kMatrix2d, {"rows", "cols"}, {PeKind::kMac, PeKind::kOpt1, PeKind::kSparseSerial}, build_matrix_2d_array},
  };
  return archs;
}

const BlockKindEntry& block_kind(BlockKind kind) {
  for (const auto& e : block_kinds())
    if (e.kind == kind) return e;
  throw std::logic_error("block kind " + name(kind) + " is not registered");
}

const ArchEntry& array_arch(Arch arch) {
  for (const auto& e : array_archs())
    if (e.arch == arch) return e;
  throw std::logic_error("arch " + name(arch) + " is not registered");
}

std::vector<BlockKind> registered_block_kinds() {
  std::vector<BlockKind> kinds;
  for (const auto& e : block_kinds()) kinds.push_back(e.kind);
  return kinds;
}

std::vector<Arch> registered_archs() {
  std::vector<Arch> archs;
  for (const auto& e : array_archs()) archs.push_back(e.arch);
  return archs;
}

}  // namespace bitloom
