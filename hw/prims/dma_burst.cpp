#include "hw/prims/dma_burst.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "hw/prims/prims.hpp"

namespace bitloom::hw::prims {

namespace {

int log2_exact(int n) {
  int b = 0;
  while ((1 << b) < n) ++b;
  return b;
}

}  // namespace

void check_dma_options(const std::string& name, const DmaOptions& o) {
  const auto bad = [&](const std::string& what) { throw std::logic_error("prims: DMA " + name + ": " + what); };
  if (o.data_bytes < 1 || o.data_bytes > 128 || (o.data_bytes & (o.data_bytes - 1)) != 0)
    bad(fmt::format("data_bytes {} is not a power of two in 1..128", o.data_bytes));
  if (o.addr_bits < 12 || o.addr_bits > 64) bad(fmt::format("addr_bits {} outside 12..64", o.addr_bits));
  if (o.max_burst < 1 || o.max_burst > 256) bad(fmt::format("max_burst {} outside 1..256", o.max_burst));
  if (o.beats_bits < 1 || o.beats_bits > 32) bad(fmt::format("beats_bits {} outside 1..32", o.beats_bits));
  if (o.buffer_beats < o.max_burst) bad(fmt::format("buffer_beats {} below max_burst {}", o.buffer_beats, o.max_burst));
  if (o.queued < 1 || o.pending_writes < 1) bad("queued and pending_writes must be at least 1");
}

std::string zero_extend(const std::string& text, int from, int to) {
  return to == from ? text : fmt::format("{{{}'d0, {}}}", to - from, text);
}

int burst_bits(const DmaOptions& o) { return std::max(o.beats_bits, 13); }

void add_command_port(Module& m, const DmaOptions& o) {
  m.input("cmd_valid_i", 1, "a command: read or write cmd_beats_i beats from cmd_addr_i on");
  m.output("cmd_ready_o");
  m.input("cmd_addr_i", o.addr_bits, "byte address, a multiple of the beat's bytes");
  m.input("cmd_beats_i", o.beats_bits, "beats, 1 or more");
}

void add_burst_splitter(Module& m, const DmaOptions& o, const std::string& channel) {
  const std::string req = channel + "_req";
  m.output_reg(req + "_valid_o");
  m.input(req + "_ready_i");
  m.output_reg(req + "_addr_o", o.addr_bits, "the burst's first byte");
  m.output_reg(req + "_len_o", 8, "the burst's beats - 1");
  const int lb = o.beats_bits, w = burst_bits(o), shift = log2_exact(o.data_bytes);
  const int boundary_bits = 13 - shift;  // beats to a 4 KiB boundary: 1 .. 4096 / data_bytes
  m.reg("active_q", 1, "a command has beats left to request");
  m.reg("addr_q", o.addr_bits, "the next burst's first byte");
  m.reg("left_q", lb, "beats left to request");
  m.wire("burst", w, "beats of the next burst: 1 .. max_burst");
  m.wire("cmd_fire");
  m.wire("req_fire");
  m.wire("issue", 1, "the next burst is decided this cycle");
  m.raw(fmt::format(R"(  assign cmd_fire = cmd_valid_i && cmd_ready_o;
  assign req_fire = {req}_valid_o && {req}_ready_i;
  // A burst stops at the command's end, at max_burst beats and at the next 4 KiB
  // boundary, whichever comes first.
  wire [{tb1}:0] to_boundary = {tb}'d{beats_4k} - {{1'b0, addr_q[11:{shift}]}};
  wire [{w1}:0] cap = {boundary} < {w}'d{max} ? {boundary} : {w}'d{max};
  assign burst = {left} < cap ? {left} : cap;
  assign issue = active_q && !{req}_valid_o && room;
  /* verilator lint_off UNUSEDSIGNAL */
  wire [{a1}:0] burst_bytes = {{{{{a}{{1'b0}}}}, burst[8:0]}} << {shift};
  /* verilator lint_on UNUSEDSIGNAL */

  always @(posedge clk_i) begin
    if (!rst_ni) begin
      active_q      <= 1'b0;
      {req}_valid_o <= 1'b0;
    end else begin
      if (cmd_fire) active_q <= 1'b1;
      else if (issue && {left} == burst) active_q <= 1'b0;
      if (issue) {req}_valid_o <= 1'b1;
      else if (req_fire) {req}_valid_o <= 1'b0;
    end
    if (cmd_fire) begin
      addr_q <= cmd_addr_i;
      left_q <= cmd_beats_i;
    end else if (issue) begin
      addr_q <= addr_q + burst_bytes[{ab1}:0];
      left_q <= left_q - burst[{lb1}:0];
    end
    if (issue) begin
      {req}_addr_o <= addr_q;
      {req}_len_o  <= burst[7:0] - 8'd1;  // 256 beats: len 255
    end
  end
)",
                    fmt::arg("req", req), fmt::arg("tb", boundary_bits), fmt::arg("tb1", boundary_bits - 1),
                    fmt::arg("beats_4k", 4096 / o.data_bytes), fmt::arg("shift", shift), fmt::arg("w", w),
                    fmt::arg("w1", w - 1), fmt::arg("max", o.max_burst),
                    fmt::arg("boundary", zero_extend("to_boundary", boundary_bits, w)),
                    fmt::arg("left", zero_extend("left_q", lb, w)), fmt::arg("a", o.addr_bits),
                    fmt::arg("a1", o.addr_bits + 8), fmt::arg("ab1", o.addr_bits - 1), fmt::arg("lb1", lb - 1)),
        {"cmd_fire", "req_fire", "burst", "issue", "active_q", "addr_q", "left_q", req + "_valid_o", req + "_addr_o",
         req + "_len_o"},
        {"clk_i", "rst_ni", "cmd_valid_i", "cmd_ready_o", "cmd_addr_i", "cmd_beats_i", req + "_ready_i", "room"});
}

}  // namespace bitloom::hw::prims
