#include "hw/design.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "hw/printer.hpp"

namespace bitloom::hw {

void Design::add(const Module& m) {
  if (const Module* old = find(m.name())) {
    if (print_module(*old) == print_module(m)) return;
    throw std::logic_error(fmt::format("hw: two different modules named {}", m.name()));
  }
  modules_.push_back(m);
}

const Module* Design::find(const std::string& name) const {
  for (const Module& m : modules_)
    if (m.name() == name) return &m;
  return nullptr;
}

}  // namespace bitloom::hw
