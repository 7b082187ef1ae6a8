#include <fmt/format.h>

#include "hw/prims/dma_burst.hpp"
#include "hw/prims/prims.hpp"

namespace bitloom::hw::prims {

namespace {

// Requests as the splitter offers them, data beats behind their requests, responses.
constexpr const char* kWriteSide = R"(
  // A command starts as the last burst of the one before is requested (the splitter's
  // held slot), and a burst is requested as the one before is accepted, so one-beat
  // commands go out one a cycle.
  assign issue = active_q && (!wr_req_valid_o || req_fire) && room;
  assign take = issue;
  assign issue_addr = addr_q;
  assign issue_beats = burst[7:0];
  // Room for the burst decided now once the request waiting in the port (if any) has been
  // accepted: a length slot each (only an accepted request fills one) and an
  // acknowledgement each.
  wire [{lw}:0] lengths_due = {{1'b0, lengths_held}} + {{{lpad}wr_req_valid_o}};
  wire [{pw}:0] acks_due = {{1'b0, pending_q}} + {{{ppad}wr_req_valid_o}};
  // (lengths_due below the depth implies a free slot; the FIFO's ready is honoured anyway.)
  assign room = lengths_ready && lengths_due < {lw1}'d{queued} && acks_due < {pw1}'d{pending};
  assign wr_data_valid_o = s_data_tvalid && burst_due;
  assign s_data_tready = wr_data_ready_i && burst_due;
  assign wr_data_o = s_data_tdata;
  assign wr_data_last_o = sent_q == burst_len;
  assign beat_out = wr_data_valid_o && wr_data_ready_i;
  assign wr_resp_ready_o = 1'b1;
  wire resp_fire = wr_resp_valid_i;
  assign idle_o = !active_q && !held_q && !wr_req_valid_o && pending_q == {pw}'d0;

  always @(posedge clk_i) begin
    if (!rst_ni) begin
      pending_q  <= {pw}'d0;
      sent_q     <= 8'd0;
      wr_bytes_o <= 48'd0;
    end else begin
      pending_q <= pending_q + {{{pad}req_fire}} - {{{pad}resp_fire}};
      if (beat_out) begin
        sent_q     <= wr_data_last_o ? 8'd0 : sent_q + 8'd1;
        wr_bytes_o <= wr_bytes_o + {bytes};
      end
    end
  end
)";

// With strobes: each granule's bit for each of its bytes on wr_data_strb_o, and the
// bytes a beat writes (the strobed granules') for the counter, as wire beat_bytes.
std::string strobe_text(const DmaOptions& o) {
  const int granules = o.data_bytes / o.strobe_bytes;
  std::string bytes, count;
  for (int g = granules; g-- > 0;)
    bytes += fmt::format("{}{{{}{{s_data_tstrb[{}]}}}}", g + 1 < granules ? ", " : "", o.strobe_bytes, g);
  for (int g = 0; g < granules; ++g) count += fmt::format("{}{{47'd0, s_data_tstrb[{}]}}", g ? " + " : "", g);
  return fmt::format("  assign wr_data_strb_o = {{{}}};\n  wire [47:0] beat_bytes = ({}) << {};\n", bytes, count,
                     o.strobe_bytes == 1 ? 0 : bits_for(o.strobe_bytes - 1));
}

}  // namespace

std::vector<Module> dma_write(const std::string& name, const DmaOptions& o) {
  check_dma_options(name, o);
  const int dw = 8 * o.data_bytes, pw = bits_for(o.pending_writes);
  std::vector<Module> out;
  out.push_back(fifo(name + "_bursts", stream_shape("len", 1, 8), {o.queued, 0, true}));
  const int lw = bits_for(o.queued);  // the FIFO's occupancy width

  Module m(name, fmt::format(
                     "{}: DMA write channel, {}-byte beats, bursts of at most {} beats.\n"
                     "A command is split into bursts that never cross a 4 KiB boundary; each burst's\n"
                     "data follows its accepted request ({} bursts' data may be due), and at most {}\n"
                     "bursts wait for their acknowledgement.",
                     name, o.data_bytes, o.max_burst, o.queued, o.pending_writes));
  m.input("clk_i");
  m.input("rst_ni");
  add_command_splitter(m, o, "");
  m.wire("take", 1, "the next burst is requested now");
  m.wire("issue", 1);
  m.wire("issue_addr", o.addr_bits);
  m.wire("issue_beats", 8);
  m.input("s_data_tvalid");
  m.output("s_data_tready");
  m.input("s_data_tdata", dw, "the commands' beats, in command order");
  const bool strobed = o.strobe_bytes > 0;
  if (strobed) m.input("s_data_tstrb", o.data_bytes / o.strobe_bytes, fmt::format("a bit per {} bytes: write them", o.strobe_bytes));
  m.wire("room", 1, "a burst may be requested: a length slot and an acknowledgement to spare");
  add_request_port(m, o, "wr");
  m.output("wr_data_valid_o");
  m.input("wr_data_ready_i");
  m.output("wr_data_o", dw);
  if (strobed) m.output("wr_data_strb_o", o.data_bytes, "a bit per byte: write it (AXI4 WSTRB)");
  m.output("wr_data_last_o");
  m.input("wr_resp_valid_i");
  m.output("wr_resp_ready_o");
  m.output("idle_o", 1, "no command in flight and every burst acknowledged");
  m.output_reg("wr_bytes_o", 48, "bytes sent to DRAM since reset");
  m.reg("pending_q", pw, "bursts requested and not yet acknowledged");
  m.reg("sent_q", 8, "beats of the oldest burst sent");
  m.wire("burst_due", 1, "a requested burst's data is due");
  m.wire("burst_len", 8, "its beats - 1");
  m.wire("lengths_ready");
  m.wire("lengths_held", lw, "lengths in the FIFO: bursts accepted whose data is not all sent");
  m.wire("beat_out");

  Instance bursts{name + "_bursts", "u_bursts", "Beats - 1 of each accepted request, oldest first.", {}};
  connect(bursts, "clk_i", m.net("clk_i"));
  connect(bursts, "rst_ni", m.net("rst_ni"));
  connect(bursts, "s_len_tvalid", m.net("req_fire"));
  connect(bursts, "s_len_tready", m.net("lengths_ready"));
  connect(bursts, "s_len_tdata", m.net("wr_req_len_o"));
  connect(bursts, "m_len_tvalid", m.net("burst_due"));
  connect(bursts, "m_len_tready", op("beat_out && wr_data_last_o", 1, {m.net("beat_out"), m.net("wr_data_last_o")}));
  connect(bursts, "m_len_tdata", m.net("burst_len"));
  connect(bursts, "occupancy_o", m.net("lengths_held"));
  m.add(bursts);

  std::vector<std::string> drives{"issue", "take", "issue_addr", "issue_beats", "room", "wr_data_valid_o",
                                  "s_data_tready", "wr_data_o", "wr_data_last_o", "beat_out", "wr_resp_ready_o", "idle_o",
                                  "pending_q", "sent_q", "wr_bytes_o"};
  std::vector<std::string> reads{"clk_i", "rst_ni", "active_q", "held_q", "lengths_ready", "lengths_held", "s_data_tvalid",
                                 "burst_due", "wr_data_ready_i", "s_data_tdata", "burst_len", "wr_resp_valid_i", "req_fire",
                                 "wr_req_valid_o", "pending_q", "sent_q", "addr_q", "burst"};
  if (strobed) {
    drives.push_back("wr_data_strb_o");
    reads.push_back("s_data_tstrb");
  }
  m.raw((strobed ? "\n" + strobe_text(o) : std::string()) +
            fmt::format(fmt::runtime(kWriteSide),
                    fmt::arg("pw", pw), fmt::arg("pending", o.pending_writes),
                    fmt::arg("bytes", strobed ? std::string("beat_bytes") : fmt::format("48'd{}", o.data_bytes)),
                    fmt::arg("pad", pw == 1 ? "" : fmt::format("{}'d0, ", pw - 1)), fmt::arg("lw", lw),
                    fmt::arg("lw1", lw + 1), fmt::arg("pw1", pw + 1), fmt::arg("queued", o.queued),
                    fmt::arg("lpad", fmt::format("{}'d0, ", lw)), fmt::arg("ppad", fmt::format("{}'d0, ", pw))),
        drives, reads);
  out.push_back(std::move(m));
  return out;
}

}  // namespace bitloom::hw::prims
