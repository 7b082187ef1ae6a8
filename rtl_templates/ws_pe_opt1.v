// Weight-stationary carry-save (OPT1) processing element.
//
// The partial sum moves down the column as a (sum, carry) pair: the Booth partial
// products of w*a and the incoming pair enter one compressor tree (the step module),
// whose two rows are the outgoing pair. No carry-propagate add happens in the array;
// the array adds each column's pair once, below the last row. Weights, flags and the
// advance (stall) input behave as in the MAC PE.
`resetall
`default_nettype none
module ws_pe_opt1 #(
  // The weight's width; signedness is built into the step module.
  parameter integer B_WIDTH = 8,
  // Partial-sum width; sums wrap two's complement at this width.
  parameter integer C_WIDTH = 32,
  // Radix-4 Booth digits per activation: the array recodes each activation once, at the
  // row's edge, and the digits move along the row in its place.
  parameter integer DIGITS = 4
) (
  input  wire                clk_i,
  input  wire                rst_ni,
  input  wire                advance_i,
  input  wire [3*DIGITS-1:0] a_digits_i,  // {two, one, neg}, digit d at bit d of each
  input  wire                valid_i,
  input  wire                swap_i,
  input  wire                last_i,
  output reg  [3*DIGITS-1:0] a_digits_o,
  output reg                 valid_o,
  output reg                 swap_o,
  output reg                 last_o,
  input  wire [C_WIDTH-1:0]  psum_sum_i,
  input  wire [C_WIDTH-1:0]  psum_carry_i,
  output reg  [C_WIDTH-1:0]  psum_sum_o,
  output reg  [C_WIDTH-1:0]  psum_carry_o,
  input  wire                w_shift_i,
  input  wire [B_WIDTH-1:0]  w_i,
  output wire [B_WIDTH-1:0]  w_o
);
  reg  [B_WIDTH-1:0] w_active_q, w_shadow_q;
  wire [B_WIDTH-1:0] w_used = swap_i ? w_shadow_q : w_active_q;
  wire [C_WIDTH-1:0] sum_d, carry_d;
  assign w_o = w_shadow_q;

  ws_pe_opt1_step_digits u_step (
    .neg_i   (a_digits_i[0 +: DIGITS]),
    .one_i   (a_digits_i[DIGITS +: DIGITS]),
    .two_i   (a_digits_i[2*DIGITS +: DIGITS]),
    .b_i     (w_used),
    .sum_i   (psum_sum_i),
    .carry_i (psum_carry_i),
    .sum_o   (sum_d),
    .carry_o (carry_d)
  );

  always @(posedge clk_i) begin
    if (w_shift_i) w_shadow_q <= w_i;
    if (advance_i) begin
      a_digits_o   <= a_digits_i;
      swap_o       <= swap_i;
      last_o       <= last_i;
      psum_sum_o   <= sum_d;
      psum_carry_o <= carry_d;
      if (valid_i && swap_i) w_active_q <= w_shadow_q;
    end
  end

  always @(posedge clk_i) begin
    if (!rst_ni)        valid_o <= 1'b0;
    else if (advance_i) valid_o <= valid_i;
  end
endmodule
`resetall
