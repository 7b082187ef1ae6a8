// The PE result buses of output-stationary arrays (systolic OS, cube, 2D-Matrix) in a
// checked IR fragment (hw/fragment.hpp): their declarations by role and the PE ports
// that drive them. The drain (array_drain.hpp) reads them; the text declares them
// (result_wires).
#pragma once
#include "generator/design.hpp"
#include "generator/spec.hpp"
#include "hw/fragment.hpp"

namespace bitloom {

// pe_result, or pe_sum/pe_carry (carry-save), PE(i, j) at (i*COLS + j)*C_WIDTH; with the
// shift drain the accumulators with the row of zeros below (which the drain's text
// drives) and the column shift copies `shift_col` the drain's text drives.
void declare_pe_results(hw::Fragment& f, const GemmConfig& g);

// PE(gr, gc)'s ports that drive its results (and, with the shift drain, take the shift
// and the results below).
void connect_pe_results(hw::Instance& pe, hw::Fragment& f, const GemmConfig& g, const hw::Sym& gr, const hw::Sym& gc);

// The shift drain's columns (gen_drain_col): each column's registered copy of the shift
// (`d` holds the copy's module), the zeros below the last row, and row 0's results into
// `row0`, its (sum, carry) pair added by the final adder (carry-save PEs), and one more
// copy, `shifting`, for the drain's control. Expects the text to drive shift_d and to
// declare shift_col, row0 and shifting.
std::string shift_drain_columns(const Design& d, const GemmConfig& g);

}  // namespace bitloom
