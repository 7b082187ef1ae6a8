// The stream bundles of each protocol's top, as IR objects: the one place the widths of
// s_a / s_b / s_w / s_x and m_c / m_y are worked out. The manifest lists them (and the
// ports they expand to) so drivers and the system layer never recompute them.
#pragma once
#include <string>
#include <vector>

#include "generator/spec.hpp"
#include "hw/module.hpp"
#include "hw/stream.hpp"
#include "hw/sym.hpp"

namespace bitloom {

struct Design;

std::vector<hw::Stream> os_tile_streams(const GemmConfig& g);
std::vector<hw::Stream> ws_stream_streams(const GemmConfig& g);
std::vector<hw::Stream> elementwise_streams(const NonlinearConfig& c);
std::vector<hw::Stream> softmax_rows_streams(const NonlinearConfig& c);

// The top's ports as the IR sees them: clk, rst_n, then every stream's ports.
hw::Module top_interface(const Design& d);

// The head of a top whose body is text: clk, rst_n, then each bundle's ports (tvalid,
// tready, tlast, tkeep, tuser, tdata), tdata printed as data_widths[i]'s text over the top's
// localparams (none given: as numbers). Throws std::logic_error where that text's value is not the bundle's
// width, so the header and the manifest cannot disagree.
hw::Module stream_top_head(const std::string& top, const std::vector<hw::Stream>& streams,
                           const std::vector<hw::Sym>& data_widths);

}  // namespace bitloom
