// Buffers carry a stream's beat as one payload word: {tuser, tkeep, tlast, tdata}.
#pragma once
#include <string>

#include "hw/stream.hpp"

namespace bitloom::hw::prims {

int payload_width(const Stream& shape);

// The sink bundle's fields packed into one expression (what a buffer stores).
Expr pack_payload(const StreamNets& in);

// Drives the source bundle's fields from `payload` (a net or slice of the same width).
void unpack_payload(Module& m, const StreamNets& out, const Expr& payload);

// What every stream buffer starts with: clk_i, rst_ni, the sink s_* and the source m_*
// of `shape` (the sink without tready when `in_ready` is false), and the wire
// in_payload = the input beat packed.
struct BufferPorts {
  StreamNets in, out;
  int payload_width = 0;
};
BufferPorts add_buffer_ports(Module& m, const Stream& shape, bool in_ready = true);

// "2 lanes of 8 bits", for header comments.
std::string describe_lanes(const Stream& shape);

}  // namespace bitloom::hw::prims
