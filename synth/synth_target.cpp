#include "synth/synth_target.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <regex>

#include "generator/hash.hpp"
#include "generator/limits.hpp"
#include "generator/process.hpp"
#include "generator/spec_error.hpp"

namespace fs = std::filesystem;

namespace bitloom {

namespace {

void check_budget(const Design& d) {
  if (d.kind != BlockKind::kSoftmax) return;
  const auto& p = d.params;
  const long long bits = p.value("buffer_beats", 0LL) * p.value("lanes", 1LL) * (p.value("x_width", 0LL) + 2);
  if (bits > limits::kSynthBufferBits)
    throw BudgetError(fmt::format("{}: its vector buffer of about {} bits synthesizes to flops, more than the {}-bit "
                                  "limit of `bitloom synth` (lower max_len; docs/limits.md)",
                                  d.top, bits, limits::kSynthBufferBits));
}

}  // namespace

SynthTarget synth_target(const Generated& g) {
  check_budget(g.design);
  SynthTarget t;
  t.top = g.design.top;
  t.files = g.rtl_paths();
  t.macs_per_cycle = g.design.macs_per_beat;
  t.content_hash = g.content_hash;
  t.dir = g.dir;
  return t;
}

SynthTarget rtl_target(const std::vector<std::string>& files, const std::string& top,
                       const std::vector<std::string>& params, const std::vector<std::string>& flatten_below,
                       long long macs_per_cycle, const std::string& work_root, const std::string& clock) {
  static const std::regex ident("[A-Za-z_][A-Za-z0-9_$]*");
  if (!std::regex_match(top, ident)) throw std::invalid_argument(fmt::format("--top: '{}' is not a module name", top));
  if (!std::regex_match(clock, ident)) throw std::invalid_argument(fmt::format("--clock: '{}' is not a port name", clock));
  if (files.empty()) throw std::invalid_argument("--rtl needs at least one Verilog file");
  SynthTarget t;
  t.top = top;
  t.clock = clock;
  t.macs_per_cycle = macs_per_cycle;
  t.flatten_below = flatten_below;
  std::string all = top + '\0' + clock + '\0';
  for (const auto& f : files) {
    if (!fs::is_regular_file(f)) throw std::invalid_argument(fmt::format("--rtl: {} is not a readable file", f));
    t.files.push_back(fs::absolute(f).lexically_normal().string());
    all += t.files.back() + '\0' + read_text_file(f) + '\0';
  }
  for (const auto& kv : params) {
    static const std::regex assignment("([A-Za-z_][A-Za-z0-9_]*)=([-+]?[0-9]+|\"[^\"]*\")");
    std::smatch m;
    if (!std::regex_match(kv, m, assignment))
      throw std::invalid_argument(fmt::format("--param: '{}' is not NAME=INTEGER or NAME=\"STRING\"", kv));
    t.params.emplace_back(m[1], m[2]);
    all += kv + '\0';
  }
  for (const auto& m : flatten_below) {
    if (!std::regex_match(m, ident))
      throw std::invalid_argument(fmt::format("--flatten-below: '{}' is not a module name", m));
    all += "flatten:" + m + '\0';
  }
  t.content_hash = sha256_hex(all);
  t.dir = fs::absolute(fs::path(work_root) / ("rtl-" + top) / t.content_hash.substr(0, 12)).string();
  return t;
}

}  // namespace bitloom
