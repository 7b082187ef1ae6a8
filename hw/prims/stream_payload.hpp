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

}  // namespace bitloom::hw::prims
