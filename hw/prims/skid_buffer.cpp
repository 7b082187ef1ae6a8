#include <fmt/format.h>

#include "hw/prims/prims.hpp"
#include "hw/prims/stream_payload.hpp"

namespace bitloom::hw::prims {

Module skid_buffer(const std::string& name, const Stream& shape) {
  Module m(name, fmt::format("{}: AXI4-Stream register slice ({}), one beat per cycle.\n"
                             "m_*_tvalid and s_*_tready come from flops: a beat taken while the output is\n"
                             "stalled waits in the skid register, so no path runs from one side's\n"
                             "handshake to the other's.",
                             name, describe_lanes(shape)));
  const BufferPorts ports = add_buffer_ports(m, shape);
  const StreamNets &s = ports.in, &o = ports.out;
  const int p = ports.payload_width;
  m.reg("out_valid_q");
  m.reg("out_payload_q", p);
  m.reg("skid_valid_q", 1, "a beat waits in the skid register");
  m.reg("skid_payload_q", p);
  m.assign(s.ready, op("!skid_valid_q", 1, {m.net("skid_valid_q")}));
  m.assign(o.valid, m.net("out_valid_q"));
  unpack_payload(m, o, m.net("out_payload_q"));
  const std::string sv = s.valid.text, orr = o.ready.text;
  m.raw(fmt::format(R"(  // The output register is free when it is empty or its beat leaves this cycle.
  wire out_free = !out_valid_q || {orr};

  always @(posedge clk_i) begin
    if (!rst_ni) begin
      out_valid_q  <= 1'b0;
      skid_valid_q <= 1'b0;
    end else if (out_free) begin
      out_valid_q  <= skid_valid_q || {sv};
      skid_valid_q <= 1'b0;
    end else if ({sv} && !skid_valid_q) begin
      skid_valid_q <= 1'b1;
    end
    if (out_free) out_payload_q <= skid_valid_q ? skid_payload_q : in_payload;
    if (!skid_valid_q) skid_payload_q <= in_payload;
  end
)",
                    fmt::arg("orr", orr), fmt::arg("sv", sv)),
        {"out_valid_q", "skid_valid_q", "out_payload_q", "skid_payload_q"},
        {"clk_i", "rst_ni", sv, orr, "in_payload"});
  return m;
}

}  // namespace bitloom::hw::prims
