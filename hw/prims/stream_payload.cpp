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

void unpack_payload(Module& m, const StreamNets& out, const Expr& payload) {
  int lsb = 0;
  for (const Expr* e : {&out.data, &out.last, &out.keep, &out.user}) {
    if (e->empty()) continue;
    m.assign(*e, slice(payload, lsb, e->width));
    lsb += e->width;
  }
}

}  // namespace bitloom::hw::prims
