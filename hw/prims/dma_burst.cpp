#include "hw/prims/dma_burst.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>
#include <vector>

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
  if (o.strobe_bytes != 0 && (o.strobe_bytes < 1 || o.strobe_bytes >= o.data_bytes || o.data_bytes % o.strobe_bytes != 0 ||
                              (o.strobe_bytes & (o.strobe_bytes - 1)) != 0))
    bad(fmt::format("strobe_bytes {} is not a power of two below data_bytes {}", o.strobe_bytes, o.data_bytes));
}

std::string zero_extend(const std::string& text, int from, int to) {
  return to == from ? text : fmt::format("{{{}'d0, {}}}", to - from, text);
}

int burst_bits(const DmaOptions& o) { return std::max(o.beats_bits, 13); }

void add_command_splitter(Module& m, const DmaOptions& o, const std::string& p, const std::string& room) {
  m.input(p + "cmd_valid_i", 1, "a command: cmd_beats_i beats from cmd_addr_i on");
  m.output(p + "cmd_ready_o");
  m.input(p + "cmd_addr_i", o.addr_bits, "byte address, a multiple of the beat's bytes");
  m.input(p + "cmd_beats_i", o.beats_bits, "beats, 1 or more");
  const int lb = o.beats_bits, w = burst_bits(o), shift = log2_exact(o.data_bytes);
  const int boundary_bits = 13 - shift;  // beats to a 4 KiB boundary: 1 .. 4096 / data_bytes
  m.reg(p + "active_q", 1, "a command has beats left to request");
  m.reg(p + "addr_q", o.addr_bits, "the next burst's first byte");
  m.reg(p + "left_q", lb, "beats left to request");
  m.reg(p + "held_q", 1, "a command waits for the splitter");
  m.reg(p + "held_addr_q", o.addr_bits);
  m.reg(p + "held_beats_q", lb);
  m.wire(p + "burst", w, "beats of the next burst: 1 .. max_burst");
  m.wire(p + "cmd_fire");
  m.wire(p + "last_take", 1, "the command's last burst is requested now");
  m.wire(p + "splitter_free", 1, "the splitter may start a command: it has none, or requests its last burst now");
  m.wire(p + "hold", 1, "the command taken now waits in the held slot");
  m.wire(p + "start", 1, "the held command, or else the one taken now, starts now");
  std::vector<std::string> reads{"clk_i", "rst_ni", p + "cmd_valid_i", p + "cmd_addr_i", p + "cmd_beats_i", p + "take"};
  if (!room.empty()) reads.push_back(room);
  m.raw(fmt::format(R"(
  // {p}: a burst stops at the command's end, at max_burst beats and at the next 4 KiB
  // boundary, whichever comes first. A command taken while the splitter is busy waits in
  // the held slot, so the port's ready comes from that register alone and not from this
  // cycle's arbitration (a path into every client's command logic otherwise); one taken
  // while the splitter is free, or requests its last burst now, starts at once.
  assign {p}cmd_ready_o = !{p}held_q{room};
  assign {p}cmd_fire = {p}cmd_valid_i && {p}cmd_ready_o;
  wire [{tb1}:0] {p}to_boundary = {tb}'d{beats_4k} - {{1'b0, {p}addr_q[11:{shift}]}};
  wire [{w1}:0] {p}cap = {boundary} < {w}'d{max} ? {boundary} : {w}'d{max};
  assign {p}burst = {left} < {p}cap ? {left} : {p}cap;
  assign {p}last_take = {p}take && {left} == {p}burst;
  assign {p}splitter_free = !{p}active_q || {p}last_take;
  assign {p}hold = {p}cmd_fire && !{p}splitter_free;
  assign {p}start = {p}splitter_free && ({p}held_q || {p}cmd_fire);
  /* verilator lint_off UNUSEDSIGNAL */
  wire [{a1}:0] {p}burst_bytes = {{{{{a}{{1'b0}}}}, {p}burst[8:0]}} << {shift};
  /* verilator lint_on UNUSEDSIGNAL */

  always @(posedge clk_i) begin
    if (!rst_ni) begin
      {p}active_q <= 1'b0;
      {p}held_q   <= 1'b0;
    end else begin
      if ({p}splitter_free) {p}active_q <= {p}held_q || {p}cmd_fire;
      if ({p}hold) {p}held_q <= 1'b1;
      else if ({p}splitter_free) {p}held_q <= 1'b0;
    end
    if ({p}hold) begin
      {p}held_addr_q  <= {p}cmd_addr_i;
      {p}held_beats_q <= {p}cmd_beats_i;
    end
    if ({p}start) begin
      {p}addr_q <= {p}held_q ? {p}held_addr_q : {p}cmd_addr_i;
      {p}left_q <= {p}held_q ? {p}held_beats_q : {p}cmd_beats_i;
    end else if ({p}take) begin
      {p}addr_q <= {p}addr_q + {p}burst_bytes[{ab1}:0];
      {p}left_q <= {p}left_q - {p}burst[{lb1}:0];
    end
  end
)",
                    fmt::arg("p", p), fmt::arg("room", room.empty() ? "" : " && " + room), fmt::arg("tb", boundary_bits), fmt::arg("tb1", boundary_bits - 1),
                    fmt::arg("beats_4k", 4096 / o.data_bytes), fmt::arg("shift", shift), fmt::arg("w", w),
                    fmt::arg("w1", w - 1), fmt::arg("max", o.max_burst),
                    fmt::arg("boundary", zero_extend(p + "to_boundary", boundary_bits, w)),
                    fmt::arg("left", zero_extend(p + "left_q", lb, w)), fmt::arg("a", o.addr_bits),
                    fmt::arg("a1", o.addr_bits + 8), fmt::arg("ab1", o.addr_bits - 1), fmt::arg("lb1", lb - 1)),
        {p + "cmd_ready_o", p + "cmd_fire", p + "burst", p + "last_take", p + "splitter_free", p + "hold", p + "start",
         p + "active_q", p + "addr_q", p + "left_q", p + "held_q", p + "held_addr_q", p + "held_beats_q"},
        reads);
}

void add_request_port(Module& m, const DmaOptions& o, const std::string& channel) {
  const std::string req = channel + "_req";
  m.output_reg(req + "_valid_o");
  m.input(req + "_ready_i");
  m.output_reg(req + "_addr_o", o.addr_bits, "the burst's first byte");
  m.output_reg(req + "_len_o", 8, "the burst's beats - 1");
  m.wire("req_fire");
  m.raw(fmt::format(R"(
  assign req_fire = {req}_valid_o && {req}_ready_i;
  always @(posedge clk_i) begin
    if (!rst_ni) {req}_valid_o <= 1'b0;
    else if (issue) {req}_valid_o <= 1'b1;
    else if (req_fire) {req}_valid_o <= 1'b0;
    if (issue) begin
      {req}_addr_o <= issue_addr;
      {req}_len_o  <= issue_beats - 8'd1;  // 256 beats (8'd0 here): len 255
    end
  end
)",
                    fmt::arg("req", req)),
        {"req_fire", req + "_valid_o", req + "_addr_o", req + "_len_o"},
        {"clk_i", "rst_ni", "issue", "issue_addr", "issue_beats", req + "_ready_i"});
}

}  // namespace bitloom::hw::prims
