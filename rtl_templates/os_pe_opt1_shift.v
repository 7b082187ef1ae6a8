// Output-stationary carry-save (OPT1) processing element for the shift drain: no result
// registers, no restart and no reset.
//
// The accumulator is kept as two vectors, sum and carry, whose sum mod 2^C_WIDTH is the
// running dot product. Each cycle a's Booth partial products of a*b and the pair enter
// one compressor tree (the step module); its two output rows are the new pair, so no
// carry-propagate adder sits in the loop. The array feeds a = 0 on empty slots, so the
// accumulator needs no enable. When the array drains (shift_i), the pair takes its
// lower neighbour's (a = 0 then, so the tree adds nothing): results move up the column
// and leave from row 0, where the array adds each pair once; zeros come in from below,
// so after a tile has left every accumulator is zero for the next one.
`resetall
`default_nettype none
module os_pe_opt1_shift #(
  // b's width; signedness is built into the step module.
  parameter integer B_WIDTH = 8,
  // Accumulator width; sums wrap two's complement at this width.
  parameter integer C_WIDTH = 32,
  // Radix-4 Booth digits per activation: the array recodes each activation once, at the
  // row's edge, and the digits move along the row in its place.
  parameter integer DIGITS = 4
) (
  input  wire                clk_i,
  input  wire [3*DIGITS-1:0] a_digits_i,  // {two, one, neg}, digit d at bit d of each
  input  wire [B_WIDTH-1:0]  b_i,
  input  wire                shift_i,
  input  wire [C_WIDTH-1:0]  below_sum_i,
  input  wire [C_WIDTH-1:0]  below_carry_i,
  output reg  [3*DIGITS-1:0] a_digits_o,
  output reg  [B_WIDTH-1:0]  b_o,
  output wire [C_WIDTH-1:0]  sum_o,
  output wire [C_WIDTH-1:0]  carry_o
);
  reg  [C_WIDTH-1:0] sum_q, carry_q;
  wire [C_WIDTH-1:0] sum_d, carry_d;
  wire [C_WIDTH-1:0] sum_in = shift_i ? below_sum_i : sum_q;
  wire [C_WIDTH-1:0] carry_in = shift_i ? below_carry_i : carry_q;
  assign sum_o = sum_q;
  assign carry_o = carry_q;

  os_pe_opt1_shift_step_digits u_step (
    .neg_i   (a_digits_i[0 +: DIGITS]),
    .one_i   (a_digits_i[DIGITS +: DIGITS]),
    .two_i   (a_digits_i[2*DIGITS +: DIGITS]),
    .b_i     (b_i),
    .sum_i   (sum_in),
    .carry_i (carry_in),
    .sum_o   (sum_d),
    .carry_o (carry_d)
  );

  always @(posedge clk_i) begin
    a_digits_o <= a_digits_i;
    b_o        <= b_i;
    sum_q      <= sum_d;
    carry_q    <= carry_d;
  end
endmodule
`resetall
