// How the shared AXI4-Stream source and sink (tb/axis_stream.hpp) reach a Verilated
// design's bundle of `width`-bit lanes: pointers to its signals, wrapped as an AxisPort.
#pragma once
#include "tb/axis_stream.hpp"
#include "tb/lanes.hpp"

namespace bitloom::tb {

// A sink bundle s_* of the design, driven by an AxisSource. `user` may be null (no tuser).
template <class Valid, class Data, class Last, class Ready, class User = unsigned char>
AxisPort design_sink_port(Valid* valid, Data* data, Last* last, const Ready* ready, int width, User* user = nullptr) {
  AxisPort p;
  p.set_valid = [valid](bool v) { *valid = v; };
  p.put = [data, last, user, width](const AxisBeat& b) {
    for (size_t i = 0; i < b.lanes.size(); ++i) put_lane(*data, static_cast<int>(i), width, b.lanes[i]);
    *last = b.last;
    if (user) *user = static_cast<User>(b.user);
  };
  p.ready = [ready] { return *ready != 0; };
  return p;
}

// A source bundle m_* of the design with `lanes` lanes, read by an AxisSink.
template <class Valid, class Data, class Last, class Ready>
AxisPort design_source_port(const Valid* valid, const Data* data, const Last* last, Ready* ready, int lanes,
                            int width) {
  AxisPort p;
  p.set_ready = [ready](bool r) { *ready = r; };
  p.valid = [valid] { return *valid != 0; };
  p.get = [data, last, lanes, width] {
    AxisBeat b;
    for (int j = 0; j < lanes; ++j) b.lanes.push_back(get_lane(*data, j, width));
    b.last = *last != 0;
    return b;
  };
  return p;
}

}  // namespace bitloom::tb
