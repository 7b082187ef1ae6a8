#include <fmt/format.h>

#include <stdexcept>

#include "hw/prims/prims.hpp"
#include "hw/prims/stream_payload.hpp"

namespace bitloom::hw::prims {

std::string next_pointer(const std::string& ptr, int depth, int width) {
  if (depth == 1) return fmt::format("{}'d0", width);
  return fmt::format("{0} == {1}'d{2} ? {1}'d0 : {0} + {1}'d1", ptr, width, depth - 1);
}

namespace {

std::string fifo_comment(const std::string& name, const Stream& shape, const FifoOptions& o) {
  std::string text = fmt::format("{}: synchronous FIFO of {} beat{} ({}), AXI4-Stream both sides.\n", name, o.depth,
                                 o.depth == 1 ? "" : "s", describe_lanes(shape));
  if (o.in_ready) {
    text += "s_*_tready and m_*_tvalid come from the occupancy register only. A full FIFO\n"
            "takes no beat even when one leaves in the same cycle, so depth 1 moves a beat\n"
            "every other cycle and depth 2 or more one per cycle.";
  } else {
    text += "The input has no tready: the producer never pushes into a full FIFO (a push\n"
            "then is lost). m_*_tvalid comes from the occupancy register only.";
  }
  if (o.head_in_flops)
    text += "\nThe oldest beat is always in slot 0 and the rest move up when it leaves, so\n"
            "m_* come straight from flops.";
  return text;
}

// What both slot layouts share: the handshakes (`push`, `pop`) and the next occupancy.
struct FifoNets {
  std::string handshakes;  // the declarations of push and pop (and occupancy_next_o)
  std::string count_next;  // count_q after this cycle
  int p = 0, cw = 0, aw = 0;
  std::string pad;         // zero-extends a one-bit term to cw bits
};

// Slots as a ring: a write and a read pointer, the output through a read multiplexer.
std::string ring_slots(const FifoOptions& o, const FifoNets& n) {
  return fmt::format(R"(  reg  [{p1}:0] slots_q [0:{d1}];
{handshakes}  assign out_payload = slots_q[read_q];

  always @(posedge clk_i) begin
    if (!rst_ni) begin
      count_q <= {cw}'d0;
      write_q <= {aw}'d0;
      read_q  <= {aw}'d0;
    end else begin
      count_q <= {count_next};
      if (push) write_q <= {next_write};
      if (pop)  read_q  <= {next_read};
    end
    if (push) slots_q[write_q] <= in_payload;
  end
)",
                     fmt::arg("p1", n.p - 1), fmt::arg("d1", o.depth - 1), fmt::arg("handshakes", n.handshakes),
                     fmt::arg("cw", n.cw), fmt::arg("aw", n.aw), fmt::arg("count_next", n.count_next),
                     fmt::arg("next_write", next_pointer("write_q", o.depth, n.aw)),
                     fmt::arg("next_read", next_pointer("read_q", o.depth, n.aw)));
}

// Slots as a shift register towards slot 0, the head: a beat goes in right behind the
// beats that stay.
std::string shifting_slots(const FifoOptions& o, const FifoNets& n) {
  std::string text;
  for (int i = 0; i < o.depth; ++i) text += fmt::format("  reg  [{}:0] slot{}_q;\n", n.p - 1, i);
  text += n.handshakes;
  text += fmt::format("  wire [{0}:0] write_slot = count_q - {{{1}pop}};  // where a beat pushed now goes\n"
                      "  assign out_payload = slot0_q;\n\n  always @(posedge clk_i) begin\n"
                      "    if (!rst_ni) count_q <= {2}'d0;\n    else         count_q <= {3};\n",
                      n.cw - 1, n.pad, n.cw, n.count_next);
  if (o.depth > 1) {
    text += "    if (pop) begin\n";
    for (int i = 0; i + 1 < o.depth; ++i) text += fmt::format("      slot{}_q <= slot{}_q;\n", i, i + 1);
    text += "    end\n";
  }
  for (int i = 0; i < o.depth; ++i)
    text += fmt::format("    if (push && write_slot == {}'d{}) slot{}_q <= in_payload;\n", n.cw, i, i);
  return text + "  end\n";
}

}  // namespace

Module fifo(const std::string& name, const Stream& shape, const FifoOptions& o) {
  if (o.depth < 1) throw std::logic_error(fmt::format("prims: FIFO {} with depth {}", name, o.depth));
  if (o.almost_full_at < 0 || o.almost_full_at > o.depth)
    throw std::logic_error(fmt::format("prims: FIFO {} almost full at {} of {}", name, o.almost_full_at, o.depth));
  Module m(name, fifo_comment(name, shape, o));
  const BufferPorts ports = add_buffer_ports(m, shape, o.in_ready);
  const StreamNets &s = ports.in, &q = ports.out;
  const int cw = bits_for(o.depth), aw = bits_for(o.depth - 1), p = ports.payload_width;
  if (o.occupancy) m.output("occupancy_o", cw, "beats held");
  if (o.next_occupancy) m.output("occupancy_next_o", cw, "beats held after this cycle's push and pop");
  if (o.almost_full_at > 0) m.output("almost_full_o", 1, fmt::format("{} or more beats held", o.almost_full_at));
  m.wire("out_payload", p);
  unpack_payload(m, q, m.net("out_payload"));
  m.reg("count_q", cw, "beats held");
  if (!o.head_in_flops) {
    m.reg("write_q", aw, "slot the next beat in goes to");
    m.reg("read_q", aw, "slot of the oldest beat");
  }
  if (o.in_ready) m.assign(s.ready, op(fmt::format("count_q != {}'d{}", cw, o.depth), 1, {m.net("count_q")}));
  m.assign(q.valid, op(fmt::format("count_q != {}'d0", cw), 1, {m.net("count_q")}));
  if (o.occupancy) m.assign(m.net("occupancy_o"), m.net("count_q"));
  if (o.almost_full_at > 0)
    m.assign(m.net("almost_full_o"), op(fmt::format("count_q >= {}'d{}", cw, o.almost_full_at), 1, {m.net("count_q")}));
  FifoNets n;
  n.p = p;
  n.cw = cw;
  n.aw = aw;
  n.pad = cw == 1 ? "" : fmt::format("{}'d0, ", cw - 1);
  n.count_next = fmt::format("count_q + {{{0}push}} - {{{0}pop}}", n.pad);
  n.handshakes = fmt::format("  wire push = {};\n  wire pop  = {} && {};\n",
                             o.in_ready ? s.valid.text + " && " + s.ready.text : s.valid.text, q.valid.text,
                             q.ready.text);
  std::vector<std::string> drives{"count_q", "out_payload"};
  std::vector<std::string> reads{"clk_i", "rst_ni", s.valid.text, q.valid.text, q.ready.text, "in_payload"};
  if (o.in_ready) reads.push_back(s.ready.text);
  if (o.next_occupancy) {
    n.handshakes += fmt::format("  assign occupancy_next_o = {};\n", n.count_next);
    drives.push_back("occupancy_next_o");
  }
  if (!o.head_in_flops) drives.insert(drives.end(), {"write_q", "read_q"});
  m.raw(o.head_in_flops ? shifting_slots(o, n) : ring_slots(o, n), drives, reads);
  return m;
}

}  // namespace bitloom::hw::prims
