// The spec keys of GEMM arrays (kind: gemm).
#include "generator/gemm_spec.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "generator/block_registry.hpp"

namespace bitloom {

namespace {

Operand read_operand(YamlReader& root, const std::string& key) {
  auto m = root.mapping(key);
  if (!m) root.missing(key);
  Operand op;
  op.width = static_cast<int>(m->integer("width", 2, 16).value_or(-1));
  if (op.width < 0) m->missing("width");
  auto s = m->boolean("signed");
  if (!s) m->missing("signed");
  op.is_signed = *s;
  m->finish();
  return op;
}

std::string default_name(const GemmConfig& g) {
  auto op = [](const Operand& o) { return fmt::format("{}{}", o.is_signed ? "i" : "u", o.width); };
  std::string types = op(g.a);
  if (op(g.b) != types) types += op(g.b);
  // A sparse-serial group other than the default is part of the design, so of its name.
  const bool named_group = g.pe == PeKind::kSparseSerial && g.group != GemmConfig::kDefaultGroup;
  const std::string group = named_group ? fmt::format("_g{}", g.group) : "";
  const std::string pe =
      name(g.pe) + group + (g.tree == TreeStyle::kFourTwo ? "_42" : "") + (g.shift_drain() ? "_shift" : "");
  if (g.arch == Arch::kCube) return fmt::format("gemm_cube_{0}x{0}x{0}_{1}_{2}", g.rows, types, pe);
  const std::string arch = g.arch == Arch::kSystolicOs ? "os"
                           : g.arch == Arch::kSystolicWs ? "ws"
                           : g.arch == Arch::kMulTree    ? "mt"
                                                         : "m2d";
  return fmt::format("gemm_{}_{}x{}_{}_{}", arch, g.rows, g.cols, types, pe);
}

}  // namespace

GemmConfig read_gemm(YamlReader& root) {
  GemmConfig g;
  auto arch = root.kind("arch", registered_archs());
  if (!arch) root.missing("arch");
  g.arch = *arch;
  auto pe = root.kind("pe", array_arch(g.arch).pes);
  if (!pe) root.missing("pe");
  g.pe = *pe;
  g.tree = root.kind("tree", {TreeStyle::kDadda, TreeStyle::kFourTwo}).value_or(TreeStyle::kDadda);
  if (root.has("group") && g.pe != PeKind::kSparseSerial)
    root.fail("group", "applies to pe sparse_serial (activations per encoder group)");
  if (g.pe == PeKind::kSparseSerial) g.group = static_cast<int>(root.integer_or("group", 2, 8, GemmConfig::kDefaultGroup));
  if (root.has("drain") && g.weight_stationary())
    root.fail("drain", "applies to the output-stationary arrays (systolic_os, cube, matrix_2d); a "
                       "weight-stationary array keeps no results");
  g.drain = root.kind("drain", {DrainStyle::kOverlap, DrainStyle::kShift}).value_or(DrainStyle::kOverlap);
  // The shape keys of each arch; the others' keys are contradictions, not typos.
  const std::vector<std::string>& mine = array_arch(g.arch).shape_keys;
  for (const ArchEntry& other : array_archs())
    for (const auto& key : other.shape_keys)
      if (other.arch != g.arch && root.has(key) && std::find(mine.begin(), mine.end(), key) == mine.end())
        root.fail(key, fmt::format("applies to arch {}, not {}", other.arch, g.arch));
  auto need = [&](const std::string& key, long long lo, long long hi) {
    auto v = root.integer(key, lo, hi);
    if (!v) root.missing(key);
    return static_cast<int>(*v);
  };
  if (g.arch == Arch::kSystolicOs || g.arch == Arch::kMatrix2d) {
    g.rows = need("rows", 1, 64);
    g.cols = need("cols", 1, 64);
  } else if (g.weight_stationary()) {
    g.rows = need("k_rows", 1, 64);
    g.cols = need("cols", 1, 64);
    if (root.has("k_max"))
      root.fail("k_max", "a weight-stationary array sums exactly k_rows products; k_max does not apply");
  } else {
    g.rows = g.cols = g.k_per_beat = need("size", 1, 16);
  }
  g.a = read_operand(root, "a");
  g.b = read_operand(root, "b");
  const bool k_max_given = root.has("k_max");
  g.k_max = g.weight_stationary() ? g.rows : root.integer_or("k_max", 1, 1LL << 24, 4096);
  const int needed = no_overflow_width(g.a, g.b, g.k_max);
  if (auto cw = root.integer("c_width", 2, kMaxCWidth)) {
    g.c_width = static_cast<int>(*cw);
    g.c_width_explicit = true;
    // A narrower c_width wraps on purpose; a wider one than k_max can ever fill
    // means the two keys disagree about the workload.
    // A weight-stationary column always sums exactly k_rows products.
    if ((k_max_given || g.weight_stationary()) && g.c_width > needed)
      root.fail("c_width", g.weight_stationary()
                               ? fmt::format("{} bits is more than the {} that k_rows = {} products can fill; "
                                             "drop c_width",
                                             g.c_width, needed, g.rows)
                               : fmt::format("{} bits is more than the {} that k_max = {} can fill; "
                                             "drop c_width or raise k_max",
                                             g.c_width, needed, g.k_max));
  } else {
    if (needed > kMaxCWidth)
      root.fail("k_max", fmt::format("needs a {}-bit accumulator, more than the {}-bit limit; "
                                     "lower k_max or give an explicit c_width (which wraps)",
                                     needed, kMaxCWidth));
    g.c_width = needed;
  }
  g.name = root.identifier("name").value_or(default_name(g));
  return g;
}

}  // namespace bitloom
