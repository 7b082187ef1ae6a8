// 3D-cube carry-save (OPT1) processing element for the shift drain: no result registers.
//
// The Booth partial products of all K_PER_BEAT products of a beat and the accumulator's
// sum and carry vectors enter one compressor tree (the step module), whose two output
// rows are the new accumulator: no carry-propagate adder in the loop. When the array
// drains (shift_i), the pair takes its lower neighbour's: the results move up the
// column and leave from row 0, where the array adds each pair once, and zeros come in
// from below, so after a tile has left every accumulator is zero (no restart needed).
// Bubbles and drain cycles add 0*b instead of holding the accumulator with an enable.
`resetall
`default_nettype none
module cube_pe_opt1_shift #(
  // b's width; signedness is built into the step module.
  parameter integer B_WIDTH = 8,
  // Accumulator width; sums wrap two's complement at this width.
  parameter integer C_WIDTH = 32,
  // Products per beat (the cube's depth).
  parameter integer K_PER_BEAT = 4,
  // Radix-4 Booth digits per activation: the array recodes each activation once, for its
  // whole PE row, and the PE takes the digits.
  parameter integer DIGITS = 4
) (
  input  wire                          clk_i,
  input  wire [K_PER_BEAT*DIGITS-1:0]  neg_i,  // product k's digits at [k*DIGITS +: DIGITS]
  input  wire [K_PER_BEAT*DIGITS-1:0]  one_i,
  input  wire [K_PER_BEAT*DIGITS-1:0]  two_i,
  input  wire [K_PER_BEAT*B_WIDTH-1:0] b_i,
  input  wire                          shift_i,
  input  wire [C_WIDTH-1:0]            below_sum_i,
  input  wire [C_WIDTH-1:0]            below_carry_i,
  output wire [C_WIDTH-1:0]            sum_o,
  output wire [C_WIDTH-1:0]            carry_o
);
  reg  [C_WIDTH-1:0] sum_q, carry_q;
  wire [C_WIDTH-1:0] sum_d, carry_d;
  // The array guarantees a = 0 (no nonzero digit) on empty slots and while it drains.
  wire [C_WIDTH-1:0] sum_in = shift_i ? below_sum_i : sum_q;
  wire [C_WIDTH-1:0] carry_in = shift_i ? below_carry_i : carry_q;
  assign sum_o = sum_q;
  assign carry_o = carry_q;

  cube_pe_opt1_shift_step_digits u_step (
    .neg_i   (neg_i),
    .one_i   (one_i),
    .two_i   (two_i),
    .b_i     (b_i),
    .sum_i   (sum_in),
    .carry_i (carry_in),
    .sum_o   (sum_d),
    .carry_o (carry_d)
  );

  always @(posedge clk_i) begin
    sum_q   <= sum_d;
    carry_q <= carry_d;
  end
endmodule
`resetall
