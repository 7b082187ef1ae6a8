#include "generator/design.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "generator/block_registry.hpp"
#include "hw/header_reader.hpp"

namespace bitloom {

Design build_design(const Spec& spec) { return block_kind(spec.kind).build(spec); }

hw::Module module_interface(const Design& d, const std::string& module) {
  for (const VerilogModule& m : d.modules)
    if (m.name == module) return hw::read_module_header(m.text);
  throw std::logic_error(fmt::format("design {} has no module {}", d.top, module));
}

}  // namespace bitloom
