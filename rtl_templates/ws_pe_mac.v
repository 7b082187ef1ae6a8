// Weight-stationary MAC processing element: psum_o <= psum_i + w*a.
//
// a (with its beat flags) moves right, partial sums move down, one register each.
// Two weight registers double-buffer the stationary weight: the shadow register is part
// of a column shift chain (w_i from below, w_o upwards) that loads the next weight set
// while the active one computes. A beat flagged `swap` (the first of a batch that uses
// new weights) uses the shadow weight and makes it the active one. Everything on the
// datapath moves only when advance_i is high, so back-pressure stalls the whole array.
`resetall
`default_nettype none
module ws_pe_mac #(
  // Activation (a) width and signedness.
  parameter integer A_WIDTH = 8,
  parameter integer A_SIGNED = 1,
  // Weight (b) width and signedness.
  parameter integer B_WIDTH = 8,
  parameter integer B_SIGNED = 1,
  // Partial-sum width; sums wrap two's complement at this width.
  parameter integer C_WIDTH = 32
) (
  input  wire               clk_i,
  input  wire               rst_ni,
  input  wire               advance_i,
  input  wire [A_WIDTH-1:0] a_i,
  input  wire               valid_i,
  input  wire               swap_i,
  input  wire               last_i,
  output reg  [A_WIDTH-1:0] a_o,
  output reg                valid_o,
  output reg                swap_o,
  output reg                last_o,
  input  wire [C_WIDTH-1:0] psum_i,
  output reg  [C_WIDTH-1:0] psum_o,
  input  wire               w_shift_i,
  input  wire [B_WIDTH-1:0] w_i,
  output wire [B_WIDTH-1:0] w_o
);
  localparam integer AX_WIDTH = A_WIDTH + (A_SIGNED != 0 ? 0 : 1);
  localparam integer BX_WIDTH = B_WIDTH + (B_SIGNED != 0 ? 0 : 1);
  localparam integer P_WIDTH = AX_WIDTH + BX_WIDTH;

  reg  [B_WIDTH-1:0] w_active_q, w_shadow_q;
  wire [B_WIDTH-1:0] w_used = swap_i ? w_shadow_q : w_active_q;
  assign w_o = w_shadow_q;

  wire signed [AX_WIDTH-1:0] a_ext;
  wire signed [BX_WIDTH-1:0] w_ext;
  // With a wrapping partial sum narrower than the product, its top bits go unused.
  /* verilator lint_off UNUSEDSIGNAL */
  wire signed [P_WIDTH-1:0]  product = a_ext * w_ext;
  /* verilator lint_on UNUSEDSIGNAL */
  wire        [C_WIDTH-1:0]  product_c;
  generate
    if (A_SIGNED != 0) begin : gen_a_signed
      assign a_ext = a_i;
    end else begin : gen_a_unsigned
      assign a_ext = {1'b0, a_i};
    end
    if (B_SIGNED != 0) begin : gen_w_signed
      assign w_ext = w_used;
    end else begin : gen_w_unsigned
      assign w_ext = {1'b0, w_used};
    end
    if (C_WIDTH > P_WIDTH) begin : gen_product_extend
      assign product_c = {{(C_WIDTH - P_WIDTH){product[P_WIDTH-1]}}, product};
    end else begin : gen_product_truncate
      assign product_c = product[C_WIDTH-1:0];
    end
  endgenerate

  always @(posedge clk_i) begin
    if (w_shift_i) w_shadow_q <= w_i;
    if (advance_i) begin
      a_o    <= a_i;
      swap_o <= swap_i;
      last_o <= last_i;
      psum_o <= psum_i + product_c;
      if (valid_i && swap_i) w_active_q <= w_shadow_q;
    end
  end

  always @(posedge clk_i) begin
    if (!rst_ni)        valid_o <= 1'b0;
    else if (advance_i) valid_o <= valid_i;
  end
endmodule
`resetall
