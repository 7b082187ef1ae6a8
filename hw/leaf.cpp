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
  const std::vector<std::string> problems = check_module(m, context);
  if (!problems.empty()) {
    std::string text = "module " + m.name() + " fails the structural check:";
    for (const std::string& p : problems) text += "\n  " + p;
    throw CheckError(text);
  }
  return {m.name(), role, print_module(m)};
}

}  // namespace bitloom::hw
