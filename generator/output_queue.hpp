// The two-row output queue in front of m_c. The arrays that use it (WS, the multiplier-
// adder tree, and OS/cube/2D-Matrix with drain: shift) decide each step a cycle ahead,
// from a registered signal, so one row may arrive after m_c stalls; the second slot
// takes it and m_c still sees a row per cycle. It is a FIFO of the primitive library
// (hw::prims::fifo) with its head in flops (m_c straight from a register) and no input
// tready: the array pushes only when the occupancy it saw a cycle ahead
// (occupancy_next_o, the top's out_count_d) left room.
#pragma once
#include <string>

#include "generator/design.hpp"
#include "generator/spec.hpp"

namespace bitloom {

// Adds <top>_out_queue to `d`.
void add_output_queue_module(Design& d, const GemmConfig& g);

// Its instance u_out_queue in d's top: `row` (flagged `last`) goes in on out_push, m_c
// comes out, and out_count_d (2 bits, declared by the top) is the occupancy after this
// cycle. The module must be in `d` already.
std::string output_queue_instance(const Design& d, const GemmConfig& g, const std::string& row, const std::string& last);

}  // namespace bitloom
