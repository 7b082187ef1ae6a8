#include "generator/nonlinear/delay_line_set.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "hw/leaf.hpp"
#include "hw/prims/prims.hpp"
#include "hw/text_instance.hpp"

namespace bitloom {

const hw::Module& DelayLineSet::shape(int width, int depth, bool enable) {
  const std::string name = fmt::format("{}_delay_{}x{}{}", top_, width, depth, enable ? "_en" : "");
  for (const hw::Module& m : modules_)
    if (m.name() == name) return m;
  modules_.push_back(hw::prims::delay_line(name, width, depth, enable));
  return modules_.back();
}

std::string DelayLineSet::delay(const std::string& name, int width, const std::string& src, int depth,
                                const std::string& en, const std::string& clock, bool is_signed) {
  if (depth < 1) throw std::logic_error(fmt::format("{}: delay chain {} of depth {}", top_, name, depth));
  const bool enable = en != "1'b1";
  const hw::Module& line = shape(width, depth, enable);
  const std::string out = fmt::format("{}_s{}", name, depth);
  std::vector<hw::TextPort> ports{{"clk_i", clock, 1}};
  if (enable) ports.push_back({"en_i", en, 1});
  ports.push_back({"d_i", src, width});
  ports.push_back({"q_o", out, width});
  // Always with a range: a one-lane keep mask is still indexed ([0:0]).
  return fmt::format("  wire {}[{}:0] {};\n", is_signed ? "signed " : "", width - 1, out) +
         hw::checked_text_instance(line, "u_" + name + "_delay", ports);
}

std::vector<VerilogModule> DelayLineSet::modules() const {
  std::vector<VerilogModule> out;
  for (const hw::Module& m : modules_) out.push_back(hw::checked_leaf(m, "delay"));
  return out;
}

}  // namespace bitloom
