// The one Verilog printer of the structural IR: a module's header (ports aligned in
// columns, in declaration order), its constants, and its items in order.
#pragma once
#include <string>
#include <vector>

#include "hw/module.hpp"

namespace bitloom::hw {

// `resetall / `default_nettype none ... endmodule / `resetall, without a file banner.
std::string print_module(const Module& m);

// Its head only: the comment, the port list and the constants (a top whose body is still
// text prints the rest).
std::string print_module_head(const Module& m);

// One instance as print_module prints it (a blank line, its comment, its connections):
// for modules that are still Verilog text around IR instances.
std::string print_instance(const Instance& instance, const std::string& indent = "  ");

// Items as print_module prints them at `indent` (generate loops of the top level,
// indent "  ", share one generate block).
std::string print_items(const std::vector<Item>& items, const std::string& indent);

// "[7:0] " for 8 bits, "" for one.
std::string range_text(int width);

}  // namespace bitloom::hw
