#include "generator/spec.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <vector>

#include "generator/hash.hpp"
#include "generator/nonlinear/nonlinear_spec.hpp"
#include "generator/yaml_reader.hpp"

namespace bitloom {

int no_overflow_width(const Operand& a, const Operand& b, long long k_max) {
  using i128 = __int128;
  const i128 corners[] = {(i128)a.min_value() * b.min_value(), (i128)a.min_value() * b.max_value(),
                          (i128)a.max_value() * b.min_value(), (i128)a.max_value() * b.max_value()};
  i128 lo = corners[0], hi = corners[0];
  for (i128 c : corners) {
    lo = c < lo ? c : lo;
    hi = c > hi ? c : hi;
  }
  lo *= k_max;
  hi *= k_max;
  const bool is_signed = a.is_signed || b.is_signed;
  for (int w = 1; w < 127; ++w) {
    const i128 wmin = is_signed ? -((i128)1 << (w - 1)) : 0;
    const i128 wmax = is_signed ? ((i128)1 << (w - 1)) - 1 : ((i128)1 << w) - 1;
    if (lo >= wmin && hi <= wmax) return w;
  }
  return 127;
}

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
  const std::string pe = name(g.pe) + (g.tree == TreeStyle::kFourTwo ? "_42" : "") + (g.shift_drain() ? "_shift" : "");
  if (g.arch == Arch::kCube) return fmt::format("gemm_cube_{0}x{0}x{0}_{1}_{2}", g.rows, types, pe);
  const std::string arch = g.arch == Arch::kSystolicOs ? "os" : "ws";
  return fmt::format("gemm_{}_{}x{}_{}_{}", arch, g.rows, g.cols, types, pe);
}

GemmConfig read_gemm(YamlReader& root) {
  GemmConfig g;
  auto arch = root.kind("arch", {Arch::kSystolicOs, Arch::kSystolicWs, Arch::kCube});
  if (!arch) root.missing("arch");
  g.arch = *arch;
  auto pe = root.kind("pe", {PeKind::kMac, PeKind::kOpt1});
  if (!pe) root.missing("pe");
  g.pe = *pe;
  g.tree = root.kind("tree", {TreeStyle::kDadda, TreeStyle::kFourTwo}).value_or(TreeStyle::kDadda);
  if (root.has("drain") && g.arch == Arch::kSystolicWs)
    root.fail("drain", "applies to the output-stationary arrays (systolic_os, cube); a weight-stationary "
                       "array keeps no results");
  g.drain = root.kind("drain", {DrainStyle::kOverlap, DrainStyle::kShift}).value_or(DrainStyle::kOverlap);
  // The shape keys of each arch; the others' keys are contradictions, not typos.
  const std::map<Arch, std::vector<std::string>> shape_keys = {
      {Arch::kSystolicOs, {"rows", "cols"}}, {Arch::kSystolicWs, {"k_rows", "cols"}}, {Arch::kCube, {"size"}}};
  for (const auto& [other, keys] : shape_keys)
    for (const auto& key : keys) {
      const auto& mine = shape_keys.at(g.arch);
      if (other != g.arch && root.has(key) && std::find(mine.begin(), mine.end(), key) == mine.end())
        root.fail(key, fmt::format("applies to arch {}, not {}", other, g.arch));
    }
  auto need = [&](const std::string& key, long long lo, long long hi) {
    auto v = root.integer(key, lo, hi);
    if (!v) root.missing(key);
    return static_cast<int>(*v);
  };
  if (g.arch == Arch::kSystolicOs) {
    g.rows = need("rows", 1, 64);
    g.cols = need("cols", 1, 64);
  } else if (g.arch == Arch::kSystolicWs) {
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
  g.k_max = g.arch == Arch::kSystolicWs ? g.rows : root.integer_or("k_max", 1, 1LL << 24, 4096);
  const int needed = no_overflow_width(g.a, g.b, g.k_max);
  if (auto cw = root.integer("c_width", 2, kMaxCWidth)) {
    g.c_width = static_cast<int>(*cw);
    g.c_width_explicit = true;
    // A narrower c_width wraps on purpose; a wider one than k_max can ever fill
    // means the two keys disagree about the workload.
    // A weight-stationary column always sums exactly k_rows products.
    if ((k_max_given || g.arch == Arch::kSystolicWs) && g.c_width > needed)
      root.fail("c_width", g.arch == Arch::kSystolicWs
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

}  // namespace

std::string display_file_name(const std::string& file) {
  const std::string base = std::filesystem::path(file).filename().string();
  std::string out;
  for (unsigned char c : base) {
    if (std::isalnum(c) || c == '.' || c == '_' || c == '-' || c == '+') out += static_cast<char>(c);
    else out += fmt::format("%{:02X}", c);
  }
  return out;
}

Spec load_spec(const std::string& file) { return load_spec_text(read_spec_file(file), file); }

Spec load_spec_text(const std::string& text, const std::string& file) {
  YamlReader root = parse_spec_text(text, file);
  Spec spec;
  spec.file = file;
  spec.file_name = display_file_name(file);
  spec.sha256 = sha256_hex(text);
  auto kind = root.kind("kind", {BlockKind::kGemm, BlockKind::kGelu, BlockKind::kSoftmax});
  if (!kind) root.missing("kind");
  spec.kind = *kind;
  if (spec.kind == BlockKind::kGemm) spec.gemm = read_gemm(root);
  else spec.nonlinear = read_nonlinear(root, spec.kind);
  root.finish();
  return spec;
}

}  // namespace bitloom
