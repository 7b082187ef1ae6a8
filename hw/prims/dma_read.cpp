#include <fmt/format.h>

#include <algorithm>

#include "hw/prims/dma_burst.hpp"
#include "hw/prims/prims.hpp"

namespace bitloom::hw::prims {

namespace {

// A 1-lane stream shape named `name` of `width` bits.
Stream lane(const std::string& name, int width, bool last) {
  Stream s;
  s.name = name;
  s.lane_width = width;
  s.last = last;
  return s;
}

}  // namespace

std::vector<Module> dma_read(const std::string& name, const DmaOptions& o) {
  check_dma_options(name, o);
  const int dw = 8 * o.data_bytes, lb = o.beats_bits, w = burst_bits(o);
  const int rb = bits_for(o.buffer_beats), x = std::max(w, rb) + 1;
  std::vector<Module> out;
  out.push_back(fifo(name + "_data", lane("beat", dw, true), {o.buffer_beats, 0, false}));
  out.push_back(fifo(name + "_lengths", lane("beats", lb, false), {o.queued, 0, false}));

  Module m(name, fmt::format(
                     "{}: DMA read channel, {}-byte beats, bursts of at most {} beats.\n"
                     "Commands queue ({} whose data is still due); each is split into bursts that never\n"
                     "cross a 4 KiB boundary. A burst is requested only when the {}-beat data FIFO has\n"
                     "room for all of it, so the DRAM's in-order read data is never held up here.",
                     name, o.data_bytes, o.max_burst, o.queued, o.buffer_beats));
  m.input("clk_i");
  m.input("rst_ni");
  add_command_port(m, o);
  m.wire("room", 1, "the data FIFO has room for the next burst");
  add_burst_splitter(m, o, "rd");
  m.input("rd_data_valid_i");
  m.output("rd_data_ready_o");
  m.input("rd_data_i", dw);
  m.input("rd_data_last_i", 1, "in-order responses: the beat count says where a burst ends");
  m.output("m_data_tvalid");
  m.input("m_data_tready");
  m.output("m_data_tdata", dw);
  m.output("m_data_tlast", 1, "the command's last beat");
  m.output("idle_o", 1, "no command in flight and every beat handed on");
  m.output_reg("rd_bytes_o", 48, "bytes received from DRAM since reset");
  m.reg("reserved_q", rb, "beats requested and not yet handed on");
  m.reg("got_q", lb, "beats of the oldest command received");
  m.wire("length_head", lb, "the oldest command's beats");
  m.wire("lengths_ready");
  m.wire("length_due", 1, "a command's data is due");
  m.wire("command_ends", 1, "this beat is the oldest command's last");
  m.wire("beat_in");
  m.wire("beat_out");

  Instance lengths{name + "_lengths", "u_lengths", "Beats per command, oldest first, for tlast.", {}};
  connect(lengths, "clk_i", m.net("clk_i"));
  connect(lengths, "rst_ni", m.net("rst_ni"));
  connect(lengths, "s_beats_tvalid", op("cmd_valid_i && !active_q", 1, {m.net("cmd_valid_i"), m.net("active_q")}));
  connect(lengths, "s_beats_tready", m.net("lengths_ready"));
  connect(lengths, "s_beats_tdata", m.net("cmd_beats_i"));
  connect(lengths, "m_beats_tvalid", m.net("length_due"));
  connect(lengths, "m_beats_tready", op("beat_in && command_ends", 1, {m.net("beat_in"), m.net("command_ends")}));
  connect(lengths, "m_beats_tdata", m.net("length_head"));
  m.add(lengths);

  Instance data{name + "_data", "u_data", "The beats, in order; its room is the channel's credit.", {}};
  connect(data, "clk_i", m.net("clk_i"));
  connect(data, "rst_ni", m.net("rst_ni"));
  connect(data, "s_beat_tvalid", m.net("rd_data_valid_i"));
  connect(data, "s_beat_tready", m.net("rd_data_ready_o"));
  connect(data, "s_beat_tdata", m.net("rd_data_i"));
  connect(data, "s_beat_tlast", m.net("command_ends"));
  connect(data, "m_beat_tvalid", m.net("m_data_tvalid"));
  connect(data, "m_beat_tready", m.net("m_data_tready"));
  connect(data, "m_beat_tdata", m.net("m_data_tdata"));
  connect(data, "m_beat_tlast", m.net("m_data_tlast"));
  m.add(data);

  m.raw(fmt::format(R"(
  // A command is taken when its length has a slot; the splitter then owns it.
  assign cmd_ready_o = !active_q && lengths_ready;
  assign beat_in = rd_data_valid_i && rd_data_ready_o;
  assign beat_out = m_data_tvalid && m_data_tready;
  assign command_ends = got_q == length_head - {lb}'d1;
  wire [{x1}:0] reserved_wide = {reserved};
  wire [{x1}:0] burst_wide = {burst};
  assign room = reserved_wide + burst_wide <= {x}'d{buffer};
  assign idle_o = !active_q && !rd_req_valid_o && reserved_q == {rb}'d0 && !length_due;
  /* verilator lint_off UNUSEDSIGNAL */
  wire [{x1}:0] reserved_next = reserved_wide + (issue ? burst_wide : {x}'d0) - {{{x1}'d0, beat_out}};
  wire unused_last = rd_data_last_i;
  /* verilator lint_on UNUSEDSIGNAL */

  always @(posedge clk_i) begin
    if (!rst_ni) begin
      reserved_q <= {rb}'d0;
      got_q      <= {lb}'d0;
      rd_bytes_o <= 48'd0;
    end else begin
      reserved_q <= reserved_next[{rb1}:0];
      if (beat_in) begin
        got_q      <= command_ends ? {lb}'d0 : got_q + {lb}'d1;
        rd_bytes_o <= rd_bytes_o + 48'd{bytes};
      end
    end
  end
)",
                    fmt::arg("lb", lb), fmt::arg("x", x), fmt::arg("x1", x - 1), fmt::arg("rb", rb),
                    fmt::arg("rb1", rb - 1), fmt::arg("buffer", o.buffer_beats), fmt::arg("bytes", o.data_bytes),
                    fmt::arg("reserved", zero_extend("reserved_q", rb, x)), fmt::arg("burst", zero_extend("burst", w, x))),
        {"cmd_ready_o", "beat_in", "beat_out", "command_ends", "room", "idle_o", "reserved_q", "got_q", "rd_bytes_o"},
        {"clk_i", "rst_ni", "active_q", "lengths_ready", "rd_data_valid_i", "rd_data_ready_o", "m_data_tvalid",
         "m_data_tready", "got_q", "length_head", "reserved_q", "burst", "issue", "rd_req_valid_o", "rd_data_last_i", "length_due"});
  out.push_back(std::move(m));
  return out;
}

}  // namespace bitloom::hw::prims
