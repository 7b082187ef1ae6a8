#include "generator/skew_lines.hpp"

#include <fmt/format.h>

#include "generator/recoder_loops.hpp"
#include "hw/printer.hpp"
#include "hw/prims/prims.hpp"
#include "hw/text_instance.hpp"

namespace bitloom {

SkewLines row_digit_skew(const GemmConfig& g, const std::string& unit, const std::string& enable) {
  return {g.name + "_a_skew", fmt::format("i {} (row i of A's Booth digits)", unit), digit_code_bits(g),
          staircase(g.rows), enable};
}

void add_skew_module(Design& d, const SkewLines& lines) {
  const hw::Module m = hw::prims::delay_lines(lines.module, lines.width, lines.depths, !lines.enable.empty(), lines.what);
  d.modules.push_back({lines.module, "skew", hw::print_module(m)});
}

std::string skew_instance(const Design& d, const SkewLines& lines, const std::string& label, const std::string& in,
                          const std::string& out) {
  const int bits = lines.width * static_cast<int>(lines.depths.size());
  std::vector<hw::TextPort> ports{{"clk_i", "clk", 1}};
  if (!lines.enable.empty()) ports.push_back({"en_i", lines.enable, 1});
  ports.push_back({"d_i", in, bits});
  ports.push_back({"q_o", out, bits});
  return hw::checked_text_instance(module_interface(d, lines.module), "u_" + label + "_skew", ports);
}

std::vector<int> staircase(int count, bool reversed) {
  std::vector<int> depths;
  for (int i = 0; i < count; ++i) depths.push_back(reversed ? count - 1 - i : i);
  return depths;
}

}  // namespace bitloom
