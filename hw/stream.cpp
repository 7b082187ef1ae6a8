#include "hw/stream.hpp"

namespace bitloom::hw {

StreamNets add_stream(Module& m, const Stream& s, const std::string& comment) {
  const std::string p = s.prefix();
  auto forward = [&](const std::string& suffix, int width, const std::string& note) {
    return s.sink ? m.input(p + suffix, width, note) : m.output(p + suffix, width, note);
  };
  StreamNets n;
  n.valid = forward("_tvalid", 1, comment);
  n.ready = s.sink ? m.output(p + "_tready") : m.input(p + "_tready");
  n.data = forward("_tdata", s.data_width(), "");
  if (s.last) n.last = forward("_tlast", 1, "");
  if (s.keep) n.keep = forward("_tkeep", s.lanes, "");
  if (s.user_width > 0) n.user = forward("_tuser", s.user_width, "");
  return n;
}

void connect_stream(Instance& inst, const Stream& port_side, const StreamNets& nets) {
  const std::string p = port_side.prefix();
  connect(inst, p + "_tvalid", nets.valid);
  connect(inst, p + "_tready", nets.ready);
  connect(inst, p + "_tdata", nets.data);
  if (port_side.last) connect(inst, p + "_tlast", nets.last);
  if (port_side.keep) connect(inst, p + "_tkeep", nets.keep);
  if (port_side.user_width > 0) connect(inst, p + "_tuser", nets.user);
}

}  // namespace bitloom::hw
