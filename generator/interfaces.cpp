#include "generator/interfaces.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "generator/design.hpp"

namespace bitloom {

namespace {

hw::Stream stream(const char* name, bool sink, int lanes, int lane_width) {
  hw::Stream s;
  s.name = name;
  s.sink = sink;
  s.lanes = lanes;
  s.lane_width = lane_width;
  s.last = true;
  return s;
}

}  // namespace

std::vector<hw::Stream> os_tile_streams(const GemmConfig& g) {
  return {stream("a", true, g.rows * g.k_per_beat, g.a.width), stream("b", true, g.k_per_beat * g.cols, g.b.width),
          stream("c", false, g.cols, g.c_width)};
}

std::vector<hw::Stream> ws_stream_streams(const GemmConfig& g) {
  hw::Stream a = stream("a", true, g.rows, g.a.width);
  a.user_width = 1;  // tuser[0] on a batch's first beat: bind the next weight set
  return {stream("w", true, g.cols, g.b.width), a, stream("c", false, g.cols, g.c_width)};
}

std::vector<hw::Stream> elementwise_streams(const NonlinearConfig& c) {
  return {stream("x", true, c.lanes, c.x.width), stream("y", false, c.lanes, c.y.width)};
}

std::vector<hw::Stream> softmax_rows_streams(const NonlinearConfig& c) {
  hw::Stream x = stream("x", true, c.lanes, c.x.width);
  x.keep = true;
  return {x, stream("y", false, c.lanes, c.y.width)};
}

hw::Module stream_top_head(const std::string& top, const std::vector<hw::Stream>& streams,
                           const std::vector<hw::Sym>& data_widths) {
  hw::Module m(top, "");
  m.input("clk");
  m.input("rst_n");
  for (size_t i = 0; i < streams.size(); ++i) {
    const hw::Stream& s = streams[i];
    const hw::Sym width = data_widths.empty() ? hw::Sym(s.data_width()) : data_widths.at(i);
    if (width.value() != s.data_width())
      throw std::logic_error(fmt::format("{}: {}_tdata printed as {} = {} bits, but the bundle has {}", top, s.prefix(),
                                         width.text(), width.value(), s.data_width()));
    hw::add_stream_sized(m, s, width);
  }
  return m;
}

hw::Module top_interface(const Design& d) {
  hw::Module m(d.top, "");
  m.input("clk");
  m.input("rst_n");
  for (const hw::Stream& s : d.streams) hw::add_stream(m, s);
  return m;
}

}  // namespace bitloom
