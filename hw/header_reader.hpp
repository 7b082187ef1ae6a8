// The ports of a module written as Verilog text (a hand-written leaf after its
// parameters were given values, or a bit-level netlist): read from its ANSI header, so
// that the checker can hold an IR instance of it to its real port list.
#pragma once
#include <string>

#include "hw/module.hpp"

namespace bitloom::hw {

// The first module in `verilog`: its name and ports, widths evaluated from the header's
// parameter defaults (integers, + - * / and parentheses). Items are left out.
// Throws std::logic_error naming what it could not read.
Module read_module_header(const std::string& verilog);

}  // namespace bitloom::hw
