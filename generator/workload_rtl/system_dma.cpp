// The workload top's DMA channels (system_builder.hpp): the options for a plan, the read
// channel with a client per reader, the write channel and, with several tile writers, the
// order in which they write.
#include <fmt/format.h>

#include <algorithm>

#include "generator/workload/program.hpp"
#include "generator/workload_rtl/system_builder.hpp"
#include "generator/workload_rtl/system_parts.hpp"
#include "hw/prims/prims.hpp"

namespace bitloom::workload_rtl::system {

using hw::Instance;
using hw::Module;

hw::prims::DmaOptions dma_options(const workload::Workload& w, const SystemPlan& s, int clients) {
  hw::prims::DmaOptions d;
  d.data_bytes = s.data_bytes;
  d.addr_bits = s.addr_bits;
  d.max_burst = static_cast<int>(workload::burst_bytes(w.resources.dram) / s.data_bytes);
  d.buffer_beats = 2 * d.max_burst;  // a burst arrives while the last is drained: the bus stays busy
  // The panel reader and the tile writer move a word a command, so a panel is a burst
  // of one word per row: to keep the bus busy through the read latency, enough of them
  // must be in flight (a latency's worth of beats, in bursts of one word, or of one beat
  // where a beat holds several words).
  const int in_flight = workload::dma_commands_in_flight(w.resources.dram, s.lanes * s.elem_bytes);
  d.queued = in_flight;
  d.bursts_in_flight = in_flight;
  // The tile writers' one-word bursts are acknowledged a write latency after their data:
  // a latency's worth of them in flight keeps the bus busy.
  d.pending_writes = std::clamp(w.resources.dram.write_latency + 8, 15, 128);
  d.clients = std::max(1, clients);
  return d;
}

// A DMA read client's nets <net>cmd_* and <net>data_*; returns its port pairs.
Pairs Builder::read_client(const std::string& net) {
  wires(top, net, {{"cmd_valid", 1}, {"cmd_ready", 1}, {"cmd_addr", s.addr_bits}, {"cmd_beats", kBeatsBits},
                      {"data_valid", 1}, {"data_ready", 1}, {"data", 8 * s.data_bytes}, {"data_last", 1}});
  const int c = read_clients++;
  client_pairs.insert(client_pairs.end(), {{fmt::format("c{}_cmd_valid_i", c), net + "cmd_valid"},
                                           {fmt::format("c{}_cmd_ready_o", c), net + "cmd_ready"},
                                           {fmt::format("c{}_cmd_addr_i", c), net + "cmd_addr"},
                                           {fmt::format("c{}_cmd_beats_i", c), net + "cmd_beats"},
                                           {fmt::format("m_data{}_tvalid", c), net + "data_valid"},
                                           {fmt::format("m_data{}_tready", c), net + "data_ready"},
                                           {fmt::format("m_data{}_tdata", c), net + "data"},
                                           {fmt::format("m_data{}_tlast", c), net + "data_last"}});
  return {{"dram_base_i", "dram_base_i"}, {"cmd_valid_o", net + "cmd_valid"}, {"cmd_ready_i", net + "cmd_ready"},
          {"cmd_addr_o", net + "cmd_addr"}, {"cmd_beats_o", net + "cmd_beats"},
          {"s_data_tvalid", net + "data_valid"}, {"s_data_tready", net + "data_ready"},
          {"s_data_tdata", net + "data"}, {"s_data_tlast", net + "data_last"}};
}

Pairs Builder::write_client(const std::string& net, int strobes) {
  wires(top, net, {{"cmd_valid", 1}, {"cmd_ready", 1}, {"cmd_addr", s.addr_bits}, {"cmd_beats", kBeatsBits},
                   {"data_valid", 1}, {"data_ready", 1}, {"data", 8 * s.data_bytes}});
  write_clients.push_back(net);
  client_strobes.push_back(strobes);
  Pairs p{{"cmd_valid_o", net + "cmd_valid"}, {"cmd_ready_i", net + "cmd_ready"}, {"cmd_addr_o", net + "cmd_addr"},
          {"cmd_beats_o", net + "cmd_beats"}, {"m_data_tvalid", net + "data_valid"}, {"m_data_tready", net + "data_ready"},
          {"m_data_tdata", net + "data"}};
  if (strobes > 0) {
    top.wire(net + "data_strb", strobes);
    p.push_back({"m_data_tstrb", net + "data_strb"});
  }
  return p;
}

int Builder::write_strobes() const {
  int bits = 0;
  for (int b : client_strobes) bits = std::max(bits, b);
  return bits;
}

void Builder::drive_write_strobes(const std::vector<std::pair<size_t, std::string>>& chain, std::string& text,
                                  std::vector<std::string>& drives, std::vector<std::string>& reads) {
  const int bits = write_strobes();
  if (bits == 0) return;
  std::string strb = fmt::format("{}'d0", bits);
  for (const auto& [i, select] : chain) {
    const bool own = client_strobes[i] > 0;
    strb = fmt::format("{} ? {} : {}", select, own ? write_clients[i] + "data_strb" : fmt::format("{{{}{{1'b1}}}}", bits),
                       strb);
    if (own) reads.push_back(write_clients[i] + "data_strb");
  }
  text += fmt::format("  assign wr_strb = {};\n", strb);
  drives.push_back("wr_strb");
}

// The write channel. Where one writer at a time has commands or data: an OR of the
// writers. Where a phase runs several (the tile writers of a GEMM's cores, the writers of
// a phase's tasks: SystemPlan::writes_overlap), write_order() arbitrates.
void Builder::writes() {
  hw::prims::DmaOptions o = dma_options(w, s, 1);
  const int strobes = write_strobes();
  o.strobe_bytes = strobes > 0 ? s.data_bytes / strobes : 0;
  const auto write = hw::prims::dma_write(name("dma_write"), o);
  add_modules(write);
  wires(top, "wr_", {{"cmd_valid", 1}, {"cmd_ready", 1}, {"cmd_addr", s.addr_bits}, {"cmd_beats", kBeatsBits},
                     {"data_valid", 1}, {"data_ready", 1}, {"data", 8 * s.data_bytes}});
  if (strobes > 0) top.wire("wr_strb", strobes, "the beat's strobes: a bit per core word");
  if (s.writes_overlap) {
    write_order();
  } else {
    std::string cmd_valid, data_valid, addr = fmt::format("{}'d0", s.addr_bits), beats = fmt::format("{}'d0", kBeatsBits),
                                       data = fmt::format("{}'d0", 8 * s.data_bytes), text;
    std::vector<std::string> drives{"wr_cmd_valid", "wr_cmd_addr", "wr_cmd_beats", "wr_data_valid", "wr_data"}, reads;
    std::vector<std::pair<size_t, std::string>> chain;
    for (size_t i = write_clients.size(); i-- > 0;) {
      const std::string& c = write_clients[i];
      cmd_valid += (cmd_valid.empty() ? "" : " || ") + c + "cmd_valid";
      data_valid += (data_valid.empty() ? "" : " || ") + c + "data_valid";
      addr = fmt::format("{0}cmd_valid ? {0}cmd_addr : {1}", c, addr);
      beats = fmt::format("{0}cmd_valid ? {0}cmd_beats : {1}", c, beats);
      data = fmt::format("{0}data_valid ? {0}data : {1}", c, data);
      chain.push_back({i, c + "data_valid"});
      text += fmt::format("  assign {0}cmd_ready = wr_cmd_ready;\n  assign {0}data_ready = wr_data_ready;\n", c);
      drives.insert(drives.end(), {c + "cmd_ready", c + "data_ready"});
      reads.insert(reads.end(), {c + "cmd_valid", c + "cmd_addr", c + "cmd_beats", c + "data_valid", c + "data"});
    }
    reads.insert(reads.end(), {"wr_cmd_ready", "wr_data_ready"});
    drive_write_strobes(chain, text, drives, reads);
    top.raw(fmt::format("\n  // ---------------------------------------------------------------- DRAM writers\n"
                        "  assign wr_cmd_valid = {};\n  assign wr_cmd_addr = {};\n  assign wr_cmd_beats = {};\n"
                        "  assign wr_data_valid = {};\n  assign wr_data = {};\n{}",
                        cmd_valid, addr, beats, data_valid, data, text),
            drives, reads);
  }
  Pairs p{{"rst_ni", "rst_ni"}, {"cmd_valid_i", "wr_cmd_valid"}, {"cmd_ready_o", "wr_cmd_ready"},
          {"cmd_addr_i", "wr_cmd_addr"}, {"cmd_beats_i", "wr_cmd_beats"}, {"s_data_tvalid", "wr_data_valid"},
          {"s_data_tready", "wr_data_ready"}, {"s_data_tdata", "wr_data"}, {"idle_o", "writes_idle"},
          {"wr_bytes_o", "perf_wr_bytes_o"}};
  if (strobes > 0) p.push_back({"s_data_tstrb", "wr_strb"});
  Instance i = instance(top, name("dma_write"), "u_dma_write", "The DRAM write channel.", p);
  expose(i, write.back(), {"wr_req", "wr_data_", "wr_resp"});
  top.add(i);
}

// Writers that write at once: their commands take turns (round robin, one command a
// turn), and an order FIFO of {writer, beats} per accepted command hands the data
// channel to each writer for its command's beats, in command order, as the DMA wants.
void Builder::write_order() {
  const int n = static_cast<int>(write_clients.size()), ib = hw::prims::bits_for(n - 1);
  const int entry = ib + kBeatsBits;
  hw::prims::FifoOptions fo;
  fo.depth = 4;  // commands accepted whose data is still due: the writers queue a word a command
  fo.occupancy = false;
  add_modules({hw::prims::fifo(name("write_order"), hw::stream_shape("x", 1, entry), fo)});
  wires(top, "order_", {{"push", 1}, {"room", 1}, {"entry", entry}, {"valid", 1}, {"pop", 1}, {"head", entry}});
  top.reg("order_sent_q", kBeatsBits, "data beats of the head command sent so far");
  top.reg("order_last_q", ib, "round robin: the writer whose command went last");
  top.add(instance(top, name("write_order"), "u_write_order", "Whose data is next on the write channel.",
                   {{"rst_ni", "rst_ni"}, {"s_x_tvalid", "order_push"}, {"s_x_tready", "order_room"},
                    {"s_x_tdata", "order_entry"}, {"m_x_tvalid", "order_valid"}, {"m_x_tready", "order_pop"},
                    {"m_x_tdata", "order_head"}}));
  std::string text = "\n  // ---------------------------------------------------------------- DRAM writers\n";
  std::vector<std::string> drives{"wr_cmd_valid", "wr_cmd_addr", "wr_cmd_beats", "wr_data_valid", "wr_data",
                                  "order_push", "order_entry", "order_pop", "order_sent_q", "order_last_q"};
  std::vector<std::string> reads{"clk_i", "rst_ni", "wr_cmd_ready", "wr_data_ready", "order_room", "order_valid",
                                 "order_head"};
  std::vector<std::string> reqs;
  for (const std::string& c : write_clients) reqs.push_back(c + "cmd_valid");
  const std::vector<std::string> grants = round_robin_grants(reqs, "order_last_q", std::vector<bool>(n, false));
  std::string any, addr = fmt::format("{}'d0", s.addr_bits), beats = fmt::format("{}'d0", kBeatsBits),
                   who = fmt::format("{}'d0", ib), data_valid = "1'b0", data = fmt::format("{}'d0", 8 * s.data_bytes);
  std::vector<std::pair<size_t, std::string>> chain;
  for (int i = 0; i < n; ++i) {
    const std::string& c = write_clients[i];
    const std::string g = fmt::format("order_grant{}", i);
    top.wire(g);
    text += fmt::format("  assign {} = {};\n", g, grants[i]);
    drives.push_back(g);
    reads.insert(reads.end(), {c + "cmd_valid", c + "cmd_addr", c + "cmd_beats", c + "data_valid", c + "data"});
    any += (any.empty() ? "" : " || ") + c + "cmd_valid";
    addr = fmt::format("{} ? {}cmd_addr : {}", g, c, addr);
    beats = fmt::format("{} ? {}cmd_beats : {}", g, c, beats);
    who = fmt::format("{} ? {}'d{} : {}", g, ib, i, who);
    const std::string mine = fmt::format("order_valid && order_head[{}:{}] == {}'d{}", entry - 1, kBeatsBits, ib, i);
    data_valid = fmt::format("{} ? {}data_valid : {}", mine, c, data_valid);
    data = fmt::format("{} ? {}data : {}", mine, c, data);
    chain.push_back({static_cast<size_t>(i), mine});
    text += fmt::format("  assign {0}cmd_ready = {1} && order_room && wr_cmd_ready;\n"
                        "  assign {0}data_ready = {2} && wr_data_ready;\n",
                        c, g, mine);
    drives.insert(drives.end(), {c + "cmd_ready", c + "data_ready"});
  }
  text += fmt::format(R"(  assign wr_cmd_valid = ({any}) && order_room;
  assign wr_cmd_addr = {addr};
  assign wr_cmd_beats = {beats};
  assign order_push = wr_cmd_valid && wr_cmd_ready;
  assign order_entry = {{{who}, wr_cmd_beats}};
  assign wr_data_valid = {data_valid};
  assign wr_data = {data};
  assign order_pop = wr_data_valid && wr_data_ready && order_sent_q + {bb}'d1 == order_head[{bb1}:0];
  always @(posedge clk_i) begin
    if (!rst_ni) begin
      order_sent_q <= {bb}'d0;
      order_last_q <= {ib}'d{lastw};
    end else begin
      if (order_pop) order_sent_q <= {bb}'d0;
      else if (wr_data_valid && wr_data_ready) order_sent_q <= order_sent_q + {bb}'d1;
      if (order_push) order_last_q <= {who};
    end
  end
)",
                      fmt::arg("any", any), fmt::arg("addr", addr), fmt::arg("beats", beats), fmt::arg("who", who),
                      fmt::arg("data_valid", data_valid), fmt::arg("data", data), fmt::arg("bb", kBeatsBits),
                      fmt::arg("bb1", kBeatsBits - 1), fmt::arg("ib", ib), fmt::arg("lastw", n - 1));
  drive_write_strobes(chain, text, drives, reads);
  top.raw(text, drives, reads);
}

void Builder::reads() {
  const auto read = hw::prims::dma_read(name("dma_read"), dma_options(w, s, read_clients));
  add_modules(read);
  Pairs p = append({{"rst_ni", "rst_ni"}, {"rd_bytes_o", "perf_rd_bytes_o"}}, client_pairs);
  Instance i = instance(top, name("dma_read"), "u_dma_read", "The DRAM read channel, one client per reader.", p);
  top.wire("reads_idle");
  connect(i, "idle_o", top.net("reads_idle"));  // unused: the loader and panel reader know when their data is in
  expose(i, read.back(), {"rd_req", "rd_data_"});
  top.add(i);
}

// The DRAM side of a DMA channel: top ports of the same names.
void Builder::expose(Instance& i, const Module& child, const std::vector<std::string>& prefixes) {
  for (const hw::Port& port : child.ports()) {
    bool match = false;
    for (const std::string& x : prefixes) match = match || port.name.rfind(x, 0) == 0;
    if (!match) continue;
    connect(i, port.name, port.dir == hw::Dir::kIn ? top.input(port.name, port.width) : top.output(port.name, port.width));
  }
}

}  // namespace bitloom::workload_rtl::system
