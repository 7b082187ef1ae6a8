#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "hw/prims/dma_burst.hpp"
#include "hw/prims/prims.hpp"

namespace bitloom::hw::prims {

namespace {

// Round robin over the clients in turns of up to max_burst beats, the request's mux, the
// routing of read data to the oldest burst's client, idle and the byte counter.
constexpr const char* kArbiter = R"(
  wire [{n1}:0] want;
{want}  reg  [{cb1}:0] pick_r;
  reg  found;
  reg  [{cb}:0] candidate;
  // A client keeps its turn for more bursts until it has asked for {max} beats in it: a
  // client of one-word bursts (the panel reader) gets the bus as long as one of long
  // bursts (the loader) does, as in the performance models' burst-by-burst sharing.
  wire [9:0] issue_beats_full = {{1'b0, issue_beats == 8'd0, issue_beats}};  // 8'd0: 256
  wire stay = want[last_q] && turn_q < 10'd{max};
  integer i;
  always @* begin
    found = stay;
    pick_r = last_q;
    for (i = 1; i <= {n}; i = i + 1) begin
      candidate = {{1'b0, last_q}} + i[{cb}:0];
      if (candidate >= {cb1p}'d{n}) candidate = candidate - {cb1p}'d{n};
      if (!found && want[candidate[{cb1}:0]]) begin
        found = 1'b1;
        pick_r = candidate[{cb1}:0];
      end
    end
  end
  assign pick = pick_r;
  // A request a cycle: the next is loaded as this one is taken.
  assign issue = found && (!rd_req_valid_o || req_fire) && order_ready;
  reg [{a1}:0] issue_addr_r;
  reg [7:0] issue_beats_r;
  reg ready_r;
  always @* begin
    issue_addr_r = {a}'d0;
    issue_beats_r = 8'd0;
    case (pick)
{addr_mux}      default: ;
    endcase
    ready_r = 1'b0;
    case (order_client)
{ready_mux}      default: ;
    endcase
  end
  assign issue_addr = issue_addr_r;
  assign issue_beats = issue_beats_r;
  // The oldest burst's client takes the beat; its credit guarantees the room.
  assign rd_data_ready_o = order_due && ready_r;
  assign beat_in = rd_data_valid_i && rd_data_ready_o;
  assign idle_o = !rd_req_valid_o && !order_due{idle};
  /* verilator lint_off UNUSEDSIGNAL */
  wire unused_last = rd_data_last_i;
  /* verilator lint_on UNUSEDSIGNAL */

  always @(posedge clk_i) begin
    if (!rst_ni) begin
      last_q     <= {cb}'d{last};
      turn_q     <= 10'd0;
      received_q <= 8'd0;
      rd_bytes_o <= 48'd0;
    end else begin
      if (issue) begin
        last_q <= pick;
        turn_q <= stay ? turn_q + issue_beats_full : issue_beats_full;
      end
      if (beat_in) begin
        received_q <= received_q == order_len ? 8'd0 : received_q + 8'd1;
        rd_bytes_o <= rd_bytes_o + 48'd{bytes};
      end
    end
  end
)";

struct ReadShape {
  int dw, lb, w, rb, x, cb;  // data, beats, burst, reserved, wide, client-index widths
};

// Client c's data path: its length queue and data FIFO instances, credit, tlast.
void add_client(Module& m, const std::string& name, const DmaOptions& o, const ReadShape& s, int c) {
  const std::string p = fmt::format("c{}_", c), out = fmt::format("m_data{}", c);
  m.output(out + "_tvalid");
  m.input(out + "_tready");
  m.output(out + "_tdata", s.dw);
  m.output(out + "_tlast", 1, "the command's last beat");
  m.reg(p + "reserved_q", s.rb, "beats requested and not yet handed on");
  m.reg(p + "got_q", s.lb, "beats of the oldest command received");
  m.wire(p + "length_head", s.lb, "the oldest command's beats");
  m.wire(p + "length_due", 1, "a command's data is due");
  m.wire(p + "beat_in", 1, "a beat for this client arrives");
  m.wire(p + "fifo_ready");
  m.wire(p + "command_ends", 1, "this beat is the oldest command's last");
  m.wire(p + "room", 1, "the data FIFO has room for the next burst");
  m.wire(p + "take", 1, "this client's burst is requested now");

  Instance lengths{name + "_lengths", "u_" + p + "lengths", c == 0 ? "Beats per command, oldest first, for tlast." : "", {}};
  connect(lengths, "clk_i", m.net("clk_i"));
  connect(lengths, "rst_ni", m.net("rst_ni"));
  connect(lengths, "s_beats_tvalid",
          op(fmt::format("{0}cmd_valid_i && !{0}held_q", p), 1, {m.net(p + "cmd_valid_i"), m.net(p + "held_q")}));
  connect(lengths, "s_beats_tready", m.net(p + "lengths_ready"));
  connect(lengths, "s_beats_tdata", m.net(p + "cmd_beats_i"));
  connect(lengths, "m_beats_tvalid", m.net(p + "length_due"));
  connect(lengths, "m_beats_tready",
          op(p + "beat_in && " + p + "command_ends", 1, {m.net(p + "beat_in"), m.net(p + "command_ends")}));
  connect(lengths, "m_beats_tdata", m.net(p + "length_head"));
  m.add(lengths);

  Instance data{name + "_data", "u_" + p + "data", c == 0 ? "The beats, in order; its room is the client's credit." : "", {}};
  connect(data, "clk_i", m.net("clk_i"));
  connect(data, "rst_ni", m.net("rst_ni"));
  connect(data, "s_beat_tvalid", op(fmt::format("rd_data_valid_i && order_due && order_client == {}'d{}", s.cb, c), 1,
                                    {m.net("rd_data_valid_i"), m.net("order_due"), m.net("order_client")}));
  connect(data, "s_beat_tready", m.net(p + "fifo_ready"));
  connect(data, "s_beat_tdata", m.net("rd_data_i"));
  connect(data, "s_beat_tlast", m.net(p + "command_ends"));
  connect(data, "m_beat_tvalid", m.net(out + "_tvalid"));
  connect(data, "m_beat_tready", m.net(out + "_tready"));
  connect(data, "m_beat_tdata", m.net(out + "_tdata"));
  connect(data, "m_beat_tlast", m.net(out + "_tlast"));
  m.add(data);

  m.raw(fmt::format(R"(
  // Client {c}: beats, credit and tlast.
  assign {p}beat_in = beat_in && order_client == {cb}'d{c};
  assign {p}command_ends = {p}got_q == {p}length_head - {lb}'d1;
  assign {p}room = {reserved} + {burst} <= {x}'d{buffer};
  assign {p}take = issue && pick == {cb}'d{c};
  /* verilator lint_off UNUSEDSIGNAL */
  wire [{x1}:0] {p}reserved_next = {reserved} + ({p}take ? {burst} : {x}'d0) - {{{x1}'d0, {out}_tvalid && {out}_tready}};
  /* verilator lint_on UNUSEDSIGNAL */
  always @(posedge clk_i) begin
    if (!rst_ni) begin
      {p}reserved_q <= {rb}'d0;
      {p}got_q      <= {lb}'d0;
    end else begin
      {p}reserved_q <= {p}reserved_next[{rb1}:0];
      if ({p}beat_in) {p}got_q <= {p}command_ends ? {lb}'d0 : {p}got_q + {lb}'d1;
    end
  end
)",
                    fmt::arg("c", c), fmt::arg("p", p), fmt::arg("out", out),
                    fmt::arg("cb", s.cb), fmt::arg("lb", s.lb), fmt::arg("x", s.x),
                    fmt::arg("x1", s.x - 1), fmt::arg("rb", s.rb), fmt::arg("rb1", s.rb - 1), fmt::arg("buffer", o.buffer_beats),
                    fmt::arg("reserved", zero_extend(p + "reserved_q", s.rb, s.x)),
                    fmt::arg("burst", zero_extend(p + "burst", s.w, s.x))),
        {p + "beat_in", p + "command_ends", p + "room", p + "take", p + "reserved_q",
         p + "got_q"},
        {"clk_i", "rst_ni", "beat_in", "order_client", p + "got_q",
         p + "length_head", p + "reserved_q", p + "burst", "issue", "pick", out + "_tvalid", out + "_tready"});
}

// Client and beats - 1 of each requested burst, oldest first: where read data goes.
void add_order_queue(Module& m, const std::string& name, const ReadShape& s) {
  Instance order{name + "_order", "u_order", "Client and beats - 1 of each requested burst, oldest first.", {}};
  connect(order, "clk_i", m.net("clk_i"));
  connect(order, "rst_ni", m.net("rst_ni"));
  connect(order, "s_burst_tvalid", m.net("issue"));
  connect(order, "s_burst_tready", m.net("order_ready"));
  connect(order, "s_burst_tdata",
          op("{pick, issue_beats - 8'd1}", s.cb + 8, {m.net("pick"), m.net("issue_beats")}));
  connect(order, "m_burst_tvalid", m.net("order_due"));
  connect(order, "m_burst_tready",
          op("beat_in && received_q == order_len", 1, {m.net("beat_in"), m.net("received_q"), m.net("order_len")}));
  connect(order, "m_burst_tdata", concat({m.net("order_client"), m.net("order_len")}));
  m.add(order);
}

// The nets the clients and the arbiter share: the request in flight, the DRAM's data port
// and the order queue of bursts whose data is due.
void add_channel_nets(Module& m, const DmaOptions& o, const ReadShape& s) {
  m.wire("issue", 1, "a client's burst is requested now");
  m.wire("issue_addr", o.addr_bits);
  m.wire("issue_beats", 8);
  m.wire("pick", s.cb, "the client whose turn it is");
  add_request_port(m, o, "rd");
  m.input("rd_data_valid_i");
  m.output("rd_data_ready_o");
  m.input("rd_data_i", s.dw);
  m.input("rd_data_last_i", 1, "in-order responses: the beat count says where a burst ends");
  m.output("idle_o", 1, "no command in flight and every beat handed on");
  m.output_reg("rd_bytes_o", 48, "bytes received from DRAM since reset");
  m.wire("order_due", 1, "a requested burst's data is due");
  m.wire("order_client", s.cb, "whose it is");
  m.wire("order_len", 8, "its beats - 1");
  m.wire("order_ready");
  m.wire("beat_in");
  m.reg("last_q", s.cb, "the client served last");
  m.reg("turn_q", 10, "beats it has asked for in its turn");
  m.reg("received_q", 8, "beats of the oldest burst received");
}

}  // namespace

std::vector<Module> dma_read(const std::string& name, const DmaOptions& o) {
  check_dma_options(name, o);
  if (o.clients < 1 || o.clients > 16 || o.bursts_in_flight < 1)
    throw std::logic_error(fmt::format("prims: DMA {}: {} clients, {} bursts in flight", name, o.clients,
                                       o.bursts_in_flight));
  const int w = burst_bits(o), rb = bits_for(o.buffer_beats), n = o.clients;
  const ReadShape s{8 * o.data_bytes, o.beats_bits, w, rb, std::max(w, rb) + 1, bits_for(n - 1)};
  std::vector<Module> out;
  out.push_back(fifo(name + "_data", stream_shape("beat", 1, s.dw, true), {o.buffer_beats, 0, false}));
  out.push_back(fifo(name + "_lengths", stream_shape("beats", 1, s.lb), {o.queued, 0, false}));
  out.push_back(fifo(name + "_order", stream_shape("burst", 1, s.cb + 8), {o.bursts_in_flight, 0, false}));

  Module m(name, fmt::format(
                     "{}: DMA read channel, {}-byte beats, bursts of at most {} beats, {} client{}.\n"
                     "Each client's commands queue ({} whose data is still due) and are split into\n"
                     "bursts that never cross a 4 KiB boundary; the clients take turns of up to {} beats\n"
                     "(a client keeps the turn for its next burst until it has asked for that many),\n"
                     "and a burst is requested only when its client's {}-beat data FIFO has room for\n"
                     "all of it, so the DRAM's in-order read data is never held up here. At most {}\n"
                     "bursts are in flight.",
                     name, o.data_bytes, o.max_burst, n, n == 1 ? "" : "s", o.max_burst, o.queued, o.buffer_beats,
                     o.bursts_in_flight));
  m.input("clk_i");
  m.input("rst_ni");
  for (int c = 0; c < n; ++c) {
    // A command is taken only when its length has a slot in the client's length FIFO.
    const std::string p = fmt::format("c{}_", c);
    m.wire(p + "lengths_ready");
    add_command_splitter(m, o, p, p + "lengths_ready");
  }
  add_channel_nets(m, o, s);

  add_order_queue(m, name, s);
  for (int c = 0; c < n; ++c) add_client(m, name, o, s, c);

  // Round robin: the first client after the last one served that has a burst and room.
  std::string want, addr_mux, ready_mux, idle;
  for (int c = 0; c < n; ++c) {
    want += fmt::format("  assign want[{0}] = c{0}_active_q && c{0}_room;\n", c);
    addr_mux += fmt::format("      {0}'d{1}: begin\n        issue_addr_r = c{1}_addr_q;\n"
                            "        issue_beats_r = c{1}_burst[7:0];\n      end\n",
                            s.cb, c);
    ready_mux += fmt::format("      {}'d{}: ready_r = c{}_fifo_ready;\n", s.cb, c, c);
    idle += fmt::format(" && !c{0}_active_q && c{0}_reserved_q == {1}'d0 && !c{0}_length_due", c, rb);
  }
  std::vector<std::string> reads = {"clk_i", "rst_ni", "rd_req_valid_o", "req_fire", "order_ready", "order_due", "order_client",
                                    "order_len", "rd_data_valid_i", "rd_data_last_i", "last_q", "turn_q", "received_q"};
  for (int c = 0; c < n; ++c)
    for (const char* net : {"active_q", "addr_q", "burst"}) reads.push_back(fmt::format("c{}_{}", c, net));
  for (int c = 0; c < n; ++c)
    for (const char* net : {"room", "fifo_ready", "reserved_q", "length_due"}) reads.push_back(fmt::format("c{}_{}", c, net));
  m.raw(fmt::format(fmt::runtime(kArbiter),
                    fmt::arg("n", n), fmt::arg("n1", n - 1), fmt::arg("want", want), fmt::arg("cb", s.cb),
                    fmt::arg("cb1", s.cb - 1), fmt::arg("cb1p", s.cb + 1), fmt::arg("a", o.addr_bits),
                    fmt::arg("a1", o.addr_bits - 1), fmt::arg("addr_mux", addr_mux),
                    fmt::arg("ready_mux", ready_mux), fmt::arg("idle", idle), fmt::arg("last", n - 1),
                    fmt::arg("bytes", o.data_bytes), fmt::arg("max", o.max_burst)),
        {"pick", "issue", "issue_addr", "issue_beats", "rd_data_ready_o", "beat_in", "idle_o", "last_q", "turn_q",
         "received_q", "rd_bytes_o"},
        reads);
  out.push_back(std::move(m));
  return out;
}

}  // namespace bitloom::hw::prims
