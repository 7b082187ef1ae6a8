#include <fmt/format.h>

#include <stdexcept>

#include "hw/prims/prims.hpp"
#include "hw/prims/stream_payload.hpp"

namespace bitloom::hw::prims {

std::string next_pointer(const std::string& ptr, int depth, int width) {
  if (depth == 1) return fmt::format("{}'d0", width);
  return fmt::format("{0} == {1}'d{2} ? {1}'d0 : {0} + {1}'d1", ptr, width, depth - 1);
}

Module fifo(const std::string& name, const Stream& shape, const FifoOptions& o) {
  if (o.depth < 1) throw std::logic_error(fmt::format("prims: FIFO {} with depth {}", name, o.depth));
  if (o.almost_full_at < 0 || o.almost_full_at > o.depth)
    throw std::logic_error(fmt::format("prims: FIFO {} almost full at {} of {}", name, o.almost_full_at, o.depth));
  Module m(name, fmt::format("{}: synchronous FIFO of {} beat{} ({}), AXI4-Stream both sides.\n"
                             "s_*_tready and m_*_tvalid come from the occupancy register only. A full FIFO\n"
                             "takes no beat even when one leaves in the same cycle, so depth 1 moves a beat\n"
                             "every other cycle and depth 2 or more one per cycle.",
                             name, o.depth, o.depth == 1 ? "" : "s", describe_lanes(shape)));
  const BufferPorts ports = add_buffer_ports(m, shape);
  const StreamNets &s = ports.in, &q = ports.out;
  const int cw = bits_for(o.depth), aw = bits_for(o.depth - 1), p = ports.payload_width;
  if (o.occupancy) m.output("occupancy_o", cw, "beats held");
  if (o.almost_full_at > 0) m.output("almost_full_o", 1, fmt::format("{} or more beats held", o.almost_full_at));
  m.wire("out_payload", p);
  unpack_payload(m, q, m.net("out_payload"));
  m.reg("count_q", cw, "beats held");
  m.reg("write_q", aw, "slot the next beat in goes to");
  m.reg("read_q", aw, "slot of the oldest beat");
  m.assign(s.ready, op(fmt::format("count_q != {}'d{}", cw, o.depth), 1, {m.net("count_q")}));
  m.assign(q.valid, op(fmt::format("count_q != {}'d0", cw), 1, {m.net("count_q")}));
  if (o.occupancy) m.assign(m.net("occupancy_o"), m.net("count_q"));
  if (o.almost_full_at > 0)
    m.assign(m.net("almost_full_o"), op(fmt::format("count_q >= {}'d{}", cw, o.almost_full_at), 1, {m.net("count_q")}));
  const std::string zero_pad = cw == 1 ? "" : fmt::format("{}'d0, ", cw - 1);
  m.raw(fmt::format(R"(  reg  [{p1}:0] slots_q [0:{d1}];
  wire push = {sv} && {sr};
  wire pop  = {qv} && {qr};
  assign out_payload = slots_q[read_q];

  always @(posedge clk_i) begin
    if (!rst_ni) begin
      count_q <= {cw}'d0;
      write_q <= {aw}'d0;
      read_q  <= {aw}'d0;
    end else begin
      count_q <= count_q + {{{pad}push}} - {{{pad}pop}};
      if (push) write_q <= {next_write};
      if (pop)  read_q  <= {next_read};
    end
    if (push) slots_q[write_q] <= in_payload;
  end
)",
                    fmt::arg("p1", p - 1), fmt::arg("d1", o.depth - 1), fmt::arg("sv", s.valid.text),
                    fmt::arg("sr", s.ready.text), fmt::arg("qv", q.valid.text), fmt::arg("qr", q.ready.text),
                    fmt::arg("cw", cw), fmt::arg("aw", aw), fmt::arg("pad", zero_pad),
                    fmt::arg("next_write", next_pointer("write_q", o.depth, aw)),
                    fmt::arg("next_read", next_pointer("read_q", o.depth, aw))),
        {"count_q", "write_q", "read_q", "out_payload"},
        {"clk_i", "rst_ni", s.valid.text, s.ready.text, q.valid.text, q.ready.text, "in_payload"});
  return m;
}

}  // namespace bitloom::hw::prims
