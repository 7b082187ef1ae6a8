// An AXI4-Stream bundle as one object: `lanes` lanes of `lane_width` bits, with the
// sidebands it asks for. A sink (s_<name>_*) takes tvalid/tdata in and drives tready; a
// source (m_<name>_*) the other way round. Lanes are little-endian: lane n is
// tdata[n*lane_width +: lane_width], and tkeep bit n qualifies lane n.
#pragma once
#include <string>

#include "hw/module.hpp"
#include "hw/sym.hpp"

namespace bitloom::hw {

struct Stream {
  std::string name;      // "x" gives s_x_* (sink) or m_x_* (source)
  bool sink = true;
  int lanes = 1;
  int lane_width = 8;
  bool last = false;
  bool keep = false;
  int user_width = 0;    // 0: no tuser
  bool ready = true;     // false: no tready (AXI4-Stream allows it); the sink takes every beat
  std::string prefix() const { return (sink ? "s_" : "m_") + name; }
  int data_width() const { return lanes * lane_width; }
};

// A sink bundle `name` of `lanes` lanes of `width` bits with the sidebands asked for.
inline Stream stream_shape(const std::string& name, int lanes, int width, bool last = false, bool keep = false) {
  Stream s;
  s.name = name;
  s.lanes = lanes;
  s.lane_width = width;
  s.last = last;
  s.keep = keep;
  return s;
}

// The bundle's nets inside a module; sidebands it does not have are empty.
struct StreamNets {
  Expr valid, ready, data, last, keep, user;
};

// Adds the bundle's ports to `m` in the usual order (tvalid, tready, tdata, tlast, tkeep, tuser).
StreamNets add_stream(Module& m, const Stream& s, const std::string& comment = "");

// The same ports as the tops whose bodies are text declare them: tvalid, tready, tlast,
// tkeep, tuser, tdata; tkeep, tuser and tdata as buses ([0:0] at one bit), tdata's range
// printed as `data_width`'s text ([COLS*C_WIDTH-1:0]). `data_width` must have the
// bundle's width (the caller checks: generator/interfaces.cpp).
StreamNets add_stream_sized(Module& m, const Stream& s, const Sym& data_width);

// Connects an instance's bundle `port_side` (as declared on the instantiated module) to
// the nets `nets` of the same shape.
void connect_stream(Instance& inst, const Stream& port_side, const StreamNets& nets);

}  // namespace bitloom::hw
