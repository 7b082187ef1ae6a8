// Pieces every ws_stream top shares (systolic_ws, mul_tree): the design's interface facts,
// the contract paragraph of its header comment, its ports and shape parameters, the
// stall that the two-row output queue decides, the batch-binding handshake of s_a, and
// the queue's instance at the end.
#pragma once
#include <string>

#include "generator/design.hpp"
#include "generator/spec.hpp"

namespace bitloom {

// "// Protocol ws_stream. ..." through "... The first batch after reset always binds."
// (no line break after it: the array's own words on its weights follow).
std::string ws_stream_contract(const GemmConfig& g);

// `resetall, the module's ports and the localparams KH, COLS, A_WIDTH, B_WIDTH, C_WIDTH;
// `shape` names what KH x COLS is ("Array"), `c_width` what C_WIDTH is.
std::string ws_stream_module_header(const GemmConfig& g, const std::string& shape, const std::string& c_width);

// A ws_stream design without modules: top, kind, protocol, streams and params (k_rows too).
Design ws_stream_design(const GemmConfig& g);

// The stall: out_count_d (from the output queue), advance (registered by the caller),
// advance_d, out_push (driven by the caller). `copies` declares the caller's per-row or
// per-column copies of advance.
std::string ws_stream_output_stall(const std::string& copies);

// swap_now, s_a_tready and a_fire from batch_start_q, have_weights_q, shadow_full_q.
std::string ws_stream_batch_binding();

// The end of the top: the output queue (generator/output_queue.hpp, its module already in
// `d`) taking `row`, flagged `last`, on out_push and sending m_c; then endmodule.
std::string ws_stream_top_end(const Design& d, const GemmConfig& g, const std::string& row, const std::string& last);

}  // namespace bitloom
