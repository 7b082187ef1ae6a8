#include "generator/spec.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <vector>

#include "generator/hash.hpp"
#include "generator/block_registry.hpp"
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
  if (root.has("kind") && root.node()["kind"].IsScalar() && root.node()["kind"].Scalar() == "workload")
    root.fail("kind", "a workload is not one block: `bitloom schedule` plans it and `bitloom generate` builds "
                      "its hardware; this command does not take workloads yet");
  auto kind = root.kind("kind", registered_block_kinds());
  if (!kind) root.missing("kind");
  spec.kind = *kind;
  block_kind(spec.kind).read(root, spec);
  root.finish();
  return spec;
}

}  // namespace bitloom
