#include "hw/stream.hpp"

namespace bitloom::hw {

namespace {

// tvalid (forward) and tready (backward), which every bundle has.
StreamNets handshake(Module& m, const Stream& s, const std::string& comment) {
  StreamNets n;
  const std::string p = s.prefix();
  n.valid = s.sink ? m.input(p + "_tvalid", 1, comment) : m.output(p + "_tvalid", 1, comment);
  if (s.ready) n.ready = s.sink ? m.output(p + "_tready") : m.input(p + "_tready");
  return n;
}

}  // namespace

StreamNets add_stream(Module& m, const Stream& s, const std::string& comment) {
  const std::string p = s.prefix();
  auto forward = [&](const std::string& suffix, int width) {
    return s.sink ? m.input(p + suffix, width) : m.output(p + suffix, width);
  };
  StreamNets n = handshake(m, s, comment);
  n.data = forward("_tdata", s.data_width());
  if (s.last) n.last = forward("_tlast", 1);
  if (s.keep) n.keep = forward("_tkeep", s.lanes);
  if (s.user_width > 0) n.user = forward("_tuser", s.user_width);
  return n;
}

StreamNets add_stream_sized(Module& m, const Stream& s, const Sym& data_width) {
  const std::string p = s.prefix();
  auto forward = [&](const std::string& suffix, const Sym& width) {
    return s.sink ? m.input_sized(p + suffix, width) : m.output_sized(p + suffix, width);
  };
  StreamNets n = handshake(m, s, "");
  if (s.last) n.last = s.sink ? m.input(p + "_tlast") : m.output(p + "_tlast");
  if (s.keep) n.keep = forward("_tkeep", s.lanes);
  if (s.user_width > 0) n.user = forward("_tuser", s.user_width);
  n.data = forward("_tdata", data_width);
  return n;
}

void connect_stream(Instance& inst, const Stream& port_side, const StreamNets& nets) {
  const std::string p = port_side.prefix();
  connect(inst, p + "_tvalid", nets.valid);
  if (port_side.ready) connect(inst, p + "_tready", nets.ready);
  connect(inst, p + "_tdata", nets.data);
  if (port_side.last) connect(inst, p + "_tlast", nets.last);
  if (port_side.keep) connect(inst, p + "_tkeep", nets.keep);
  if (port_side.user_width > 0) connect(inst, p + "_tuser", nets.user);
}

}  // namespace bitloom::hw
