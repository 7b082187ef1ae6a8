#include "generator/sparse_encoder.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "generator/arith/ent.hpp"
#include "generator/arith/ent_dot.hpp"
#include "generator/nonlinear/pipeline_verilog.hpp"

namespace bitloom {

namespace {
// Bits of a field that indexes `values` things (one at least).
int bits_for(int values) { return std::max(1, vpipe::clog2(values)); }
constexpr const char* kEncoder = R"(// {name}: the sparse bit-serial encoder of one PE row (TPE OPT3/OPT4C).
//
// load_i takes a group of {g} activations and recodes each into {d} EN-T digits; every
// cycle with run_i the lowest nonzero digit left (slot first, then bit weight) is issued
// to the row's PEs and cleared. A group with k nonzero digits issues for k cycles (the
// array gives an empty group one cycle, with nothing issued); final_o says that this
// cycle's issue is the group's last. Digit i of slot s is bit s*{p} + i of the masks.
`resetall
`default_nettype none
module {name} (
  input  wire          clk_i,
  input  wire          rst_ni,
  input  wire          load_i,
  input  wire          run_i,
  input  wire [{a1}:0]  a_i,
  output wire          final_o,
  output reg           one_o,
  output reg           two_o,
  output reg           neg_o,
  output reg  [{sw1}:0] slot_o,
  output reg  [{ww1}:0] weight_o
);
  localparam integer A_WIDTH = {aw};
  localparam integer DIGITS = {d};
  localparam integer PITCH = {p};  // mask bits per slot: DIGITS rounded up to a power of two
  localparam integer N = {n};
  genvar gs, gi;
  wire [{gd1}:0] one_d, two_d, neg_d;
  wire [N-1:0] mask_d, two_bits_d, neg_bits_d;
  generate
    for (gs = 0; gs < {g}; gs = gs + 1) begin : gen_slot
      {name}_recode u_recode (
        .a_i   (a_i[gs*A_WIDTH +: A_WIDTH]),
        .one_o (one_d[gs*DIGITS +: DIGITS]),
        .two_o (two_d[gs*DIGITS +: DIGITS]),
        .neg_o (neg_d[gs*DIGITS +: DIGITS])
      );
      for (gi = 0; gi < PITCH; gi = gi + 1) begin : gen_digit
        if (gi < DIGITS) begin : gen_real
          assign mask_d[gs*PITCH+gi]     = one_d[gs*DIGITS+gi] | two_d[gs*DIGITS+gi];
          assign two_bits_d[gs*PITCH+gi] = two_d[gs*DIGITS+gi];
          assign neg_bits_d[gs*PITCH+gi] = neg_d[gs*DIGITS+gi];
        end else begin : gen_pad
          assign mask_d[gs*PITCH+gi]     = 1'b0;
          assign two_bits_d[gs*PITCH+gi] = 1'b0;
          assign neg_bits_d[gs*PITCH+gi] = 1'b0;
        end
      end
    end
  endgenerate

  reg [N-1:0] mask_q, two_q, neg_q;
  // The lowest digit left, and the mask without it.
  reg [{iw1}:0] pick;
  integer n;
  always @* begin
    pick = {iw}'d0;
    for (n = N - 1; n >= 0; n = n - 1)
      if (mask_q[n]) pick = n[{iw1}:0];
  end
  wire [N-1:0] one = {{{{(N-1){{1'b0}}}}, 1'b1}};
  wire [N-1:0] rest = mask_q & (mask_q - one);
  wire any = |mask_q;
  wire issue = rst_ni && run_i && any;
  // final_o comes from a flop, decided a cycle ahead: whether next cycle's mask holds at
  // most one digit (the loaded group's, or this one's after two more are cleared). The
  // array ANDs every row's final_o and the result loads every encoder, so a final_o
  // computed from mask_q in the same cycle would put a mask scan on that path.
  wire [N-1:0] load_rest = mask_d & (mask_d - one);
  wire [N-1:0] rest_rest = rest & (rest - one);
  reg  final_q;
  assign final_o = final_q;
  always @(posedge clk_i) begin
    if (load_i) begin
      mask_q  <= mask_d;
      two_q   <= two_bits_d;
      neg_q   <= neg_bits_d;
      final_q <= load_rest == {{N{{1'b0}}}};
    end else if (run_i) begin
      mask_q  <= rest;
      final_q <= rest_rest == {{N{{1'b0}}}};
    end
    one_o    <= issue && !two_q[pick];
    two_o    <= issue && two_q[pick];
    neg_o    <= issue && neg_q[pick];
    slot_o   <= pick[{iw1}:{ww}];
    weight_o <= pick[{ww1}:0];
  end
endmodule
`resetall
)";

}  // namespace

int sparse_slot_bits(const GemmConfig& g) { return bits_for(g.group); }
int sparse_weight_bits(const GemmConfig& g) { return bits_for(arith::ent_digit_count(g.a.width, g.a.is_signed)); }

std::vector<VerilogModule> sparse_encoder_modules(const std::string& name, const GemmConfig& g) {
  const int digits = arith::ent_digit_count(g.a.width, g.a.is_signed);
  const int sw = sparse_slot_bits(g), ww = sparse_weight_bits(g), n = g.group << ww;
  const std::string text = fmt::format(
      fmt::runtime(kEncoder),
      fmt::arg("name", name), fmt::arg("g", g.group), fmt::arg("d", digits), fmt::arg("p", 1 << ww),
      fmt::arg("n", n), fmt::arg("a1", g.group * g.a.width - 1), fmt::arg("aw", g.a.width),
      fmt::arg("sw1", sw - 1), fmt::arg("ww1", ww - 1), fmt::arg("ww", ww), fmt::arg("gd1", g.group * digits - 1),
      fmt::arg("iw", sw + ww), fmt::arg("iw1", sw + ww - 1));
  return {arith::ent_recode_module(name + "_recode", g.a.width, g.a.is_signed), {name, "encoder", text}};
}

}  // namespace bitloom
