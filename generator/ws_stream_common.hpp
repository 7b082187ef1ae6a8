// Pieces every ws_stream top shares (systolic_ws, mul_tree): the contract paragraph of
// its header comment, its ports and shape parameters, the two-row output buffer with the
// stall it decides, and the batch-binding handshake of s_a.
#pragma once
#include <string>

#include "generator/spec.hpp"

namespace bitloom {

// "// Protocol ws_stream. ..." through "... The first batch after reset always binds."
// (no line break after it: the array's own words on its weights follow).
std::string ws_stream_contract(const GemmConfig& g);

// `resetall, the module's ports and the localparams KH, COLS, A_WIDTH, B_WIDTH, C_WIDTH;
// `shape` names what KH x COLS is ("Array"), `c_width` what C_WIDTH is.
std::string ws_stream_module_header(const GemmConfig& g, const std::string& shape, const std::string& c_width);

// The output buffer and stall: out_* registers, advance (registered by the caller),
// advance_d, out_push (driven by the caller), m_c_*. `copies` declares the caller's
// per-row or per-column copies of advance.
std::string ws_stream_output_stall(const std::string& copies);

// swap_now, s_a_tready and a_fire from batch_start_q, have_weights_q, shadow_full_q.
std::string ws_stream_batch_binding();

}  // namespace bitloom
