// A module of the IR as the text the emitters write: checked first (hw/checker.hpp), so a
// module whose ports, instances and body disagree is never written.
#pragma once
#include <string>
#include <vector>

#include "hw/module.hpp"
#include "hw/verilog_module.hpp"

namespace bitloom::hw {

// `m` instantiates nothing; its body may be raw Verilog that names what it drives and reads.
VerilogModule checked_leaf(const Module& m, const std::string& role);

// `m` instantiates modules whose ports `children` give (their headers, read by
// hw/header_reader.hpp, or the IR modules themselves); only `m` is checked.
VerilogModule checked_parent(const Module& m, const std::vector<Module>& children, const std::string& role);

}  // namespace bitloom::hw
