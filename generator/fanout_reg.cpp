#include "generator/fanout_reg.hpp"

#include "hw/checker.hpp"
#include "hw/printer.hpp"
#include "hw/prims/prims.hpp"

namespace bitloom {

VerilogModule fanout_reg_module(const std::string& name, const std::string& what, int width) {
  const hw::Module m = hw::prims::register_copy(name, what, width);
  hw::require_clean(m);
  return {name, "fanout", hw::print_module(m)};
}

VerilogModule enabled_fanout_reg_module(const std::string& name, const std::string& what, int width) {
  const hw::Module m = hw::prims::enabled_register_copy(name, what, width);
  hw::require_clean(m);
  return {name, "fanout", hw::print_module(m)};
}

}  // namespace bitloom
