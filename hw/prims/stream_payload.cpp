#include "hw/prims/stream_payload.hpp"

namespace bitloom::hw::prims {

int payload_width(const Stream& s) {
  return s.data_width() + (s.last ? 1 : 0) + (s.keep ? s.lanes : 0) + s.user_width;
}

Expr pack_payload(const StreamNets& in) {
  std::vector<Expr> parts;
  for (const Expr* e : {&in.user, &in.keep, &in.last})
    if (!e->empty()) parts.push_back(*e);
  parts.push_back(in.data);
  return concat(parts);
}

BufferPorts add_buffer_ports(Module& m, const Stream& shape, bool in_ready) {
  m.input("clk_i");
  m.input("rst_ni");
  Stream in = shape, out = shape;
  in.sink = true;
  in.ready = in_ready;
  out.sink = false;
  BufferPorts b{add_stream(m, in), add_stream(m, out), payload_width(shape)};
  m.wire("in_payload", b.payload_width, "{tuser, tkeep, tlast, tdata} of the input beat");
  m.assign(m.net("in_payload"), pack_payload(b.in));
  return b;
}

std::string describe_lanes(const Stream& shape) {
  return std::to_string(shape.lanes) + (shape.lanes == 1 ? " lane of " : " lanes of ") +
         std::to_string(shape.lane_width) + " bits";
}

void unpack_payload(Module& m, const StreamNets& out, const Expr& payload) {
  int lsb = 0;
  for (const Expr* e : {&out.data, &out.last, &out.keep, &out.user}) {
    if (e->empty()) continue;
    m.assign(*e, slice(payload, lsb, e->width));
    lsb += e->width;
  }
}

}  // namespace bitloom::hw::prims
