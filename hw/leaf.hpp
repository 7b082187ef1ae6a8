// A module of the IR as the text the emitters write: checked first (hw/checker.hpp), so a
// leaf whose ports and body disagree is never written.
#pragma once
#include <string>

#include "hw/module.hpp"
#include "hw/verilog_module.hpp"

namespace bitloom::hw {

// `m` instantiates nothing; its body may be raw Verilog that names what it drives and reads.
VerilogModule checked_leaf(const Module& m, const std::string& role);

}  // namespace bitloom::hw
