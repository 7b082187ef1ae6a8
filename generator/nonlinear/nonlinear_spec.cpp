#include "generator/nonlinear/nonlinear_spec.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

#include "generator/limits.hpp"


namespace bitloom {

namespace {

FixedFormat read_format(YamlReader& root, const std::string& key, int max_width, bool is_signed) {
  auto m = root.mapping(key);
  if (!m) root.missing(key);
  FixedFormat f;
  auto w = m->integer("width", 2, max_width);
  if (!w) m->missing("width");
  f.width = static_cast<int>(*w);
  // A signed format keeps one bit for the sign.
  auto fr = m->integer("frac", 0, f.width - (is_signed ? 1 : 0));
  if (!fr) m->missing("frac");
  f.frac = static_cast<int>(*fr);
  m->finish();
  return f;
}

std::string default_name(BlockKind kind, const NonlinearConfig& c) {
  std::string n = fmt::format("{}_{}_x{}f{}_y{}f{}_p{}", kind, c.method, c.x.width, c.x.frac, c.y.width,
                              c.y.frac, c.lanes);
  if (kind == BlockKind::kSoftmax) n += fmt::format("_n{}", c.max_len);
  return n;
}

int log2_exact(uint64_t v) {
  int b = 0;
  while ((uint64_t{1} << b) < v) ++b;
  return b;
}

// Refuses softmax units whose generation or simulation would outgrow bitloom's budgets.
void check_softmax_budget(YamlReader& root, const NonlinearConfig& c) {
  // online_base2 fits its reciprocal table over 2^(y.frac + 6) codes.
  if (c.method == Method::kOnlineBase2 && (uint64_t{1} << std::min(62, c.y.frac + 6)) > limits::kFitCodes)
    root.fail("y", fmt::format("y.frac = {} needs a reciprocal table fitted over 2^{} codes, more than the "
                               "2^{} limit (y.frac <= {} for online_base2; docs/limits.md)",
                               c.y.frac, c.y.frac + 6, log2_exact(limits::kFitCodes),
                               log2_exact(limits::kFitCodes) - 6));
  // The vector buffer is flops: max_len beats of the input (three copies for the
  // max-first methods, which read each element three times).
  const long long copies = c.method == Method::kOnlineBase2 ? 1 : 3;
  const long long bits = copies * c.max_len * (c.x.width + 2);
  if (bits > limits::kBufferBits)
    root.fail("max_len", fmt::format("{} elements of {} bits need a {}-bit vector buffer, more than the {}-bit "
                                     "limit (docs/limits.md)",
                                     c.max_len, c.x.width, bits, limits::kBufferBits));
}

}  // namespace

NonlinearConfig read_nonlinear(YamlReader& root, BlockKind kind) {
  NonlinearConfig c;
  const bool gelu = kind == BlockKind::kGelu;
  auto method = gelu ? root.kind("method", {Method::kReluMinusDelta, Method::kPolyQuadratic, Method::kIbert})
                     : root.kind("method", {Method::kOnlineBase2, Method::kIbert, Method::kLut});
  if (!method) root.missing("method");
  c.method = *method;
  c.lanes = static_cast<int>(root.integer_or("lanes", 1, 64, 1));
  c.x = read_format(root, "x", gelu ? 24 : 16, true);
  c.y = read_format(root, "y", gelu ? 32 : 24, gelu);
  const bool table_method = c.method == Method::kReluMinusDelta || c.method == Method::kPolyQuadratic;
  if (root.has("max_error_lsb") && !table_method)
    root.fail("max_error_lsb", fmt::format("applies to the table methods of gelu, not {} {}", kind, c.method));
  // Defaults meet <= 1 LSB, >= 97% correctly rounded and <= 64 rows on Q4.12.
  c.max_error_lsb = root.real("max_error_lsb", 0.01, 0.5).value_or(c.method == Method::kPolyQuadratic ? 0.25 : 0.32);
  if (gelu) {
    for (const char* key : {"max_len", "newton"})
      if (root.has(key)) root.fail(key, "applies to kind softmax, not gelu");
  } else {
    auto n = root.integer("max_len", 1, 65536);
    if (!n) root.missing("max_len");
    c.max_len = static_cast<int>(*n);
    if (root.has("newton") && c.method != Method::kOnlineBase2)
      root.fail("newton", fmt::format("applies to method online_base2, not {}", c.method));
    c.newton = root.boolean("newton").value_or(true);
    check_softmax_budget(root, c);
  }
  c.name = root.identifier("name").value_or(default_name(kind, c));
  return c;
}

}  // namespace bitloom
