#include "hw/leaf.hpp"

#include "hw/checker.hpp"
#include "hw/printer.hpp"

namespace bitloom::hw {

VerilogModule checked_leaf(const Module& m, const std::string& role) {
  require_clean(m);
  return {m.name(), role, print_module(m)};
}

}  // namespace bitloom::hw
