// A one-flop module: one copy of a registered control signal that fans out across an
// array (the WS array's step, the shift of a shift drain). A module of its own, so each
// copy survives synthesis as a separate flop (identical flops in one module get
// merged), and each drives only its own row or column of PEs.
#pragma once
#include <string>

#include "generator/design.hpp"

namespace bitloom {

// `what` completes the header comment: "// <name>: one copy of <what>."
VerilogModule fanout_reg_module(const std::string& name, const std::string& what);

}  // namespace bitloom
