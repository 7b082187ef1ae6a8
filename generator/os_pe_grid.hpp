// The PE grid of the systolic output-stationary array as a checked IR fragment: the row
// and column entries of the operand (and flag) links, and ROWS x COLS PEs, each held to
// the PE module's header.
#pragma once
#include <string>

#include "generator/design.hpp"

namespace bitloom {

// `d` holds the PE module `pe`. Expects the text to declare the links (a_link, b_link,
// and for the overlap drain first_link, last_link), the result buses (result_wires) and
// to drive a_skewed, b_skewed (and first_skew_q, last_skew_q).
std::string os_pe_grid(const Design& d, const GemmConfig& g, const std::string& pe);

}  // namespace bitloom
