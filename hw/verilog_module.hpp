// A module as Verilog text: how the generator's hand-written leaves, bit-level netlists
// and not-yet-structural tops travel from the generators to the emitters.
#pragma once
#include <string>

namespace bitloom {

struct VerilogModule {
  std::string name;
  std::string role;      // "pe", "top", ... (for reports)
  std::string text;      // the module's Verilog, without the file header
};

}  // namespace bitloom
