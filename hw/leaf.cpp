#include "hw/leaf.hpp"

#include "hw/checker.hpp"
#include "hw/printer.hpp"

namespace bitloom::hw {

VerilogModule checked_leaf(const Module& m, const std::string& role) {
  require_clean(m);
  return {m.name(), role, print_module(m)};
}

VerilogModule checked_parent(const Module& m, const std::vector<Module>& children, const std::string& role) {
  Design context(m.name());
  for (const Module& child : children) context.add(child);
  require_no_problems(check_module(m, context), "module " + m.name());
  return {m.name(), role, print_module(m)};
}

}  // namespace bitloom::hw
