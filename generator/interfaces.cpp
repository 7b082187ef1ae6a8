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
    if (data_widths.at(i).value() != s.data_width())
      throw std::logic_error(fmt::format("{}: {}_tdata printed as {} = {} bits, but the bundle has {}", top, s.prefix(),
                                         data_widths[i].text(), data_widths[i].value(), s.data_width()));
    // Forward ports go the stream's way, tready the other.
    auto forward = [&](const std::string& port, const hw::Sym& width) {
      return s.sink ? m.input_sized(s.prefix() + port, width) : m.output_sized(s.prefix() + port, width);
    };
    if (s.sink) m.input(s.prefix() + "_tvalid"), m.output(s.prefix() + "_tready");
    else m.output(s.prefix() + "_tvalid"), m.input(s.prefix() + "_tready");
    if (s.last) s.sink ? m.input(s.prefix() + "_tlast") : m.output(s.prefix() + "_tlast");
    if (s.keep) forward("_tkeep", s.lanes);
    if (s.user_width > 0) forward("_tuser", s.user_width);
    forward("_tdata", data_widths[i]);
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
