// The two-row output buffer in front of m_c. The arrays that use it (WS, and OS/cube
// with drain: shift) decide each step a cycle ahead, from a registered signal, so one row
// may arrive after m_c stalls; the second slot takes it and m_c still sees a row per
// cycle. Declarations stay in each top (their neighbours differ); the update is shared.
#pragma once
#include <string>

namespace bitloom {

// The statements, inside an `always @(posedge clk)`, that pop slot 0 on out_pop and put
// `row` (flagged `last`) into the first free slot on out_push.
std::string output_buffer_update(const std::string& row, const std::string& last);

}  // namespace bitloom
